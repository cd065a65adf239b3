//! The stat index of an output folder, as git keeps an index: for each file chami found
//! with the right content, its inode, size and mtime and a hash of that content. When a
//! file's stat still matches and the content wanted now hashes the same, the file is
//! known to be right without reading it: a build with nothing to do reads no output file.
//!
//! The trade-off (docs/outputs.md): an edit is seen because it changes the ctime, which
//! no tool can set back (and the mtime, the size, or the inode, for an editor that writes
//! a new file and renames it). The price: a whole generation switch hard links every
//! unchanged file, which moves its ctime, so the build after one reads the folder again.
//! A file changed less than [`RACY_SECS`](crate::inventory::RACY_SECS) before the index
//! is written is not indexed (git's "racily clean" rule), so a second edit within one
//! timestamp tick cannot hide.
//!
//! The index lives beside the parse cache, private to the user (see
//! [`crate::fsutil::map_private`]), one file per output folder. Layout: the line
//! `chami-stat-index 2\n`, then fixed 56-byte entries sorted by path hash: path hash
//! (u64), inode (u64), size (u64), mtime in ns (i64), ctime in ns (i64), content hash
//! (u128), all little endian. A file of any other shape is ignored.

use crate::inventory::input_scan::now_ns;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"chami-stat-index 2\n";
const ENTRY: usize = 56;

/// What a stat of a file says that the index and the mode check look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileStat {
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    /// The whole `st_mode` (type and permission bits).
    pub mode: u32,
    pub gid: u32,
}

impl FileStat {
    /// From what std's stat gave.
    pub(super) fn of_meta(meta: &std::fs::Metadata) -> FileStat {
        FileStat {
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: mtime_ns(meta),
            ctime_ns: ctime_ns(meta),
            mode: meta.mode(),
            gid: meta.gid(),
        }
    }

    /// From a raw stat(2) record.
    pub(super) fn of_raw(st: &libc::stat) -> FileStat {
        FileStat {
            ino: st.st_ino,
            size: st.st_size as u64,
            mtime_ns: crate::fsutil::epoch_ns(st.st_mtime, st.st_mtime_nsec),
            ctime_ns: crate::fsutil::epoch_ns(st.st_ctime, st.st_ctime_nsec),
            mode: st.st_mode,
            gid: st.st_gid,
        }
    }

    /// A regular file.
    pub(super) fn is_file(&self) -> bool {
        self.mode & libc::S_IFMT == libc::S_IFREG
    }
}

/// What is known of one file that had the right content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Known {
    path_hash: u64,
    ino: u64,
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    content: u128,
}

impl Known {
    /// The entry for the file `rel` with stat `st`, known to hold content with the
    /// [`content_hash`] `content`; `None` when it changed too recently to be trusted later
    /// (racily clean).
    pub(super) fn of(rel: &str, st: &FileStat, content: u128) -> Option<Known> {
        Known::at(rel, st, content, now_ns())
    }

    /// [`Known::of`] at the time `now_ns`.
    fn at(rel: &str, st: &FileStat, content: u128, now_ns: i64) -> Option<Known> {
        let racy =
            now_ns - st.mtime_ns.max(st.ctime_ns) < crate::inventory::RACY_SECS * 1_000_000_000;
        (!racy).then(|| Known {
            path_hash: path_hash(rel),
            ino: st.ino,
            size: st.size,
            mtime_ns: st.mtime_ns,
            ctime_ns: st.ctime_ns,
            content,
        })
    }

    /// The content hash the entry was made for.
    pub(super) fn content(&self) -> u128 {
        self.content
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.path_hash.to_le_bytes());
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.mtime_ns.to_le_bytes());
        out.extend_from_slice(&self.ctime_ns.to_le_bytes());
        out.extend_from_slice(&self.content.to_le_bytes());
    }

    fn decode(b: &[u8]) -> Known {
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        Known {
            path_hash: u64_at(0),
            ino: u64_at(8),
            size: u64_at(16),
            mtime_ns: u64_at(24) as i64,
            ctime_ns: u64_at(32) as i64,
            content: u128::from_le_bytes(b[40..56].try_into().expect("16 bytes")),
        }
    }
}

/// The index of one output folder as read, and where to save the new one.
pub(super) struct StatIndex {
    path: Option<PathBuf>,
    map: Option<memmap2::Mmap>,
    /// Where each bucket of entries starts (see [`Buckets`]).
    buckets: Buckets,
}

/// The entries split by the top bits of their path hash: `starts[b]..starts[b + 1]` are
/// the entries of bucket `b`, about one each. A lookup reads one bucket and its entry
/// (two cache misses) instead of bisecting 500,000 entries (a dozen), which made the
/// lookups a fifth of the boot tree's time.
#[derive(Default)]
struct Buckets {
    bits: u32,
    starts: Vec<u32>,
}

impl Buckets {
    /// The buckets of `n` entries sorted by hash, `hash_at(i)` being the i-th.
    fn of(n: usize, hash_at: impl Fn(usize) -> u64) -> Buckets {
        if n == 0 || n > u32::MAX as usize {
            return Buckets::default();
        }
        let bits = n.next_power_of_two().trailing_zeros();
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        for i in 0..n {
            let b = bucket(hash_at(i), bits);
            while starts.len() <= b {
                starts.push(i as u32);
            }
        }
        while starts.len() <= 1 << bits {
            starts.push(n as u32);
        }
        Buckets { bits, starts }
    }

    /// The range of entries that may hold `hash`.
    fn range(&self, hash: u64) -> std::ops::Range<usize> {
        let b = bucket(hash, self.bits);
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => lo as usize..hi as usize,
            _ => 0..0,
        }
    }
}

/// The bucket of `hash` among `1 << bits`: its top bits.
fn bucket(hash: u64, bits: u32) -> usize {
    hash.checked_shr(64 - bits).unwrap_or(0) as usize
}

impl StatIndex {
    /// The index of the output folder `dir` with manifest `manifest`; empty when there is
    /// none, it is not private, or caching is off.
    pub(super) fn open(dir: &Path, manifest: &str) -> StatIndex {
        let Some(path) = index_path(dir, manifest) else {
            return StatIndex {
                path: None,
                map: None,
                buckets: Buckets::default(),
            };
        };
        StatIndex::at(path)
    }

    /// Whether the index holds any entry.
    pub(super) fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// The index kept in the file `path`.
    fn at(path: PathBuf) -> StatIndex {
        let map = crate::fsutil::map_private(&path)
            .filter(|m| m.starts_with(MAGIC) && (m.len() - MAGIC.len()) % ENTRY == 0);
        let buckets = map.as_deref().map_or_else(Buckets::default, |m| {
            let entries = &m[MAGIC.len()..];
            Buckets::of(entries.len() / ENTRY, |i| hash_at(entries, i))
        });
        StatIndex {
            path: Some(path),
            map,
            buckets,
        }
    }

    fn entries(&self) -> &[u8] {
        self.map.as_deref().map_or(&[], |m| &m[MAGIC.len()..])
    }

    /// The entry for `rel`, if any.
    fn find(&self, rel: &str) -> Option<Known> {
        let entries = self.entries();
        let want = path_hash(rel);
        // Sorted by hash: the bucket's entries are in order, and usually there is one.
        for i in self.buckets.range(want) {
            match hash_at(entries, i).cmp(&want) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Equal => {
                    return Some(Known::decode(&entries[i * ENTRY..(i + 1) * ENTRY]))
                }
            }
        }
        None
    }

    /// The entry of `rel` when the file's stat `st` still matches it and it was indexed
    /// with content of `size` bytes and [`content_hash`] `content`: the file holds that
    /// content.
    pub(super) fn vouches(
        &self,
        rel: &str,
        st: &FileStat,
        size: u64,
        content: u128,
    ) -> Option<Known> {
        let k = self.find(rel)?;
        let same = k.ino == st.ino
            && k.size == st.size
            && k.size == size
            && k.mtime_ns == st.mtime_ns
            && k.ctime_ns == st.ctime_ns
            && k.content == content;
        same.then_some(k)
    }

    /// The entry of `rel` when the file's stat `st` still matches it: the file holds the
    /// content the entry was made for (what the command that saved the index wanted).
    pub(super) fn known(&self, rel: &str, st: &FileStat) -> Option<Known> {
        self.find(rel).filter(|k| {
            k.ino == st.ino
                && k.size == st.size
                && k.mtime_ns == st.mtime_ns
                && k.ctime_ns == st.ctime_ns
        })
    }

    /// The index file (`None`: caching is off).
    pub(super) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Saves `known` as the new index, when it differs from the one read.
    pub(super) fn save(self, mut known: Vec<Known>) {
        let Some(path) = self.path else { return };
        if known.is_empty() && self.map.is_none() {
            return;
        }
        known.sort_unstable_by_key(|k| k.path_hash);
        known.dedup_by_key(|k| k.path_hash);
        let mut out = Vec::with_capacity(MAGIC.len() + known.len() * ENTRY);
        out.extend_from_slice(MAGIC);
        for k in &known {
            k.encode(&mut out);
        }
        if self.map.as_deref() != Some(&out[..]) {
            drop(self.map);
            crate::fsutil::save_private(&path, &out);
        }
    }
}

/// Where the stat index of the output folder `dir` with manifest `manifest` is kept
/// (`None`: caching is off).
pub(crate) fn index_path(dir: &Path, manifest: &str) -> Option<PathBuf> {
    let cache = crate::inventory::cache_dir()?;
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(format!("{}\0{manifest}", dir.display()).as_bytes());
    Some(cache.join(format!("{key:016x}.idx")))
}

/// The path hash of the `i`-th entry of `entries`.
fn hash_at(entries: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(
        entries[i * ENTRY..i * ENTRY + 8]
            .try_into()
            .expect("8 bytes"),
    )
}

fn path_hash(rel: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(rel.as_bytes())
}

pub(super) fn content_hash(content: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(content)
}

fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    crate::fsutil::epoch_ns(meta.mtime(), meta.mtime_nsec())
}

fn ctime_ns(meta: &std::fs::Metadata) -> i64 {
    crate::fsutil::epoch_ns(meta.ctime(), meta.ctime_nsec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index kept at `cache/test.idx`.
    fn index_in(cache: &Path) -> StatIndex {
        StatIndex::at(cache.join("test.idx"))
    }

    fn old_file(dir: &Path, rel: &str, content: &[u8]) -> std::fs::Metadata {
        let p = dir.join(rel);
        std::fs::write(&p, content).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        crate::fsutil::set_mtime(&p, old);
        std::fs::metadata(&p).unwrap()
    }

    #[test]
    fn vouches_only_for_the_same_stat_and_content() {
        let cache = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut known = Vec::new();
        for i in 0..1000 {
            let rel = format!("f{i}");
            let meta = old_file(dir.path(), &rel, rel.as_bytes());
            // As if indexed a minute later (the ctime cannot be set back).
            let later = now_ns() + 60_000_000_000;
            let st = FileStat::of_meta(&meta);
            known
                .push(Known::at(&rel, &st, content_hash(rel.as_bytes()), later).expect("not racy"));
        }
        index_in(cache.path()).save(known);
        let index = index_in(cache.path());
        for i in 0..1000 {
            let rel = format!("f{i}");
            let st = FileStat::of_meta(&std::fs::metadata(dir.path().join(&rel)).unwrap());
            let size = rel.len() as u64;
            assert!(
                index
                    .vouches(&rel, &st, size, content_hash(rel.as_bytes()))
                    .is_some(),
                "{rel}"
            );
            // Other content wanted now: the index cannot say the file holds it.
            assert!(index
                .vouches(&rel, &st, 5, content_hash(b"other"))
                .is_none());
        }
        assert!(index.find("not-indexed").is_none());
        // Edited in place, same size and inode: the mtime moves, the index no longer vouches.
        let p = dir.path().join("f7");
        std::fs::write(&p, b"x7").unwrap();
        let st = FileStat::of_meta(&std::fs::metadata(&p).unwrap());
        assert!(index.vouches("f7", &st, 2, content_hash(b"f7")).is_none());
    }

    #[test]
    fn buckets_hold_every_hash_in_its_range() {
        for n in [1usize, 2, 3, 7, 1000, 4097] {
            let mut hashes: Vec<u64> = (0..n as u64)
                .map(|i| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()))
                .collect();
            // Crowded buckets too: a run of hashes that share their top bits.
            hashes.extend((0..n as u64 / 4).map(|i| 0x8000_0000_0000_0000 + i));
            hashes.sort_unstable();
            let b = Buckets::of(hashes.len(), |i| hashes[i]);
            for (i, h) in hashes.iter().enumerate() {
                assert!(b.range(*h).contains(&i), "n={n} entry {i}");
            }
            let ends: usize = (0..1usize << b.bits)
                .map(|k| b.starts[k + 1] as usize - b.starts[k] as usize)
                .sum();
            assert_eq!(ends, hashes.len(), "the buckets split the entries");
        }
        assert_eq!(Buckets::of(0, |_| 0).range(7), 0..0);
    }

    #[test]
    fn a_file_changed_just_now_is_not_indexed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fresh");
        std::fs::write(&p, b"x").unwrap();
        let st = FileStat::of_meta(&std::fs::metadata(&p).unwrap());
        assert!(Known::of("fresh", &st, content_hash(b"x")).is_none());
    }

    #[test]
    fn a_malformed_index_is_ignored() {
        let cache = tempfile::tempdir().unwrap();
        crate::fsutil::save_private(&cache.path().join("test.idx"), b"chami-stat-index 1\nshort");
        assert!(index_in(cache.path()).map.is_none());
        crate::fsutil::save_private(&cache.path().join("test.idx"), &[0u8; 96]);
        assert!(index_in(cache.path()).map.is_none());
    }
}
