//! `chami render`.

use clap::Args;
use std::path::PathBuf;

/// Arguments of `chami render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Targets to render (default: every built-in and site target). `chami render --list`
    /// shows them.
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Output folder; `-` prints the one target asked for on stdout. Without -o, a single
    /// target producing a single file goes to stdout.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 and list the files that would change (for CI).
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Show a unified diff of what would change (with --check or --dry-run: nothing is
    /// written).
    #[arg(long)]
    pub diff: bool,
    /// Say what would be written and removed, but write nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Print the template context as JSON and exit (what site templates see).
    #[arg(long, conflicts_with_all = ["list", "check", "dry_run", "diff"])]
    pub context: bool,
    /// List the targets: name, where the template comes from, output path and fan-out.
    #[arg(long, conflicts_with_all = ["check", "dry_run", "diff"])]
    pub list: bool,
}
