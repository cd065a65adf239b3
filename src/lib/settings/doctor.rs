//! Settings of `chami doctor`.

use crate::cli::{DoctorArgs, ReportFormat};
use std::path::PathBuf;

/// Resolved `doctor` settings.
#[derive(Debug, Clone)]
pub struct DoctorSettings {
    /// `--files DIR`.
    pub files: Option<PathBuf>,
    /// JSON instead of a table.
    pub json: bool,
}

impl From<DoctorArgs> for DoctorSettings {
    fn from(a: DoctorArgs) -> Self {
        DoctorSettings {
            files: a.files,
            json: a.output == ReportFormat::Json,
        }
    }
}
