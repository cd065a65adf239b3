//! The errors of file writing: an I/O failure with its path, and why a transaction did
//! not complete.

use std::path::{Path, PathBuf};

/// Why a transaction did not complete.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// A file could not be written, synced, renamed or removed.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// SIGINT arrived while staging; nothing was changed.
    #[error(transparent)]
    Interrupted(#[from] crate::interrupt::Interrupted),
}

/// An I/O failure with the path it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}")]
pub struct FsError {
    /// What was being done ("cannot write", "cannot remove" …).
    pub action: &'static str,
    /// The file concerned.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

pub(crate) fn fs_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}
