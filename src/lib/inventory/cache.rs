//! A parse cache for record files, as git keeps an index: for each file its size, mtime,
//! ctime and inode, and the records parsed from it. A file whose stamp is unchanged is not
//! parsed again. The cache lives outside the inventory (`$XDG_CACHE_HOME/chami/`, else
//! `~/.cache/chami/`), one file per inventory path; `CHAMI_CACHE=off` disables it.
//!
//! Any change to a file changes its ctime, which no tool can set back, so a stale entry
//! cannot match. A file changed less than [`RACY_SECS`] before the cache is written is not
//! cached (git's "racily clean" rule): a later change within the same timestamp tick
//! could otherwise keep its stamp. Files that fail to parse are never cached.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files changed more recently than this (seconds) before the cache is written are not cached.
pub const RACY_SECS: i64 = 2;

/// Version of the cache layout; bump on any change to it or to the record types.
const LAYOUT: &str = concat!("chami-parse-cache-1-", env!("CARGO_PKG_VERSION"));

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
}

impl Stamp {
    /// The stamp of `path`, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            size: m.size(),
            mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
            ctime_ns: m.ctime() * 1_000_000_000 + m.ctime_nsec(),
            ino: m.ino(),
        })
    }

    fn is_racy(&self, now_ns: i64) -> bool {
        now_ns - self.mtime_ns.max(self.ctime_ns) < RACY_SECS * 1_000_000_000
    }
}

/// The cached parse of one file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The file's path relative to the inventory root.
    pub file: PathBuf,
    /// Its stamp when parsed.
    pub stamp: Stamp,
    /// Whether it holds a list.
    pub in_list: bool,
    /// Start line of each record.
    pub lines: Vec<usize>,
    /// The records, as JSON.
    pub records: Box<RawValue>,
}

/// The cache of one inventory.
pub struct ParseCache {
    path: Option<PathBuf>,
    old: HashMap<PathBuf, Entry>,
    new: Mutex<Vec<Entry>>,
    hits: std::sync::atomic::AtomicUsize,
}

impl ParseCache {
    /// A cache that remembers nothing (tests, `CHAMI_CACHE=off`, no cache folder).
    pub fn disabled() -> ParseCache {
        ParseCache {
            path: None,
            old: HashMap::new(),
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
        }
    }

    /// Opens the cache of the inventory at `root` (absolute), reading what it holds.
    pub fn open(root: &Path) -> ParseCache {
        if std::env::var("CHAMI_CACHE").is_ok_and(|v| v == "off" || v == "0") {
            return ParseCache::disabled();
        }
        let Some(dir) = cache_dir() else {
            return ParseCache::disabled();
        };
        let path = dir.join(format!("{:016x}.jsonl", path_hash(root)));
        let old = read_entries(&path).unwrap_or_default();
        ParseCache {
            path: Some(path),
            old,
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
        }
    }

    /// The cached entry for `file` when its stamp still matches.
    pub fn get(&self, file: &Path, stamp: Stamp) -> Option<&Entry> {
        let e = self.old.get(file).filter(|e| e.stamp == stamp)?;
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(e)
    }

    /// Whether this cache writes anything.
    pub fn is_enabled(&self) -> bool {
        self.path.is_some()
    }

    /// Remembers a fresh parse (racy files are not remembered).
    pub fn put(&self, entry: Entry) {
        if self.path.is_none() || entry.stamp.is_racy(now_ns()) {
            return;
        }
        if let Ok(mut new) = self.new.lock() {
            new.push(entry);
        }
    }

    /// Number of files served from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes the cache when it changed: entries still valid for `files` plus the new ones.
    /// A failure to write is ignored (the cache is only an optimisation).
    pub fn save(self, files: &std::collections::HashSet<PathBuf>) {
        let Some(path) = self.path else { return };
        let new = self.new.into_inner().unwrap_or_default();
        let dropped = self.old.keys().any(|k| !files.contains(k));
        if new.is_empty() && !dropped {
            return;
        }
        let mut out = String::with_capacity(self.old.len() * 256);
        out.push_str(LAYOUT);
        out.push('\n');
        let fresh: std::collections::HashSet<&PathBuf> = new.iter().map(|e| &e.file).collect();
        let kept = self
            .old
            .values()
            .filter(|e| files.contains(&e.file) && !fresh.contains(&e.file));
        for e in kept.chain(new.iter()) {
            if let Ok(line) = serde_json::to_string(e) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::fsutil::write_atomic(&path, out.as_bytes());
    }
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("chami"))
}

fn path_hash(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut h);
    h.finish()
}

fn read_entries(path: &Path) -> Option<HashMap<PathBuf, Entry>> {
    use rayon::prelude::*;
    let text = std::fs::read_to_string(path).ok()?;
    let (head, body) = text.split_once('\n')?;
    if head != LAYOUT {
        return None;
    }
    let lines: Vec<&str> = body.lines().collect();
    Some(
        lines
            .par_iter()
            .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
            .map(|e| (e.file.clone(), e))
            .collect(),
    )
}
