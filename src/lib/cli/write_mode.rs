//! The flags every generator shares: compare, show the difference, or only say what would
//! change.

use clap::Args;

/// `--check`, `--diff` and `--dry-run`.
#[derive(Debug, Args, Clone, Copy)]
pub struct WriteModeArgs {
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
}
