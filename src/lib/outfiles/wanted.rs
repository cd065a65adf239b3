//! The content hashes of the files a plan leaves on disk that may be racily clean once it
//! is applied: written (or, in a folder switched whole, hard linked) so recently that a
//! second change within the same timestamp tick would not show in their stat. The build
//! stamp keeps these hashes for such files and the next build reads the files again to
//! compare (see [`crate::build::BuildStamp`]).
//!
//! A small folder (at most [`MAX_WANTED`] files) keeps every file's hash: a whole switch
//! moves every file's ctime. A larger one, written in place, keeps those of the files it
//! writes and of those it found right but could not index (changed less than 2 s before),
//! when they are that few. The manifest's hash is always kept.

use super::desired::Listed;
use super::stat_index::content_hash;
use super::Change;

/// Most file hashes kept for one output.
pub const MAX_WANTED: usize = 4096;

/// Path (relative to the output folder) and content hash of files as the plan leaves
/// them, sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    files: Vec<(String, u128)>,
    /// Every file of the folder is there (a small folder).
    every_file: bool,
    /// Every file the plan writes, and every file it found right that the stat index
    /// cannot know (changed too recently), is there.
    every_write: bool,
}

impl Wanted {
    /// The files of a folder plan of `count` files: `listed` (every desired file, read
    /// only when they are few), `changes` (what it writes and removes), `racy_same`
    /// (files found right but changed too recently to be indexed, with their hashes) and
    /// the manifest `manifest_name` as it will be (`None`: none).
    pub(super) fn of(
        count: usize,
        listed: &[Listed],
        changes: &[Change],
        racy_same: Vec<(String, u128)>,
        manifest_name: &str,
        manifest: Option<&[u8]>,
    ) -> Wanted {
        let every_file = count <= MAX_WANTED;
        let every_write = every_file || changes.len() + racy_same.len() <= MAX_WANTED;
        let mut v: Vec<(String, u128)> = if every_file {
            listed.iter().map(|l| (l.rel.clone(), l.content)).collect()
        } else if every_write {
            changes
                .iter()
                .filter_map(|c| {
                    let new = c.new.as_deref()?;
                    Some((c.path.to_str()?.to_string(), content_hash(new)))
                })
                .chain(racy_same)
                .collect()
        } else {
            Vec::new()
        };
        if let Some(m) = manifest {
            v.push((manifest_name.to_string(), content_hash(m)));
        }
        v.sort_unstable();
        Wanted {
            files: v,
            every_file,
            every_write,
        }
    }

    /// The one file of a single-file plan.
    pub(super) fn one(name: &str, content: &[u8]) -> Wanted {
        Wanted {
            files: vec![(name.to_string(), content_hash(content))],
            every_file: true,
            every_write: true,
        }
    }

    /// The content hash of `rel` as the plan leaves it, when kept.
    pub fn hash_of(&self, rel: &str) -> Option<u128> {
        hash_in(&self.files, rel)
    }

    /// Every path kept and its hash, sorted by path.
    pub fn files(&self) -> &[(String, u128)] {
        &self.files
    }

    /// A large folder (not every file kept) of which every file written is kept: what the
    /// stat index does not know of it after an in-place write is here.
    pub fn large_with_every_write(&self) -> bool {
        !self.every_file && self.every_write
    }
}

/// Whether every `(path, hash)` of `hashed` (paths relative to `base`, hashes in hex)
/// holds content with that hash (see [`holds`]).
pub fn all_hold(base: &std::path::Path, hashed: &[(String, String)]) -> bool {
    hashed
        .iter()
        .all(|(rel, hash)| u128::from_str_radix(hash, 16).is_ok_and(|h| holds(&base.join(rel), h)))
}

/// Whether every `(path, hash)` of `hashed` (as [`all_hold`]) holds that content and was
/// last changed (ctime) no later than `until_ns`: an output file a build wrote, with
/// `until_ns` the moment that build was over, has not been chmod'ed, chown'ed or edited
/// since (a change within the same timestamp tick as that moment aside).
pub fn all_hold_until(base: &std::path::Path, hashed: &[(String, String)], until_ns: i64) -> bool {
    hashed.iter().all(|(rel, hash)| {
        u128::from_str_radix(hash, 16).is_ok_and(|h| holds_until(&base.join(rel), h, until_ns))
    })
}

/// Whether the file `path` holds content with hash `hash`. Reads only a regular file (a
/// FIFO put in its place does not block).
pub fn holds(path: &std::path::Path, hash: u128) -> bool {
    holds_until(path, hash, i64::MAX)
}

/// [`holds`], and the file's ctime is no later than `until_ns` (see [`all_hold_until`]).
pub fn holds_until(path: &std::path::Path, hash: u128, until_ns: i64) -> bool {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(mut f) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    else {
        return false;
    };
    let changed_by = |m: &std::fs::Metadata| {
        use std::os::unix::fs::MetadataExt;
        crate::fsutil::epoch_ns(m.ctime(), m.ctime_nsec()) <= until_ns
    };
    if !f.metadata().is_ok_and(|m| m.is_file() && changed_by(&m)) {
        return false;
    }
    // Streamed: a boot tree's manifest is tens of MB.
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return h.digest128() == hash,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// The hash kept for `rel` in `files` (paths and hashes, sorted by path).
pub(crate) fn hash_in(files: &[(String, u128)], rel: &str) -> Option<u128> {
    let i = files.binary_search_by(|(p, _)| p.as_str().cmp(rel)).ok()?;
    Some(files[i].1)
}

#[cfg(test)]
mod tests {
    use crate::outfiles::{plan, plan_file, DesiredFile};

    #[test]
    fn a_plan_keeps_its_files_and_manifest_hashes_and_holds_reads_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files = vec![
            DesiredFile::new("b/x", "x\n", "t"),
            DesiredFile::new("a", "a\n", "t"),
        ];
        let p = plan(&out, ".m.json", &["t".into()], files).unwrap();
        let wanted = p.watch().wanted().clone();
        p.apply().unwrap();
        for rel in ["a", "b/x", ".m.json"] {
            let h = wanted.hash_of(rel).expect(rel);
            assert!(
                super::holds(&out.join(rel), h),
                "{rel} holds what was planned"
            );
        }
        assert_eq!(wanted.hash_of("c"), None);
        std::fs::write(out.join("a"), "A\n").unwrap();
        assert!(!super::holds(&out.join("a"), wanted.hash_of("a").unwrap()));
        assert!(
            !super::holds(&out.join("c"), 0),
            "a missing file holds nothing"
        );
        // A FIFO put in a file's place (or an input's): refused at once, never read.
        let fifo = std::ffi::CString::new(out.join("fifo").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(!super::holds(&out.join("fifo"), 0));
        let b = format!("{:032x}", wanted.hash_of("b/x").unwrap());
        assert!(super::all_hold(&out, &[("b/x".into(), b.clone())]));
        assert!(!super::all_hold(
            &out,
            &[("b/x".into(), b), ("fifo".into(), "0".into())]
        ));
        assert!(!super::all_hold(&out, &[("b/x".into(), "not hex".into())]));
        let f = dir.path().join("dhcpd.conf");
        let w = plan_file(&f, "conf\n", "isc")
            .unwrap()
            .watch()
            .wanted()
            .clone();
        std::fs::write(&f, "conf\n").unwrap();
        assert!(super::holds(&f, w.hash_of("dhcpd.conf").unwrap()));
    }

    #[test]
    fn a_large_folder_keeps_what_it_writes_and_what_it_could_not_index() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let n = super::MAX_WANTED + 10;
        let files = |changed: usize| {
            (0..n)
                .map(|i| {
                    let c = if i == changed { "new" } else { "old" };
                    DesiredFile::new(format!("f{i}"), c, "t")
                })
                .collect::<Vec<_>>()
        };
        let wanted = |changed| {
            let p = plan(&out, ".m", &["t".into()], files(changed)).unwrap();
            let w = p.watch().wanted().clone();
            // In place, as a large folder with few changes is: the others stay as they are.
            p.in_place().apply().unwrap();
            w
        };
        let w = wanted(n);
        assert!(!w.large_with_every_write(), "every file written");
        assert_eq!(w.hash_of("f7"), None);
        // Every file was written just now: right, but too recent to index, and too many.
        let w = wanted(n);
        assert!(!w.large_with_every_write(), "every file racy");
        assert_eq!(w.hash_of("f7"), None);
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let w = wanted(7);
        assert!(w.large_with_every_write());
        assert!(w.hash_of("f7").is_some(), "written");
        assert_eq!(w.hash_of("f8"), None, "unchanged and old enough to index");
        let m = w.hash_of(".m").expect("the manifest as it stays");
        assert!(super::holds(&out.join(".m"), m));
        let w = wanted(7);
        assert!(w.hash_of("f7").is_some(), "right, but written just now");
        assert_eq!(w.hash_of("f8"), None);
    }
}
