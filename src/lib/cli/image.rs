//! `chami image`: node images built from the recipes in images/.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `chami image`.
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Build an image from its recipe (images/NAME.yaml and its parents) with mmdebstrap:
    /// DIR/NAME/{vmlinuz, initrd.img, rootfs.squashfs, manifest.json}, switched in whole.
    Build(ImageBuildArgs),
}

/// Arguments of `chami image build`.
#[derive(Debug, Args)]
pub struct ImageBuildArgs {
    /// The recipe: images/NAME.yaml in the inventory.
    pub name: String,
    /// Folder that receives NAME/ (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}
