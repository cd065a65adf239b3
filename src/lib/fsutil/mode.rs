//! File and folder modes: the exact mode (and group) a written file gets, the folders
//! made for such files, and the process umask.

use super::{fs_err, FsError};
use std::path::Path;

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

/// Gives the open, still empty `file` (to be `path`) exactly the group and mode of
/// `explicit`, before any byte is written.
pub(crate) fn give_mode(
    file: &std::fs::File,
    path: &Path,
    explicit: FileMode,
) -> Result<(), FsError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if let Some(gid) = explicit.gid {
        let current = file.metadata().map(|m| m.gid());
        if current.map_err(fs_err("cannot read", path))? != gid {
            std::os::unix::fs::fchown(file, None, Some(gid))
                .map_err(fs_err("cannot give the group of its folder to", path))?;
        }
    }
    file.set_permissions(std::fs::Permissions::from_mode(explicit.mode))
        .map_err(fs_err("cannot set the mode of", path))
}

/// The mode of the folders created for files written with a [`FileMode`]: everyone may
/// traverse (the files' own modes decide who reads them), only the owner may add files.
pub const FOLDER_MODE: u32 = 0o755;

/// Creates `dir` and its missing parents, each folder created getting exactly `mode`
/// whatever the umask (an existing folder is left as it is).
pub(crate) fn create_folders_with_mode(dir: &Path, mode: u32) -> Result<(), FsError> {
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
pub(crate) fn umask() -> u32 {
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        // SAFETY: umask(2) cannot fail; the old value is put back at once.
        let old = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(old) };
        #[allow(clippy::useless_conversion)] // mode_t is u16 on some platforms
        u32::from(old)
    })
}
