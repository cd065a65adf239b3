//! Root trees on disk: a temporary folder removed on drop unless kept, and a removal that
//! first unmounts whatever a killed tool left mounted below it (and refuses to go through
//! a mount that stays), so that no host file is ever removed through a bind mount.

use super::error::{io_err, ImageError};
use std::path::{Path, PathBuf};

/// A temporary folder (a staged image or layer), removed on drop (failure, SIGINT) unless
/// [`TempTree::keep`] is called.
pub struct TempTree(pub PathBuf);

impl TempTree {
    /// Keeps the folder: it has been renamed into place (or is removed by the caller).
    pub fn keep(self) {
        std::mem::forget(self);
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = remove_tree(&self.0);
    }
}

/// Removes the entries of `dir` whose names start with `prefix` (staging folders that
/// earlier, killed runs left).
pub fn sweep(dir: &Path, prefix: &str) -> Result<(), ImageError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            remove_tree(&e.path())?;
        }
    }
    Ok(())
}

/// Removes `dir` after unmounting whatever is mounted below it (a tool killed in the
/// middle of a hook may leave /proc or /dev bound there): a mount that stays is an error
/// and nothing is removed, never the host's files through it.
pub fn remove_tree(dir: &Path) -> Result<(), ImageError> {
    let mounts = mounts_below(dir);
    for m in mounts.iter().rev() {
        if let Ok(c) = std::ffi::CString::new(m.as_os_str().as_encoded_bytes()) {
            // SAFETY: a valid NUL-terminated path, alive across the call.
            unsafe { libc::umount2(c.as_ptr(), libc::MNT_DETACH) };
        }
    }
    if let Some(m) = mounts_below(dir).first() {
        return Err(io_err("unmount", m)(std::io::Error::other(
            "still mounted; unmount it by hand and remove the staging folder",
        )));
    }
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err("remove", dir)(e)),
        _ => Ok(()),
    }
}

/// The mount points at or below `dir`, shallowest first (from /proc/self/mountinfo).
pub fn mounts_below(dir: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut out: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|p| PathBuf::from(p.replace("\\040", " ")))
        .filter(|p| p.starts_with(dir))
        .collect();
    out.sort_by_key(|p| p.components().count());
    out
}

/// Bytes of the regular files below `dir` (each hard-linked file once).
pub fn tree_size(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(m) = e.path().symlink_metadata() else {
                continue;
            };
            if m.is_dir() {
                stack.push(e.path());
            } else if m.is_file() && (m.nlink() == 1 || seen.insert((m.dev(), m.ino()))) {
                total += m.len();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staging_folder_is_removed_but_not_through_a_mount() {
        let dir = tempfile::tempdir().unwrap();
        let staged = dir.path().join(".x.chami-gen-1");
        std::fs::create_dir_all(staged.join("root/etc")).unwrap();
        sweep(dir.path(), ".x.chami-gen-").unwrap();
        assert!(!staged.exists());
        assert!(mounts_below(Path::new("/proc")).contains(&PathBuf::from("/proc")));
    }

    #[test]
    fn sizes_count_hard_links_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/a"), "12345").unwrap();
        std::fs::hard_link(dir.path().join("d/a"), dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("c"), "123").unwrap();
        std::os::unix::fs::symlink("d/a", dir.path().join("l")).unwrap();
        assert_eq!(tree_size(dir.path()), 8);
        let kept = TempTree(dir.path().join("d"));
        drop(kept);
        assert!(!dir.path().join("d").exists(), "dropped: removed");
    }
}
