//! Putting a staged image folder in place of the old one in one step
//! (`renameat2(RENAME_EXCHANGE)`), then removing the old one. The same move as
//! `crate::outfiles` makes for outputs, whose switch is private to it.

use super::error::{io_err, ImageError};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Replaces `output` by `staged`; the old version, if any, is removed.
pub(super) fn switch(staged: &Path, output: &Path) -> Result<(), ImageError> {
    if std::fs::symlink_metadata(output).is_err() {
        return std::fs::rename(staged, output).map_err(io_err("switch in", output));
    }
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).unwrap_or_default();
    let (a, b) = (c(staged), c(output));
    // SAFETY: both are valid NUL-terminated strings alive across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc != 0 {
        return Err(io_err("switch in", output)(std::io::Error::last_os_error()));
    }
    std::fs::remove_dir_all(staged).map_err(io_err("remove the old version", staged))
}
