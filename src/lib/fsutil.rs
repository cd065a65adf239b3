//! Atomic file writes and multi-file transactions.
//!
//! Every file chami writes goes through here: the new content is written to a temporary
//! file in the same folder, synced, then renamed over the target, so a reader sees the old
//! file or the new one and never half of either. A [`Transaction`] stages many files first
//! and renames them only when every one was written, so a failure leaves every earlier file
//! as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a transaction did not complete.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// A file could not be written, synced, renamed or removed.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// SIGINT arrived while staging; nothing was changed.
    #[error(transparent)]
    Interrupted(#[from] crate::interrupt::Interrupted),
}

/// An I/O failure with the path it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}")]
pub struct FsError {
    /// What was being done ("cannot write", "cannot remove" …).
    pub action: &'static str,
    /// The file concerned.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

fn fs_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The mode (and group) a written file gets, whatever the umask, instead of the usual
/// 0666 less the umask or the mode of the file it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMode {
    /// Permission bits (e.g. 0o640).
    pub mode: u32,
    /// The group to give the file (`None`: the creating process's, or the folder's when
    /// it is set-group-ID).
    pub gid: Option<u32>,
}

/// Reads a file to a string, naming the file in the error.
pub fn read_to_string(path: &Path) -> Result<String, FsError> {
    std::fs::read_to_string(path).map_err(fs_err("cannot read", path))
}

/// Writes `content` to `path` atomically (temporary file + rename in the same folder),
/// creating parent folders. Keeps the mode of an existing file.
pub fn write_atomic(path: &Path, content: &[u8]) -> Result<(), FsError> {
    let staged = stage(path, content)?;
    staged
        .persist(path)
        .map_err(|e| fs_err("cannot replace", path)(e.error))?;
    Ok(())
}

/// [`write_atomic`] with exactly `mode` (see [`FileMode`]); the folders it creates get
/// `folder_mode`.
pub fn write_atomic_with_mode(
    path: &Path,
    content: &[u8],
    mode: FileMode,
    folder_mode: u32,
) -> Result<(), FsError> {
    let dir = parent(path);
    create_folders_with_mode(dir, folder_mode)?;
    let staged = stage_in_existing(path, content, false, Some(mode))?;
    staged
        .as_file()
        .sync_data()
        .map_err(fs_err("cannot write", path))?;
    staged
        .persist(path)
        .map_err(|e| fs_err("cannot replace", path)(e.error))?;
    Ok(())
}

/// Writes `content` to `path` only when it differs from what is there. Returns whether the
/// file was written.
pub fn write_if_changed(path: &Path, content: &[u8]) -> Result<bool, FsError> {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    write_atomic(path, content)?;
    Ok(true)
}

fn stage(path: &Path, content: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    let tmp = stage_unsynced(path, content)?;
    tmp.as_file()
        .sync_data()
        .map_err(fs_err("cannot write", path))?;
    Ok(tmp)
}

/// Writes `content` to a temporary file beside `path`, creating its folder, keeping the
/// mode of an existing `path`; the data is not yet synced to disk.
fn stage_unsynced(path: &Path, content: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(fs_err("cannot create folder", dir))?;
    stage_in_existing(path, content, true, None)
}

/// [`stage_unsynced`] for a file whose folder exists. `may_exist: false` (the caller knows
/// `path` is new) skips looking up the mode of an existing file. With `explicit`, the file
/// gets exactly that mode and group instead.
fn stage_in_existing(
    path: &Path,
    content: &[u8],
    may_exist: bool,
    explicit: Option<FileMode>,
) -> Result<tempfile::NamedTempFile, FsError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(explicit) = explicit {
        return stage_with_mode(path, dir, &name, content, explicit);
    }
    let existing = if may_exist {
        std::fs::metadata(path).ok().map(|m| m.permissions())
    } else {
        None
    };
    // A new file gets the usual 0666 less the umask (set at creation, no chmod), not
    // tempfile's private 0600.
    let mode = existing
        .clone()
        .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666 & !umask()));
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(mode)
        .tempfile_in(dir)
        .map_err(fs_err("cannot create a temporary file in", dir))?;
    tmp.write_all(content)
        .map_err(fs_err("cannot write", path))?;
    if let Some(mode) = existing {
        // Creation applied the umask; an existing file's mode is kept exactly.
        let _ = tmp.as_file().set_permissions(mode);
    }
    Ok(tmp)
}

/// Stages `content` for `path` in `dir` with exactly the mode and group of `explicit`:
/// created with at most that mode (the umask can only remove bits), then given the group
/// and the mode, before any byte is written.
fn stage_with_mode(
    path: &Path,
    dir: &Path,
    name: &str,
    content: &[u8],
    explicit: FileMode,
) -> Result<tempfile::NamedTempFile, FsError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = std::fs::Permissions::from_mode(explicit.mode);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(mode.clone())
        .tempfile_in(dir)
        .map_err(fs_err("cannot create a temporary file in", dir))?;
    if let Some(gid) = explicit.gid {
        let current = tmp.as_file().metadata().map(|m| m.gid());
        if current.map_err(fs_err("cannot read", path))? != gid {
            std::os::unix::fs::fchown(tmp.as_file(), None, Some(gid))
                .map_err(fs_err("cannot give the group of its folder to", path))?;
        }
    }
    tmp.as_file()
        .set_permissions(mode)
        .map_err(fs_err("cannot set the mode of", path))?;
    tmp.write_all(content)
        .map_err(fs_err("cannot write", path))?;
    Ok(tmp)
}

/// The mode of the folders created for files written with a [`FileMode`]: everyone may
/// traverse (the files' own modes decide who reads them), only the owner may add files.
pub const FOLDER_MODE: u32 = 0o755;

/// Creates `dir` and its missing parents, each folder created getting exactly `mode`
/// whatever the umask (an existing folder is left as it is).
fn create_folders_with_mode(dir: &Path, mode: u32) -> Result<(), FsError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.is_dir())
        .collect();
    for d in missing.into_iter().rev() {
        match std::fs::DirBuilder::new().mode(mode).create(d) {
            Ok(()) => std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode))
                .map_err(fs_err("cannot set the mode of", d))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(fs_err("cannot create folder", d)(e)),
        }
    }
    Ok(())
}

/// The process umask (read once).
fn umask() -> u32 {
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        // SAFETY: umask(2) cannot fail; the old value is put back at once.
        let old = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(old) };
        #[allow(clippy::useless_conversion)] // mode_t is u16 on some platforms
        u32::from(old)
    })
}

/// An exclusive lock on a folder, held until dropped (flock(2) on the folder itself, so no
/// lock file is created). Writers of the same inventory take turns.
pub struct DirLock {
    _held: std::fs::File,
}

/// Locks `dir`; calls `waiting` once if another process holds the lock, then waits.
pub fn lock_dir(dir: &Path, waiting: impl FnOnce()) -> Result<DirLock, FsError> {
    use std::os::fd::AsRawFd;
    let f = std::fs::File::open(dir).map_err(fs_err("cannot open", dir))?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        waiting();
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(fs_err("cannot lock", dir)(std::io::Error::last_os_error()));
        }
    }
    Ok(DirLock { _held: f })
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Flushes to disk every file of the filesystem holding `dir` (one `syncfs(2)` instead of
/// one fsync per file: a batch of 100,000 files costs one flush).
fn sync_filesystem(dir: &Path) -> Result<(), FsError> {
    let f = std::fs::File::open(dir).map_err(fs_err("cannot open", dir))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes a valid open descriptor, which `f` holds for the call.
        if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
            return Err(fs_err("cannot sync the filesystem of", dir)(
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        drop(f);
        // SAFETY: sync(2) has no preconditions.
        unsafe { libc::sync() };
        Ok(())
    }
}

/// Up to this many files, a transaction syncs each file; above, one `syncfs` per filesystem.
const SMALL_BATCH: usize = 64;

/// Makes renames in `dir` durable.
fn sync_dir(dir: &Path) -> Result<(), FsError> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(fs_err("cannot sync folder", dir))
}

/// Writes `content` to a temporary file beside `path` (whose folder must exist), keeping
/// the mode of an existing `path`, and starts writing it back to disk without waiting:
/// the file is staged ahead of a [`Transaction`], which [`Transaction::place`]s it.
/// Dropping the returned path removes the file.
pub fn stage_ahead(path: &Path, content: &[u8]) -> Result<tempfile::TempPath, FsError> {
    let tmp = stage_in_existing(path, content, true, None)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for the call; the call only starts write-back.
        // Its result does not matter: the commit syncs the file in any case.
        unsafe {
            libc::sync_file_range(tmp.as_file().as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE)
        };
    }
    Ok(tmp.into_temp_path())
}

/// A set of file writes and removals applied together: every new content is staged in a
/// temporary file first; only when all are staged are they renamed into place and the
/// removals done. Dropping an uncommitted transaction deletes the staged files.
#[derive(Default)]
pub struct Transaction {
    /// (path, content, may the file exist already, explicit mode).
    writes: Vec<(PathBuf, Vec<u8>, bool, Option<FileMode>)>,
    /// Files staged ahead ([`stage_ahead`]), waiting for their rename.
    placed: Vec<(PathBuf, tempfile::TempPath)>,
    removals: Vec<PathBuf>,
}

impl Transaction {
    /// An empty transaction.
    pub fn new() -> Self {
        Self::default()
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

    /// Queues the rename to `path` of `staged`, a file [`stage_ahead`] wrote beside it.
    pub fn place(&mut self, path: impl Into<PathBuf>, staged: tempfile::TempPath) {
        self.placed.push((path.into(), staged));
    }

    /// Queues the removal of `path`.
    pub fn remove(&mut self, path: impl Into<PathBuf>) {
        self.removals.push(path.into());
    }

    /// Number of queued writes and removals.
    pub fn len(&self) -> usize {
        self.writes.len() + self.placed.len() + self.removals.len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stages every write, flushes them to disk in one go, then renames them all into place
    /// and does the removals. When staging fails or SIGINT arrives while staging, nothing
    /// has changed; once the renames begin, they are all done.
    pub fn commit(self) -> Result<(), CommitError> {
        use rayon::prelude::*;
        let _critical = crate::interrupt::Critical::enter();
        let placed_dirs: std::collections::BTreeSet<PathBuf> = self
            .placed
            .iter()
            .map(|(p, _)| parent(p).to_path_buf())
            .collect();
        let dirs: std::collections::BTreeSet<&Path> = self
            .writes
            .iter()
            .map(|(p, ..)| parent(p))
            .chain(placed_dirs.iter().map(PathBuf::as_path))
            .chain(self.removals.iter().map(|p| parent(p)))
            .collect();
        // Every folder is created once, not once per file; those of files with an explicit
        // mode get an explicit mode too.
        let mut folders: std::collections::BTreeMap<&Path, bool> = Default::default();
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
        // A few files: each is synced as soon as it is written, while the other threads
        // write theirs, and the rest of a shared filesystem is left alone. Many files:
        // one syncfs once all are written.
        let sync_each = self.writes.len() + self.placed.len() <= SMALL_BATCH;
        // Staged files are closed (TempPath) so that thousands can wait for the rename.
        let staged: Vec<(&PathBuf, tempfile::TempPath)> = self
            .writes
            .par_iter()
            .map(|(path, content, may_exist, mode)| {
                // Stop staging as soon as SIGINT arrives; what was staged is removed.
                if crate::interrupt::interrupted() {
                    return Err(CommitError::Interrupted(crate::interrupt::Interrupted));
                }
                let tmp = stage_in_existing(path, content, *may_exist, *mode)?;
                if sync_each {
                    tmp.as_file()
                        .sync_data()
                        .map_err(fs_err("cannot write", path))?;
                }
                Ok((path, tmp.into_temp_path()))
            })
            .collect::<Result<_, CommitError>>()?;
        if sync_each {
            // Their write-back began when they were staged; wait for its end.
            self.placed.par_iter().try_for_each(|(path, tmp)| {
                std::fs::File::open(tmp)
                    .and_then(|f| f.sync_data())
                    .map_err(fs_err("cannot write", path))
            })?;
        }
        if crate::interrupt::interrupted() {
            // `staged` drops here and removes every temporary file.
            return Err(crate::interrupt::Interrupted.into());
        }
        if !sync_each {
            let mut devices = std::collections::HashSet::new();
            for dir in &dirs {
                use std::os::unix::fs::MetadataExt;
                let dev = std::fs::metadata(dir).map(|m| m.dev()).unwrap_or(0);
                if devices.insert(dev) {
                    sync_filesystem(dir)?;
                }
            }
        }
        for (path, tmp) in staged {
            tmp.persist(path)
                .map_err(|e| fs_err("cannot replace", path)(e.error))?;
        }
        for (path, tmp) in self.placed {
            tmp.persist(&path)
                .map_err(|e| fs_err("cannot replace", &path)(e.error))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_keeps_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/f.txt");
        write_atomic(&p, b"one").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(write_if_changed(&p, b"two").unwrap());
        assert!(!write_if_changed(&p, b"two").unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

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
