//! Settings of `chami image`.

use crate::cli::ImageBuildArgs;
use std::path::PathBuf;

/// Resolved `image build` settings.
#[derive(Debug, Clone)]
pub struct ImageBuildSettings {
    /// The recipe name.
    pub name: String,
    /// The folder that receives NAME/.
    pub out: PathBuf,
}

impl From<ImageBuildArgs> for ImageBuildSettings {
    fn from(a: ImageBuildArgs) -> Self {
        ImageBuildSettings {
            name: a.name,
            out: a.out,
        }
    }
}
