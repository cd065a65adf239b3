//! What can go wrong building an image.

use std::path::PathBuf;

/// An image build failed; nothing was written to the output folder.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// No `images/NAME.yaml`.
    #[error("image `{0}` has no recipe: create images/{0}.yaml in the inventory (recipes: {1})")]
    NoRecipe(String, String),
    /// The recipe chain is broken (a missing parent, a loop, no base).
    #[error("image `{name}`: {why}; run `chami inventory lint` for the details")]
    BadChain {
        /// The recipe.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// A package the Debian archive does not have.
    #[error("package `{0}` is not in the Debian archive: fix its name in the recipe (`apt-cache search` finds the right one)")]
    UnknownPackage(String),
    /// A tool could not be started.
    #[error("cannot run {0}: {1}; install it (apt-get install mmdebstrap squashfs-tools)")]
    Spawn(&'static str, #[source] std::io::Error),
    /// A tool failed.
    #[error("{tool} failed ({status}):\n{tail}")]
    Tool {
        /// The program.
        tool: &'static str,
        /// Its exit status.
        status: String,
        /// The end of its output.
        tail: String,
    },
    /// The built tree lacks a kernel or initrd.
    #[error("the image has no {0} in /boot: give the recipe `kernel: linux-image-amd64` (and `initramfs: live-boot`)")]
    NoBootFile(&'static str),
    /// A file operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// `image rm` names nothing cached.
    #[error("no cached layer `{0}`: give a recipe name or an id (at least 4 hex digits) that `chami image list` shows")]
    NotCached(String),
    /// `image rm` names an id prefix several layers start with.
    #[error("`{0}` matches {1} cached layers: give more digits of the id (`chami image list`)")]
    AmbiguousId(String, usize),
    /// No folder for the layer cache.
    #[error("no folder for the layer cache: set XDG_CACHE_HOME or HOME, or give --cache-dir")]
    NoCacheDir,
    /// SIGINT.
    #[error("interrupted: nothing was written")]
    Interrupted,
}

/// A closure that turns an I/O error on `path` into an [`ImageError::Io`].
pub(crate) fn io_err(
    action: &'static str,
    path: &std::path::Path,
) -> impl FnOnce(std::io::Error) -> ImageError {
    let path = path.to_path_buf();
    move |source| ImageError::Io {
        action,
        path,
        source,
    }
}
