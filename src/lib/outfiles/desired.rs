//! The files a generator wants: [`DesiredFile`], and the checks that every path stays
//! inside the output folder and that no two files claim the same path.

use super::OutfilesError;
use crate::fsutil::FileMode;
use std::path::PathBuf;

/// One file a generator wants to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredFile {
    /// Path relative to the output folder, `/`-separated segments (e.g. `ipxe/aa-bb.ipxe`).
    pub path: PathBuf,
    /// The whole content.
    pub content: Vec<u8>,
    /// Who produces it (a render target, an exporter …); recorded in the manifest.
    pub owner: String,
    /// Its mode, whatever the umask (`None`: 0666 less the umask for a new file, the mode
    /// of the file it replaces otherwise). See [`DesiredFile::with_mode`].
    pub mode: Option<u32>,
}

impl DesiredFile {
    /// A file at `path` (relative) with `content`, produced by `owner`.
    pub fn new(
        path: impl Into<PathBuf>,
        content: impl Into<Vec<u8>>,
        owner: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            content: content.into(),
            owner: owner.into(),
            mode: None,
        }
    }

    /// The file gets exactly `mode` (e.g. 0o640), even when it exists with the right
    /// content and another mode. A mode that does not let others read the file also gives
    /// it the group of the output folder, so that a server of that group can read it.
    pub fn with_mode(mut self, mode: u32) -> Self {
        self.mode = Some(mode);
        self
    }
}

/// A desired file whose path was checked, keyed by its text.
#[derive(Debug)]
pub(super) struct Checked {
    /// The path relative to the folder, as UTF-8 text with `/` separators.
    pub rel: String,
    pub content: Vec<u8>,
    pub owner: String,
    /// The mode and group it must have (the group is filled in by [`super::plan`]).
    pub mode: Option<FileMode>,
}

/// Checks that `manifest` is a plain file name.
pub(super) fn check_manifest_name(manifest: &str) -> Result<(), OutfilesError> {
    if manifest.is_empty()
        || manifest == "."
        || manifest == ".."
        || manifest.contains('/')
        || manifest.contains('\0')
    {
        return Err(OutfilesError::InvalidManifestName {
            name: manifest.to_string(),
        });
    }
    Ok(())
}

/// Why `rel` is not a plain relative path (`None` when it is).
pub(super) fn path_problem(rel: &str) -> Option<&'static str> {
    if rel.is_empty() {
        return Some("the path is empty");
    }
    if rel.starts_with('/') {
        return Some("absolute paths are not allowed; give a path relative to the output folder");
    }
    if rel.contains('\0') {
        return Some("the path contains a NUL byte");
    }
    for segment in rel.split('/') {
        match segment {
            "" => return Some("empty segment (`//` or a trailing `/`)"),
            "." => return Some("`.` segments are not allowed"),
            ".." => return Some("`..` would leave the output folder"),
            _ => {}
        }
    }
    None
}

/// Checks one file's path: the path as text, or why it cannot be written.
pub(super) fn check_one(file: &DesiredFile, manifest: &str) -> Result<String, OutfilesError> {
    let invalid = |reason| OutfilesError::InvalidPath {
        owner: file.owner.clone(),
        path: file.path.to_string_lossy().into_owned(),
        reason,
    };
    let rel = file
        .path
        .to_str()
        .ok_or_else(|| invalid("the path is not valid UTF-8"))?;
    if let Some(reason) = path_problem(rel) {
        return Err(invalid(reason));
    }
    if rel == manifest {
        return Err(invalid("this is the name of the folder's chami manifest"));
    }
    Ok(rel.to_string())
}

/// A desired file after its comparison with the disk: what the manifest and the checks
/// across files need (its content is gone: written into a change, or dropped).
#[derive(Debug)]
pub(super) struct Listed {
    /// The path relative to the folder, as UTF-8 text with `/` separators.
    pub rel: String,
    pub owner: String,
    /// A hash of its content (to say whether two files claiming one path agree).
    pub content: u128,
}

/// Sorts the files by path and refuses duplicates and a file where another file needs a
/// folder, reporting the first clash in path order. Every path was checked by
/// [`check_one`].
pub(super) fn check_listing(listed: &mut [Listed]) -> Result<(), OutfilesError> {
    use rayon::prelude::*;
    // Stable: of two files with one path, the first given stays first.
    listed.par_sort_by(|a, b| a.rel.cmp(&b.rel));
    for pair in listed.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.rel != b.rel {
            continue;
        }
        let same = a.content == b.content;
        let detail = match (a.owner == b.owner, same) {
            (true, true) => format!("twice by {} with the same content (duplicate)", a.owner),
            (true, false) => format!("twice by {} with different content", a.owner),
            (false, true) => format!("by {} and by {} (same content)", a.owner, b.owner),
            (false, false) => format!("by {} and by {}, with different content", a.owner, b.owner),
        };
        return Err(OutfilesError::Conflict {
            path: a.rel.clone(),
            detail,
            first: a.owner.clone(),
            second: b.owner.clone(),
        });
    }
    // `a` and `a/b`: first whether any path is another's folder (one hash set of the
    // folders, linear), then, only when one is, which pair comes first.
    let folders: foldhash::HashSet<&str> = listed
        .iter()
        .flat_map(|c| c.rel.match_indices('/').map(|(i, _)| &c.rel[..i]))
        .collect();
    if !listed.iter().any(|c| folders.contains(c.rel.as_str())) {
        return Ok(());
    }
    let find = |p: &str| listed.binary_search_by(|c| c.rel.as_str().cmp(p)).ok();
    let clash = listed.par_iter().find_first(|c| {
        c.rel
            .match_indices('/')
            .any(|(i, _)| find(&c.rel[..i]).is_some())
    });
    if let Some(c) = clash {
        let (file, i) = c
            .rel
            .match_indices('/')
            .find_map(|(i, _)| find(&c.rel[..i]).map(|at| (&listed[at], i)))
            .expect("found above");
        return Err(OutfilesError::FileFolderClash {
            file: c.rel[..i].to_string(),
            file_owner: file.owner.clone(),
            inner: c.rel.clone(),
            inner_owner: c.owner.clone(),
        });
    }
    Ok(())
}
