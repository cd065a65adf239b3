//! What can go wrong with the state folder.

use std::path::PathBuf;

/// A state folder that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The state folder is the inventory folder or inside it.
    #[error(
        "the state folder {state} is inside the inventory folder {inventory}: node state \
         changes all the time and must stay out of git; give --state-dir (or \
         CHAMI_STATE_DIR) a folder outside it, e.g. ~/.local/state/chami"
    )]
    InsideInventory {
        /// The state folder.
        state: PathBuf,
        /// The inventory folder.
        inventory: PathBuf,
    },
    /// Neither XDG_STATE_HOME nor HOME is set.
    #[error("no state folder: set --state-dir, CHAMI_STATE_DIR, XDG_STATE_HOME or HOME")]
    NoDefault,
    /// A file could not be replaced or made durable.
    #[error(transparent)]
    Fs(#[from] crate::fsutil::FsError),
    /// A file operation failed.
    #[error("cannot {what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// On which file.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// A closure making a [`StateError::Io`] for `path`.
pub(super) fn io_err<'a>(
    what: &'static str,
    path: &'a std::path::Path,
) -> impl FnOnce(std::io::Error) -> StateError + 'a {
    move |source| StateError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}
