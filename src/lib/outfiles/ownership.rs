//! Who owns which file after this run, and which files of earlier runs go.
//!
//! Owners that ran list exactly the files they produce now. Owners that did not run keep
//! their entries, except a path an owner that ran now produces (the file changed hands;
//! left listed, its former owner would remove it the next time it runs without it). A
//! file listed under an owner that ran, which nobody produces or lists any more, goes.

use super::desired::Listed;
use super::manifest::{self, Listing, Manifest};
use super::OutfilesError;
use foldhash::{HashSet, HashSetExt};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The outcome for the manifest.
#[derive(Debug, Default)]
pub(super) struct Reconciled {
    /// The manifest to write, when it differs from the bytes on disk.
    pub manifest: Option<Vec<u8>>,
    /// Files written by earlier runs that go now: (path, former owner), sorted by path.
    pub gone: Vec<(String, String)>,
}

/// Works out the new manifest and the files that go. `files` is sorted by path (the
/// manifest lists them in that order), every owner of `files` is in `ran`; `old` is the manifest on disk (`path`, named `name`).
pub(super) fn reconcile(
    files: &[Listed],
    ran: &BTreeSet<&str>,
    old: Option<&[u8]>,
    path: &Path,
    name: &str,
) -> Result<Reconciled, OutfilesError> {
    let mut listing = Listing::new();
    // One map lookup per run of files of one owner (bootgen's 500,000 are one run).
    for run in files.chunk_by(|a, b| a.owner == b.owner) {
        listing
            .entry(run[0].owner.as_str())
            .or_default()
            .extend(run.iter().map(|c| c.rel.as_str()));
    }
    let produced_bytes = manifest::to_bytes(&listing);
    let old = match old {
        None if listing.is_empty() => return Ok(Reconciled::default()),
        None => {
            return Ok(Reconciled {
                manifest: Some(produced_bytes),
                gone: Vec::new(),
            })
        }
        // The usual run: every owner ran and produced the same paths as last time. The
        // bytes equal, so the manifest need not even be parsed.
        Some(old) if old == produced_bytes => return Ok(Reconciled::default()),
        Some(old) => old,
    };
    let previous = Manifest::parse(old, path, name)?;
    // A hash set: 500,000 lookups in it cost a fraction of as many binary searches.
    let produced_paths: HashSet<&str> = files.iter().map(|c| c.rel.as_str()).collect();
    let produced = |p: &str| produced_paths.contains(p);
    let mut kept_by_others: HashSet<&str> = HashSet::new();
    let mut others_kept = false;
    for (owner, paths) in &previous.owners {
        if ran.contains(owner.as_str()) {
            continue;
        }
        let mut kept: Vec<&str> = paths
            .iter()
            .map(String::as_str)
            .filter(|p| !produced(p))
            .collect();
        kept.sort_unstable();
        kept.dedup();
        if !kept.is_empty() {
            others_kept = true;
            kept_by_others.extend(kept.iter().copied());
            listing.insert(owner.as_str(), kept);
        }
    }
    let mut gone: BTreeMap<&str, &str> = BTreeMap::new();
    for (owner, paths) in &previous.owners {
        if ran.contains(owner.as_str()) {
            for p in paths {
                if !produced(p) && !kept_by_others.contains(p.as_str()) {
                    gone.entry(p.as_str()).or_insert(owner.as_str());
                }
            }
        }
    }
    // Only owners that did not run can add to what was produced.
    let bytes = if others_kept {
        manifest::to_bytes(&listing)
    } else {
        produced_bytes
    };
    Ok(Reconciled {
        manifest: (bytes != old).then_some(bytes),
        gone: gone
            .into_iter()
            .map(|(p, o)| (p.to_string(), o.to_string()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{file, manifest, read, run, M};
    use super::super::{plan, ChangeKind, Summary};

    #[test]
    fn removes_only_listed_files_of_owners_that_ran() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        run(
            dir,
            &["a", "b"],
            vec![
                file("a/x", "x", "a"),
                file("a/y", "y", "a"),
                file("b", "b", "b"),
            ],
        );
        std::fs::write(dir.join("user.txt"), "mine").unwrap();
        std::fs::write(dir.join("a/user"), "mine").unwrap();

        // Only `a` runs, and no longer produces a/y; `b` did not run.
        let p = plan(dir, M, &["a".into()], vec![file("a/x", "x", "a")]).unwrap();
        let got: Vec<_> = p
            .changes()
            .iter()
            .map(|c| (c.path.to_str().unwrap(), c.kind, c.owner.as_str()))
            .collect();
        assert_eq!(got, [("a/y", ChangeKind::Remove, "a")]);
        assert_eq!(
            p.diff(),
            "--- a/a/y\n+++ /dev/null\n@@ -1 +0,0 @@\n-y\n\\ No newline at end of file\n"
        );
        let s = p.apply().unwrap();
        assert_eq!((s.written, s.removed, s.unchanged), (0, 1, 1));
        assert!(!dir.join("a/y").exists());
        assert_eq!(read(dir, "b"), "b", "owner that did not run keeps its file");
        assert_eq!(read(dir, "user.txt"), "mine");
        assert_eq!(read(dir, "a/user"), "mine");
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {"a": ["a/x"], "b": ["b"]}})
        );

        // Both run; `b` produces nothing now.
        let s = run(dir, &["a", "b"], vec![file("a/x", "x", "a")]);
        assert_eq!(s.removed, 1);
        assert!(!dir.join("b").exists());
        assert_eq!(read(dir, "user.txt"), "mine");
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {"a": ["a/x"]}})
        );
    }

    #[test]
    fn user_files_are_never_removed_even_without_a_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        std::fs::write(dir.join("keep"), "mine").unwrap();
        let s = run(dir, &["t"], vec![]);
        assert_eq!(s, Summary::default());
        assert!(dir.join("keep").exists());
        assert!(!dir.join(M).exists(), "no files, no manifest");
    }

    #[test]
    fn a_file_that_changed_hands_is_not_removed_by_its_former_owner() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        run(
            dir,
            &["old"],
            vec![file("x", "1", "old"), file("y", "1", "old")],
        );
        // `new` takes x over while `old` does not run.
        run(dir, &["new"], vec![file("x", "2", "new")]);
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {"new": ["x"], "old": ["y"]}})
        );
        // `old` runs and produces nothing: only its own y goes.
        let s = run(dir, &["old"], vec![]);
        assert_eq!(s.removed, 1);
        assert_eq!(read(dir, "x"), "2");
        assert!(!dir.join("y").exists());
    }

    #[test]
    fn removed_file_replaced_by_a_folder_or_symlink_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        run(
            dir,
            &["t"],
            vec![
                file("f", "", "t"),
                file("l", "", "t"),
                file("gone", "", "t"),
            ],
        );
        std::fs::remove_file(dir.join("f")).unwrap();
        std::fs::create_dir(dir.join("f")).unwrap();
        std::fs::remove_file(dir.join("l")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("l")).unwrap();
        std::fs::remove_file(dir.join("gone")).unwrap();
        let p = plan(dir, M, &["t".into()], vec![]).unwrap();
        assert!(p.is_clean());
        assert!(p.manifest_changed(), "the stale entries are dropped");
        let s = p.apply().unwrap();
        assert_eq!(s.removed, 0);
        assert!(dir.join("f").is_dir());
        assert!(dir.join("l").symlink_metadata().unwrap().is_symlink());
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {}})
        );
    }

    #[test]
    fn a_path_still_listed_by_an_owner_that_did_not_run_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        std::fs::write(dir.join("shared"), "s").unwrap();
        std::fs::write(
            dir.join(M),
            r#"{"owners": {"a": ["shared"], "b": ["shared"]}, "format": 1}"#,
        )
        .unwrap();
        let p = plan(dir, M, &["a".into()], vec![]).unwrap();
        assert!(p.is_clean(), "b did not run and still lists it");
        assert!(
            p.manifest_changed(),
            "a's entry goes, the form is made canonical"
        );
        p.apply().unwrap();
        assert_eq!(read(dir, "shared"), "s");
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {"b": ["shared"]}})
        );
    }

    #[test]
    fn an_owner_that_ran_without_files_removes_all_of_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        run(
            dir,
            &["a"],
            vec![file("x", "", "a"), file("sub/y", "", "a")],
        );
        let s = run(dir, &["a"], vec![]);
        assert_eq!((s.removed, s.manifest_written), (2, true));
        assert!(!dir.join("x").exists());
        assert!(!dir.join("sub").exists());
        assert_eq!(
            manifest(dir),
            serde_json::json!({"format": 1, "owners": {}})
        );
    }
}
