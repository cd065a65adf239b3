//! Making writes durable: one `syncfs` for a big batch, an fsync of a folder for renames.

use super::{fs_err, FsError};
use std::path::Path;

/// Flushes to disk every file of the filesystem holding `dir` (one `syncfs(2)` instead of
/// one fsync per file: a batch of 100,000 files costs one flush).
pub(crate) fn sync_filesystem(dir: &Path) -> Result<(), FsError> {
    let f = std::fs::File::open(dir).map_err(fs_err("cannot open", dir))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes a valid open descriptor, which `f` holds for the call.
        if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
            return Err(fs_err("cannot sync the filesystem of", dir)(
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        drop(f);
        // SAFETY: sync(2) has no preconditions.
        unsafe { libc::sync() };
        Ok(())
    }
}

/// Up to this many files, a transaction syncs each file; above, one `syncfs` per filesystem.
pub(crate) const SMALL_BATCH: usize = 64;

/// Makes renames in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), FsError> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(fs_err("cannot sync folder", dir))
}
