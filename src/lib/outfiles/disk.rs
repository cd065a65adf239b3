//! Reading the folder: is a desired file already there with the right content, and is a
//! file of an earlier run still a regular file that can be removed. Called once per file
//! from parallel loops, so the common case (same content) costs one open, one fstat, one
//! read into a stack buffer and no allocation.

use super::desired::Checked;
use super::stat_index::{FileStat, Known, StatIndex};
use super::{Change, ChangeKind, OutfilesError};
use crate::fsutil::{FileMode, FsError};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

pub(super) fn fs_error(action: &'static str, path: &Path, source: std::io::Error) -> OutfilesError {
    FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
    .into()
}

/// Whether a file with metadata `meta` has `mode` (when given) and its group.
fn mode_ok(meta: &std::fs::Metadata, mode: Option<FileMode>) -> bool {
    use std::os::unix::fs::MetadataExt;
    stat_mode_ok(meta.mode(), meta.gid(), mode)
}

/// Whether a file with `st_mode` `have` and group `gid` has `mode` (when given) and its
/// group.
pub(super) fn stat_mode_ok(have: u32, gid: u32, mode: Option<FileMode>) -> bool {
    mode.is_none_or(|m| have & 0o7777 == m.mode && m.gid.is_none_or(|want| gid == want))
}

/// `Ok(meta)` when the file at `path` holds exactly `want` (and has `mode`, when given),
/// else `Err` with its whole content. A folder gives an `IsADirectory` error.
fn read_if_different(
    path: &Path,
    want: &[u8],
    mode: Option<FileMode>,
) -> std::io::Result<Result<std::fs::Metadata, Vec<u8>>> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ErrorKind::IsADirectory.into());
    }
    if mode_ok(&meta, mode) && meta.len() == want.len() as u64 {
        let mut buf = [0u8; 8192];
        let mut rest = want;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 || n > rest.len() || buf[..n] != rest[..n] {
                break;
            }
            rest = &rest[n..];
            if rest.is_empty() {
                // Size and every byte match (a file growing while being read is not
                // worth a last read to look for).
                return Ok(Ok(meta));
            }
        }
        if rest.is_empty() {
            return Ok(Ok(meta));
        }
    }
    Ok(Err(std::fs::read(path)?))
}

/// Compares one desired file with the disk: `None` when it is already right. `exists`
/// is false when the output folder does not exist (nothing to read).
pub(super) fn compare(
    dir: &Path,
    exists: bool,
    c: Checked,
) -> Result<Option<Change>, OutfilesError> {
    compare_indexed(dir, exists, c, None).map(|(change, _)| change)
}

/// The stat index of an output folder, and the folder opened to look files up from.
pub(super) struct Indexed<'a> {
    pub index: &'a StatIndex,
    /// The folder (`O_PATH`), so that a lookup walks the path inside it only.
    pub base: Option<&'a std::fs::File>,
    /// The [`content_hash`](super::stat_index::content_hash) of the file's content.
    pub content: u128,
}

/// The stat of `rel` below `dir` (through `base` when open), following links.
pub(super) fn stat_below(dir: &Path, base: Option<&std::fs::File>, rel: &str) -> Option<FileStat> {
    match base {
        Some(base) => {
            let mut name = Vec::with_capacity(rel.len() + 1);
            name.extend_from_slice(rel.as_bytes());
            name.push(0);
            crate::fsutil::stat_at(base, &name, true)
                .ok()
                .map(|st| FileStat::of_raw(&st))
        }
        None => std::fs::metadata(dir.join(rel))
            .ok()
            .map(|m| FileStat::of_meta(&m)),
    }
}

/// [`compare`], trusting the stat index for a file whose stat it vouches for (no read),
/// and returning what the next index may say of the file when it is right.
pub(super) fn compare_indexed(
    dir: &Path,
    exists: bool,
    c: Checked,
    indexed: Option<Indexed<'_>>,
) -> Result<(Option<Change>, Option<Known>), OutfilesError> {
    let hash = indexed.as_ref().map(|i| i.content);
    if let (Some(i), Some(hash), true) = (&indexed, hash, exists) {
        if let Some(st) = stat_below(dir, i.base, &c.rel) {
            if st.is_file() && stat_mode_ok(st.mode, st.gid, c.mode) {
                if let Some(known) = i.index.vouches(&c.rel, &st, c.content.len() as u64, hash) {
                    return Ok((None, Some(known)));
                }
            }
        }
    }
    let full = dir.join(&c.rel);
    let found = if exists {
        read_if_different(&full, &c.content, c.mode)
    } else {
        Err(ErrorKind::NotFound.into())
    };
    let (kind, old) = match found {
        Ok(Ok(meta)) => {
            let known = hash.and_then(|h| Known::of(&c.rel, &FileStat::of_meta(&meta), h));
            return Ok((None, known));
        }
        Ok(Err(old)) => (ChangeKind::Update, Some(old)),
        Err(e) if e.kind() == ErrorKind::NotFound => (ChangeKind::Create, None),
        Err(e) if e.kind() == ErrorKind::IsADirectory => {
            return Err(OutfilesError::IsAFolder {
                owner: c.owner,
                path: full,
            })
        }
        Err(e) if e.kind() == ErrorKind::NotADirectory => {
            let blocker = first_non_folder(dir, &c.rel).unwrap_or_else(|| full.clone());
            return Err(OutfilesError::ParentIsAFile {
                owner: c.owner,
                path: full,
                blocker,
            });
        }
        Err(source) => return Err(fs_error("cannot read", &full, source)),
    };
    let change = Change {
        path: PathBuf::from(c.rel),
        kind,
        owner: c.owner,
        old,
        new: Some(c.content),
        mode: c.mode,
    };
    Ok((Some(change), None))
}

/// The first folder on the way to `rel` that exists but is not a folder.
fn first_non_folder(dir: &Path, rel: &str) -> Option<PathBuf> {
    rel.match_indices('/')
        .map(|(i, _)| dir.join(&rel[..i]))
        .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
}

/// The removal of a file an earlier run wrote, if it is still a regular file (a folder or
/// symlink put there since is not chami's and is left alone; a file already gone needs
/// nothing).
pub(super) fn removal(
    dir: &Path,
    rel: String,
    owner: String,
) -> Result<Option<Change>, OutfilesError> {
    let full = dir.join(&rel);
    match std::fs::symlink_metadata(&full) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            return Ok(None)
        }
        Err(source) => return Err(fs_error("cannot read", &full, source)),
    }
    let old = std::fs::read(&full).map_err(|source| fs_error("cannot read", &full, source))?;
    Ok(Some(Change {
        path: PathBuf::from(rel),
        kind: ChangeKind::Remove,
        owner,
        old: Some(old),
        new: None,
        mode: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_if_different_compares_size_and_bytes() {
        // The content on disk when it differs, `None` when it is the same.
        let differs = |p: &Path, want: &[u8]| read_if_different(p, want, None).unwrap().err();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let big: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &big).unwrap();
        assert_eq!(differs(&p, &big), None);
        let mut other = big.clone();
        other[15_000] ^= 1;
        assert_eq!(differs(&p, &other), Some(big.clone()));
        assert_eq!(differs(&p, &big[..10]), Some(big.clone()));
        std::fs::write(&p, "").unwrap();
        assert_eq!(differs(&p, b""), None);
        assert_eq!(differs(&p, b"x"), Some(vec![]));
        let err = read_if_different(dir.path(), b"", None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::IsADirectory);
    }
}
