//! Writing ahead: while a generator is still producing files, each file that will surely
//! change (missing on disk, or of another size) is written at once into the output's
//! staged new version (see [`super::generation`]) and its write-back to disk begins, so
//! that the disk works while the CPU produces the rest. Nothing is visible before the plan
//! is applied ([`super::Plan::apply_ahead`]), which keeps these files and writes the
//! others. A run that fails, or stops before applying, drops the [`WriteAhead`]: the
//! staged version is removed, and so are the folders it made above it when still empty.
//!
//! Files of the same size as on disk are left to the plan, which compares them: a run
//! that changes nothing writes nothing. SIGINT is deferred while a `WriteAhead` lives, so
//! that nothing is left behind; the commit then stops and removes it all. An output
//! written in place (see [`super::Layout`]) gets no `WriteAhead`.

use super::desired::path_problem;
use super::generation::{layout_for, write_new, Layout};
use super::switch;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Files written ahead into the staged new version of one output folder.
pub struct WriteAhead {
    /// The output folder ([`switch::resolve`]d).
    dir: PathBuf,
    /// Its staged new version.
    staged: PathBuf,
    /// Folders this made above the output (outermost first), removed on drop when empty.
    made: Vec<PathBuf>,
    /// Path relative to the folder → content length, of each file written ahead.
    written: Mutex<HashMap<PathBuf, usize>>,
    /// Set once a commit's journal names the staged version: it must then stay.
    kept: AtomicBool,
    _critical: crate::interrupt::Critical,
}

impl WriteAhead {
    /// Prepares writing ahead into the staged version of `dir`, making the folders above
    /// it when missing. `None` when that cannot be done or the output is written in
    /// place: the plan will then write every file.
    pub fn new(dir: &Path) -> Option<WriteAhead> {
        let critical = crate::interrupt::Critical::enter();
        let dir = switch::resolve(dir);
        if layout_for(&dir) != Layout::Generation {
            return None;
        }
        let parent = switch::parent(&dir);
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        std::fs::create_dir_all(parent).ok()?;
        let staged = switch::staged_path(&dir);
        std::fs::create_dir(&staged).ok()?;
        Some(WriteAhead {
            dir,
            staged,
            made,
            written: Mutex::new(HashMap::new()),
            kept: AtomicBool::new(false),
            _critical: critical,
        })
    }

    /// Offers `content` for `rel` (relative to the folder): it is written ahead when the
    /// file on disk is missing or of another size and the path is a plain relative one.
    /// Anything that fails here is left to the plan.
    pub fn offer(&self, rel: &str, content: &[u8]) {
        if crate::interrupt::interrupted() || path_problem(rel).is_some() {
            return;
        }
        let live = self.dir.join(rel);
        match std::fs::symlink_metadata(&live) {
            Ok(m) if !m.is_file() || m.len() == content.len() as u64 => return,
            _ => {}
        }
        if let Ok(file) = write_new(&self.staged.join(rel), content, Some(&live), None, false) {
            start_writeback(&file);
            if let Ok(mut written) = self.written.lock() {
                written.insert(PathBuf::from(rel), content.len());
            }
        }
    }

    /// The staged version this writes into.
    #[cfg(test)]
    pub(super) fn staged(&self) -> &Path {
        &self.staged
    }

    /// Whether the file `rel` was written ahead with `len` bytes (it is then forgotten:
    /// the plan keeps it).
    pub(super) fn take_staged(&self, rel: &Path, len: usize) -> bool {
        self.written
            .lock()
            .ok()
            .and_then(|mut w| w.remove(rel))
            .is_some_and(|n| n == len)
    }

    /// Called when a commit's journal names the staged version: dropping this no
    /// longer removes it.
    pub(super) fn keep(&self) {
        self.kept.store(true, Ordering::SeqCst);
    }

    /// How many files are waiting.
    pub fn len(&self) -> usize {
        self.written.lock().map_or(0, |s| s.len())
    }

    /// True when no file is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Starts writing `file` back to disk without waiting (the commit syncs it in any case).
fn start_writeback(file: &std::fs::File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for the call; the call only starts write-back.
        unsafe { libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
    }
}

impl Drop for WriteAhead {
    fn drop(&mut self) {
        // After a commit the staged path holds the old version (already removed) or,
        // when the commit failed, a version never switched in: both are garbage.
        if !self.kept.load(Ordering::SeqCst) {
            let _ = switch::remove_any(&self.staged);
        }
        for dir in self.made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{file, read};
    use super::super::{plan, Summary};
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn files_written_ahead_are_placed_by_the_plan() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out/deep");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("same-size"), "aaaa\n").unwrap();
        let ahead = WriteAhead::new(&dir).unwrap();
        ahead.offer("new", b"new file\n");
        ahead.offer("same-size", b"bbbb\n");
        ahead.offer("missing-folder/x", b"x\n");
        ahead.offer("../escape", b"x\n");
        assert_eq!(
            names(ahead.staged()),
            ["missing-folder", "new"],
            "only new files and files of another size go ahead"
        );
        let files = vec![
            file("new", "new file\n", "t"),
            file("same-size", "bbbb\n", "t"),
            file("missing-folder/x", "x\n", "t"),
        ];
        let p = plan(&dir, ".m", &["t".into()], files).unwrap();
        let s = p.apply_ahead(Some(&ahead)).unwrap();
        assert_eq!(s.written, 3);
        assert!(ahead.is_empty(), "the plan took the file written ahead");
        drop(ahead);
        assert_eq!(read(&dir, "new"), "new file\n");
        assert_eq!(read(&dir, "same-size"), "bbbb\n");
        assert_eq!(read(&dir, "missing-folder/x"), "x\n");
        assert_eq!(names(&dir), [".m", "missing-folder", "new", "same-size"]);
        assert!(!tmp.path().join("escape").exists());
    }

    #[test]
    fn a_run_that_stops_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("keep"), "old\n").unwrap();
        let ahead = WriteAhead::new(tmp.path()).unwrap();
        ahead.offer("keep", b"a longer new content\n");
        ahead.offer("other", b"x\n");
        assert_eq!(ahead.len(), 2);
        drop(ahead);
        assert_eq!(names(tmp.path()), ["keep"]);
        assert_eq!(read(tmp.path(), "keep"), "old\n");

        let made = tmp.path().join("a/b/c");
        let ahead = WriteAhead::new(&made).unwrap();
        ahead.offer("f", b"x\n");
        assert!(ahead.staged().join("f").is_file());
        assert!(!made.exists(), "nothing is visible before the commit");
        drop(ahead);
        assert!(
            !tmp.path().join("a").exists(),
            "the folders it made are gone"
        );
        assert_eq!(names(tmp.path()), ["keep"]);
    }

    #[test]
    fn a_file_changed_after_the_offer_is_written_from_the_plan() {
        let tmp = tempfile::tempdir().unwrap();
        let ahead = WriteAhead::new(tmp.path()).unwrap();
        ahead.offer("f", b"first\n");
        // The plan holds other content (of another length): the staged file is not used.
        let p = plan(
            tmp.path(),
            ".m",
            &["t".into()],
            vec![file("f", "second!\n", "t")],
        )
        .unwrap();
        let s = p.apply_ahead(Some(&ahead)).unwrap();
        assert_eq!(
            s,
            Summary {
                written: 1,
                removed: 0,
                unchanged: 0,
                manifest_written: true,
                in_place: None
            }
        );
        drop(ahead);
        assert_eq!(read(tmp.path(), "f"), "second!\n");
        assert_eq!(names(tmp.path()), [".m", "f"]);
    }
}
