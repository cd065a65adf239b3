//! Settings of `chami build`.

use super::OutputMode;
use crate::cli::{BuildArgs, ReportFormat};

/// Resolved `build` settings.
#[derive(Debug, Clone)]
pub struct BuildSettings {
    /// Run the reload commands of outputs that changed.
    pub reload: bool,
    /// Write, check or show.
    pub mode: OutputMode,
    /// The summary as JSON on stdout instead of a table on stderr.
    pub json: bool,
}

impl From<BuildArgs> for BuildSettings {
    fn from(a: BuildArgs) -> Self {
        BuildSettings {
            reload: !a.no_reload,
            mode: a.mode.into(),
            json: a.output == ReportFormat::Json,
        }
    }
}
