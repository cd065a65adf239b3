//! Carrying out plans: each changed output's new version is staged beside it and
//! switched in one step ([`super::generation`], [`super::switch`]); several outputs are
//! switched under a journal ([`super::journal`]). An output that cannot be switched
//! (see [`Layout`]) is written in place in one [`Transaction`].

use super::generation::{layout_for, stage_folder, write_new, Layout, Staged};
use super::journal::{self, Switch};
use super::{switch, ChangeKind, Plan, WriteAhead};
use crate::fsutil::{self, CommitError, FsError, StagedRecord, Transaction};
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
    /// Why the folder was written in place, file by file, instead of switched whole.
    pub in_place: Option<&'static str>,
}

impl Plan {
    /// Writes and removes the planned files and updates the manifest. A folder's new
    /// version is staged beside it, then switched in one step: readers, and a run killed
    /// at any moment, see the whole old folder or the whole new one. When staging fails
    /// or SIGINT arrives, nothing has changed. A clean plan whose manifest is current
    /// touches nothing (it only removes what killed runs left beside the output).
    pub fn apply(self) -> Result<Summary, CommitError> {
        self.apply_ahead(None)
    }

    /// [`Plan::apply`], keeping the files `ahead` already wrote (those whose path and
    /// length match a write of the plan) instead of writing them again. The files
    /// offered to `ahead` must be the contents given to [`super::plan`].
    pub fn apply_ahead(self, ahead: Option<&WriteAhead>) -> Result<Summary, CommitError> {
        Ok(commit(vec![self], ahead, None)?[0])
    }

    /// [`Plan::apply_ahead`] under the journal at `journal` (see [`apply_all`]): needed
    /// only when the folder is written in place, so that a run killed while renaming its
    /// files is finished by the next run.
    pub fn apply_journaled(
        self,
        ahead: Option<&WriteAhead>,
        journal: &Path,
    ) -> Result<Summary, CommitError> {
        Ok(commit(vec![self], ahead, Some(journal))?[0])
    }

    /// Adds this plan's writes, removals and manifest to `tx` (an output written in
    /// place); returns the folder and the removed paths, whose emptied folders go after
    /// the commit.
    fn stage_in_place(self, tx: &mut Transaction) -> (PathBuf, Vec<PathBuf>) {
        let mut removed = Vec::new();
        for change in self.changes {
            let full = self.dir.join(&change.path);
            if change.kind == ChangeKind::Remove {
                tx.remove(full);
                removed.push(change.path);
                continue;
            }
            let content = change.new.unwrap_or_default();
            match change.mode {
                Some(mode) => tx.write_with_mode(full, content, mode),
                None if change.kind == ChangeKind::Create => tx.create(full, content),
                None => tx.write(full, content),
            }
        }
        if let Some(manifest) = self.manifest {
            tx.write(self.manifest_path, manifest);
        }
        (self.dir, removed)
    }

    /// The path the plan replaces: its file, or its folder with a symlink at its end
    /// resolved.
    fn output(&self) -> PathBuf {
        if self.single_file {
            self.manifest_path.clone()
        } else {
            switch::resolve(&self.dir)
        }
    }
}

/// Applies several plans (of different outputs) together: each output is switched to its
/// whole new version, and when the process is killed between two switches, the journal
/// at `journal` lets the next run finish them ([`super::recover`]). When staging fails
/// or SIGINT arrives, nothing has changed. Returns each plan's [`Summary`], in order.
pub fn apply_all(plans: Vec<Plan>, journal: &Path) -> Result<Vec<Summary>, CommitError> {
    commit(plans, None, Some(journal))
}

/// Above this many files, a folder whose change is small is written in place.
const WHOLE_SWITCH_MAX_FILES: usize = 20_000;

/// Why a folder whose output says `in_place: true` is written in place.
const ASKED: &str = "its output says `in_place: true`";

/// Why such a folder is written in place.
const FEW_CHANGES: &str =
    "few of its many files change (a whole switch would link and unlink every file)";

/// A whole switch costs a hard link and an unlink per file of the folder (about a minute
/// for the 500,000 files of a 100,000-node boot tree on a slow disk), renaming the changed
/// files costs one rename each. A folder of more than [`WHOLE_SWITCH_MAX_FILES`] files of
/// which less than an eighth change is therefore written in place, file by file, under the
/// journal: a killed run is still finished by the next one, but a reader may see the few
/// changed files switch one after another (within milliseconds). See docs/outputs.md.
fn few_changes_in_a_large_folder(plan: &Plan) -> bool {
    few_changes(plan.unchanged + plan.changes.len(), plan.changes.len())
}

fn few_changes(total: usize, changed: usize) -> bool {
    total > WHOLE_SWITCH_MAX_FILES && changed * 8 < total
}

/// Staged versions to remove when the commit stops before switching them.
struct StagedGuard {
    paths: Vec<PathBuf>,
    armed: bool,
}

impl Drop for StagedGuard {
    fn drop(&mut self) {
        if self.armed {
            for p in &self.paths {
                let _ = switch::remove_any(p);
            }
        }
    }
}

fn commit(
    plans: Vec<Plan>,
    ahead: Option<&WriteAhead>,
    journal: Option<&Path>,
) -> Result<Vec<Summary>, CommitError> {
    let _critical = crate::interrupt::Critical::enter();
    let mut summaries: Vec<Summary> = plans.iter().map(Plan::summary).collect();
    let mut guard = StagedGuard {
        paths: Vec::new(),
        armed: true,
    };
    let mut staged: Vec<Staged> = Vec::new();
    // Single files (the DHCP configs, tens of MB each) are staged together below: their
    // writes and syncs overlap instead of waiting for one another.
    let mut singles: Vec<(PathBuf, PathBuf, super::plan::Change)> = Vec::new();
    let mut in_place = Vec::new();
    for (mut plan, summary) in plans.into_iter().zip(&mut summaries) {
        let output = plan.output();
        switch::sweep(&output)?;
        if !plan.single_file {
            fsutil::sweep_stages(&output)?;
        }
        if plan.changes.is_empty() && plan.manifest.is_none() {
            continue;
        }
        if crate::interrupt::interrupted() {
            return Err(crate::interrupt::Interrupted.into());
        }
        if plan.single_file {
            let path = switch::staged_path(&output);
            guard.paths.push(path.clone());
            let change = plan.changes.swap_remove(0);
            singles.push((path.clone(), output.clone(), change));
            staged.push(Staged {
                staged: path,
                output,
            });
            continue;
        }
        let layout = match layout_for(&output) {
            Layout::Generation if plan.in_place => Layout::InPlace(ASKED),
            Layout::Generation if few_changes_in_a_large_folder(&plan) => {
                Layout::InPlace(FEW_CHANGES)
            }
            layout => layout,
        };
        match layout {
            Layout::Generation => {
                guard.paths.push(switch::staged_path(&output));
                staged.push(stage_folder(plan, &output, ahead)?);
            }
            Layout::InPlace(reason) => {
                summary.in_place = Some(reason);
                let mut tx = Transaction::new();
                let (dir, removed) = plan.stage_in_place(&mut tx);
                tx.staged_in(&dir);
                in_place.push((tx, dir, removed));
            }
        }
    }
    {
        use rayon::prelude::*;
        singles.par_iter().try_for_each(|(path, output, change)| {
            let content = change.new.as_deref().unwrap_or_default();
            write_new(path, content, Some(output), change.mode, true).map(drop)
        })?;
    }
    if crate::interrupt::interrupted() {
        return Err(crate::interrupt::Interrupted.into());
    }
    let switches = staged
        .into_iter()
        .map(|s| Switch::new(s.staged, s.output))
        .collect::<Result<Vec<_>, FsError>>()?;
    // Outputs written in place go first, one after another, each under a journal that
    // also names every switch (all staged by now): a run killed from then on is finished
    // by the next one.
    let mut records: Vec<StagedRecord> = Vec::new();
    for (tx, dir, removed) in in_place {
        tx.commit_with(|record| {
            records.push(record.clone());
            if let Some(path) = journal {
                journal::write(path, &records, &switches)?;
                guard.armed = false;
                if let Some(a) = ahead {
                    a.keep();
                }
            }
            Ok(())
        })?;
        remove_empty_folders(&dir, &removed)?;
    }
    let journal = journal.filter(|_| switches.len() > 1 || !records.is_empty());
    if let (Some(path), true) = (journal, records.is_empty()) {
        journal::write(path, &[], &switches)?;
        // From here on the next run finishes the commit: the staged versions must stay.
        guard.armed = false;
        if let Some(a) = ahead {
            a.keep();
        }
    }
    for s in &switches {
        switch::switch(&s.staged, &s.output)?;
        crate::faults::point("switch");
    }
    guard.armed = false;
    let parents: BTreeSet<&Path> = switches.iter().map(|s| switch::parent(&s.output)).collect();
    for dir in parents {
        fsutil::sync_dir(dir)?;
    }
    if !switches.is_empty() {
        // The change is in place: a SIGINT from now on must not report it as not made.
        crate::interrupt::applied();
    }
    if let Some(path) = journal {
        journal::remove(path)?;
    }
    // The staged paths now hold the old versions.
    use rayon::prelude::*;
    switches
        .par_iter()
        .try_for_each(|s| switch::remove_any(&s.staged))?;
    Ok(summaries)
}

/// Removes, deepest first, every folder between `dir` and a removed file that is now
/// empty. Folders that are not empty, already gone, or symlinks are left alone.
pub(super) fn remove_empty_folders(dir: &Path, removed: &[PathBuf]) -> Result<(), FsError> {
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
                manifest_written: true,
                in_place: None
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
                manifest_written: false,
                in_place: None
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

    #[test]
    fn a_new_version_keeps_user_files_and_modes_and_a_symlinked_output_stays_a_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        let link = tmp.path().join("link");
        run(
            &real,
            &["t"],
            vec![file("a", "1\n", "t"), file("sub/b", "1\n", "t")],
        );
        std::fs::write(real.join("sub/mine"), "user file").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o750)).unwrap();
        std::fs::set_permissions(real.join("sub"), std::fs::Permissions::from_mode(0o711)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mine = stamp(&real.join("sub/mine"));
        let s = run(
            &link,
            &["t"],
            vec![file("a", "2\n", "t"), file("sub/b", "1\n", "t")],
        );
        assert_eq!((s.written, s.unchanged, s.in_place), (1, 1, None));
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(read(&real, "a"), "2\n");
        assert_eq!(
            stamp(&real.join("sub/mine")),
            mine,
            "the same inode, linked"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o7777;
        assert_eq!((mode(&real), mode(&real.join("sub"))), (0o750, 0o711));
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("chami-gen"))
            .collect();
        assert_eq!(names, Vec::<String>::new(), "the old version is removed");
    }

    #[test]
    fn only_a_small_change_to_a_large_folder_is_written_in_place() {
        // A one-node change of a 100,000-node boot tree; a domain change; small folders.
        assert!(few_changes(500_020, 5));
        assert!(few_changes(20_001, 2_500));
        assert!(!few_changes(20_001, 2_501));
        assert!(!few_changes(500_020, 100_000));
        assert!(!few_changes(20_000, 1));
        assert!(!few_changes(10, 1));
    }
}
