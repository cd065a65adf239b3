//! Reading the folder: is a desired file already there with the right content, and is a
//! file of an earlier run still a regular file that can be removed. Called once per file
//! from parallel loops, so the common case (same content) costs one open, one fstat, one
//! read into a stack buffer and no allocation.

use super::desired::Checked;
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

/// `None` when the file at `path` holds exactly `want` (and has `mode`, when given), else
/// its whole content. A folder gives an `IsADirectory` error.
fn read_if_different(
    path: &Path,
    want: &[u8],
    mode: Option<FileMode>,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::MetadataExt;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ErrorKind::IsADirectory.into());
    }
    let mode_ok = mode.is_none_or(|m| {
        meta.mode() & 0o7777 == m.mode && m.gid.is_none_or(|gid| meta.gid() == gid)
    });
    if mode_ok && meta.len() == want.len() as u64 {
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
                return Ok(None);
            }
        }
        if rest.is_empty() {
            return Ok(None);
        }
    }
    Ok(Some(std::fs::read(path)?))
}

/// Compares one desired file with the disk: `None` when it is already right. `exists`
/// is false when the output folder does not exist (nothing to read).
pub(super) fn compare(
    dir: &Path,
    exists: bool,
    c: Checked,
) -> Result<Option<Change>, OutfilesError> {
    let full = dir.join(&c.rel);
    let found = if exists {
        read_if_different(&full, &c.content, c.mode)
    } else {
        Err(ErrorKind::NotFound.into())
    };
    let (kind, old) = match found {
        Ok(None) => return Ok(None),
        Ok(Some(old)) => (ChangeKind::Update, Some(old)),
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
    Ok(Some(Change {
        path: PathBuf::from(c.rel),
        kind,
        owner: c.owner,
        old,
        new: Some(c.content),
        mode: c.mode,
    }))
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
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let big: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &big).unwrap();
        assert_eq!(read_if_different(&p, &big, None).unwrap(), None);
        let mut other = big.clone();
        other[15_000] ^= 1;
        assert_eq!(
            read_if_different(&p, &other, None).unwrap(),
            Some(big.clone())
        );
        assert_eq!(
            read_if_different(&p, &big[..10], None).unwrap(),
            Some(big.clone())
        );
        std::fs::write(&p, "").unwrap();
        assert_eq!(read_if_different(&p, b"", None).unwrap(), None);
        assert_eq!(read_if_different(&p, b"x", None).unwrap(), Some(vec![]));
        let err = read_if_different(dir.path(), b"", None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::IsADirectory);
    }
}
