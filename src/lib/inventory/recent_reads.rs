//! What this process read of input files that changed shortly before a build scanned its
//! inputs: the hash of each one's content as read. A change made within the timestamp tick
//! of the scan may not show in the files' stat (git's "racily clean" case), so the build
//! stamp keeps, for such a file, the hash of the content the build used, and the next
//! build reads the file again to compare ([`crate::build::BuildStamp`]).
//!
//! Nothing is noted until [`watch_since`] is called (by [`super::InputScan::scan`]); then
//! every file [`super::confine::Confined`] reads whose mtime or ctime is at or after that
//! moment is noted under the path it was asked for. At most [`MAX_NOTED`] files are noted;
//! a file read twice with two contents has no hash.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

/// Most files noted; a file past it has no hash (the stamp is then not kept).
pub const MAX_NOTED: usize = 4096;

/// Files changed at or after this moment (ns since the epoch) are noted.
static SINCE_NS: AtomicI64 = AtomicI64::new(i64::MAX);

/// The hash of each file read, `None` after two different contents.
static NOTED: Mutex<Option<HashMap<PathBuf, Option<u128>>>> = Mutex::new(None);

/// Notes, from now on, every input read whose mtime or ctime is at or after `since_ns`.
pub fn watch_since(since_ns: i64) {
    SINCE_NS.fetch_min(since_ns, Ordering::Relaxed);
}

/// Notes a read of `path` (as the reader asked for it) that gave `bytes`, when `meta` (the
/// opened file's) says it changed recently.
pub(super) fn note(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) {
    use std::os::unix::fs::MetadataExt;
    let newest = crate::fsutil::epoch_ns(meta.mtime(), meta.mtime_nsec())
        .max(crate::fsutil::epoch_ns(meta.ctime(), meta.ctime_nsec()));
    if newest < SINCE_NS.load(Ordering::Relaxed) {
        return;
    }
    let hash = xxhash_rust::xxh3::xxh3_128(bytes);
    let Ok(mut noted) = NOTED.lock() else {
        return;
    };
    let noted = noted.get_or_insert_with(HashMap::new);
    let full = noted.len() >= MAX_NOTED;
    match noted.get_mut(path) {
        Some(seen) if *seen != Some(hash) => *seen = None,
        Some(_) => {}
        None if !full => {
            noted.insert(path.to_path_buf(), Some(hash));
        }
        None => {}
    }
}

/// The hash of the one content read of `path`; `None` when it was not read (or not noted),
/// or was read with two contents.
pub fn hash_of(path: &Path) -> Option<u128> {
    NOTED.lock().ok()?.as_ref()?.get(path).copied().flatten()
}

/// For each of `rels` (relative to `root`, as the loader spells paths below it), the hash
/// of the one content this process read of it, in hex: what an answer kept with a scan
/// vouches for its racy inputs with (check it with [`crate::outfiles::all_hold`]). `None`
/// when one of them has no hash.
pub fn hashes_of(root: &Path, rels: &[String]) -> Option<Vec<(String, String)>> {
    rels.iter()
        .map(|rel| Some((rel.clone(), format!("{:032x}", hash_of(&root.join(rel))?))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recent_read_is_noted_and_two_contents_have_no_hash() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yaml");
        std::fs::write(&p, "a").unwrap();
        let meta = std::fs::metadata(&p).unwrap();
        assert_eq!(hash_of(&p), None, "not read yet");
        watch_since(crate::inventory::input_scan::now_ns() - 60_000_000_000);
        note(&p, &meta, b"a");
        assert_eq!(hash_of(&p), Some(xxhash_rust::xxh3::xxh3_128(b"a")));
        note(&p, &meta, b"a");
        assert!(hash_of(&p).is_some(), "the same content again");
        note(&p, &meta, b"b");
        assert_eq!(hash_of(&p), None, "two contents: no hash");
        let old = dir.path().join("old.yaml");
        std::fs::write(&old, "o").unwrap();
        crate::fsutil::set_mtime(&old, std::time::SystemTime::UNIX_EPOCH);
        let meta = std::fs::metadata(&old).unwrap();
        note(&old, &meta, b"o");
        assert!(
            hash_of(&old).is_some(),
            "its ctime is recent, so it is noted"
        );
    }
}
