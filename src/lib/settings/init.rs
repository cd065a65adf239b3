//! Settings of `chami init`.

use crate::cli::InitArgs;
use std::path::PathBuf;

/// `chami init`: where to create the inventory, and its name.
#[derive(Debug, Clone)]
pub struct InitSettings {
    /// The folder (created when missing).
    pub dir: PathBuf,
    /// The cluster's name (default: the folder's name).
    pub name: Option<String>,
}

impl From<InitArgs> for InitSettings {
    fn from(a: InitArgs) -> Self {
        InitSettings {
            dir: a.dir,
            name: a.name,
        }
    }
}
