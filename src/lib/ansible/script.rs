//! The `chami-ansible-inventory` program: an inventory script to give `ansible -i`. It
//! takes only Ansible's own arguments (`--list`, `--host NAME`) and finds the inventory
//! folder in `$CHAMI_INVENTORY`, since Ansible passes nothing else.

use super::dynamic::{answer, AnsibleError, Request};
use crate::exit::ExitStatus;
use crate::inventory::find::FindError;
use crate::inventory::InvalidInventory;
use crate::output::Printer;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;

/// The variable naming the inventory folder.
pub const INVENTORY_ENV: &str = "CHAMI_INVENTORY";

const USAGE: &str = "usage: chami-ansible-inventory --list | --host NAME
  Ansible dynamic inventory over a chami inventory; the inventory folder comes from
  $CHAMI_INVENTORY. Use it as `CHAMI_INVENTORY=DIR ansible -i chami-ansible-inventory …`.";

/// Why the script could not answer.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    /// `$CHAMI_INVENTORY` is unset or empty.
    #[error(
        "CHAMI_INVENTORY is not set: set it to the chami inventory folder \
         (CHAMI_INVENTORY=/path/to/inventory ansible -i chami-ansible-inventory …)"
    )]
    NoInventory,
    /// Bad arguments.
    #[error("{0}\n{USAGE}")]
    Usage(String),
    /// The folder is not an inventory.
    #[error(transparent)]
    Find(#[from] FindError),
    /// The inventory has parse errors.
    #[error(transparent)]
    Invalid(#[from] InvalidInventory),
    /// The inventory cannot be mapped to Ansible groups.
    #[error(transparent)]
    Ansible(#[from] AnsibleError),
    /// The current directory is gone, or stdout failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptAction {
    /// Answer Ansible.
    Answer(Request),
    /// `-h`/`--help`.
    Help,
    /// `-V`/`--version`.
    Version,
}

/// Parses the arguments (without the program name): exactly one of `--list`,
/// `--host NAME` (or `--host=NAME`), or `--help`, `--version`.
pub fn parse_args<I: IntoIterator<Item = OsString>>(args: I) -> Result<ScriptAction, ScriptError> {
    let mut action: Option<ScriptAction> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| ScriptError::Usage(format!("argument {a:?} is not UTF-8")))?;
        let next = match arg.as_str() {
            "--list" => ScriptAction::Answer(Request::List),
            "--host" => {
                let name = args
                    .next()
                    .ok_or_else(|| ScriptError::Usage("--host needs a host name".into()))?;
                let name = name
                    .into_string()
                    .map_err(|n| ScriptError::Usage(format!("host name {n:?} is not UTF-8")))?;
                ScriptAction::Answer(Request::Host(name))
            }
            "-h" | "--help" => ScriptAction::Help,
            "-V" | "--version" => ScriptAction::Version,
            other => match other.strip_prefix("--host=") {
                Some(name) => ScriptAction::Answer(Request::Host(name.to_string())),
                None => return Err(ScriptError::Usage(format!("unknown argument `{other}`"))),
            },
        };
        if action.is_some() {
            return Err(ScriptError::Usage(
                "give one of --list and --host NAME, once".into(),
            ));
        }
        action = Some(next);
    }
    action.ok_or_else(|| ScriptError::Usage("give --list or --host NAME".into()))
}

/// Runs the program with the process's arguments and `$CHAMI_INVENTORY`, printing errors
/// (with their causes) and warnings on stderr. A closed stdout ends quietly.
pub fn run_script() -> ExitStatus {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let printer = Printer::new(false, 0, !no_color && std::io::stderr().is_terminal());
    let result = parse_args(std::env::args_os().skip(1)).and_then(|action| {
        run_action(
            action,
            std::env::var_os(INVENTORY_ENV).as_deref().map(Path::new),
            &printer,
        )
    });
    match result {
        Ok(status) => status,
        Err(ScriptError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitStatus::Success
        }
        Err(e) => {
            printer.error(error_chain(&e));
            ExitStatus::Error
        }
    }
}

/// Does what `action` asks over the inventory folder `inventory` (`$CHAMI_INVENTORY`).
pub fn run_action(
    action: ScriptAction,
    inventory: Option<&Path>,
    printer: &Printer,
) -> Result<ExitStatus, ScriptError> {
    let request = match action {
        ScriptAction::Help => {
            crate::output::write_stdout(&format!("{USAGE}\n"))?;
            return Ok(ExitStatus::Success);
        }
        ScriptAction::Version => {
            crate::output::write_stdout(&format!(
                "chami-ansible-inventory {}\n",
                env!("CARGO_PKG_VERSION")
            ))?;
            return Ok(ExitStatus::Success);
        }
        ScriptAction::Answer(r) => r,
    };
    let dir = inventory
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or(ScriptError::NoInventory)?;
    let root = crate::inventory::find_root(Some(dir), &std::env::current_dir()?)?;
    let loaded = crate::inventory::load(&root);
    for w in loaded.diagnostics.iter().filter(|d| !d.is_error()) {
        printer.warn(w.to_human());
    }
    let inv = loaded.into_result()?;
    let answer = answer(&inv, &request)?;
    for w in &answer.warnings {
        printer.warn(w);
    }
    crate::output::write_json(&answer.json)?;
    Ok(ExitStatus::Success)
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<ScriptAction, ScriptError> {
        parse_args(args.iter().map(OsString::from))
    }

    #[test]
    fn takes_ansibles_arguments() {
        assert_eq!(
            parse(&["--list"]).unwrap(),
            ScriptAction::Answer(Request::List)
        );
        assert_eq!(
            parse(&["--host", "nid01"]).unwrap(),
            ScriptAction::Answer(Request::Host("nid01".into()))
        );
        assert_eq!(
            parse(&["--host=nid01"]).unwrap(),
            ScriptAction::Answer(Request::Host("nid01".into()))
        );
        assert_eq!(parse(&["--help"]).unwrap(), ScriptAction::Help);
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            &[][..],
            &["--host"][..],
            &["--list", "--host", "a"][..],
            &["--list", "--list"][..],
            &["-C", "dir"][..],
        ] {
            let e = parse(bad).unwrap_err();
            assert!(matches!(e, ScriptError::Usage(_)), "{bad:?}: {e:?}");
            assert!(e.to_string().contains("usage:"), "{e}");
        }
    }

    #[test]
    fn unset_or_empty_inventory_variable_is_named() {
        let p = Printer::new(true, 0, false);
        for dir in [None, Some(Path::new(""))] {
            let e = run_action(ScriptAction::Answer(Request::List), dir, &p).unwrap_err();
            assert!(matches!(e, ScriptError::NoInventory), "{e:?}");
            assert!(e.to_string().contains("CHAMI_INVENTORY"), "{e}");
        }
    }
}
