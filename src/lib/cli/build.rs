//! `chami build`.

use super::{ReportFormat, WriteModeArgs};
use clap::Args;

/// Arguments of `chami build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Run no reload command, even for outputs that changed.
    #[arg(long)]
    pub no_reload: bool,
    /// The summary: a table on stderr, or one JSON document on stdout (for monitoring:
    /// each output's path, counts, whether it changed and its reload's outcome).
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table, conflicts_with = "diff")]
    pub output: ReportFormat,
    /// --check, --diff, --dry-run.
    #[command(flatten)]
    pub mode: WriteModeArgs,
}
