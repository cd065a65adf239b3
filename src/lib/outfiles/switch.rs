//! Switching an output to its new version in one step.
//!
//! A new version of an output (a whole folder, or a single file) is staged beside it
//! under a name of this run, `.NAME.chami-gen-ID`, then swapped with the output by one
//! `renameat2(RENAME_EXCHANGE)`: at every instant the output path holds the whole old
//! version or the whole new one. The old version is then at the staged name and is
//! removed. A staged name that no journal refers to is always garbage (a version that
//! was never switched in, or an old one): [`sweep`] removes them.

use crate::fsutil::FsError;
use std::ffi::{CString, OsString};
use std::io::ErrorKind;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// The part of a staged name after the output's own name.
const MARK: &str = ".chami-gen-";

/// The folder holding `output` (`.` for a bare name).
pub(super) fn parent(output: &Path) -> &Path {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `PARENT/.NAME.chami-gen-ID`: where this run stages the new version of `output`.
pub(super) fn staged_path(output: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(output.file_name().unwrap_or_default());
    name.push(MARK);
    name.push(run_id());
    parent(output).join(name)
}

/// The output folder as an absolute path without `.`, `..` or symlinks (when it or its
/// parent exists), so that the switch replaces the folder a symlink points to and never
/// the symlink, and `-o .` names a folder with a name and a parent.
pub(super) fn resolve(output: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(output) {
        return real;
    }
    match (output.parent(), output.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .map(|d| d.join(name))
        .unwrap_or_else(|_| output.to_path_buf()),
        _ => output.to_path_buf(),
    }
}

pub(super) use crate::fsutil::inode;
use crate::fsutil::run_id;

fn c_path(path: &Path) -> std::io::Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| ErrorKind::InvalidInput.into())
}

/// Swaps `a` and `b` (both must exist) in one step.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Puts `staged` in place of `output`. With an old version there, the two are
/// exchanged in one step and the old one is left at `staged`; a filesystem without
/// `RENAME_EXCHANGE` gets a file renamed over (still one step) or, for a folder, the old
/// one moved aside to `staged` + `-old` first (the output is then missing for a moment).
pub(crate) fn switch(staged: &Path, output: &Path) -> Result<(), FsError> {
    let err = |source| FsError {
        action: "cannot switch in the new version of",
        path: output.to_path_buf(),
        source,
    };
    let old = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return std::fs::rename(staged, output).map_err(err)
        }
        Err(e) => return Err(err(e)),
    };
    match exchange(staged, output) {
        Ok(()) => Ok(()),
        Err(e)
            if e.raw_os_error() == Some(libc::EINVAL) || e.raw_os_error() == Some(libc::ENOSYS) =>
        {
            if old.is_dir() {
                let mut aside = staged.as_os_str().to_owned();
                aside.push("-old");
                std::fs::rename(output, PathBuf::from(aside)).map_err(err)?;
            }
            std::fs::rename(staged, output).map_err(err)
        }
        Err(e) => Err(err(e)),
    }
}

/// Removes `path` whatever it is (a folder with all it holds, a file, a symlink); a
/// missing path is fine.
pub(super) fn remove_any(path: &Path) -> Result<(), FsError> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_tree(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(source) => Err(FsError {
            action: "cannot remove",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Removes the folder `dir` and everything in it, its subfolders in parallel (an old
/// version of a boot tree has a folder per node); symlinks are removed, not followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    folders.par_iter().try_for_each(|f| remove_tree(f))?;
    std::fs::remove_dir(dir)
}

/// Removes every staged version of `output` left by an earlier run (one killed while
/// staging, or before it removed the old version); this run's own are kept. Returns how
/// many were removed. Call it only while no other chami writes the same output (the
/// inventory lock) and after [`super::recover`].
pub(super) fn sweep(output: &Path) -> Result<usize, FsError> {
    let dir = parent(output);
    let mut prefix = b".".to_vec();
    prefix.extend_from_slice(output.file_name().unwrap_or_default().as_bytes());
    prefix.extend_from_slice(MARK.as_bytes());
    let mine = {
        let mut m = prefix.clone();
        m.extend_from_slice(run_id().as_bytes());
        m
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(0),
        Err(source) => {
            return Err(FsError {
                action: "cannot read",
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().into_vec();
        if name.starts_with(&prefix) && !name.starts_with(&mine) {
            remove_any(&entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_exchanged_whole_and_the_old_one_is_left_at_the_staged_name() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("f"), "old").unwrap();
        let staged = staged_path(&out);
        std::fs::create_dir(&staged).unwrap();
        std::fs::write(staged.join("f"), "new").unwrap();
        let new_ino = inode(&staged);
        switch(&staged, &out).unwrap();
        assert_eq!(inode(&out), new_ino);
        assert_eq!(std::fs::read_to_string(out.join("f")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(staged.join("f")).unwrap(), "old");
        remove_any(&staged).unwrap();
        assert!(!staged.exists());
    }

    #[test]
    fn a_missing_output_is_renamed_into_place() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("conf");
        let staged = staged_path(&out);
        std::fs::write(&staged, "x").unwrap();
        switch(&staged, &out).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "x");
        assert!(!staged.exists());
    }

    #[test]
    fn sweep_removes_earlier_runs_staged_versions_only() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("boot");
        std::fs::create_dir(&out).unwrap();
        let stale = tmp.path().join(".boot.chami-gen-1-abc");
        std::fs::create_dir_all(stale.join("deep")).unwrap();
        std::fs::write(stale.join("deep/f"), "").unwrap();
        std::fs::write(tmp.path().join(".boot.chami-gen-2-def-old"), "").unwrap();
        std::fs::write(tmp.path().join(".bootx.chami-gen-2"), "other output").unwrap();
        std::fs::write(tmp.path().join("boot.chami-gen-3"), "not staged").unwrap();
        let mine = staged_path(&out);
        std::fs::create_dir(&mine).unwrap();
        assert_eq!(sweep(&out).unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mine_name = mine.file_name().unwrap().to_string_lossy().into_owned();
        let mut want = vec![
            ".bootx.chami-gen-2".to_string(),
            mine_name,
            "boot".into(),
            "boot.chami-gen-3".into(),
        ];
        want.sort();
        assert_eq!(left, want);
    }
}
