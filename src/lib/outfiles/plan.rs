//! Comparing the desired files with the folder: [`plan`] reads what is on disk (in
//! parallel) and the previous manifest, and returns a [`Plan`] of creations, updates and
//! removals without writing anything.

use super::compare::Comparer;
use super::{desired, disk};
use super::{DesiredFile, OutfilesError, Wanted};
use std::path::{Path, PathBuf};

/// What a [`Change`] does to its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The file does not exist yet.
    Create,
    /// The file exists with other content.
    Update,
    /// The file was written by an earlier run and its owner no longer produces it.
    Remove,
}

impl ChangeKind {
    /// `create`, `update` or `remove`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Create => "create",
            ChangeKind::Update => "update",
            ChangeKind::Remove => "remove",
        }
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One file that applying the plan would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Create, update or remove.
    pub kind: ChangeKind,
    /// Who produces the file (for a removal: who produced it before).
    pub owner: String,
    pub(super) old: Option<Vec<u8>>,
    pub(super) new: Option<Vec<u8>>,
    /// The mode and group to write it with, when the generator chose one.
    pub(super) mode: Option<crate::fsutil::FileMode>,
}

impl Change {
    /// The content on disk now (`None` for a creation).
    pub fn old_content(&self) -> Option<&[u8]> {
        self.old.as_deref()
    }

    /// The content after the change (`None` for a removal).
    pub fn new_content(&self) -> Option<&[u8]> {
        self.new.as_deref()
    }
}

/// What writing the desired files would change; nothing is written until [`Plan::apply`].
#[derive(Debug)]
pub struct Plan {
    pub(super) dir: PathBuf,
    pub(super) manifest_path: PathBuf,
    pub(super) changes: Vec<Change>,
    pub(super) unchanged: usize,
    /// The new manifest, when it differs from the one on disk.
    pub(super) manifest: Option<Vec<u8>>,
    /// A plan of [`plan_file`]: one file (`manifest_path`), no manifest.
    pub(super) single_file: bool,
    /// Set by [`Plan::in_place`]: the folder is written in place.
    pub(super) in_place: bool,
    /// The content hashes of the files applying may leave racily clean.
    pub(super) wanted: Wanted,
}

impl Plan {
    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every creation, update and removal, sorted by path.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Number of desired files already on disk with the right content.
    pub fn unchanged(&self) -> usize {
        self.unchanged
    }

    /// True when no file would be created, updated or removed (what `--check` tests).
    /// The manifest alone may still be rewritten: see [`Plan::manifest_changed`].
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty()
    }

    /// True when applying would rewrite the manifest (bookkeeping only, never shown as a
    /// change).
    pub fn manifest_changed(&self) -> bool {
        self.manifest.is_some()
    }

    /// Writes the folder in place, file by file under the journal, instead of switching a
    /// whole new version in (see docs/outputs.md).
    pub fn in_place(mut self) -> Plan {
        self.in_place = true;
        self
    }

    /// The counts [`Plan::apply`] would return, for `--dry-run`.
    pub fn summary(&self) -> super::Summary {
        let removed = self
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Remove)
            .count();
        super::Summary {
            written: self.changes.len() - removed,
            removed,
            unchanged: self.unchanged,
            manifest_written: self.manifest.is_some(),
            in_place: None,
        }
    }
}

/// Compares `files` with the folder `dir` (which need not exist yet).
///
/// `manifest` is the manifest's file name inside `dir` (e.g. `.chami-render.json`).
/// `owners` are the owners that ran this time; every owner of a file in `files` counts as
/// having run too. A file listed in the previous manifest under an owner that ran, which
/// no owner produces now and no owner that did not run still lists, becomes a removal.
///
/// Fails, before anything is written, on an invalid or duplicate path, a path that exists
/// as a folder or under a file, an unreadable file, or a corrupt manifest.
pub fn plan(
    dir: &Path,
    manifest: &str,
    owners: &[String],
    files: Vec<DesiredFile>,
) -> Result<Plan, OutfilesError> {
    use rayon::prelude::*;
    let comparer = Comparer::open(dir, manifest)?;
    // Only changes (and errors) keep their content: a no-op run of 100,000 files
    // collects nothing but paths and the new stat index.
    let compared = files.into_par_iter().map(|f| comparer.compare(f)).collect();
    comparer.finish(owners, vec![compared])
}

/// Compares one file, `path`, with `content`: the plan of a generator that writes a single
/// file (a DHCP server config) where it is. No manifest is kept beside it and nothing is
/// ever removed.
pub fn plan_file(
    path: &Path,
    content: impl Into<Vec<u8>>,
    owner: &str,
) -> Result<Plan, OutfilesError> {
    let name =
        path.file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| OutfilesError::NotAFile {
                path: path.to_path_buf(),
            })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let exists = dir.is_dir();
    let content = content.into();
    let wanted = Wanted::one(name, &content);
    let checked = desired::Checked {
        rel: name.to_string(),
        content,
        owner: owner.to_string(),
        mode: None,
    };
    let changes: Vec<Change> = disk::compare(&dir, exists, checked)?.into_iter().collect();
    Ok(Plan {
        unchanged: 1 - changes.len(),
        manifest_path: dir.join(name),
        dir,
        changes,
        manifest: None,
        single_file: true,
        in_place: false,
        wanted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str, owner: &str) -> DesiredFile {
        DesiredFile::new(path, content, owner)
    }

    fn owners(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    const M: &str = ".chami-test.json";

    #[test]
    fn classifies_create_update_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same"), "same\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/old"), "old\n").unwrap();
        let files = vec![
            file("sub/old", "new\n", "t"),
            file("same", "same\n", "t"),
            file("new/deep/file", "x\n", "u"),
        ];
        let p = plan(dir.path(), M, &owners(&["t", "u"]), files).unwrap();
        assert_eq!(p.unchanged(), 1);
        assert!(!p.is_clean());
        assert!(p.manifest_changed());
        let got: Vec<(&str, ChangeKind, &str)> = p
            .changes()
            .iter()
            .map(|c| (c.path.to_str().unwrap(), c.kind, c.owner.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("new/deep/file", ChangeKind::Create, "u"),
                ("sub/old", ChangeKind::Update, "t"),
            ]
        );
        let update = &p.changes()[1];
        assert_eq!(update.old_content(), Some(&b"old\n"[..]));
        assert_eq!(update.new_content(), Some(&b"new\n"[..]));
        assert_eq!(
            p.summary(),
            super::super::Summary {
                written: 2,
                removed: 0,
                unchanged: 1,
                manifest_written: true,
                in_place: None
            }
        );
        // Planning writes nothing.
        assert!(!dir.path().join("new").exists());
        assert!(!dir.path().join(M).exists());
    }

    #[test]
    fn missing_folder_means_everything_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("not/yet");
        let p = plan(&out, M, &owners(&["t"]), vec![file("a", "1", "t")]).unwrap();
        assert_eq!(p.changes().len(), 1);
        assert_eq!(p.changes()[0].kind, ChangeKind::Create);
        assert!(!out.exists());
    }

    #[test]
    fn nothing_to_write_into_an_empty_folder_is_clean_and_writes_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let p = plan(dir.path(), M, &owners(&["t"]), vec![]).unwrap();
        assert!(p.is_clean());
        assert!(!p.manifest_changed());
    }

    #[test]
    fn output_folder_that_is_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, "").unwrap();
        let err = plan(&f, M, &[], vec![file("a", "1", "t")]).unwrap_err();
        assert!(matches!(err, OutfilesError::NotAFolder { .. }), "{err}");
    }

    #[test]
    fn invalid_paths_name_the_owner_and_the_path() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let bad = [
            "",
            "/etc/hosts",
            "..",
            "a/../b",
            "./a",
            "a/./b",
            "a//b",
            "a/",
            ".",
            M,
        ];
        for path in bad {
            let err = plan(dir.path(), M, &[], vec![file(path, "x", "tgt")]).unwrap_err();
            assert!(
                matches!(err, OutfilesError::InvalidPath { .. }),
                "{path}: {err}"
            );
            let msg = err.to_string();
            assert!(msg.starts_with("tgt: invalid output path"), "{msg}");
            assert!(msg.contains(&format!("`{path}`")), "{msg}");
        }
        let non_utf8 = PathBuf::from(std::ffi::OsStr::from_bytes(b"a\xff"));
        let err = plan(
            dir.path(),
            M,
            &[],
            vec![DesiredFile::new(non_utf8, "x", "tgt")],
        )
        .unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
        // A nested file may have the manifest's name; only the top one is the manifest.
        plan(
            dir.path(),
            M,
            &[],
            vec![file(&format!("sub/{M}"), "x", "t")],
        )
        .unwrap();
    }

    #[test]
    fn the_first_bad_path_of_the_input_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<DesiredFile> = (0..1000)
            .map(|i| file(&format!("ok{i}"), "x", "t"))
            .collect();
        files[500] = file("/first", "x", "t");
        files[900] = file("../second", "x", "t");
        let err = plan(dir.path(), M, &[], files).unwrap_err();
        assert!(err.to_string().contains("`/first`"), "{err}");
    }

    #[test]
    fn invalid_manifest_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["", "a/b", "..", "."] {
            let err = plan(dir.path(), name, &[], vec![]).unwrap_err();
            assert!(matches!(err, OutfilesError::InvalidManifestName { .. }));
        }
    }

    #[test]
    fn the_same_path_twice_is_an_error_naming_both_owners() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                ("hosts", "a"),
                ("site", "b"),
                "by hosts and by site, with different content",
            ),
            (
                ("hosts", "a"),
                ("site", "a"),
                "by hosts and by site (same content)",
            ),
            (
                ("hosts", "a"),
                ("hosts", "b"),
                "twice by hosts with different content",
            ),
            (
                ("hosts", "a"),
                ("hosts", "a"),
                "twice by hosts with the same content (duplicate)",
            ),
        ];
        for ((o1, c1), (o2, c2), want) in cases {
            let files = vec![
                file("x", "", "z"),
                file("etc/hosts", c1, o1),
                file("y", "", "z"),
                file("etc/hosts", c2, o2),
            ];
            let err = plan(dir.path(), M, &[], files).unwrap_err();
            assert!(matches!(err, OutfilesError::Conflict { .. }));
            assert_eq!(
                err.to_string(),
                format!("`etc/hosts` is produced twice, {want}")
            );
        }
    }

    #[test]
    fn a_file_where_another_needs_a_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![file("a/b/c", "", "inner"), file("a/b", "", "outer")];
        let err = plan(dir.path(), M, &[], files).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`a/b` (from outer) is a file, but `a/b/c` (from inner) needs it to be a folder"
        );
    }

    #[test]
    fn folder_in_the_way_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let err = plan(dir.path(), M, &[], vec![file("a/b", "x", "t")]).unwrap_err();
        assert!(matches!(err, OutfilesError::IsAFolder { .. }), "{err}");
        assert!(err.to_string().contains("a/b`: it is a folder"), "{err}");
    }

    #[test]
    fn file_in_the_way_of_a_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/b"), "").unwrap();
        let err = plan(dir.path(), M, &[], vec![file("a/b/c/d", "x", "t")]).unwrap_err();
        match &err {
            OutfilesError::ParentIsAFile { blocker, owner, .. } => {
                assert_eq!(blocker, &dir.path().join("a/b"));
                assert_eq!(owner, "t");
            }
            other => panic!("{other}"),
        }
        assert!(err.to_string().contains("is a file, not a folder"), "{err}");
    }

    #[test]
    fn corrupt_manifest_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(M), "{\"format\": 1, \"owners\": [").unwrap();
        let err = plan(dir.path(), M, &[], vec![file("a", "", "t")]).unwrap_err();
        assert!(matches!(err, OutfilesError::CorruptManifest { .. }));
        let msg = err.to_string();
        assert!(
            msg.contains(&dir.path().join(M).display().to_string()),
            "{msg}"
        );
        assert!(msg.contains("Delete it and run again"), "{msg}");
    }
}
