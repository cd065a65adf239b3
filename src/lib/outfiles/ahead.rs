//! Writing ahead: while a generator is still producing files, each file that will surely
//! change (missing on disk, or of another size) is written to a temporary file beside
//! its destination and its write-back to disk begins, so that the disk works while the
//! CPU produces the rest. Nothing is visible before the plan is applied
//! ([`super::Plan::apply_ahead`]), which renames these files into place with the
//! others. A run that fails, or stops before applying, drops the [`WriteAhead`]: its
//! temporary files are removed, and so is the output folder when it made it and it is
//! still empty.
//!
//! Files of the same size as on disk are left to the plan, which compares them: a run
//! that changes nothing writes nothing. SIGINT is deferred while a `WriteAhead` lives, so
//! that no temporary file is left behind; the commit then stops and removes them all.

use super::desired::path_problem;
use crate::fsutil::stage_ahead;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files written ahead into one output folder.
pub struct WriteAhead {
    dir: PathBuf,
    /// Folders this made (outermost first), removed on drop when still empty.
    made: Vec<PathBuf>,
    /// Destination → (content length, temporary file).
    staged: Mutex<HashMap<PathBuf, (usize, tempfile::TempPath)>>,
    _critical: crate::interrupt::Critical,
}

impl WriteAhead {
    /// Prepares writing ahead into `dir`, making it when missing. `None` when it cannot
    /// be made: the plan will then say why.
    pub fn new(dir: &Path) -> Option<WriteAhead> {
        let critical = crate::interrupt::Critical::enter();
        let made: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        std::fs::create_dir_all(dir).ok()?;
        Some(WriteAhead {
            dir: dir.to_path_buf(),
            made,
            staged: Mutex::new(HashMap::new()),
            _critical: critical,
        })
    }

    /// Offers `content` for `rel` (relative to the folder): it is written ahead when the
    /// file on disk is missing or of another size, its folder exists and the path is a
    /// plain relative one. Anything that fails here is left to the plan.
    pub fn offer(&self, rel: &str, content: &[u8]) {
        if crate::interrupt::interrupted() || path_problem(rel).is_some() {
            return;
        }
        let full = self.dir.join(rel);
        if !full.parent().is_some_and(Path::is_dir) {
            return;
        }
        match std::fs::symlink_metadata(&full) {
            Ok(m) if !m.is_file() || m.len() == content.len() as u64 => return,
            _ => {}
        }
        if let Ok(tmp) = stage_ahead(&full, content) {
            if let Ok(mut staged) = self.staged.lock() {
                staged.insert(full, (content.len(), tmp));
            }
        }
    }

    /// The file written ahead for `full` (the destination path) with `len` bytes.
    pub(super) fn take(&self, full: &Path, len: usize) -> Option<tempfile::TempPath> {
        let mut staged = self.staged.lock().ok()?;
        match staged.remove(full) {
            Some((n, tmp)) if n == len => Some(tmp),
            _ => None,
        }
    }

    /// How many files are waiting.
    pub fn len(&self) -> usize {
        self.staged.lock().map_or(0, |s| s.len())
    }

    /// True when no file is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for WriteAhead {
    fn drop(&mut self) {
        // Temporary files the plan did not take go first, then the folders this made,
        // deepest first, when nothing else is in them.
        if let Ok(mut staged) = self.staged.lock() {
            staged.clear();
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
            ahead.len(),
            1,
            "only the new file of another size goes ahead"
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
        assert!(made.join("").is_dir());
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
                manifest_written: true
            }
        );
        drop(ahead);
        assert_eq!(read(tmp.path(), "f"), "second!\n");
        assert_eq!(names(tmp.path()), [".m", "f"]);
    }
}
