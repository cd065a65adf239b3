//! `chami build`.

use super::WriteModeArgs;
use clap::Args;

/// Arguments of `chami build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Run no reload command, even for outputs that changed.
    #[arg(long)]
    pub no_reload: bool,
    /// --check, --diff, --dry-run.
    #[command(flatten)]
    pub mode: WriteModeArgs,
}
