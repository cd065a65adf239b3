//! Vouching for a large output folder written in place from its stat index, without
//! statting every file at the end of the build that wrote it: the build stamp's way to
//! keep a stamp after a one-node change to a 500,000-file boot tree.
//!
//! Such a build compared every file (through the stat index) and wrote a few in place;
//! the index it saved holds, for each file it found right (and not racily clean), the stat
//! the file had then. A file whose stat is still its entry's has not changed since, so it
//! still holds what that build wanted. Every other file must be one it wrote, whose
//! content hash it kept ([`super::Wanted`]); the file is read and compared. The stamp
//! keeps the index file's own stat, so an index another command saved since is not
//! trusted.

use super::manifest::{read_raw, Manifest};
use super::stat_index::StatIndex;
use rayon::prelude::*;
use std::path::Path;

/// Whether every file the manifest `manifest` of the folder `dir` lists (the manifest was
/// checked by the caller) still has its stat index entry's stat, or else holds the content
/// whose hash `written` gives for it and was not changed after `until_ns` (when the build
/// that wrote it was over: see [`super::all_hold_until`]).
pub fn listed_files_hold(
    dir: &Path,
    manifest: &str,
    written: &(dyn Fn(&str) -> Option<u128> + Sync),
    until_ns: i64,
) -> bool {
    let index = StatIndex::open(dir, manifest);
    if index.is_empty() {
        return false;
    }
    let path = dir.join(manifest);
    let Ok(Some(bytes)) = read_raw(&path) else {
        return false;
    };
    let Ok(listed) = Manifest::parse(&bytes, &path, manifest) else {
        return false;
    };
    drop(bytes);
    let Some(base) = crate::fsutil::open_folder(dir) else {
        return false;
    };
    let files: Vec<&String> = listed.owners.values().flatten().collect();
    let at = super::patch::Below { dir, base: &base };
    files
        .par_iter()
        .all(|rel| super::patch::vouch(at, &index, rel, written, until_ns, None).is_some())
}
