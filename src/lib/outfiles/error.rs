//! Why a set of generated files could not be planned: a bad path from a generator, two
//! generators claiming one file, something in the way on disk, or a damaged manifest.

use std::path::PathBuf;

/// Why [`plan`](super::plan) refused to compare the desired files with the folder.
///
/// Nothing has been written when one of these is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutfilesError {
    /// A generator asked for a path that is not a plain relative path inside the folder.
    #[error("{owner}: invalid output path `{path}`: {reason}")]
    InvalidPath {
        /// The generator (render target, exporter …) that produced the path.
        owner: String,
        /// The path as given (lossily converted to text).
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The manifest name given by the caller is not a plain file name.
    #[error(
        "invalid manifest name `{name}`: it must be a plain file name such as `.chami-render.json`"
    )]
    InvalidManifestName {
        /// The name given.
        name: String,
    },
    /// Two generators (or one generator twice) produce the same path.
    #[error("`{path}` is produced twice, {detail}")]
    Conflict {
        /// The path, relative to the output folder.
        path: String,
        /// Which owners, and whether the contents differ
        /// (e.g. "by `hosts` and by `site-hosts`, with different content").
        detail: String,
        /// The first owner (in path order of the input).
        first: String,
        /// The second owner.
        second: String,
    },
    /// One generator writes a file where another needs a folder (`a` and `a/b`).
    #[error("`{file}` (from {file_owner}) is a file, but `{inner}` (from {inner_owner}) needs it to be a folder")]
    FileFolderClash {
        /// The path produced as a file.
        file: String,
        /// Who produces it.
        file_owner: String,
        /// The path that needs `file` to be a folder.
        inner: String,
        /// Who produces it.
        inner_owner: String,
    },
    /// The output path exists on disk as a folder.
    #[error("{owner}: cannot write `{}`: it is a folder; move it away or change the output", path.display())]
    IsAFolder {
        /// Who produces the path.
        owner: String,
        /// The full path on disk.
        path: PathBuf,
    },
    /// A folder on the way to an output path exists on disk as a file.
    #[error("{owner}: cannot write `{}`: `{}` is a file, not a folder; move it away or change the output", path.display(), blocker.display())]
    ParentIsAFile {
        /// Who produces the path.
        owner: String,
        /// The full path on disk.
        path: PathBuf,
        /// The component that is a file (full path).
        blocker: PathBuf,
    },
    /// The output folder itself exists but is not a folder.
    #[error("output folder `{}` exists but is not a folder", dir.display())]
    NotAFolder {
        /// The output folder.
        dir: PathBuf,
    },
    /// A single-file output path names no file (it ends in `..` or is `/`).
    #[error("output `{}` must name a file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// The manifest of the previous run cannot be understood.
    #[error(
        "`{}` is not a valid chami manifest ({reason}); it lists the files chami wrote there, \
         so that files no longer produced can be removed. Delete it and run again (files \
         written by earlier runs will then be left in place, not removed)",
        path.display()
    )]
    CorruptManifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The commit journal of an interrupted run cannot be read.
    #[error(
        "cannot finish the interrupted commit in `{}`: {reason}. Look at the outputs it names, \
         then delete it; the next build writes every output again",
        path.display()
    )]
    CorruptJournal {
        /// The journal.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read.
    #[error(transparent)]
    Fs(#[from] crate::fsutil::FsError),
}
