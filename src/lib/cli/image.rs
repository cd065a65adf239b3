//! `chami image`: node images built from the recipes in images/, and the layer cache.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `chami image`.
#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Build an image from its recipe (images/NAME.yaml and its parents) with mmdebstrap:
    /// DIR/NAME/{vmlinuz, initrd.img, rootfs.squashfs, manifest.json}, switched in whole.
    /// As root, each recipe of the chain is a cached layer: an unchanged layer is reused,
    /// a changed one is rebuilt on its parent's tree.
    Build(ImageBuildArgs),
    /// List the cached layers: recipe, id, size, age and which images and profiles of the
    /// inventory use them (none: stale, removed by `image prune`).
    List(ImageListArgs),
    /// Remove cached layers by recipe name or id (prefix of at least 4 digits).
    Rm(ImageRmArgs),
    /// Remove the cached layers no recipe of the inventory uses any more (all with --all).
    Prune(ImagePruneArgs),
}

/// Where the layer cache is.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// The layer cache (default: $XDG_CACHE_HOME/chami/images, else ~/.cache/chami/images).
    #[arg(long, value_name = "DIR", env = "CHAMI_IMAGE_CACHE")]
    pub cache_dir: Option<PathBuf>,
}

/// Arguments of `chami image build`.
#[derive(Debug, Args)]
pub struct ImageBuildArgs {
    /// The recipe: images/NAME.yaml in the inventory.
    pub name: String,
    /// Folder that receives NAME/ (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Build even when DIR/NAME is up to date (its manifest has the recipes' id); cached
    /// layers are still reused.
    #[arg(long)]
    pub force: bool,
    /// Build every layer again from the Debian archive (for security updates) and replace
    /// the cached ones.
    #[arg(long)]
    pub refresh: bool,
    /// The layer cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Formats of `image list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageListFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
}

/// Arguments of `chami image list`.
#[derive(Debug, Args)]
pub struct ImageListArgs {
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = ImageListFormat::Table)]
    pub output: ImageListFormat,
    /// The layer cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Arguments of `chami image rm`.
#[derive(Debug, Args)]
pub struct ImageRmArgs {
    /// Recipe names (every cached layer built from it) or layer ids (a unique prefix of
    /// at least 4 hex digits).
    #[arg(required = true, value_name = "NAME|ID")]
    pub targets: Vec<String>,
    /// The layer cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Arguments of `chami image prune`.
#[derive(Debug, Args)]
pub struct ImagePruneArgs {
    /// Remove every cached layer, not only the stale ones.
    #[arg(long)]
    pub all: bool,
    /// The layer cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}
