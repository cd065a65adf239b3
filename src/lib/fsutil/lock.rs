//! The inventory's writer lock: flock(2) on the folder itself.

use super::{fs_err, FsError};
use std::path::Path;

/// An exclusive lock on a folder, held until dropped (flock(2) on the folder itself, so no
/// lock file is created). Writers of the same inventory take turns.
pub struct DirLock {
    _held: std::fs::File,
}

/// Locks `dir`; calls `waiting` once if another process holds the lock, then waits.
pub fn lock_dir(dir: &Path, waiting: impl FnOnce()) -> Result<DirLock, FsError> {
    use std::os::fd::AsRawFd;
    let f = std::fs::File::open(dir).map_err(fs_err("cannot open", dir))?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        waiting();
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(fs_err("cannot lock", dir)(std::io::Error::last_os_error()));
        }
    }
    Ok(DirLock { _held: f })
}
