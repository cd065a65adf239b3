//! Where a transaction stages its files, and the record that lets the next run finish a
//! transaction killed while renaming them.
//!
//! A transaction given a staging folder ([`super::Transaction::staged_in`]) writes every
//! new file into `DIR/.chami-stage-ID/` (one folder of the same filesystem as the targets,
//! ID being this run's) instead of beside its target. A run killed while staging leaves
//! only that folder, which [`sweep_stages`] removes. Once every file is staged and synced,
//! the transaction hands a [`StagedRecord`] to its caller (who writes it into a journal)
//! before the first rename; [`StagedRecord::roll_forward`] makes the renames and removals
//! a killed run did not make. The inodes it records bind it to the files this run made: a
//! record planted by someone else names files whose inodes it cannot know.

use super::FsError;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// This run's identity in staged names: process id and start time, so that no two runs
/// share one.
pub fn run_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("{}-{nanos:x}", std::process::id())
    })
}

/// The name of staging folders, before the run's ID.
const STAGE_PREFIX: &str = ".chami-stage-";

/// This run's staging folder in `dir`.
pub(super) fn stage_folder(dir: &Path) -> PathBuf {
    dir.join(format!("{STAGE_PREFIX}{}", run_id()))
}

/// The inode of `path` itself (a symlink is not followed), `None` when it does not exist.
pub fn inode(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).ok().map(|m| m.ino())
}

/// Removes the staging folders that earlier runs left in `dir` (this run's is kept).
/// Call it holding the lock of the folder's writers, after the journal was recovered.
pub fn sweep_stages(dir: &Path) -> Result<usize, FsError> {
    let mine = stage_folder(dir);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(super::fs_err("cannot read", dir)(e)),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let is_stage = entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGE_PREFIX);
        if is_stage && path != mine && entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path).map_err(super::fs_err("cannot remove", &path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Whether `path` lies inside `home` through real folders only: no `..`, no symlink on
/// the way (a record must not write through a link to elsewhere).
fn confined(home: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(home) else {
        return false;
    };
    if rest
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return false;
    }
    let mut at = home.to_path_buf();
    let parts: Vec<_> = rest.components().collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            _ => return false,
        }
    }
    !parts.is_empty()
}

/// One staged file and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StagedRename {
    /// The staged file.
    pub from: PathBuf,
    /// Its inode.
    pub from_inode: u64,
    /// Its target.
    pub to: PathBuf,
}

/// What a transaction is about to do once everything is staged: rename each staged file
/// to its target, then remove files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StagedRecord {
    /// The staging folder.
    pub stage: PathBuf,
    /// Its inode.
    pub stage_inode: u64,
    /// The renames, in order.
    pub renames: Vec<StagedRename>,
    /// The removals, after the renames.
    pub removals: Vec<PathBuf>,
}

impl StagedRecord {
    /// Makes the renames and removals a killed run had not made, then removes the staging
    /// folder. Does nothing when the staging folder is not the one recorded (the run had
    /// finished, or the record was not made by chami); a staged file that is gone or not
    /// the recorded one, and a target outside the staging folder's parent or reached
    /// through a symlink, are skipped. Returns whether it did anything.
    pub fn roll_forward(&self) -> Result<bool, FsError> {
        let inside = |p: &Path| p.parent() == Some(self.stage.as_path());
        if inode(&self.stage) != Some(self.stage_inode)
            || !self
                .stage
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(STAGE_PREFIX))
        {
            return Ok(false);
        }
        let Some(home) = self.stage.parent() else {
            return Ok(false);
        };
        for r in &self.renames {
            if inside(&r.from) && inode(&r.from) == Some(r.from_inode) && confined(home, &r.to) {
                std::fs::rename(&r.from, &r.to).map_err(super::fs_err("cannot replace", &r.to))?;
            }
        }
        for path in self.removals.iter().filter(|p| confined(home, p)) {
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_file() => {
                    std::fs::remove_file(path).map_err(super::fs_err("cannot remove", path))?
                }
                _ => {}
            }
        }
        std::fs::remove_dir_all(&self.stage)
            .map_err(super::fs_err("cannot remove", &self.stage))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_only_renames_its_own_staged_files_to_real_folders_below_its_home() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("inv");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(home.join("nodes")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, home.join("link")).unwrap();
        let stage = home.join(".chami-stage-1-x");
        std::fs::create_dir(&stage).unwrap();
        let staged = |name: &str| {
            let p = stage.join(name);
            std::fs::write(&p, name).unwrap();
            (p.clone(), inode(&p).unwrap())
        };
        let (good, good_ino) = staged("good");
        let (via_link, via_link_ino) = staged("via-link");
        let (up, up_ino) = staged("up");
        let (wrong_ino, _) = staged("wrong-inode");
        let record = StagedRecord {
            stage: stage.clone(),
            stage_inode: inode(&stage).unwrap(),
            renames: vec![
                StagedRename {
                    from: good,
                    from_inode: good_ino,
                    to: home.join("nodes/a.yaml"),
                },
                StagedRename {
                    from: via_link,
                    from_inode: via_link_ino,
                    to: home.join("link/x"),
                },
                StagedRename {
                    from: up,
                    from_inode: up_ino,
                    to: home.join("../outside/y"),
                },
                StagedRename {
                    from: wrong_ino,
                    from_inode: 1,
                    to: home.join("nodes/b.yaml"),
                },
            ],
            removals: vec![outside.join("keep")],
        };
        std::fs::write(outside.join("keep"), "").unwrap();
        assert!(record.roll_forward().unwrap());
        assert_eq!(
            std::fs::read_to_string(home.join("nodes/a.yaml")).unwrap(),
            "good"
        );
        assert!(!home.join("nodes/b.yaml").exists());
        let mut left: Vec<_> = std::fs::read_dir(&outside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["keep"]);
        assert!(!stage.exists());
        assert!(!record.roll_forward().unwrap(), "done once");
    }
}
