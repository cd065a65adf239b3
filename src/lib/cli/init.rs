//! `chami init`.

use clap::Args;
use std::path::PathBuf;

/// Arguments of `chami init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the inventory in (created when missing; must not hold one yet).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The cluster's name (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
}
