//! Reading a file of the inventory without ever leaving the inventory folder.
//!
//! Only regular files inside the folder are read. A symbolic link (to a file or a folder)
//! is followed only when its target resolves inside the folder; one that leads outside is
//! an error naming the link, and its target is never opened. FIFOs, sockets and devices
//! are errors before anything is opened (a FIFO would block the loader). The check is done
//! on the path first (`lstat`, `realpath`); then the file is opened relative to its folder,
//! held open once checked to be inside (`/proc/self/fd`), with `O_NOFOLLOW`, and `fstat`
//! must show the same regular file: a link or folder swapped in between the check and the
//! open is caught too.

use super::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Why a file of the inventory was not read. Paths are relative to the inventory folder;
/// a link's target is never named (it may be a secret's path).
#[derive(Debug, thiserror::Error)]
pub enum ConfineError {
    /// A symbolic link leads outside the inventory folder.
    #[error("{} is a symbolic link that leads outside the inventory folder; it was not followed", .0.display())]
    Outside(PathBuf),
    /// A FIFO, socket or device.
    #[error("{} is {}, not a regular file; it was not read", .0.display(), .1)]
    NotRegular(PathBuf, &'static str),
    /// The file could not be read.
    #[error("cannot read {}: {}", .0.display(), .1)]
    Io(PathBuf, #[source] std::io::Error),
}

impl ConfineError {
    /// The file concerned, relative to the inventory folder.
    pub fn path(&self) -> &Path {
        match self {
            ConfineError::Outside(p) | ConfineError::NotRegular(p, _) | ConfineError::Io(p, _) => p,
        }
    }

    /// As an I/O error (the original one for [`ConfineError::Io`]), for callers that
    /// report I/O errors.
    pub fn into_io(self) -> std::io::Error {
        match self {
            ConfineError::Io(_, e) => e,
            other => std::io::Error::new(std::io::ErrorKind::PermissionDenied, other.to_string()),
        }
    }

    /// The finding for lint and the loader, at the file concerned.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (rule, help) = match self {
            ConfineError::Outside(_) => (
                "outside-inventory",
                "chami reads only files inside the inventory folder: replace the link by the \
                 file itself, or point it at a file inside the folder",
            ),
            ConfineError::NotRegular(..) => {
                ("not-a-file", "remove it or replace it by a regular file")
            }
            ConfineError::Io(..) => ("read", "check the file's permissions"),
        };
        Diagnostic::error(rule, self.to_string())
            .at(self.path().to_path_buf(), 1)
            .help(help)
    }
}

/// An inventory folder, as given and resolved, against which files are checked, and the
/// folders inside it opened so far.
#[derive(Debug)]
pub struct Confined {
    root: PathBuf,
    real: PathBuf,
    folders: Mutex<HashMap<PathBuf, Arc<File>>>,
}

impl Confined {
    /// The inventory folder `root` (resolved once; left as is when it cannot be).
    pub fn new(root: &Path) -> Confined {
        Confined {
            root: root.to_path_buf(),
            real: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            folders: Mutex::default(),
        }
    }

    /// Where `path` resolves against the folder (see [`crate::fsutil::place_within`]).
    pub fn place(&self, path: &Path) -> crate::fsutil::Placed {
        crate::fsutil::place_within(&self.real, path)
    }

    /// Whether the resolved path `real` is inside the folder.
    pub fn holds(&self, real: &Path) -> bool {
        real.starts_with(&self.real)
    }

    /// `path` relative to the folder, for messages.
    pub fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Checks `path` without opening it: a regular file, or a link to one inside the folder.
    /// Returns the path to open (the resolved one for a link) and its metadata. The folders
    /// above `path` are trusted here ([`super::load::files_below`] checked them); [`read`]
    /// checks them again on the opened file.
    ///
    /// [`read`]: Confined::read
    pub fn check(&self, path: &Path) -> Result<(PathBuf, Metadata), ConfineError> {
        let io = |e| ConfineError::Io(self.rel(path), e);
        let meta = std::fs::symlink_metadata(path).map_err(io)?;
        let (open, meta) = if meta.file_type().is_symlink() {
            let real = std::fs::canonicalize(path).map_err(io)?;
            if !self.holds(&real) {
                return Err(ConfineError::Outside(self.escaping_link(path)));
            }
            let meta = std::fs::symlink_metadata(&real).map_err(io)?;
            (real, meta)
        } else {
            (path.to_path_buf(), meta)
        };
        match kind_of(&meta) {
            None => Ok((open, meta)),
            Some(kind) => Err(ConfineError::NotRegular(self.rel(path), kind)),
        }
    }

    /// The text of the file at `path` (see [`Confined::check`]), read only when it is a
    /// regular file inside the folder.
    pub fn read(&self, path: &Path) -> Result<String, ConfineError> {
        let (open, checked) = self.check(path)?;
        self.read_checked(path, &open, &checked)
    }

    /// [`Confined::read`] of a file [`Confined::check`] already passed: `open` and
    /// `checked` are what it returned, so the caller that needed the metadata (the parse
    /// cache's stamp) does not look the file up twice.
    pub fn read_checked(
        &self,
        path: &Path,
        open: &Path,
        checked: &Metadata,
    ) -> Result<String, ConfineError> {
        let bytes = self.read_bytes_checked(path, open, checked)?;
        String::from_utf8(bytes).map_err(|_| {
            ConfineError::Io(
                self.rel(path),
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "stream did not contain valid UTF-8",
                ),
            )
        })
    }

    /// The bytes of the file at `path` (see [`Confined::read`]), for files that need not be
    /// text.
    pub fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, ConfineError> {
        let (open, checked) = self.check(path)?;
        self.read_bytes_checked(path, &open, &checked)
    }

    fn read_bytes_checked(
        &self,
        path: &Path,
        open: &Path,
        checked: &Metadata,
    ) -> Result<Vec<u8>, ConfineError> {
        let io = |e| ConfineError::Io(self.rel(path), e);
        let (Some(folder), Some(name)) = (open.parent(), open.file_name()) else {
            return Err(ConfineError::NotRegular(self.rel(path), "a folder"));
        };
        let folder = self
            .folder(folder)
            .map_err(io)?
            .ok_or_else(|| ConfineError::Outside(self.escaping_link(path)))?;
        let mut file = open_in(&folder, name).map_err(|e| match e.raw_os_error() {
            // The file became a link after the check.
            Some(libc::ELOOP) => ConfineError::Outside(self.rel(path)),
            _ => io(e),
        })?;
        let opened = file.metadata().map_err(io)?;
        if kind_of(&opened).is_some()
            || (opened.dev(), opened.ino()) != (checked.dev(), checked.ino())
        {
            return Err(ConfineError::Outside(self.rel(path)));
        }
        // Read through `take`, which skips the size lookups (fstat, lseek) that
        // `File::read_to_end` makes: the size is known.
        let mut bytes = Vec::with_capacity(opened.len() as usize + 1);
        (&mut file)
            .take(u64::MAX)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        super::recent_reads::note(path, &opened, &bytes);
        Ok(bytes)
    }

    /// The folder at `path`, opened and checked to be inside (once per folder); `None`
    /// when it is outside.
    fn folder(&self, path: &Path) -> std::io::Result<Option<Arc<File>>> {
        if let Some(f) = self.folders.lock().ok().and_then(|m| m.get(path).cloned()) {
            return Ok(Some(f));
        }
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
            .open(path)?;
        // Where the opened folder is; without /proc, where its path resolves. When neither
        // can tell (a path longer than PATH_MAX through links), it is not shown to be
        // inside: refused.
        let inside = match opened_path(&f) {
            Some(real) => self.holds(&real),
            None => matches!(self.place(path), crate::fsutil::Placed::Inside(_)),
        };
        if !inside {
            return Ok(None);
        }
        let f = Arc::new(f);
        if let Ok(mut m) = self.folders.lock() {
            m.insert(path.to_path_buf(), Arc::clone(&f));
        }
        Ok(Some(f))
    }

    /// The first link on the way from the folder to `path` that leads outside it (`path`
    /// itself when none is found, e.g. it changed meanwhile), relative to the folder.
    fn escaping_link(&self, path: &Path) -> PathBuf {
        let rel = self.rel(path);
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
            let leaves = std::fs::canonicalize(&at).map_or(true, |r| !self.holds(&r));
            if is_link && leaves {
                return self.rel(&at);
            }
        }
        rel
    }
}

/// Reads `path`, a file of the inventory at `root` (see [`Confined::read`]).
pub fn read_inside(root: &Path, path: &Path) -> Result<String, ConfineError> {
    Confined::new(root).read(path)
}

/// What a non-regular file is (`None` for a regular file).
fn kind_of(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a folder")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_block_device() || t.is_char_device() {
        Some("a device")
    } else {
        Some("a symbolic link")
    }
}

/// Opens `name` in `folder` for reading, never following a link (`ELOOP`) nor waiting on
/// a FIFO.
fn open_in(folder: &File, name: &std::ffi::OsStr) -> std::io::Result<File> {
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(name.as_bytes())?;
    let flags = libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;
    // SAFETY: a valid folder descriptor and NUL-terminated name; the returned descriptor
    // is new and owned by the File alone.
    let fd = unsafe { libc::openat(folder.as_raw_fd(), name.as_ptr(), flags) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: see above.
    Ok(unsafe { File::from_raw_fd(fd) })
}

/// The path the kernel gives for an open file (Linux `/proc/self/fd`), if available.
fn opened_path(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn reads_inside_refuses_outside_links_and_fifos() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("shadow"), "root:SECRET").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("nodes")).unwrap();
        std::fs::write(root.join("nodes/a.yaml"), "name: a\n").unwrap();
        symlink("a.yaml", root.join("nodes/b.yaml")).unwrap();
        symlink(outside.path().join("shadow"), root.join("nodes/c.yaml")).unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        let fifo = std::ffi::CString::new(root.join("nodes/f.yaml").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let c = Confined::new(root);
        assert_eq!(c.read(&root.join("nodes/a.yaml")).unwrap(), "name: a\n");
        assert_eq!(c.read(&root.join("nodes/b.yaml")).unwrap(), "name: a\n");
        let e = c.read(&root.join("nodes/c.yaml")).unwrap_err();
        assert!(matches!(&e, ConfineError::Outside(p) if p == Path::new("nodes/c.yaml")));
        assert!(!e.to_string().contains("shadow"), "{e}");
        // A file below a linked folder: the opened descriptor is checked too.
        let e = c.read(&root.join("out/shadow")).unwrap_err();
        assert!(
            matches!(&e, ConfineError::Outside(p) if p == Path::new("out")),
            "{e}"
        );
        let e = c.read(&root.join("nodes/f.yaml")).unwrap_err();
        assert!(matches!(e, ConfineError::NotRegular(_, "a FIFO")), "{e}");
    }

    #[test]
    fn a_folder_swapped_for_a_link_after_the_check_is_caught() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("a.yaml"), "SECRET").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("nodes")).unwrap();
        std::fs::write(root.join("nodes/a.yaml"), "name: a\n").unwrap();
        let c = Confined::new(root);
        assert_eq!(c.read(&root.join("nodes/a.yaml")).unwrap(), "name: a\n");
        // nodes/ becomes a link outside after it was listed and opened.
        std::fs::rename(root.join("nodes"), root.join("old")).unwrap();
        symlink(outside.path(), root.join("nodes")).unwrap();
        let e = c.read(&root.join("nodes/a.yaml")).unwrap_err();
        assert!(matches!(e, ConfineError::Outside(_)), "{e}");
        // A fresh reader refuses it too (the opened folder is outside).
        let e = Confined::new(root)
            .read(&root.join("nodes/a.yaml"))
            .unwrap_err();
        assert!(
            matches!(&e, ConfineError::Outside(p) if p == Path::new("nodes")),
            "{e}"
        );
    }
}
