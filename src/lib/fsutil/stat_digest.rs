//! A digest of many files' stat, as git's index keeps one per file: path, type and mode,
//! owner, inode, size, mtime and ctime. Two digests of the same paths are equal only when
//! no file was created, removed, replaced, written, chmod'ed or chown'ed in between
//! (any of those moves the ctime, which no tool can set back). Nothing is read: the cost
//! is one statx per path, spread over every core.
//!
//! A change made within one timestamp tick of the stat may not show; callers that keep a
//! digest for later must vouch another way for the paths that changed too recently (git's
//! "racily clean" rule: [`digest_noting_recent`]).

use super::Placed;
use rayon::prelude::*;
use std::path::Path;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// Paths per parallel piece; fixed so that a digest does not depend on the core count.
const CHUNK: usize = 4096;

/// The digest of a list of paths' stat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    /// XXH3-128 over every path's stat record, in order.
    pub hash: u128,
}

/// The digest of the stat of `base/rel` for each of `rels`, in that order. A symbolic link
/// counts with its target (an edit of the target shows); a missing path counts as
/// missing.
pub fn digest(base: &Path, rels: &[&str]) -> Digest {
    digest_noting_recent(base, rels, i64::MAX).0
}

/// A path of a digest that changed (mtime or ctime, its own or its link target's) at or
/// after a given moment: a change within the same timestamp tick after the stat would not
/// show in the digest, so whoever keeps the digest must check such a path another way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// Its position in the paths given.
    pub index: usize,
    /// It is a folder (or a link to one), not a file.
    pub folder: bool,
}

/// [`digest`], also returning the paths (in order) whose mtime or ctime is at or after
/// `since_ns` (ns since the epoch).
pub fn digest_noting_recent(base: &Path, rels: &[&str], since_ns: i64) -> (Digest, Vec<Recent>) {
    let scanned = digest_with_facts(base, rels, since_ns, false);
    (scanned.digest, scanned.recent)
}

/// What a stat said of one path of a digest: its stamp when it is a regular file (not a
/// link), else `None`.
pub type FileFacts = Option<FileStamp>;

/// Size, mtime, ctime (ns) and inode of a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// mtime, ns since the epoch.
    pub mtime_ns: i64,
    /// ctime, ns since the epoch.
    pub ctime_ns: i64,
    /// Inode number.
    pub ino: u64,
}

/// What one chunk of paths gives: its hash, recent paths, facts and entry hashes.
type Piece = (u128, Vec<Recent>, Vec<FileFacts>, Vec<u64>);

/// What [`digest_with_facts`] found.
#[derive(Debug)]
pub struct Scanned {
    /// The digest of every path.
    pub digest: Digest,
    /// The paths changed at or after the moment given.
    pub recent: Vec<Recent>,
    /// What each path's stat said, in order (empty unless asked for).
    pub facts: Vec<FileFacts>,
    /// Each path's own digest (its name, its stat, its link target's), in order (empty
    /// unless facts were asked for): equal in two scans only when the path did not change,
    /// so that a later scan can tell which paths changed.
    pub entries: Vec<u64>,
}

/// [`digest_noting_recent`], also returning what each path's stat said (in order) and
/// each path's own digest when `facts` is set (else empty lists).
pub fn digest_with_facts(base: &Path, rels: &[&str], since_ns: i64, facts: bool) -> Scanned {
    // Paths are looked up from the base folder's descriptor: fewer components to walk.
    let Some(dir) = open_folder(base) else {
        return Scanned {
            digest: Digest::never(),
            recent: Vec::new(),
            facts: Vec::new(),
            entries: Vec::new(),
        };
    };
    let pieces: Vec<Piece> = rels
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut h = Xxh3::new();
            let mut recent = Vec::new();
            let wanted = if facts { chunk.len() } else { 0 };
            let mut found = Vec::with_capacity(wanted);
            let mut entries = Vec::with_capacity(wanted);
            // What the digests take of one path, gathered so that each hashes it in one
            // call (many 8-byte updates of a streaming hash cost more than the stat).
            let mut bytes = Vec::with_capacity(512);
            for (i, rel) in chunk.iter().enumerate() {
                bytes.clear();
                bytes.extend_from_slice(rel.as_bytes());
                bytes.push(0);
                // The path as stat(2) takes it: `bytes` so far, NUL-terminated.
                let name = ..bytes.len();
                let st = match stat_at(&dir, &bytes[name], false) {
                    Ok(st) => st,
                    Err(err) => {
                        bytes.extend_from_slice(format!("missing {:?}", err.kind()).as_bytes());
                        h.update(&bytes);
                        if facts {
                            found.push(None);
                            entries.push(xxh3_64(&bytes));
                        }
                        continue;
                    }
                };
                if facts {
                    let regular = st.st_mode & libc::S_IFMT == libc::S_IFREG;
                    found.push(regular.then(|| FileStamp {
                        size: st.st_size as u64,
                        mtime_ns: ns(st.st_mtime, st.st_mtime_nsec),
                        ctime_ns: ns(st.st_ctime, st.st_ctime_nsec),
                        ino: st.st_ino,
                    }));
                }
                let mut times = record(&mut bytes, &st);
                let mut mode = st.st_mode;
                if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
                    if let Ok(target) = stat_at(&dir, &bytes[name], true) {
                        times = later(times, record(&mut bytes, &target));
                        mode = target.st_mode;
                    }
                }
                h.update(&bytes);
                if facts {
                    entries.push(xxh3_64(&bytes));
                }
                if times.0.max(times.1) >= since_ns {
                    recent.push(Recent {
                        index: c * CHUNK + i,
                        folder: mode & libc::S_IFMT == libc::S_IFDIR,
                    });
                }
            }
            (h.digest128(), recent, found, entries)
        })
        .collect();
    let mut h = Xxh3::new();
    let mut recent = Vec::new();
    let wanted = if facts { rels.len() } else { 0 };
    let mut all = Vec::with_capacity(wanted);
    let mut entries = Vec::with_capacity(wanted);
    for (piece, r, f, e) in pieces {
        h.update(&piece.to_le_bytes());
        recent.extend(r);
        all.extend(f);
        entries.extend(e);
    }
    Scanned {
        digest: Digest {
            hash: h.digest128(),
        },
        recent,
        facts: all,
        entries,
    }
}

impl Digest {
    /// A digest that matches no other: for what cannot be stat'ed again (a base folder
    /// that cannot be opened, a name that is not UTF-8).
    pub fn never() -> Digest {
        let mut h = Xxh3::new();
        h.update(&crate::inventory::input_scan::now_ns().to_le_bytes());
        h.update(&std::process::id().to_le_bytes());
        Digest {
            hash: h.digest128(),
        }
    }
}

/// The folder `path` opened to look paths up from (`O_PATH`: no read permission needed,
/// and a FIFO in its place cannot block); `None` when it is not a folder.
pub(crate) fn open_folder(path: &Path) -> Option<std::fs::File> {
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    // SAFETY: a descriptor open(2) just returned, owned by nothing else.
    (fd >= 0).then(|| unsafe { std::fs::File::from_raw_fd(fd) })
}

fn later(a: (i64, i64), b: (i64, i64)) -> (i64, i64) {
    (a.0.max(b.0), a.1.max(b.1))
}

/// fstatat(2) of the NUL-ended `name` below the folder `dir`; `follow`: a link's target.
pub(crate) fn stat_at(
    dir: &std::fs::File,
    name: &[u8],
    follow: bool,
) -> std::io::Result<libc::stat> {
    use std::os::fd::AsRawFd;
    debug_assert_eq!(name.last(), Some(&0));
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: an all-zero `stat` is a valid value; fstatat only writes into it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is NUL-terminated and outlives the call; the descriptor is open.
    let rc = unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr().cast(), &mut st, flags) };
    if rc == 0 {
        Ok(st)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Seconds and nanoseconds as ns since the epoch, saturating outside 1677–2262.
pub(crate) fn ns(secs: i64, nsec: i64) -> i64 {
    secs.saturating_mul(1_000_000_000).saturating_add(nsec)
}

/// Appends one stat record to `bytes` (what the digests take of it); returns its mtime
/// and ctime.
fn record(bytes: &mut Vec<u8>, m: &libc::stat) -> (i64, i64) {
    let mtime = ns(m.st_mtime, m.st_mtime_nsec);
    let ctime = ns(m.st_ctime, m.st_ctime_nsec);
    for v in [
        m.st_dev,
        m.st_ino,
        u64::from(m.st_mode),
        u64::from(m.st_uid),
        u64::from(m.st_gid),
        m.st_size as u64,
        mtime as u64,
        ctime as u64,
    ] {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    (mtime, ctime)
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every path below the folder, relative to the base, sorted.
    pub paths: Vec<String>,
    /// What each of `paths` is, in the same order.
    pub kinds: Vec<PathKind>,
    /// Some name was not UTF-8 (it cannot be looked up again from `paths`).
    pub lossy: bool,
}

/// What a path listed by [`walk`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A folder, or a link to one inside the base: walked into (unless already walked
    /// through another name).
    Folder,
    /// A link to a folder outside the base, or a folder that cannot be resolved (a path
    /// longer than PATH_MAX through links): not walked into.
    OutsideFolder,
    /// Anything else: a file, a link to one (or to nothing), a socket…
    Leaf,
}

/// Every path below `dir` (files, folders, links), relative to `base`, sorted. Links to
/// folders that stay inside `base` are followed, as the inventory loader follows them
/// (each real folder once, known by its resolved path, so a loop ends); other links count
/// as themselves. A folder that cannot be read counts as an entry with no children.
pub fn walk(base: &Path, dir: &str) -> Walked {
    let real_base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
    let mut found: Vec<(String, PathKind)> = Vec::new();
    let mut lossy = false;
    let mut visited = std::collections::HashSet::new();
    // Each folder to walk, and where `found` lists it (none for `dir`).
    let mut pending: Vec<(String, Option<usize>)> = vec![(dir.to_string(), None)];
    while let Some((d, at)) = pending.pop() {
        let full = base.join(&d);
        match super::place_within(&real_base, &full) {
            Placed::Inside(real) => {
                if !visited.insert(real) {
                    continue;
                }
            }
            Placed::Missing => continue,
            // Not shown to be inside (it cannot be resolved, or it moved out since it was
            // listed): as the loader does, not walked, and it counts as a link outside.
            Placed::Outside => {
                if let Some(at) = at {
                    found[at].1 = PathKind::OutsideFolder;
                }
                continue;
            }
        }
        let Ok(entries) = std::fs::read_dir(&full) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                lossy = true;
                continue;
            };
            let rel = format!("{d}/{name}");
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => match super::place_within(&real_base, &entry.path()) {
                    Placed::Inside(real) if real.is_dir() => PathKind::Folder,
                    // A link to a folder outside, or one that cannot be resolved: never
                    // followed.
                    Placed::Outside if entry.path().is_dir() => PathKind::OutsideFolder,
                    _ => PathKind::Leaf,
                },
                Ok(t) if t.is_dir() => PathKind::Folder,
                _ => PathKind::Leaf,
            };
            if kind == PathKind::Folder {
                pending.push((rel.clone(), Some(found.len())));
            }
            found.push((rel, kind));
        }
    }
    // 100,000 names sharing a long prefix: a fifth of a lint's serial start, halved.
    found.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (paths, kinds) = found.into_iter().unzip();
    Walked {
        paths,
        kinds,
        lossy,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Sets the mtime of the file `p` to `t` (the ctime moves, as it always does).
    pub(crate) fn set_mtime(p: &Path, t: std::time::SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
    use std::os::unix::fs::PermissionsExt;

    fn digest_of(dir: &Path) -> Digest {
        let rels = walk(dir, "d").paths;
        let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
        digest(dir, &rels)
    }

    #[test]
    fn every_kind_of_change_moves_the_digest_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        for i in 0..10_000 {
            std::fs::write(d.join(format!("f{i}")), i.to_string()).unwrap();
        }
        std::fs::write(d.join("sub/target"), "t").unwrap();
        std::os::unix::fs::symlink("sub/target", d.join("link")).unwrap();
        let first = digest_of(dir.path());
        assert_eq!(
            digest_of(dir.path()),
            first,
            "the same tree, the same digest"
        );
        let changes: [(&str, &dyn Fn()); 5] = [
            ("content, mtime set back", &|| {
                let p = d.join("f77");
                let old = std::fs::metadata(&p).unwrap().modified().unwrap();
                std::fs::write(&p, "xx").unwrap();
                set_mtime(&p, old);
            }),
            ("mode", &|| {
                std::fs::set_permissions(d.join("f5"), std::fs::Permissions::from_mode(0o600))
                    .unwrap()
            }),
            ("removal", &|| {
                std::fs::remove_file(d.join("f9999")).unwrap()
            }),
            ("addition", &|| {
                std::fs::write(d.join("sub/new"), "n").unwrap()
            }),
            ("a link's target", &|| {
                std::fs::write(d.join("sub/target"), "other").unwrap()
            }),
        ];
        let mut last = first;
        for (what, change) in changes {
            change();
            let now = digest_of(dir.path());
            assert_ne!(now.hash, last.hash, "{what} must change the digest");
            last = now;
        }
    }

    #[test]
    fn links_to_folders_inside_are_followed_as_the_loader_does() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("inv");
        std::fs::create_dir_all(base.join("d")).unwrap();
        std::fs::create_dir_all(base.join("racks/r1")).unwrap();
        std::fs::write(base.join("racks/r1/n5.yaml"), "a").unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::fs::write(dir.path().join("outside/x"), "x").unwrap();
        std::os::unix::fs::symlink("../racks/r1", base.join("d/r1")).unwrap();
        std::os::unix::fs::symlink("../../outside", base.join("d/out")).unwrap();
        std::os::unix::fs::symlink("..", base.join("d/loop")).unwrap();
        let walked = walk(&base, "d");
        // Each real folder once, through whichever link reaches it first.
        let behind = |p: &String| p.ends_with("r1/n5.yaml");
        assert_eq!(
            walked.paths.iter().filter(|p| behind(p)).count(),
            1,
            "{walked:?}"
        );
        assert!(walked.paths.contains(&"d/out".to_string()), "{walked:?}");
        assert!(
            !walked.paths.iter().any(|p| p.starts_with("d/out/")),
            "{walked:?}"
        );
        assert!(!walked.lossy);
        let before = digest_of(&base);
        // An edit in place behind the link, its mtime set back.
        let p = base.join("racks/r1/n5.yaml");
        let old = std::fs::metadata(&p).unwrap().modified().unwrap();
        std::fs::write(&p, "b").unwrap();
        set_mtime(&p, old);
        assert_ne!(digest_of(&base).hash, before.hash);
    }

    #[test]
    fn a_base_that_cannot_be_opened_never_matches() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let (a, b) = (digest(&gone, &["x"]), digest(&gone, &["x"]));
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn recent_paths_are_those_changed_since_the_moment_given() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/a"), "a").unwrap();
        std::fs::write(dir.path().join("d/b"), "b").unwrap();
        // The mtime set back: the ctime still counts.
        set_mtime(&dir.path().join("d/b"), std::time::UNIX_EPOCH);
        let now = crate::inventory::input_scan::now_ns();
        let rels = ["d", "d/a", "d/b", "d/missing"];
        let (_, recent) = digest_noting_recent(dir.path(), &rels, now - 5_000_000_000);
        let found: Vec<(usize, bool)> = recent.iter().map(|r| (r.index, r.folder)).collect();
        assert_eq!(found, [(0, true), (1, false), (2, false)]);
        let (_, later) = digest_noting_recent(dir.path(), &rels, now + 5_000_000_000);
        assert!(later.is_empty(), "{later:?}");
    }
}
