//! The command line of `chami-ansible-inventory`, the inventory script given to
//! `ansible -i`: only Ansible's own arguments (`--list`, `--host NAME`), parsed by hand
//! since Ansible passes nothing else and a clap error would not name the protocol.

use std::ffi::OsString;

/// The script's help text, printed by `--help` and after every usage error.
pub const SCRIPT_USAGE: &str = "usage: chami-ansible-inventory --list | --host NAME
  Ansible dynamic inventory over a chami inventory; the inventory folder comes from
  $CHAMI_INVENTORY. Use it as `CHAMI_INVENTORY=DIR ansible -i chami-ansible-inventory …`.";

/// Bad arguments to the script: what is wrong, then the usage.
#[derive(Debug, thiserror::Error)]
#[error("{0}\n{SCRIPT_USAGE}")]
pub struct ScriptUsageError(String);

/// What the script's command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptArgs {
    /// `--list`.
    List,
    /// `--host NAME`.
    Host(String),
    /// `-h`/`--help`.
    Help,
    /// `-V`/`--version`.
    Version,
}

/// Parses the arguments (without the program name): exactly one of `--list`,
/// `--host NAME` (or `--host=NAME`), or `--help`, `--version`.
pub fn parse_script_args<I: IntoIterator<Item = OsString>>(
    args: I,
) -> Result<ScriptArgs, ScriptUsageError> {
    let usage = |s: String| ScriptUsageError(s);
    let mut action: Option<ScriptArgs> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| usage(format!("argument {a:?} is not UTF-8")))?;
        let next = match arg.as_str() {
            "--list" => ScriptArgs::List,
            "--host" => {
                let name = args
                    .next()
                    .ok_or_else(|| usage("--host needs a host name".into()))?;
                let name = name
                    .into_string()
                    .map_err(|n| usage(format!("host name {n:?} is not UTF-8")))?;
                ScriptArgs::Host(name)
            }
            "-h" | "--help" => ScriptArgs::Help,
            "-V" | "--version" => ScriptArgs::Version,
            other => match other.strip_prefix("--host=") {
                Some(name) => ScriptArgs::Host(name.to_string()),
                None => return Err(usage(format!("unknown argument `{other}`"))),
            },
        };
        if action.is_some() {
            return Err(usage("give one of --list and --host NAME, once".into()));
        }
        action = Some(next);
    }
    action.ok_or_else(|| usage("give --list or --host NAME".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<ScriptArgs, ScriptUsageError> {
        parse_script_args(args.iter().map(OsString::from))
    }

    #[test]
    fn takes_ansibles_arguments() {
        assert_eq!(parse(&["--list"]).unwrap(), ScriptArgs::List);
        assert_eq!(
            parse(&["--host", "nid01"]).unwrap(),
            ScriptArgs::Host("nid01".into())
        );
        assert_eq!(
            parse(&["--host=nid01"]).unwrap(),
            ScriptArgs::Host("nid01".into())
        );
        assert_eq!(parse(&["--help"]).unwrap(), ScriptArgs::Help);
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
            assert!(e.to_string().contains("usage:"), "{bad:?}: {e}");
        }
    }
}
