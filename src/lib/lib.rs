//! chami: provision and manage HPC/AI clusters from a git-tracked YAML inventory.
//!
//! The library behind the `chami` command. The inventory, nodeset, xname and output
//! modules know nothing of the command line; `cli`, `settings` and `commands` turn a
//! command line into calls to them. [`run`] is the whole program, and
//! [`run_ansible_script`] the whole `chami-ansible-inventory` program.

pub mod ansible;
pub mod boot;
pub mod build;
pub mod cli;
pub mod commands;
pub mod console;
pub mod dhcp;
pub mod discover;
pub mod doctor;
pub mod escape;
pub mod exit;
pub mod faults;
pub mod fsutil;
pub mod hostlist;
pub mod image;
pub mod interrupt;
pub mod inventory;
pub mod outfiles;
pub mod process_limits;
pub mod redfish;
pub mod render;
pub mod serve;
pub mod settings;
pub mod state;
pub mod xname;
pub mod yaml;

pub use exit::ExitStatus;

use clap::Parser;

/// Parses the command line, runs the command, prints any error with its whole cause
/// chain, and returns the exit status. A closed stdout (`chami … | head`) ends quietly.
pub fn run() -> ExitStatus {
    // `COMPLETE=bash|zsh|fish chami …`: the shell asks for completions; answer and exit.
    clap_complete::CompleteEnv::with_factory(<cli::Cli as clap::CommandFactory>::command)
        .bin("chami")
        .completer("chami")
        .complete();
    interrupt::install();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    let global = settings::GlobalSettings::resolve(&cli.global);
    finish(commands::dispatch(cli.command, &global), &global)
}

/// The `chami-ansible-inventory` program: parses Ansible's arguments, answers over
/// `$CHAMI_INVENTORY`, and ends as [`run`] does.
pub fn run_ansible_script() -> ExitStatus {
    let global = settings::GlobalSettings::for_script();
    let result = cli::parse_script_args(std::env::args_os().skip(1))
        .map_err(anyhow::Error::from)
        .and_then(|args| commands::run_ansible_script(args.into(), &global));
    finish(result, &global)
}

/// The exit status of a command's result, its error printed with its whole cause chain.
/// A closed stdout (`chami … | head`) ends quietly.
fn finish(result: anyhow::Result<ExitStatus>, global: &settings::GlobalSettings) -> ExitStatus {
    match result {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => ExitStatus::Success,
        Err(err)
            if err
                .downcast_ref::<fsutil::CommitError>()
                .is_some_and(|e| matches!(e, fsutil::CommitError::Interrupted(_))) =>
        {
            global.printer.error(error_chain(&err));
            ExitStatus::Interrupted
        }
        Err(err) => {
            global.printer.error(error_chain(&err));
            ExitStatus::Error
        }
    }
}

/// The error and every cause, one per line.
pub fn error_chain(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
