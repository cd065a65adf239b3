//! The commit journal: how a commit that switches several outputs is finished after the
//! process was killed half-way.
//!
//! Every output's new version is staged and synced first; then the journal is written
//! (atomically) listing each switch with the inodes of the old and the new version; then
//! the switches are made; then the journal is removed and the old versions with it.
//! A run killed before the journal exists left only staged versions, which are garbage
//! ([`super::switch::sweep`]): every output is as it was. A run killed after it left a
//! journal, and [`recover`], which every writing command calls first, makes the switches
//! still to make (rolls the commit forward). A switch is made only when the output is
//! still the old version the journal names: an output written since by other means is
//! left alone.
//!
//! ```json
//! {"format": 1, "id": "4242-18c3…", "switches": [
//!   {"staged": "/srv/.boot.chami-gen-4242-18c3…", "output": "/srv/boot",
//!    "new_inode": 1311, "old_inode": 977}]}
//! ```

use super::switch;
use super::OutfilesError;
use crate::fsutil::{self, CommitError, FsError, StagedRecord, Transaction};
use std::path::{Path, PathBuf};

/// The journal format this code reads and writes.
const FORMAT: u32 = 1;

/// The journal as stored.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    id: String,
    /// Outputs written in place: their renames, made before the switches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    in_place: Vec<StagedRecord>,
    switches: Vec<Switch>,
}

/// One output to switch.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Switch {
    /// The staged new version.
    pub staged: PathBuf,
    /// The output it replaces.
    pub output: PathBuf,
    /// The staged version's inode: the output has it once switched.
    pub new_inode: u64,
    /// The output's inode before the switch (`None`: it did not exist).
    pub old_inode: Option<u64>,
}

impl Switch {
    /// Describes the switch of `staged` (which must exist) in place of `output`.
    pub fn new(staged: PathBuf, output: PathBuf) -> Result<Switch, FsError> {
        let new_inode = switch::inode(&staged).ok_or_else(|| FsError {
            action: "cannot read",
            path: staged.clone(),
            source: std::io::ErrorKind::NotFound.into(),
        })?;
        let old_inode = switch::inode(&output);
        Ok(Switch {
            staged,
            output,
            new_inode,
            old_inode,
        })
    }

    /// Makes the switch unless it was made already or the output changed since.
    /// Returns whether it switched.
    fn roll_forward(&self) -> Result<bool, FsError> {
        let now = switch::inode(&self.output);
        if now == Some(self.new_inode)
            || now != self.old_inode
            || switch::inode(&self.staged) != Some(self.new_inode)
        {
            return Ok(false);
        }
        switch::switch(&self.staged, &self.output)?;
        Ok(true)
    }
}

/// Writes the journal at `path` (atomically, synced) before the renames and switches
/// begin.
pub(super) fn write(
    path: &Path,
    in_place: &[StagedRecord],
    switches: &[Switch],
) -> Result<(), FsError> {
    let stored = Stored {
        format: FORMAT,
        id: fsutil::run_id().to_string(),
        in_place: in_place.to_vec(),
        switches: switches.to_vec(),
    };
    let mut bytes = serde_json::to_vec_pretty(&stored).expect("a journal always serializes");
    bytes.push(b'\n');
    fsutil::write_atomic(path, &bytes)?;
    fsutil::sync_dir(switch::parent(path))
}

/// Removes the journal at `path` once every switch is made.
pub(super) fn remove(path: &Path) -> Result<(), FsError> {
    switch::remove_any(path)
}

/// Commits `tx` (writes that all lie on the filesystem of `dir`) so that a run killed
/// while renaming its files is finished by the next run: the files are staged in `dir`'s
/// staging folder, and the journal at `journal` lists the renames before the first one.
/// Staging folders that killed runs left in `dir` are removed first. Call it holding the
/// lock, after [`recover`].
pub fn commit_journaled(
    mut tx: Transaction,
    dir: &Path,
    journal: &Path,
) -> Result<(), CommitError> {
    if tx.is_empty() {
        return Ok(());
    }
    fsutil::sweep_stages(dir)?;
    tx.staged_in(dir);
    let mut wrote = false;
    tx.commit_with(|record| {
        wrote = !record.renames.is_empty() || !record.removals.is_empty();
        if wrote {
            write(journal, std::slice::from_ref(record), &[])?;
        }
        Ok(())
    })?;
    if wrote {
        remove(journal)?;
    }
    Ok(())
}

/// What [`recover`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The outputs (and folders written in place) the interrupted commit finished now.
    pub switched: Vec<PathBuf>,
    /// The outputs it had switched already, or that changed since (left as they are).
    pub left: Vec<PathBuf>,
}

/// Finishes the commit a killed run left in the journal at `path`, if any: makes the
/// switches it had not made, removes the old versions and the journal. Call it before
/// anything else reads or writes the outputs, holding the inventory lock. A journal that
/// cannot be read is an error naming it.
pub fn recover(path: &Path) -> Result<Option<Recovered>, OutfilesError> {
    let Some(bytes) = super::manifest::read_raw(path)? else {
        return Ok(None);
    };
    let corrupt = |reason: String| OutfilesError::CorruptJournal {
        path: path.to_path_buf(),
        reason,
    };
    let stored: Stored = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if stored.format != FORMAT {
        return Err(corrupt(format!(
            "format {} is not supported, only format {FORMAT}",
            stored.format
        )));
    }
    for s in &stored.switches {
        if !staged_name_matches(s) {
            return Err(corrupt(format!(
                "`{}` is not a staged version of `{}`",
                s.staged.display(),
                s.output.display()
            )));
        }
    }
    let mut done = Recovered {
        switched: Vec::new(),
        left: Vec::new(),
    };
    for record in &stored.in_place {
        let folder = record
            .stage
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if record.roll_forward()? {
            done.switched.push(folder);
        } else {
            done.left.push(folder);
        }
    }
    for s in &stored.switches {
        if s.roll_forward()? {
            done.switched.push(s.output.clone());
        } else {
            done.left.push(s.output.clone());
        }
    }
    for s in &stored.switches {
        fsutil::sync_dir(switch::parent(&s.output))?;
    }
    remove(path)?;
    for s in &stored.switches {
        switch::remove_any(&s.staged)?;
    }
    Ok(Some(done))
}

/// A journal only ever names staged versions beside their outputs: a journal edited to
/// name anything else must not make chami move or remove it.
fn staged_name_matches(s: &Switch) -> bool {
    let staged_name = s
        .staged
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let output_name = s
        .output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    match (staged_name, output_name) {
        (Some(staged), Some(output)) => {
            switch::parent(&s.staged) == switch::parent(&s.output)
                && staged.starts_with(&format!(".{output}.chami-gen-"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &Path, content: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join("f"), content).unwrap();
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path.join("f")).unwrap()
    }

    #[test]
    fn an_interrupted_commit_is_rolled_forward_and_an_output_changed_since_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            tmp.path().join("a"),
            tmp.path().join("b"),
            tmp.path().join("c"),
        );
        for out in [&a, &b, &c] {
            folder(out, "old");
            folder(&switch::staged_path(out), "new");
        }
        let switches: Vec<Switch> = [&a, &b, &c]
            .iter()
            .map(|o| Switch::new(switch::staged_path(o), o.to_path_buf()).unwrap())
            .collect();
        let journal = tmp.path().join(".journal.json");
        write(&journal, &[], &switches).unwrap();
        // Killed after switching `a`; `c` was rewritten by someone else since.
        switch::switch(&switches[0].staged, &a).unwrap();
        std::fs::rename(&c, tmp.path().join("c-moved")).unwrap();
        folder(&c, "someone else's");
        let done = recover(&journal).unwrap().unwrap();
        assert_eq!(done.switched, std::slice::from_ref(&b));
        assert_eq!(done.left, [a.clone(), c.clone()]);
        assert_eq!(
            (read(&a), read(&b), read(&c)),
            ("new".into(), "new".into(), "someone else's".into())
        );
        assert!(!journal.exists());
        for s in &switches {
            assert!(!s.staged.exists(), "{}", s.staged.display());
        }
        assert_eq!(recover(&journal).unwrap(), None);
    }

    #[test]
    fn a_journal_naming_anything_but_staged_versions_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("precious");
        folder(&victim, "keep");
        let journal = tmp.path().join(".journal.json");
        let text = serde_json::json!({"format": 1, "id": "x", "switches": [
            {"staged": victim, "output": tmp.path().join("out"), "new_inode": 1, "old_inode": null}]});
        std::fs::write(&journal, text.to_string()).unwrap();
        let err = recover(&journal).unwrap_err().to_string();
        assert!(
            err.contains(".journal.json") && err.contains("not a staged version"),
            "{err}"
        );
        assert_eq!(read(&victim), "keep");
        std::fs::write(&journal, "{").unwrap();
        assert!(recover(&journal).is_err());
    }
}
