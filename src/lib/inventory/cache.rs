//! A parse cache for record files, as git keeps an index: for each file its size, mtime,
//! ctime and inode, and the records parsed from it. A file whose stamp is unchanged is not
//! parsed again. The cache lives outside the inventory (`$XDG_CACHE_HOME/chami/`, else
//! `~/.cache/chami/`, as the settings say: [`use_cache_dir`]), one file per inventory
//! path; `CHAMI_CACHE=off` disables it.
//!
//! Any change to a file changes its ctime, which no tool can set back, so a stale entry
//! cannot match. A file changed less than [`RACY_SECS`] before the cache is written is not
//! cached (git's "racily clean" rule): a later change within the same timestamp tick
//! could otherwise keep its stamp. Files that fail to parse are never cached. Cache files
//! unused for 30 days are removed.
//!
//! The cache answers for the inventory without reading it, so only a private one is
//! trusted: its folder is made 0700 and its files 0600 whatever the umask, and a cache
//! file that is not the user's own or that others may write is ignored (and replaced).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files changed more recently than this (seconds) before the cache is written are not cached.
pub const RACY_SECS: i64 = 2;

/// The first line of a cache file: the layout version, and the size and mtime of the chami
/// executable that wrote it, so that any other build (which may parse differently)
/// starts afresh.
fn layout() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            format!(
                "{}-{}",
                m.size(),
                m.mtime() * 1_000_000_000 + m.mtime_nsec()
            )
        })
        .unwrap_or_default();
    format!("chami-parse-cache 1 {} {exe}", env!("CARGO_PKG_VERSION"))
}

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
}

impl Stamp {
    /// The stamp of a file with metadata `m`.
    pub fn of_meta(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            size: m.size(),
            mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
            ctime_ns: m.ctime() * 1_000_000_000 + m.ctime_nsec(),
            ino: m.ino(),
        }
    }

    fn is_racy(&self, now_ns: i64) -> bool {
        now_ns - self.mtime_ns.max(self.ctime_ns) < RACY_SECS * 1_000_000_000
    }
}

/// The cached parse of one file, with its records of type `T`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry<T> {
    /// The file's path relative to the inventory root.
    pub file: PathBuf,
    /// Its stamp when parsed.
    pub stamp: Stamp,
    /// Whether it holds a list.
    pub in_list: bool,
    /// Start line of each record.
    pub lines: Vec<usize>,
    /// The records.
    pub records: Vec<T>,
}

/// The cache of one inventory: the lines of the cache file, decoded per kind on demand,
/// and the fresh entries to write back.
pub struct ParseCache {
    path: Option<PathBuf>,
    text: CacheText,
    new: Mutex<Vec<(PathBuf, String)>>,
    hits: std::sync::atomic::AtomicUsize,
}

impl ParseCache {
    /// A cache that remembers nothing (tests, `CHAMI_CACHE=off`, no cache folder).
    pub fn disabled() -> ParseCache {
        ParseCache {
            path: None,
            text: CacheText::Empty,
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
        }
    }

    /// Opens the cache of the inventory at `root` (absolute).
    pub fn open(root: &Path) -> ParseCache {
        let Some(dir) = cache_dir() else {
            return ParseCache::disabled();
        };
        let path = dir.join(format!("{:016x}.jsonl", path_hash(root)));
        let layout = layout();
        let text = CacheText::map(&path)
            .filter(|t| t.as_str().split('\n').next() == Some(layout.as_str()))
            .unwrap_or(CacheText::Empty);
        ParseCache {
            path: Some(path),
            text,
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
        }
    }

    /// Whether this cache is in use.
    pub fn is_enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The cache lines of the files under `dir/` (e.g. `nodes`), sorted by file, to be
    /// looked up with [`ParseCache::lookup`].
    pub fn lines_for(&self, dir: &str) -> Vec<(&str, &str)> {
        let prefix = format!("{{\"file\":\"{dir}/");
        let mut lines: Vec<(&str, &str)> = self
            .text
            .as_str()
            .lines()
            .skip(1)
            .filter(|l| l.starts_with(&prefix))
            .filter_map(|l| Some((line_file(l)?, l)))
            .collect();
        lines.sort_unstable_by(|a, b| a.0.cmp(b.0));
        lines
    }

    /// The entry for `file` in `lines` (from [`ParseCache::lines_for`]) when its stamp is
    /// still `stamp`, decoded.
    pub fn lookup<T: DeserializeOwned>(
        &self,
        lines: &[(&str, &str)],
        file: &Path,
        stamp: Stamp,
    ) -> Option<Entry<T>> {
        let key = file.to_str()?;
        let i = lines.binary_search_by(|(f, _)| (*f).cmp(key)).ok()?;
        let e: Entry<T> = serde_json::from_str(lines[i].1).ok()?;
        let valid = e.stamp == stamp && e.lines.len() == e.records.len() && e.file == file;
        valid.then(|| {
            self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            e
        })
    }

    /// Remembers a fresh parse (racy files are not remembered).
    pub fn put<T: Serialize>(&self, entry: &Entry<&T>) {
        if self.path.is_none() || entry.stamp.is_racy(now_ns()) {
            return;
        }
        if let (Ok(line), Ok(mut new)) = (serde_json::to_string(entry), self.new.lock()) {
            new.push((entry.file.clone(), line));
        }
    }

    /// Number of files served from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes the cache when it changed: old entries still valid for `files` plus the new
    /// ones. A failure to write is ignored (the cache is only an optimisation).
    pub fn save(self, files: &[PathBuf]) {
        let Some(path) = self.path else { return };
        let new = self.new.into_inner().unwrap_or_default();
        // Every file came from the cache and the cache holds nothing else: it is up to
        // date, and checking it line by line (200,000 paths) would cost a tenth of a second.
        let hits = self.hits.load(std::sync::atomic::Ordering::Relaxed);
        let cached_lines = self.text.as_str().lines().count().saturating_sub(1);
        if new.is_empty() && hits == files.len() && cached_lines == hits {
            return;
        }
        // Keys as text, without a path allocation per line (a path JSON had to escape, or
        // one spelled another way, matches nothing and is only parsed again).
        let files: HashSet<&str> = files.iter().filter_map(|p| p.to_str()).collect();
        let fresh: HashSet<&str> = new.iter().filter_map(|(f, _)| f.to_str()).collect();
        let mut kept = Vec::new();
        let mut dropped = false;
        for line in self.text.as_str().lines().skip(1) {
            match line_file(line) {
                Some(f) if files.contains(f) && !fresh.contains(f) => kept.push(line),
                _ => dropped = true,
            }
        }
        if new.is_empty() && !dropped && !self.text.as_str().is_empty() {
            return;
        }
        let mut all: Vec<&str> = kept
            .into_iter()
            .chain(new.iter().map(|(_, l)| l.as_str()))
            .collect();
        // Stable sort, which finds runs: the kept lines are already in order (the file was
        // written sorted), so one changed file costs a merge, not a sort of 200,000 lines.
        all.sort_by(|a, b| line_file(a).cmp(&line_file(b)));
        let mut out = String::with_capacity(self.text.as_str().len() + new.len() * 256);
        out.push_str(&layout());
        out.push('\n');
        for line in all {
            out.push_str(line);
            out.push('\n');
        }
        if let Some(dir) = path.parent() {
            forget_old_caches(dir);
        }
        crate::fsutil::save_private(&path, out.as_bytes());
    }
}

/// The text of a cache file, mapped rather than read: 60 MB at 100,000 nodes, which a
/// read would copy into fresh (zeroed) memory first. The file is only ever replaced by a
/// rename, never written in place, so the mapping cannot change under us.
enum CacheText {
    Empty,
    Mapped(memmap2::Mmap),
}

impl CacheText {
    /// Maps the file at `path`; `None` when it is missing, unreadable or not UTF-8.
    fn map(path: &Path) -> Option<CacheText> {
        let map = crate::fsutil::map_private(path)?;
        std::str::from_utf8(&map).ok()?;
        Some(CacheText::Mapped(map))
    }

    fn as_str(&self) -> &str {
        match self {
            CacheText::Empty => "",
            // SAFETY: `map` checked that these bytes are UTF-8, and they do not change
            // (see there); checking again would cost a pass over 60 MB per call.
            CacheText::Mapped(m) => unsafe { std::str::from_utf8_unchecked(m) },
        }
    }
}

/// The file of a cache line, read without decoding it: the text between `{"file":"` and the
/// next quote. A path that JSON had to escape yields a key that matches nothing, so that
/// file is simply parsed again.
fn line_file(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("{\"file\":\"")?;
    rest.split('"').next()
}

/// Caches unused for this long are removed (inventories in temporary folders, CI).
const FORGET_AFTER_DAYS: u64 = 30;

/// Removes cache files (and stray temporary files) not written for [`FORGET_AFTER_DAYS`].
fn forget_old_caches(dir: &Path) {
    let limit = std::time::Duration::from_secs(FORGET_AFTER_DAYS * 24 * 3600);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > limit);
        let name = e.file_name();
        let ours = [".jsonl", ".idx", ".tmp"]
            .iter()
            .any(|s| name.to_string_lossy().ends_with(s));
        if old && ours {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// Where the parse cache and the stat index live, told once by the settings layer
/// (`settings/caches.rs`); never told, or told `None`, means no caching.
static CACHES: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Sets where the caches live for this process (`None`: off). Only the first call counts.
pub fn use_cache_dir(dir: Option<PathBuf>) {
    let _ = CACHES.set(dir);
}

/// The folder of chami's caches, `None` when caching is off.
pub fn cache_dir() -> Option<PathBuf> {
    CACHES.get().cloned().flatten()
}

fn path_hash(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut h);
    h.finish()
}
