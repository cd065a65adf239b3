//! `chami render`.

use super::WriteModeArgs;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `chami render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Targets to render (default: every built-in and site target). `chami render --list`
    /// shows them.
    #[arg(value_name = "TARGET", add = super::complete::render_target())]
    pub targets: Vec<String>,
    /// Output folder; `-` prints the one target asked for on stdout. Without -o, a single
    /// target producing a single file goes to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// --check, --diff, --dry-run.
    #[command(flatten)]
    pub mode: WriteModeArgs,
    /// Print the template context as JSON and exit (what site templates see).
    #[arg(long, conflicts_with_all = ["list", "check", "dry_run", "diff"])]
    pub context: bool,
    /// List the targets: name, where the template comes from, output path and fan-out.
    #[arg(long, conflicts_with_all = ["check", "dry_run", "diff"])]
    pub list: bool,
}
