//! How a generator treats its output: write it, check it, or only show it.

use crate::cli::WriteModeArgs;

/// `--check`, `--diff` and `--dry-run`, resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputMode {
    /// Compare only; exit 1 on difference.
    pub check: bool,
    /// Print a unified diff.
    pub diff: bool,
    /// Write nothing.
    pub dry_run: bool,
}

impl OutputMode {
    /// True when nothing may be written (`--check` or `--dry-run`).
    pub fn writes_nothing(&self) -> bool {
        self.check || self.dry_run
    }
}

impl From<WriteModeArgs> for OutputMode {
    fn from(a: WriteModeArgs) -> Self {
        OutputMode {
            check: a.check,
            diff: a.diff,
            dry_run: a.dry_run,
        }
    }
}
