//! flock(2) on the state folder: appenders share it, compaction takes it alone, so no
//! append lands in a file that compaction is about to replace.

use super::error::io_err;
use super::StateError;
use std::os::fd::AsRawFd;
use std::path::Path;

/// A lock on the state folder, held until dropped.
pub(super) struct FolderLock {
    _held: std::fs::File,
}

/// Locks `dir`, shared or exclusive, waiting for it.
pub(super) fn lock(dir: &Path, exclusive: bool) -> Result<FolderLock, StateError> {
    let f = std::fs::File::open(dir).map_err(io_err("open", dir))?;
    let how = if exclusive {
        libc::LOCK_EX
    } else {
        libc::LOCK_SH
    };
    loop {
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(f.as_raw_fd(), how) } == 0 {
            return Ok(FolderLock { _held: f });
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(io_err("lock", dir)(e));
        }
    }
}
