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
    /// Token secret file for seed URLs.
    pub token_secret: Option<PathBuf>,
}

impl From<BootgenArgs> for BootgenSettings {
    fn from(a: BootgenArgs) -> Self {
        BootgenSettings {
            out: a.out,
            mode: a.mode.into(),
            token_secret: a.token_secret,
        }
    }
}
