//! Multi-file transactions: every file is staged first, and renamed into place only when
//! all are staged, so a failure leaves every earlier file as it was.

use super::staging::{inode, stage_folder, StagedRecord, StagedRename};
use super::write::{parent, stage_in_existing};
use super::{create_folders_with_mode, fs_err, sync_dir, sync_filesystem, CommitError};
use super::{FileMode, FsError, FOLDER_MODE, SMALL_BATCH};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A set of file writes and removals applied together: every new content is staged in a
/// temporary file first; only when all are staged are they renamed into place and the
/// removals done. Dropping an uncommitted transaction deletes the staged files.
#[derive(Default)]
pub struct Transaction {
    /// (path, content, may the file exist already, explicit mode).
    writes: Vec<(PathBuf, Vec<u8>, bool, Option<FileMode>)>,
    removals: Vec<PathBuf>,
    /// The folder whose staging folder holds the staged files (else beside each target).
    stage_in: Option<PathBuf>,
}

impl Transaction {
    /// An empty transaction.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stages every file in this run's staging folder inside `dir` (see
    /// fsutil/staging.rs), which must be on the filesystem of every target: a killed run
    /// then leaves its files in one place, and [`Transaction::commit_with`] can record them.
    pub fn staged_in(&mut self, dir: impl Into<PathBuf>) {
        self.stage_in = Some(dir.into());
    }

    /// Queues a write of `content` to `path`.
    pub fn write(&mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) {
        self.writes.push((path.into(), content.into(), true, None));
    }

    /// Queues a write of `content` to `path` with exactly `mode` (see [`FileMode`]),
    /// whatever the umask or the mode of the file it replaces.
    pub fn write_with_mode(
        &mut self,
        path: impl Into<PathBuf>,
        content: impl Into<Vec<u8>>,
        mode: FileMode,
    ) {
        self.writes
            .push((path.into(), content.into(), true, Some(mode)));
    }

    /// Queues a write of `content` to `path`, which the caller knows does not exist yet
    /// (it gets the default mode; an existing file there would still be replaced).
    pub fn create(&mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) {
        self.writes.push((path.into(), content.into(), false, None));
    }

    /// Queues the removal of `path`.
    pub fn remove(&mut self, path: impl Into<PathBuf>) {
        self.removals.push(path.into());
    }

    /// The queued writes (path, new content) and removals, in order, for a dry run.
    pub fn planned(&self) -> (Vec<(&PathBuf, &[u8])>, &[PathBuf]) {
        let writes = self
            .writes
            .iter()
            .map(|(p, c, _, _)| (p, c.as_slice()))
            .collect();
        (writes, &self.removals)
    }

    /// Number of queued writes and removals.
    pub fn len(&self) -> usize {
        self.writes.len() + self.removals.len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stages every write, flushes them to disk in one go, then renames them all into place
    /// and does the removals. When staging fails or SIGINT arrives while staging, nothing
    /// has changed; once the renames begin, they are all done.
    pub fn commit(self) -> Result<(), CommitError> {
        self.commit_with(|_| Ok(()))
    }

    /// [`Transaction::commit`], calling `before_renames` once everything is staged and
    /// synced and before the first rename, with the [`StagedRecord`] of what is left to
    /// do (empty renames when the transaction has no staging folder): the caller writes it
    /// into a journal so that the next run can finish a run killed while renaming. An
    /// error from it stops the commit with nothing changed.
    pub fn commit_with(
        self,
        before_renames: impl FnOnce(&StagedRecord) -> Result<(), FsError>,
    ) -> Result<(), CommitError> {
        use rayon::prelude::*;
        let _critical = crate::interrupt::Critical::enter();
        let dirs: BTreeSet<&Path> = self
            .writes
            .iter()
            .map(|(p, ..)| parent(p))
            .chain(self.removals.iter().map(|p| parent(p)))
            .collect();
        // Every folder is created once, not once per file; those of files with an explicit
        // mode get an explicit mode too.
        let mut folders: BTreeMap<&Path, bool> = BTreeMap::new();
        for (p, _, _, mode) in &self.writes {
            *folders.entry(parent(p)).or_default() |= mode.is_some();
        }
        for (dir, explicit) in folders {
            if explicit {
                create_folders_with_mode(dir, FOLDER_MODE)?;
            } else {
                std::fs::create_dir_all(dir).map_err(fs_err("cannot create folder", dir))?;
            }
        }
        let stage = match &self.stage_in {
            Some(dir) => Some(StageGuard::make(dir)?),
            None => None,
        };
        let into = stage.as_ref().map(|s| s.path.as_path());
        // A few files: each is synced as soon as it is written, while the other threads
        // write theirs, and the rest of a shared filesystem is left alone. Many files:
        // one syncfs once all are written.
        let sync_each = self.writes.len() <= SMALL_BATCH;
        // Staged files are closed (TempPath) so that thousands can wait for the rename.
        let staged: Vec<(&PathBuf, tempfile::TempPath)> = self
            .writes
            .par_iter()
            .map(|(path, content, may_exist, mode)| {
                // Stop staging as soon as SIGINT arrives; what was staged is removed.
                if crate::interrupt::interrupted() {
                    return Err(CommitError::Interrupted(crate::interrupt::Interrupted));
                }
                let tmp = stage_in_existing(path, content, *may_exist, *mode, into)?;
                if sync_each {
                    tmp.as_file()
                        .sync_data()
                        .map_err(fs_err("cannot write", path))?;
                }
                Ok((path, tmp.into_temp_path()))
            })
            .collect::<Result<_, CommitError>>()?;
        if crate::interrupt::interrupted() {
            // `staged` drops here and removes every temporary file.
            return Err(crate::interrupt::Interrupted.into());
        }
        if !sync_each {
            let mut devices = std::collections::HashSet::new();
            for dir in dirs.iter().copied().chain(into) {
                use std::os::unix::fs::MetadataExt;
                let dev = std::fs::metadata(dir).map(|m| m.dev()).unwrap_or(0);
                if devices.insert(dev) {
                    sync_filesystem(dir)?;
                }
            }
        }
        let record = match &stage {
            Some(s) => StagedRecord {
                stage: s.path.clone(),
                stage_inode: inode(&s.path).unwrap_or_default(),
                renames: staged
                    .iter()
                    .map(|(to, tmp)| StagedRename {
                        from: tmp.to_path_buf(),
                        from_inode: inode(tmp).unwrap_or_default(),
                        to: to.to_path_buf(),
                    })
                    .collect(),
                removals: self.removals.clone(),
            },
            None => StagedRecord {
                stage: PathBuf::new(),
                stage_inode: 0,
                renames: Vec::new(),
                removals: Vec::new(),
            },
        };
        before_renames(&record)?;
        for (path, tmp) in staged {
            tmp.persist(path)
                .map_err(|e| fs_err("cannot replace", path)(e.error))?;
            crate::faults::point("rename");
        }
        // The change is in place: a SIGINT from now on must not report it as not made.
        crate::interrupt::applied();
        for path in &self.removals {
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(fs_err("cannot remove", path)(e).into()),
            }
        }
        for dir in dirs {
            sync_dir(dir)?;
        }
        Ok(())
    }
}

/// This run's staging folder, removed (with whatever is left in it) when dropped.
struct StageGuard {
    path: PathBuf,
}

impl StageGuard {
    fn make(dir: &Path) -> Result<StageGuard, FsError> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::create_dir_all(dir).map_err(fs_err("cannot create folder", dir))?;
        let path = stage_folder(dir);
        match std::fs::DirBuilder::new().mode(0o700).create(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(fs_err("cannot create folder", &path)(e)),
        }
        Ok(StageGuard { path })
    }
}

impl Drop for StageGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_transaction_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "old").unwrap();
        // A path under a regular file cannot be created: staging fails.
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, "x").unwrap();
        let mut tx = Transaction::new();
        tx.write(&good, "new");
        tx.write(blocker.join("child.txt"), "y");
        tx.remove(&blocker);
        assert!(tx.commit().is_err());
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "old");
        assert!(blocker.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "staged files are cleaned up");
    }
}
