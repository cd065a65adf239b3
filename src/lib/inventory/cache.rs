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
//! One edited file does not rewrite the whole cache (60 MB at 100,000 nodes): fresh
//! entries go to a small delta file beside it (`<key>.delta.jsonl`), whose entries win
//! over the main file's; the two are merged into a new main file once the delta holds
//! more than [`DELTA_MAX`] entries or an eighth of the main file, or a file was removed.
//!
//! The cache answers for the inventory without reading it, so only a private one is
//! trusted: its folder is made 0700 and its files 0600 whatever the umask, and a cache
//! file that is not the user's own or that others may write is ignored (and replaced).

use foldhash::HashSet;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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

/// The delta may hold this many entries (or an eighth of the main file's, when more)
/// before it is merged into the main file.
pub const DELTA_MAX: usize = 1024;

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

impl From<crate::fsutil::FileStamp> for Stamp {
    fn from(f: crate::fsutil::FileStamp) -> Stamp {
        Stamp {
            size: f.size,
            mtime_ns: f.mtime_ns,
            ctime_ns: f.ctime_ns,
            ino: f.ino,
        }
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
    /// The delta file's text, and how many of its entries are for a file the main text
    /// also holds (as its header line says).
    delta: CacheText,
    shadowed: usize,
    new: Mutex<Vec<(PathBuf, String)>>,
    hits: std::sync::atomic::AtomicUsize,
    /// Files of which a line was found that did not serve (see [`ParseCache::note_stale`]).
    stale: std::sync::atomic::AtomicUsize,
}

impl ParseCache {
    /// A cache that remembers nothing (tests, `CHAMI_CACHE=off`, no cache folder).
    pub fn disabled() -> ParseCache {
        ParseCache {
            path: None,
            text: CacheText::Empty,
            delta: CacheText::Empty,
            shadowed: 0,
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
            stale: Default::default(),
        }
    }

    /// Opens the cache of the inventory at `root` (absolute).
    pub fn open(root: &Path) -> ParseCache {
        let Some(dir) = cache_dir() else {
            return ParseCache::disabled();
        };
        ParseCache::at(dir.join(format!("{:016x}.jsonl", path_hash(root))))
    }

    /// The cache kept in the file `path` (and its delta beside it).
    fn at(path: PathBuf) -> ParseCache {
        let layout = layout();
        let text = CacheText::map(&path)
            .filter(|t| t.as_str().split('\n').next() == Some(layout.as_str()))
            .unwrap_or(CacheText::Empty);
        let (delta, shadowed) = CacheText::map(&delta_path(&path))
            .and_then(|t| {
                let shadowed = t
                    .as_str()
                    .split('\n')
                    .next()?
                    .strip_prefix(layout.as_str())?
                    .strip_prefix(" delta ")?
                    .parse()
                    .ok()?;
                Some((t, shadowed))
            })
            .unwrap_or((CacheText::Empty, 0));
        ParseCache {
            path: Some(path),
            text,
            delta,
            shadowed,
            new: Mutex::new(Vec::new()),
            hits: Default::default(),
            stale: Default::default(),
        }
    }

    /// Whether this cache is in use.
    pub fn is_enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The cache lines of the files under `dir/` (e.g. `nodes`), sorted by file, to be
    /// matched against a kind's files and decoded with [`ParseCache::decode`].
    pub fn lines_for(&self, dir: &str) -> Vec<(&str, &str)> {
        // The delta's lines first: after a stable sort they come first among the lines of
        // one file, and the dedup keeps them. Both texts are sorted by file, so the
        // folder's lines are one block of each, found by bisection.
        let mut lines: Vec<(&str, &str)> = folder_block(body_text(&self.delta), dir)
            .lines()
            .chain(folder_block(body_text(&self.text), dir).lines())
            .filter_map(|l| Some((line_file(l)?, l)))
            .collect();
        // Two sorted runs: a merge.
        lines.sort_by(|a, b| a.0.cmp(b.0));
        lines.dedup_by(|later, first| later.0 == first.0);
        lines
    }

    /// The entry for `file` in `lines` (from [`ParseCache::lines_for`]) when its stamp is
    /// still `stamp`, decoded: one file at a time, as the tests look entries up (the
    /// loader finds all of a kind's lines by one merge and calls [`ParseCache::decode`]).
    #[cfg(test)]
    pub fn lookup<T: DeserializeOwned>(
        &self,
        lines: &[(&str, &str)],
        file: &Path,
        stamp: Stamp,
    ) -> Option<Entry<T>> {
        let key = file.to_str()?;
        let i = lines.binary_search_by(|(f, _)| (*f).cmp(key)).ok()?;
        self.decode(lines[i].1, key, stamp)
    }

    /// The entry of the cache `line` (one of [`ParseCache::lines_for`]'s) when it is
    /// `file`'s and its stamp is still `stamp`, decoded.
    pub fn decode<T: DeserializeOwned>(
        &self,
        line: &str,
        file: &str,
        stamp: Stamp,
    ) -> Option<Entry<T>> {
        let e: Entry<T> = serde_json::from_str(line).ok()?;
        let valid = e.stamp == stamp
            && e.lines.len() == e.records.len()
            && e.file.as_os_str().as_encoded_bytes() == file.as_bytes();
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

    /// Notes that a file seen had a line in the cache (from [`ParseCache::lines_for`]) that
    /// did not serve it: the file changed. Told for each such file, it lets
    /// [`ParseCache::save`] know that no line is of a file that is gone without looking
    /// each line up (telling it for no file is always right, and only slower).
    pub fn note_stale(&self) {
        self.stale
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Number of files served from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes the cache when it changed: old entries still valid for `files` plus the new
    /// ones, into the delta while it is small, else into a new main file. A failure to
    /// write is ignored (the cache is only an optimisation).
    /// `files` are every record file seen, relative to the inventory (a path that is not
    /// text is not cached).
    pub fn save(self, files: &[&str]) {
        let Some(path) = self.path else { return };
        let new = self.new.into_inner().unwrap_or_default();
        // Every file came from the cache and the cache holds nothing else: it is up to
        // date, and checking it line by line (200,000 paths) would cost a tenth of a second.
        let hits = self.hits.load(std::sync::atomic::Ordering::Relaxed);
        let main_lines = body(&self.text).count();
        let held = (main_lines + body(&self.delta).count()).saturating_sub(self.shadowed);
        if new.is_empty() && hits == files.len() && held == hits {
            return;
        }
        // Each line held is of a file seen (one it served, or one whose line went stale):
        // no file is gone, and no line needs looking up among the files (a tenth of a
        // second at 100,000 nodes, for one edited file).
        let stale = self.stale.load(std::sync::atomic::Ordering::Relaxed);
        let none_gone = hits + stale == held;
        // Keys as text, without a path allocation per line (a path JSON had to escape, or
        // one spelled another way, matches nothing and is only parsed again).
        let set = std::cell::OnceCell::new();
        let seen = |f: &str| {
            none_gone
                || set
                    .get_or_init(|| files.iter().copied().collect::<HashSet<&str>>())
                    .contains(f)
        };
        let fresh: HashSet<&str> = new.iter().filter_map(|(f, _)| f.to_str()).collect();
        // A main line of a file parsed again stays (the delta's entry wins); one of a file
        // that is gone makes the delta merge.
        let main_dropped =
            !none_gone && body(&self.text).any(|l| line_file(l).is_none_or(|f| !seen(f)));
        let mut delta = Vec::new();
        let mut delta_dropped = false;
        for line in body(&self.delta) {
            match line_file(line) {
                Some(f) if seen(f) && !fresh.contains(f) => delta.push(line),
                _ => delta_dropped = true,
            }
        }
        if new.is_empty() && !main_dropped && !delta_dropped && !self.text.as_str().is_empty() {
            return;
        }
        delta.extend(new.iter().map(|(_, l)| l.as_str()));
        delta.sort_by(|a, b| line_file(a).cmp(&line_file(b)));
        if let Some(dir) = path.parent() {
            forget_old_caches(dir);
        }
        let main = body_text(&self.text);
        if !main_dropped && !main.is_empty() && delta.len() <= DELTA_MAX.max(main_lines / 8) {
            let shadowed = delta
                .iter()
                .filter(|l| line_file(l).is_some_and(|f| sorted_lines_hold(main, f)))
                .count();
            let out = joined(&format!("{} delta {shadowed}", layout()), &delta, 0);
            crate::fsutil::save_private(&delta_path(&path), out.as_bytes());
            return;
        }
        // The merge: the main lines the delta does not replace, and the delta's.
        let replaced: HashSet<&str> = delta.iter().filter_map(|l| line_file(l)).collect();
        let mut all: Vec<&str> = body(&self.text)
            .filter(|l| line_file(l).is_some_and(|f| seen(f) && !replaced.contains(f)))
            .chain(delta)
            .collect();
        // Stable sort, which finds runs: the kept lines are already in order (the file was
        // written sorted), so this costs a merge, not a sort of 200,000 lines.
        all.sort_by(|a, b| line_file(a).cmp(&line_file(b)));
        let out = joined(&layout(), &all, main.len());
        crate::fsutil::save_private(&path, out.as_bytes());
        let _ = std::fs::remove_file(delta_path(&path));
    }
}

/// The delta file beside the cache file `path` (`<key>.delta.jsonl`).
fn delta_path(path: &Path) -> PathBuf {
    path.with_extension("delta.jsonl")
}

/// The entry lines of a cache text (all but the header line).
fn body(text: &CacheText) -> impl Iterator<Item = &str> {
    body_text(text).lines()
}

/// The text of a cache file after its header line.
fn body_text(text: &CacheText) -> &str {
    text.as_str().split_once('\n').map_or("", |(_, rest)| rest)
}

/// `header` and `lines`, one per line.
fn joined(header: &str, lines: &[&str], size_hint: usize) -> String {
    let mut out = String::with_capacity(size_hint.max(header.len() + lines.len() * 256));
    out.push_str(header);
    out.push('\n');
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether `text`, lines sorted by their file, holds a line for `file`: a bisection over
/// the bytes, no pass over the text.
fn sorted_lines_hold(text: &str, file: &str) -> bool {
    let at = lower_bound(text, file);
    let line = text[at..].split('\n').next().unwrap_or("");
    line_file(line) == Some(file)
}

/// The lines of `text` (sorted by their file) whose file is below the folder `dir`: those
/// from the first at or after `dir/` to the first at or after `dir0` (`0` follows `/`).
fn folder_block<'a>(text: &'a str, dir: &str) -> &'a str {
    let start = lower_bound(text, &format!("{dir}/"));
    let end = lower_bound(text, &format!("{dir}0")).max(start);
    &text[start..end]
}

/// The byte offset in `text` (lines sorted by their file) of the first line whose file is
/// not before `key`, or the end: a bisection over the bytes, no pass over the text.
fn lower_bound(text: &str, key: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    // `lo` is always at the start of a line, `hi` at the start of one or the end; every
    // line before `lo` is before `key`, and the line at `hi` (if any) is not.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |i| start + i);
        // A line without a file sorts first.
        if line_file(&text[start..end]).is_some_and(|f| f >= key) {
            hi = start;
        } else {
            lo = (end + 1).min(hi);
        }
    }
    lo
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(version: u64) -> Stamp {
        // Long ago: not racy.
        Stamp {
            size: version,
            mtime_ns: 1_000_000_000,
            ctime_ns: 1_000_000_000 + version as i64,
            ino: 7,
        }
    }

    fn put(cache: &ParseCache, file: &str, version: u64) {
        let record = format!("{file} v{version}");
        cache.put(&Entry {
            file: PathBuf::from(file),
            stamp: stamp(version),
            in_list: false,
            lines: vec![1],
            records: vec![&record],
        });
    }

    /// What the cache at `path` says of `file` at `version`: its record, if it answers.
    fn answer(path: &Path, file: &str, version: u64) -> Option<String> {
        let cache = ParseCache::at(path.to_path_buf());
        let lines = cache.lines_for("nodes");
        let e = cache.lookup::<String>(&lines, Path::new(file), stamp(version))?;
        e.records.into_iter().next()
    }

    fn paths<'a>(names: &[&'a str]) -> Vec<&'a str> {
        names.to_vec()
    }

    #[test]
    fn an_edit_goes_to_the_delta_and_a_removal_merges_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let names = ["nodes/a.yaml", "nodes/b.yaml", "nodes/c.yaml"];
        let cache = ParseCache::at(path.clone());
        for n in names {
            put(&cache, n, 1);
        }
        cache.save(&paths(&names));
        let main = std::fs::read(&path).unwrap();
        assert!(!delta_path(&path).exists());

        // b edited: only the delta is written; its entry wins over the main file's.
        let cache = ParseCache::at(path.clone());
        put(&cache, "nodes/b.yaml", 2);
        cache.save(&paths(&names));
        assert_eq!(std::fs::read(&path).unwrap(), main, "main file untouched");
        let delta = std::fs::read_to_string(delta_path(&path)).unwrap();
        assert!(
            delta.lines().next().unwrap().ends_with(" delta 1"),
            "{delta}"
        );
        assert_eq!(
            answer(&path, "nodes/b.yaml", 2).as_deref(),
            Some("nodes/b.yaml v2")
        );
        assert_eq!(
            answer(&path, "nodes/b.yaml", 1),
            None,
            "the old parse no longer answers"
        );
        assert_eq!(
            answer(&path, "nodes/a.yaml", 1).as_deref(),
            Some("nodes/a.yaml v1")
        );

        // Everything served from the cache: nothing is written, not even the delta.
        let cache = ParseCache::at(path.clone());
        let lines = cache.lines_for("nodes");
        for (n, v) in [
            ("nodes/a.yaml", 1),
            ("nodes/b.yaml", 2),
            ("nodes/c.yaml", 1),
        ] {
            assert!(cache
                .lookup::<String>(&lines, Path::new(n), stamp(v))
                .is_some());
        }
        drop(lines);
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let before = (inode(&path), inode(&delta_path(&path)));
        cache.save(&paths(&names));
        assert_eq!((inode(&path), inode(&delta_path(&path))), before);

        // c removed: the delta is merged into a new main file, without c.
        let cache = ParseCache::at(path.clone());
        cache.save(&paths(&names[..2]));
        assert!(!delta_path(&path).exists());
        let merged = std::fs::read_to_string(&path).unwrap();
        assert_eq!(merged.lines().count(), 3, "{merged}");
        assert!(!merged.contains("nodes/c.yaml"));
        assert_eq!(
            answer(&path, "nodes/b.yaml", 2).as_deref(),
            Some("nodes/b.yaml v2")
        );
    }

    /// Looks `names` up at their `versions` as the loader does: a file whose line does
    /// not answer is noted stale and parsed again (put) at its version.
    fn load_as_the_loader_does(path: &Path, names: &[&str], versions: &[u64]) {
        let cache = ParseCache::at(path.to_path_buf());
        let lines = cache.lines_for("nodes");
        for (n, v) in names.iter().zip(versions) {
            if cache
                .lookup::<String>(&lines, Path::new(n), stamp(*v))
                .is_none()
            {
                if lines.iter().any(|(f, _)| f == n) {
                    cache.note_stale();
                }
                put(&cache, n, *v);
            }
        }
        drop(lines);
        cache.save(names);
    }

    #[test]
    fn stale_lines_noted_spare_the_check_but_a_file_gone_still_merges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let names = ["nodes/a.yaml", "nodes/b.yaml", "nodes/c.yaml"];
        load_as_the_loader_does(&path, &names, &[1, 1, 1]);
        let main = std::fs::read(&path).unwrap();
        // b edited: only the delta is written.
        load_as_the_loader_does(&path, &names, &[1, 2, 1]);
        assert_eq!(std::fs::read(&path).unwrap(), main, "main file untouched");
        assert_eq!(
            answer(&path, "nodes/b.yaml", 2).as_deref(),
            Some("nodes/b.yaml v2")
        );
        // c edited and a removed: the lines held outnumber the files seen (served or
        // stale), so each line is checked, and the merge drops a.
        load_as_the_loader_does(&path, &names[1..], &[2, 3]);
        assert!(!delta_path(&path).exists(), "merged");
        let merged = std::fs::read_to_string(&path).unwrap();
        assert!(!merged.contains("nodes/a.yaml"), "{merged}");
        assert_eq!(
            answer(&path, "nodes/c.yaml", 3).as_deref(),
            Some("nodes/c.yaml v3")
        );
        assert_eq!(
            answer(&path, "nodes/b.yaml", 2).as_deref(),
            Some("nodes/b.yaml v2")
        );
    }

    #[test]
    fn a_large_delta_is_merged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let names: Vec<String> = (0..DELTA_MAX + 10)
            .map(|i| format!("nodes/n{i:05}.yaml"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let cache = ParseCache::at(path.clone());
        for n in &names {
            put(&cache, n, 1);
        }
        cache.save(&paths(&names));
        let cache = ParseCache::at(path.clone());
        for n in &names {
            put(&cache, n, 2);
        }
        cache.save(&paths(&names));
        assert!(!delta_path(&path).exists(), "every file changed: merged");
        for n in &names {
            assert_eq!(
                answer(&path, n, 2).as_deref(),
                Some(format!("{n} v2").as_str())
            );
        }
    }

    #[test]
    fn a_folder_block_is_exactly_the_lines_below_the_folder() {
        let mut files = vec![
            "bmcs/b1.yaml",
            "groups/g.yaml",
            "nodes-x/n.yaml",
            "nodes.d/n.yaml",
            "nodes/a.yaml",
            "nodes/sub/b.yaml",
            "nodes/z.yaml",
            "nodes0/n.yaml",
            "nodesx/n.yaml",
            "tenants/t.yaml",
        ];
        files.sort_unstable();
        let text: String = files
            .iter()
            .map(|f| format!("{{\"file\":\"{f}\",\"stamp\":{{}}}}\n"))
            .collect();
        let block: Vec<&str> = folder_block(&text, "nodes")
            .lines()
            .filter_map(line_file)
            .collect();
        assert_eq!(block, ["nodes/a.yaml", "nodes/sub/b.yaml", "nodes/z.yaml"]);
        let block: Vec<&str> = folder_block(&text, "bmcs")
            .lines()
            .filter_map(line_file)
            .collect();
        assert_eq!(block, ["bmcs/b1.yaml"]);
        assert_eq!(folder_block(&text, "pdus"), "");
        assert_eq!(folder_block("", "nodes"), "");
    }

    #[test]
    fn the_bisection_finds_exactly_the_files_held() {
        let files: Vec<String> = (0..300).map(|i| format!("nodes/n{i:03}.yaml")).collect();
        let text: String = files
            .iter()
            .map(|f| format!("{{\"file\":\"{f}\",\"stamp\":{{}}}}\n"))
            .collect();
        for f in &files {
            assert!(sorted_lines_hold(&text, f), "{f}");
        }
        for f in ["nodes/a.yaml", "nodes/n0.yaml", "nodes/n150x.yaml", "z"] {
            assert!(!sorted_lines_hold(&text, f), "{f}");
        }
        assert!(!sorted_lines_hold("", "nodes/a.yaml"));
    }
}
