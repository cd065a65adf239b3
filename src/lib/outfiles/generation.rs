//! Building the new version of a folder output beside it (see [`super::switch`]).
//!
//! The staged folder gets everything the output holds (files chami never wrote
//! included) as hard links, which costs no data, except the paths the plan changes: new
//! and updated files are written fresh, removed ones left out, folders that the removals
//! empty pruned. Folders keep their mode (and, as far as allowed, owner and group);
//! files keep theirs because they are the same inodes. Nothing in the output changes
//! until the switch.
//!
//! When the folder cannot be replaced by another (it is a mount point, its parent is not
//! writable, or it belongs to another user or a group this process cannot give), the
//! output is written in place instead, file by file: see [`Layout`].

use super::{ChangeKind, Plan, WriteAhead};
use crate::fsutil::{self, CommitError, FileMode, FsError};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How an output folder is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A new version is staged beside it and switched in one step.
    Generation,
    /// Files are renamed into the folder one by one (readers may see a mix for a moment);
    /// the reason is given.
    InPlace(&'static str),
}

/// How the folder `dir` (which need not exist) can be updated.
pub fn layout_for(dir: &Path) -> Layout {
    if dir.file_name().is_none() {
        return Layout::InPlace("it has no parent folder to stage a new version in");
    }
    let parent = super::switch::parent(dir);
    let Ok(parent_meta) = std::fs::metadata(parent) else {
        // The parents will be made by this process: it may write there.
        return Layout::Generation;
    };
    if !writable(parent) {
        return Layout::InPlace("its parent folder is not writable");
    }
    let Ok(meta) = std::fs::metadata(dir) else {
        return Layout::Generation;
    };
    let mount_point = meta.dev() != parent_meta.dev()
        || meta.ino() == parent_meta.ino()
        || matches!((mount_id(dir), mount_id(parent)), (Some(a), Some(b)) if a != b);
    if mount_point {
        return Layout::InPlace("it is a mount point");
    }
    // SAFETY: geteuid and getegid cannot fail.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    if uid != 0 && meta.uid() != uid {
        return Layout::InPlace("it belongs to another user");
    }
    if uid != 0 && meta.gid() != gid && !in_group(meta.gid()) {
        return Layout::InPlace("its group is not one of this user's");
    }
    Layout::Generation
}

/// The id of the mount holding `path` (statx `STATX_MNT_ID`; a bind mount of a folder
/// onto itself has its own), `None` when the kernel does not say.
fn mount_id(path: &Path) -> Option<u64> {
    let c =
        std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str())).ok()?;
    // SAFETY: statx fills the zeroed buffer; the path is NUL-terminated.
    let mut buf: libc::statx = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statx(libc::AT_FDCWD, c.as_ptr(), 0, libc::STATX_MNT_ID, &mut buf) };
    (rc == 0 && buf.stx_mask & libc::STATX_MNT_ID != 0).then_some(buf.stx_mnt_id)
}

fn writable(dir: &Path) -> bool {
    let Ok(c) = std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(dir.as_os_str()))
    else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

fn in_group(gid: u32) -> bool {
    let mut groups = vec![0 as libc::gid_t; 256];
    // SAFETY: the buffer holds `groups.len()` entries.
    let n = unsafe { libc::getgroups(groups.len() as libc::c_int, groups.as_mut_ptr()) };
    n > 0 && groups[..n as usize].contains(&gid)
}

/// A staged new version of one output, ready to switch in.
#[derive(Debug)]
pub(super) struct Staged {
    /// Where it was built.
    pub staged: PathBuf,
    /// The output it replaces (a symlink at its end resolved).
    pub output: PathBuf,
}

/// Builds the new version of the folder output of `plan` at its staged path (where
/// `ahead` may already have written some files).
pub(super) fn stage_folder(
    plan: Plan,
    output: &Path,
    ahead: Option<&WriteAhead>,
) -> Result<Staged, CommitError> {
    let staged = super::switch::staged_path(output);
    let old = std::fs::symlink_metadata(output)
        .ok()
        .filter(|m| m.is_dir());
    std::fs::create_dir_all(super::switch::parent(output)).map_err(fsutil::fs_err(
        "cannot create folder",
        super::switch::parent(output),
    ))?;
    match std::fs::DirBuilder::new().mode(0o777).create(&staged) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists && ahead.is_some() => {}
        Err(e) => return Err(fsutil::fs_err("cannot create folder", &staged)(e).into()),
    }
    if let Some(old) = &old {
        copy_owner_and_mode(old, &staged)?;
    }
    let mut skip: HashSet<PathBuf> = plan.changes.iter().map(|c| c.path.clone()).collect();
    let manifest_name = plan
        .manifest_path
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_default();
    if plan.manifest.is_some() {
        skip.insert(manifest_name.clone());
    }
    if old.is_some() {
        clone_tree(output, &staged, Path::new(""), &skip)?;
    }
    if crate::interrupt::interrupted() {
        return Err(crate::interrupt::Interrupted.into());
    }
    let writes: Vec<_> = plan
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Remove)
        .collect();
    let sync_each = writes.len() <= fsutil::SMALL_BATCH;
    writes
        .par_iter()
        .try_for_each(|c| -> Result<(), CommitError> {
            if crate::interrupt::interrupted() {
                return Err(crate::interrupt::Interrupted.into());
            }
            let content = c.new.as_deref().unwrap_or_default();
            let dest = staged.join(&c.path);
            if ahead.is_some_and(|a| a.take_staged(&c.path, content.len())) {
                return Ok(());
            }
            let like = output.join(&c.path);
            write_new(&dest, content, Some(&like), c.mode, sync_each)?;
            Ok(())
        })?;
    if let Some(manifest) = &plan.manifest {
        write_new(
            &staged.join(&manifest_name),
            manifest,
            None,
            None,
            sync_each,
        )?;
    }
    let removed: Vec<PathBuf> = plan
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Remove)
        .map(|c| c.path.clone())
        .collect();
    super::apply::remove_empty_folders(&staged, &removed)?;
    if sync_each {
        fsutil::sync_dir(&staged)?;
    } else {
        fsutil::sync_filesystem(&staged)?;
    }
    Ok(Staged {
        staged,
        output: output.to_path_buf(),
    })
}

/// Gives the new folder `dir` the mode of `old`, and its owner and group where allowed.
fn copy_owner_and_mode(old: &std::fs::Metadata, dir: &Path) -> Result<(), FsError> {
    let now = std::fs::symlink_metadata(dir).map_err(fsutil::fs_err("cannot read", dir))?;
    if now.uid() != old.uid() || now.gid() != old.gid() {
        // Another owner is only possible as root; the group was checked by layout_for.
        let uid = (now.uid() != old.uid()).then_some(old.uid());
        let _ = std::os::unix::fs::lchown(dir, uid, Some(old.gid()));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(old.mode() & 0o7777))
        .map_err(fsutil::fs_err("cannot set the mode of", dir))
}

/// Recreates the folder tree under `src` in `dst` (folders made, everything else hard
/// linked), leaving out the paths (relative to the output) in `skip`.
fn clone_tree(src: &Path, dst: &Path, rel: &Path, skip: &HashSet<PathBuf>) -> Result<(), FsError> {
    let entries = std::fs::read_dir(src).map_err(fsutil::fs_err("cannot read", src))?;
    let mut folders = Vec::new();
    for entry in entries {
        let entry = entry.map_err(fsutil::fs_err("cannot read", src))?;
        let name = entry.file_name();
        let rel_child = rel.join(&name);
        if skip.contains(&rel_child) {
            continue;
        }
        let (from, to) = (entry.path(), dst.join(&name));
        let kind = entry
            .file_type()
            .map_err(fsutil::fs_err("cannot read", &from))?;
        if kind.is_dir() {
            let meta =
                std::fs::symlink_metadata(&from).map_err(fsutil::fs_err("cannot read", &from))?;
            match std::fs::DirBuilder::new().mode(0o700).create(&to) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                Err(e) => return Err(fsutil::fs_err("cannot create folder", &to)(e)),
            }
            copy_owner_and_mode(&meta, &to)?;
            folders.push((from, to, rel_child));
            continue;
        }
        match std::fs::hard_link(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                // Written ahead although the plan keeps it: the old file wins.
                std::fs::remove_file(&to).map_err(fsutil::fs_err("cannot remove", &to))?;
                std::fs::hard_link(&from, &to).map_err(fsutil::fs_err("cannot link", &to))?;
            }
            Err(e) => return Err(fsutil::fs_err("cannot link", &to)(e)),
        }
    }
    folders
        .par_iter()
        .try_for_each(|(from, to, rel)| clone_tree(from, to, rel, skip))
}

/// Writes a new file `dest` (in a staged folder, so nobody reads it yet): with exactly
/// `explicit`'s mode and group, else the mode of the file `like` when it exists, else the
/// usual 0666 less the umask. Missing folders are made. Returns the open file.
pub(super) fn write_new(
    dest: &Path,
    content: &[u8],
    like: Option<&Path>,
    explicit: Option<FileMode>,
    sync: bool,
) -> Result<std::fs::File, FsError> {
    let folder = super::switch::parent(dest);
    if !folder.is_dir() {
        if explicit.is_some() {
            fsutil::create_folders_with_mode(folder, fsutil::FOLDER_MODE)?;
        } else {
            std::fs::create_dir_all(folder)
                .map_err(fsutil::fs_err("cannot create folder", folder))?;
        }
    }
    let kept = like
        .and_then(|l| std::fs::metadata(l).ok())
        .map(|m| m.mode() & 0o7777);
    let create_mode = explicit
        .map(|m| m.mode)
        .or(kept)
        .unwrap_or(0o666 & !fsutil::umask());
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(create_mode)
            .open(dest)
    };
    let mut file = match create() {
        // A file written ahead with other content: replaced.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(dest).map_err(fsutil::fs_err("cannot remove", dest))?;
            create()
        }
        other => other,
    }
    .map_err(fsutil::fs_err("cannot create", dest))?;
    if let Some(explicit) = explicit {
        fsutil::give_mode(&file, dest, explicit)?;
    } else if let Some(mode) = kept {
        // Creation applied the umask; a kept mode is kept exactly.
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(fsutil::fs_err("cannot set the mode of", dest))?;
    }
    file.write_all(content)
        .map_err(fsutil::fs_err("cannot write", dest))?;
    if sync {
        file.sync_data()
            .map_err(fsutil::fs_err("cannot write", dest))?;
    }
    Ok(file)
}
