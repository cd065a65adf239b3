//! Settings of `chami bootgen`.

use super::OutputMode;
use crate::cli::BootgenArgs;
use std::path::PathBuf;

/// Resolved `bootgen` settings.
#[derive(Debug, Clone)]
pub struct BootgenSettings {
    /// The output folder.
    pub out: PathBuf,
    /// Write, check or show.
    pub mode: OutputMode,
}

impl From<BootgenArgs> for BootgenSettings {
    fn from(a: BootgenArgs) -> Self {
        BootgenSettings {
            out: a.out,
            mode: a.mode.into(),
        }
    }
}
