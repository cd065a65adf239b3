//! Resolved settings of the node state folder and of `chami status`.

use crate::cli::{ReportFormat, StatusArgs};
use std::path::PathBuf;

/// Where node state lives and how big its file may grow.
#[derive(Debug, Clone, Default)]
pub struct StateSettings {
    /// `--state-dir` or `CHAMI_STATE_DIR` (none: the XDG default).
    pub dir: Option<PathBuf>,
    /// `CHAMI_STATE_MAX_BYTES` (none: [`crate::state::DEFAULT_LIMIT`]).
    pub max_bytes: Option<u64>,
}

impl StateSettings {
    /// From the flag and the environment (an unreadable size is an error naming it).
    pub fn resolve(dir: Option<PathBuf>) -> Result<StateSettings, String> {
        let max_bytes = match std::env::var("CHAMI_STATE_MAX_BYTES") {
            Ok(v) if !v.trim().is_empty() => Some(v.trim().parse::<u64>().map_err(|_| {
                format!("CHAMI_STATE_MAX_BYTES={v:?} is not a number of bytes: unset it or give e.g. 67108864")
            })?),
            _ => None,
        };
        Ok(StateSettings { dir, max_bytes })
    }
}

/// `chami status`.
#[derive(Debug, Clone)]
pub struct StatusSettings {
    /// Which nodes (none: all).
    pub expr: Option<String>,
    /// JSON instead of a table.
    pub json: bool,
}

impl From<StatusArgs> for StatusSettings {
    fn from(a: StatusArgs) -> Self {
        StatusSettings {
            expr: a.expr,
            json: a.output == ReportFormat::Json,
        }
    }
}
