//! Carrying out a plan: every write, removal and the manifest update in one
//! [`Transaction`], then removal of the folders that the removals left empty.

use super::{ChangeKind, Plan, WriteAhead};
use crate::fsutil::{CommitError, FsError, Transaction};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What [`Plan::apply`] did (or, from [`Plan::summary`], would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Files created or updated.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Desired files that already had the right content.
    pub unchanged: usize,
    /// Whether the manifest was (re)written.
    pub manifest_written: bool,
}

impl Plan {
    /// Writes and removes the planned files and updates the manifest, all in one
    /// transaction: when staging fails or SIGINT arrives, nothing has changed (missing
    /// parent folders may have been created). Then removes the folders inside the output
    /// folder, never the folder itself, that the removals left empty.
    ///
    /// A clean plan whose manifest is current touches nothing.
    pub fn apply(self) -> Result<Summary, CommitError> {
        self.apply_ahead(None)
    }

    /// [`Plan::apply`], renaming into place the files `ahead` already wrote (those whose
    /// destination and length match a write of the plan) instead of writing them again.
    /// The files offered to `ahead` must be the contents given to [`super::plan`].
    pub fn apply_ahead(self, ahead: Option<&WriteAhead>) -> Result<Summary, CommitError> {
        Ok(apply_all_ahead(vec![self], ahead)?[0])
    }

    /// Adds this plan's writes, removals and manifest to `tx`; returns the folder and the
    /// removed paths, whose emptied folders go after the commit.
    fn stage(self, tx: &mut Transaction, ahead: Option<&WriteAhead>) -> (PathBuf, Vec<PathBuf>) {
        let mut removed = Vec::new();
        for change in self.changes {
            let full = self.dir.join(&change.path);
            if change.kind == ChangeKind::Remove {
                tx.remove(full);
                removed.push(change.path);
                continue;
            }
            let content = change.new.unwrap_or_default();
            if let Some(mode) = change.mode {
                tx.write_with_mode(full, content, mode);
                continue;
            }
            match ahead.and_then(|a| a.take(&full, content.len())) {
                Some(staged) => tx.place(full, staged),
                None if change.kind == ChangeKind::Create => tx.create(full, content),
                None => tx.write(full, content),
            }
        }
        if let Some(manifest) = self.manifest {
            tx.write(self.manifest_path, manifest);
        }
        (self.dir, removed)
    }
}

/// Applies several plans (of different folders) in one transaction: all of them or, when
/// staging fails or SIGINT arrives, none. Returns each plan's [`Summary`], in order.
/// Plans that change nothing touch nothing.
pub fn apply_all(plans: Vec<Plan>) -> Result<Vec<Summary>, CommitError> {
    apply_all_ahead(plans, None)
}

/// [`apply_all`] with the files `ahead` already wrote (see [`Plan::apply_ahead`]).
pub fn apply_all_ahead(
    plans: Vec<Plan>,
    ahead: Option<&WriteAhead>,
) -> Result<Vec<Summary>, CommitError> {
    let summaries: Vec<Summary> = plans.iter().map(Plan::summary).collect();
    let mut tx = Transaction::new();
    let mut cleanups = Vec::new();
    for plan in plans {
        if plan.changes.is_empty() && plan.manifest.is_none() {
            continue;
        }
        cleanups.push(plan.stage(&mut tx, ahead));
    }
    if tx.is_empty() {
        return Ok(summaries);
    }
    tx.commit()?;
    for (dir, removed) in cleanups {
        remove_empty_folders(&dir, &removed)?;
    }
    Ok(summaries)
}

/// Removes, deepest first, every folder between `dir` and a removed file that is now
/// empty. Folders that are not empty, already gone, or symlinks are left alone.
fn remove_empty_folders(dir: &Path, removed: &[PathBuf]) -> Result<(), FsError> {
    use std::io::ErrorKind;
    let folders: BTreeSet<&Path> = removed
        .iter()
        .flat_map(|p| p.ancestors().skip(1))
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    let mut folders: Vec<&Path> = folders.into_iter().collect();
    folders.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for folder in folders {
        let full = dir.join(folder);
        match std::fs::remove_dir(&full) {
            Ok(()) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::DirectoryNotEmpty | ErrorKind::NotFound | ErrorKind::NotADirectory
                ) => {}
            Err(source) => {
                return Err(FsError {
                    action: "cannot remove folder",
                    path: full,
                    source,
                })
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::plan;
    use super::super::test_support::{file, manifest, read, run, M};
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// Inode and modification time: a rewrite (temporary file + rename) changes the inode.
    fn stamp(path: &Path) -> (u64, i64, i64) {
        let m = std::fs::metadata(path).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    }

    #[test]
    fn create_then_second_run_is_a_no_op() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let files = || {
            vec![
                file("hosts", "10.0.0.1 n1\n", "hosts"),
                file("slurm/nodes.conf", "NodeName=n1\n", "slurm"),
            ]
        };
        let s = run(&dir, &["hosts", "slurm"], files());
        assert_eq!(
            s,
            Summary {
                written: 2,
                removed: 0,
                unchanged: 0,
                manifest_written: true
            }
        );
        assert_eq!(read(&dir, "slurm/nodes.conf"), "NodeName=n1\n");
        assert_eq!(
            manifest(&dir),
            serde_json::json!({"format": 1, "owners": {"hosts": ["hosts"], "slurm": ["slurm/nodes.conf"]}})
        );
        let before: Vec<_> = ["hosts", "slurm/nodes.conf", M]
            .iter()
            .map(|p| stamp(&dir.join(p)))
            .collect();
        let p = plan(&dir, M, &["hosts".into(), "slurm".into()], files()).unwrap();
        assert!(p.is_clean());
        assert!(!p.manifest_changed());
        assert_eq!(p.diff(), "");
        let s = p.apply().unwrap();
        assert_eq!(
            s,
            Summary {
                written: 0,
                removed: 0,
                unchanged: 2,
                manifest_written: false
            }
        );
        let after: Vec<_> = ["hosts", "slurm/nodes.conf", M]
            .iter()
            .map(|p| stamp(&dir.join(p)))
            .collect();
        assert_eq!(before, after, "nothing was rewritten");
    }

    #[test]
    fn update_rewrites_only_the_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        run(
            dir,
            &["t"],
            vec![file("a", "1\n", "t"), file("b", "1\n", "t")],
        );
        let a = stamp(&dir.join("a"));
        let m = stamp(&dir.join(M));
        let s = run(
            dir,
            &["t"],
            vec![file("a", "1\n", "t"), file("b", "2\n", "t")],
        );
        assert_eq!((s.written, s.unchanged, s.manifest_written), (1, 1, false));
        assert_eq!(read(dir, "b"), "2\n");
        assert_eq!(stamp(&dir.join("a")), a);
        assert_eq!(stamp(&dir.join(M)), m, "same file list: manifest untouched");
    }

    #[test]
    fn folders_emptied_by_removals_are_removed_but_not_the_output_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(
            &dir,
            &["t"],
            vec![
                file("d1/d2/f", "", "t"),
                file("keep/f", "", "t"),
                file("keep/g", "", "t"),
                file("mixed/f", "", "t"),
                file("top", "", "t"),
            ],
        );
        std::fs::create_dir(dir.join("empty-user-folder")).unwrap();
        std::fs::write(dir.join("mixed/user"), "mine").unwrap();
        run(&dir, &["t"], vec![file("keep/f", "", "t")]);
        assert!(!dir.join("d1").exists());
        assert!(dir.join("keep/f").exists());
        assert!(!dir.join("keep/g").exists());
        assert!(dir.join("mixed/user").exists());
        assert!(
            dir.join("empty-user-folder").is_dir(),
            "not emptied by a removal"
        );
        run(&dir, &["t"], vec![]);
        assert!(!dir.join("keep").exists());
        assert!(dir.is_dir(), "the output folder itself stays");
    }

    #[test]
    fn explicit_modes_are_set_and_an_existing_wrong_mode_is_an_update() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("seed"), "s").unwrap();
        std::fs::set_permissions(dir.join("seed"), std::fs::Permissions::from_mode(0o666)).unwrap();
        let files = || {
            vec![
                file("seed", "s", "t").with_mode(0o640),
                file("sub/public", "p", "t").with_mode(0o644),
            ]
        };
        let p = plan(dir, M, &["t".into()], files()).unwrap();
        let kinds: Vec<_> = p.changes().iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChangeKind::Update, ChangeKind::Create]);
        p.apply().unwrap();
        let mode = |rel: &str| std::fs::metadata(dir.join(rel)).unwrap().mode() & 0o7777;
        assert_eq!((mode("seed"), mode("sub/public")), (0o640, 0o644));
        assert!(plan(dir, M, &["t".into()], files()).unwrap().is_clean());
    }
}
