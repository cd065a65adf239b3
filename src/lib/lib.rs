//! chami: provision and manage HPC/AI clusters from a git-tracked YAML inventory.
//!
//! The library behind the `chami` command. The inventory, nodeset, xname and output
//! modules know nothing of the command line; `cli`, `settings` and `commands` turn a
//! command line into calls to them. [`run`] is the whole program.

pub mod ansible;
pub mod boot;
pub mod build;
pub mod cli;
pub mod commands;
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
pub mod output;
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
    match commands::dispatch(cli.command, &global) {
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
