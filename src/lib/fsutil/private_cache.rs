//! Cache files that answer for something without reading it (the parse cache of the
//! inventory, the stat index of the outputs): only a private one is trusted. Its folder is
//! made 0700 and its files 0600 whatever the umask, and a file that is not the user's own
//! or that others may write is ignored (and replaced at the next save).

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The file at `path` mapped read-only, when it exists, is this user's, and neither group
/// nor others may write it.
pub fn map_private(path: &Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    // SAFETY: geteuid(2) cannot fail.
    let ours = meta.uid() == unsafe { libc::geteuid() };
    if !ours || meta.mode() & 0o022 != 0 {
        return None;
    }
    // SAFETY: cache files are replaced by rename and never modified in place (see
    // `save_private`), so the mapped bytes stay as they were while the mapping lives.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()
}

/// Writes `bytes` to `path` atomically with mode 0600, making its folder 0700. Errors are
/// ignored: a cache that cannot be written is only slower next time. Not cut short by
/// Ctrl-C, so no temporary file is left behind.
pub fn save_private(path: &Path, bytes: &[u8]) {
    let _critical = crate::interrupt::Critical::enter();
    let private = super::FileMode {
        mode: 0o600,
        gid: None,
    };
    let _ = super::write_atomic_with_mode(path, bytes, private, 0o700);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_cache_others_may_write_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/cache");
        save_private(&path, b"hello");
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert_eq!(map_private(&path).as_deref(), Some(&b"hello"[..]));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o622)).unwrap();
        assert!(map_private(&path).is_none());
    }
}
