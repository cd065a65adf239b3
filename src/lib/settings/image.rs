//! Settings of `chami image`.

use crate::cli::{
    CacheArgs, ImageBuildArgs, ImageListArgs, ImageListFormat, ImagePruneArgs, ImageRmArgs,
};
use std::path::PathBuf;

/// The layer cache folder: the flag (or `CHAMI_IMAGE_CACHE`), else
/// `$XDG_CACHE_HOME/chami/images` (or `~/.cache/chami/images`); `None` when neither
/// `XDG_CACHE_HOME` nor `HOME` is set.
fn cache_dir(a: CacheArgs) -> Option<PathBuf> {
    a.cache_dir
        .or_else(|| super::caches::user_cache_dir().map(|d| d.join("images")))
}

/// Resolved `image build` settings.
#[derive(Debug, Clone)]
pub struct ImageBuildSettings {
    /// The recipe name.
    pub name: String,
    /// How to build.
    pub options: crate::image::BuildOptions,
}

impl From<ImageBuildArgs> for ImageBuildSettings {
    fn from(a: ImageBuildArgs) -> Self {
        ImageBuildSettings {
            name: a.name,
            options: crate::image::BuildOptions {
                out: a.out,
                cache_dir: cache_dir(a.cache),
                force: a.force,
                refresh: a.refresh,
            },
        }
    }
}

/// Resolved `image list|rm|prune` settings.
#[derive(Debug, Clone)]
pub struct ImageCacheSettings {
    /// The layer cache folder (`None`: unknown, an error).
    pub cache_dir: Option<PathBuf>,
    /// `list`: JSON instead of a table.
    pub json: bool,
    /// `rm`: recipe names or id prefixes.
    pub targets: Vec<String>,
    /// `prune --all`.
    pub all: bool,
}

impl From<ImageListArgs> for ImageCacheSettings {
    fn from(a: ImageListArgs) -> Self {
        ImageCacheSettings {
            cache_dir: cache_dir(a.cache),
            json: a.output == ImageListFormat::Json,
            targets: Vec::new(),
            all: false,
        }
    }
}

impl From<ImageRmArgs> for ImageCacheSettings {
    fn from(a: ImageRmArgs) -> Self {
        ImageCacheSettings {
            cache_dir: cache_dir(a.cache),
            json: false,
            targets: a.targets,
            all: false,
        }
    }
}

impl From<ImagePruneArgs> for ImageCacheSettings {
    fn from(a: ImagePruneArgs) -> Self {
        ImageCacheSettings {
            cache_dir: cache_dir(a.cache),
            json: false,
            targets: Vec::new(),
            all: a.all,
        }
    }
}
