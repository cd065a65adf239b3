//! Atomic writes of one file: the new content goes to a temporary file in the same
//! folder, is synced, then renamed over the target, so a reader sees the old file or the
//! new one and never half of either.

use super::{create_folders_with_mode, fs_err, give_mode, umask, FileMode, FsError};
use std::io::Write;
use std::path::Path;

/// Reads a file to a string, naming the file in the error.
pub fn read_to_string(path: &Path) -> Result<String, FsError> {
    std::fs::read_to_string(path).map_err(fs_err("cannot read", path))
}

/// Writes `content` to `path` atomically (temporary file + rename in the same folder),
/// creating parent folders. Keeps the mode of an existing file.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<(), FsError> {
    let staged = stage(path, content)?;
    staged
        .persist(path)
        .map_err(|e| fs_err("cannot replace", path)(e.error))?;
    Ok(())
}

/// [`write_atomic`] with exactly `mode` (see [`FileMode`]); the folders it creates get
/// `folder_mode`.
pub fn write_atomic_with_mode(
    path: &Path,
    content: &[u8],
    mode: FileMode,
    folder_mode: u32,
) -> Result<(), FsError> {
    let dir = parent(path);
    create_folders_with_mode(dir, folder_mode)?;
    let staged = stage_in_existing(path, content, false, Some(mode), None)?;
    staged
        .as_file()
        .sync_data()
        .map_err(fs_err("cannot write", path))?;
    staged
        .persist(path)
        .map_err(|e| fs_err("cannot replace", path)(e.error))?;
    Ok(())
}

/// Writes `content` to `path` only when it differs from what is there. Returns whether the
/// file was written.
pub fn write_if_changed(path: &Path, content: &[u8]) -> Result<bool, FsError> {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    write_atomic(path, content)?;
    Ok(true)
}

fn stage(path: &Path, content: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    let tmp = stage_unsynced(path, content)?;
    tmp.as_file()
        .sync_data()
        .map_err(fs_err("cannot write", path))?;
    Ok(tmp)
}

/// Writes `content` to a temporary file beside `path`, creating its folder, keeping the
/// mode of an existing `path`; the data is not yet synced to disk.
fn stage_unsynced(path: &Path, content: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(fs_err("cannot create folder", dir))?;
    stage_in_existing(path, content, true, None, None)
}

/// [`stage_unsynced`] for a file whose folder exists, the temporary file in `into` (a
/// folder of the same filesystem) instead of beside `path` when given. `may_exist: false`
/// (the caller knows `path` is new) skips looking up the mode of an existing file. With
/// `explicit`, the file gets exactly that mode and group instead.
pub(crate) fn stage_in_existing(
    path: &Path,
    content: &[u8],
    may_exist: bool,
    explicit: Option<FileMode>,
    into: Option<&Path>,
) -> Result<tempfile::NamedTempFile, FsError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = into.unwrap_or_else(|| parent(path));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(explicit) = explicit {
        return stage_with_mode(path, dir, &name, content, explicit);
    }
    let existing = if may_exist {
        std::fs::metadata(path).ok().map(|m| m.permissions())
    } else {
        None
    };
    // A new file gets the usual 0666 less the umask (set at creation, no chmod), not
    // tempfile's private 0600.
    let mode = existing
        .clone()
        .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666 & !umask()));
    let mut tmp = temp_file(dir, &name, mode)?;
    tmp.write_all(content)
        .map_err(fs_err("cannot write", path))?;
    if let Some(mode) = existing {
        // Creation applied the umask; an existing file's mode is kept exactly.
        let _ = tmp.as_file().set_permissions(mode);
    }
    Ok(tmp)
}

/// Stages `content` for `path` in `dir` with exactly the mode and group of `explicit`:
/// created with at most that mode (the umask can only remove bits), then given the group
/// and the mode, before any byte is written.
fn stage_with_mode(
    path: &Path,
    dir: &Path,
    name: &str,
    content: &[u8],
    explicit: FileMode,
) -> Result<tempfile::NamedTempFile, FsError> {
    use std::os::unix::fs::PermissionsExt;
    let mut tmp = temp_file(dir, name, std::fs::Permissions::from_mode(explicit.mode))?;
    give_mode(tmp.as_file(), path, explicit)?;
    tmp.write_all(content)
        .map_err(fs_err("cannot write", path))?;
    Ok(tmp)
}

/// A new temporary file `.NAME.XXXXXX.tmp` in `dir`, created with `mode` (less the umask).
fn temp_file(
    dir: &Path,
    name: &str,
    mode: std::fs::Permissions,
) -> Result<tempfile::NamedTempFile, FsError> {
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(mode)
        .tempfile_in(dir)
        .map_err(fs_err("cannot create a temporary file in", dir))
}

pub(crate) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_keeps_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/f.txt");
        write_atomic(&p, b"one").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(write_if_changed(&p, b"two").unwrap());
        assert!(!write_if_changed(&p, b"two").unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }
}
