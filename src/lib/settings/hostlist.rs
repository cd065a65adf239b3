//! Settings of `chami hostlist`.

use crate::cli::HostlistArgs;

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostlistMode {
    /// Every name.
    Expand,
    /// Folded.
    Fold,
    /// Folded on the last axis only.
    FoldSlurm,
    /// The count.
    Count,
}

/// Resolved `hostlist` settings.
#[derive(Debug, Clone)]
pub struct HostlistSettings {
    /// Expressions (empty: read stdin).
    pub exprs: Vec<String>,
    /// Output mode.
    pub mode: HostlistMode,
    /// Separator for expand.
    pub separator: String,
}

impl From<HostlistArgs> for HostlistSettings {
    fn from(a: HostlistArgs) -> Self {
        let mode = if a.expand {
            HostlistMode::Expand
        } else if a.count {
            HostlistMode::Count
        } else if a.slurm {
            HostlistMode::FoldSlurm
        } else {
            HostlistMode::Fold
        };
        let exprs = a.exprs.into_iter().filter(|e| e != "-").collect();
        HostlistSettings {
            exprs,
            mode,
            separator: a.separator,
        }
    }
}
