//! The stat of everything an inventory's generators read, taken before loading it: a
//! digest that changes whenever any input file is created, removed, replaced or edited
//! (see [`crate::fsutil::stat_digest`]), when chami itself is another binary, or when a
//! power helper program that lint looks for is installed or removed. Answers
//! kept with such a digest (the build stamp, the lint memo) are reused only while it is
//! the same.

use super::{Kind, CLUSTER_FILE, RACY_SECS};
use crate::fsutil::{
    stat_digest, stat_digest_with_facts, walk_paths, FileStamp, PathKind, StatDigest,
};
use rayon::prelude::*;
use std::path::Path;

/// The folders whose files are inputs, beside cluster.yaml.
fn input_dirs() -> [&'static str; 7] {
    [
        Kind::Node.dir(),
        Kind::Bmc.dir(),
        Kind::Group.dir(),
        Kind::Tenant.dir(),
        Kind::Pdu.dir(),
        Kind::Image.dir(),
        crate::render::site::TEMPLATES_DIR,
    ]
}

/// The inputs of an inventory as stat'ed at one moment.
#[derive(Debug, Clone)]
pub struct InputScan {
    hash: u128,
    scanned_ns: i64,
    /// The input files (not folders) changed less than [`RACY_SECS`] before the scan,
    /// relative to the inventory folder.
    recent: Vec<String>,
    /// Every path scanned, relative to the inventory folder: cluster.yaml, then each
    /// input folder and the paths below it, sorted (see `segments`).
    rels: Vec<String>,
    /// What the stat of each of `rels` said (empty when the scan trusts nothing): the
    /// loader looks records up in the parse cache with it instead of a stat of its own
    /// (the build then uses the inventory as scanned, which is what its stamp says it
    /// used).
    facts: Vec<crate::fsutil::FileFacts>,
    /// What each of `rels` is (see [`InputScan::record_files`]).
    kinds: Vec<PathKind>,
    /// Each of `rels`' own stat digest (empty when the scan trusts nothing): what tells a
    /// later build which inputs changed (see [`InputScan::entries`]).
    entries: Vec<u64>,
    /// The digest of what is not a file of the inventory: chami's version and binary, and
    /// the power helper programs.
    identity: u128,
    /// Each input folder and where the sorted paths below it are in `rels`.
    segments: Vec<(&'static str, std::ops::Range<usize>)>,
}

impl InputScan {
    /// Stats cluster.yaml and every entry under nodes/, bmcs/, groups/, tenants/, pdus/,
    /// images/ and templates/ of the inventory at `root`, the running binary and the
    /// power helper programs.
    pub fn scan(root: &Path) -> InputScan {
        let scanned_ns = now_ns();
        let since_ns = scanned_ns - RACY_SECS * 1_000_000_000;
        // The content read of a racy input is what a stamp can vouch for it with.
        super::recent_reads::watch_since(since_ns);
        let mut rels = vec![CLUSTER_FILE.to_string()];
        let mut kinds = vec![PathKind::Leaf];
        let mut lossy = false;
        let mut segments = Vec::with_capacity(input_dirs().len());
        // Listing a folder is serial: nodes/ and bmcs/ are listed side by side.
        let walks: Vec<_> = input_dirs()
            .into_par_iter()
            .map(|dir| (dir, walk_paths(root, dir)))
            .collect();
        for (dir, walked) in walks {
            rels.push(dir.to_string());
            kinds.push(PathKind::Folder);
            lossy |= walked.lossy;
            let start = rels.len();
            rels.extend(walked.paths);
            kinds.extend(walked.kinds);
            segments.push((dir, start..rels.len()));
        }
        let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
        // A name that is not UTF-8 cannot be stat'ed again: trust nothing.
        let scanned = if lossy {
            crate::fsutil::StatScanned {
                digest: StatDigest::never(),
                recent: Vec::new(),
                facts: Vec::new(),
                entries: Vec::new(),
            }
        } else {
            stat_digest_with_facts(root, &refs, since_ns, true)
        };
        let recent = scanned
            .recent
            .into_iter()
            .filter(|r| !r.folder)
            .map(|r| refs[r.index].to_string())
            .collect();
        drop(refs);
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            let (dir, name) = (exe.parent(), exe.file_name());
            if let (Some(dir), Some(name)) = (dir, name.map(|n| n.to_string_lossy())) {
                h.update(&stat_digest(dir, &[&name]).hash.to_le_bytes());
            }
        }
        // Lint warns about power helper programs this host lacks.
        let helpers = crate::render::power_devices::HELPER_PROGRAMS.map(|p| &p[1..]);
        h.update(&stat_digest(Path::new("/"), &helpers).hash.to_le_bytes());
        let identity = h.clone().digest128();
        h.update(&scanned.digest.hash.to_le_bytes());
        InputScan {
            hash: h.digest128(),
            identity,
            entries: scanned.entries,
            scanned_ns,
            recent,
            rels,
            facts: scanned.facts,
            kinds,
            segments,
        }
    }

    /// Frees what [`InputScan::file_stamps`] answers from (tens of MB at 100,000 nodes),
    /// once the inventory is loaded; it then answers `None`.
    pub fn forget_files(&mut self) {
        self.rels = Vec::new();
        self.facts = Vec::new();
        self.kinds = Vec::new();
        self.entries = Vec::new();
        self.segments = Vec::new();
    }

    /// Every path scanned (relative to the inventory folder) with its own stat digest, in
    /// scan order; empty when the scan trusts nothing (a name that is not UTF-8) or after
    /// [`InputScan::forget_files`]. A path whose digest is the same in two scans did not
    /// change in between (but see [`InputScan::recent_files`]).
    pub fn entries(&self) -> impl Iterator<Item = (&str, u64)> {
        self.rels
            .iter()
            .map(String::as_str)
            .zip(self.entries.iter().copied())
    }

    /// The digest of what is not an inventory file: chami's version and binary, and the
    /// power helper programs (part of [`InputScan::hash`]).
    pub fn identity(&self) -> u128 {
        self.identity
    }

    /// The record files below the input folder `dir` as the loader lists them
    /// ([`super::load::files_below`]), relative to the inventory folder and in byte order,
    /// each with what the scan's stat said of it: the loader's list without a second walk.
    /// Hidden names are left out and only names `keep` accepts are kept, but a link to a
    /// folder outside the inventory is listed whatever its name (reading it reports it).
    /// `None` when the scan cannot tell: it trusts nothing (a name that is not UTF-8), its
    /// files were forgotten, or a hidden folder lies below `dir` (the loader does not walk
    /// it, so a folder reached both through it and through another name would be listed
    /// under the other name, which the scan may not have used).
    pub fn record_files(
        &self,
        dir: &str,
        keep: impl Fn(&str) -> bool + Sync,
    ) -> Option<Vec<(&str, Option<FileStamp>)>> {
        let (_, range) = self.segments.iter().find(|(d, _)| *d == dir)?;
        let paths = self.rels.get(range.clone())?;
        let facts = self.facts.get(range.clone())?;
        let kinds = self.kinds.get(range.clone())?;
        // The path below `dir`, and whether a name in it is hidden.
        let below = |i: usize| paths[i].get(dir.len() + 1..).unwrap_or_default();
        let hidden = |below: &str| below.starts_with('.') || below.contains("/.");
        if (0..paths.len())
            .into_par_iter()
            .any(|i| kinds[i] == PathKind::Folder && hidden(below(i)))
        {
            return None;
        }
        let files = (0..paths.len())
            .into_par_iter()
            .filter_map(|i| {
                let (path, stamp, below) = (paths[i].as_str(), facts[i], below(i));
                let name = below.rsplit_once('/').map_or(below, |(_, name)| name);
                let listed = match kinds[i] {
                    PathKind::Folder => false,
                    _ if hidden(below) => false,
                    PathKind::OutsideFolder => true,
                    PathKind::Leaf => keep(name),
                };
                listed.then_some((path, stamp))
            })
            .collect();
        Some(files)
    }

    /// The stat the scan took of the regular file `rel` (relative to the inventory
    /// folder), when it was one (not a link): one path at a time, the reference the tests
    /// hold [`InputScan::file_stamps`] to.
    #[cfg(test)]
    pub fn file_stamp(&self, rel: &Path) -> Option<FileStamp> {
        let rel = rel.to_str()?;
        if rel == CLUSTER_FILE {
            return *self.facts.first()?;
        }
        let top = rel.split('/').next()?;
        let (_, range) = self.segments.iter().find(|(dir, _)| *dir == top)?;
        let paths = self.rels.get(range.clone())?;
        let at = paths.binary_search_by(|p| p.as_str().cmp(rel)).ok()?;
        *self.facts.get(range.start + at)?
    }

    /// What the scan's stat said of each of `rels` (paths under the input folder `dir`,
    /// relative to the inventory folder, best in byte order), `None` for a path it did not
    /// stat as a regular file: one pass over the scan's paths ([`super::sorted_join`])
    /// instead of a bisection per path.
    pub fn file_stamps(&self, dir: &str, rels: &[Option<&str>]) -> Vec<Option<FileStamp>> {
        let Some((_, range)) = self.segments.iter().find(|(d, _)| *d == dir) else {
            return vec![None; rels.len()];
        };
        let (Some(paths), Some(facts)) =
            (self.rels.get(range.clone()), self.facts.get(range.clone()))
        else {
            return vec![None; rels.len()];
        };
        // A path of another folder would be looked for in this one's: none is.
        let own = |r: &&str| r.strip_prefix(dir).is_some_and(|r| r.starts_with('/'));
        let rels: Vec<Option<&str>> = rels.iter().map(|r| r.filter(own)).collect();
        super::sorted_join::positions(&rels, paths, String::as_str)
            .into_iter()
            .map(|at| at.and_then(|at| facts[at]))
            .collect()
    }

    /// When the scan began, in ns since the epoch.
    pub fn scanned_ns(&self) -> i64 {
        self.scanned_ns
    }

    /// The digest of the inputs and the binary.
    pub fn hash(&self) -> u128 {
        self.hash
    }

    /// The input files (not folders: the next scan lists those again) changed less than
    /// [`RACY_SECS`] before the scan, relative to the inventory folder: a second change
    /// within the same timestamp tick would not show in their stat, so an answer kept with
    /// this scan must vouch for their content another way (see
    /// [`super::recent_reads`]).
    pub fn recent_files(&self) -> &[String] {
        &self.recent
    }
}

/// Now, in ns since the epoch.
pub(crate) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn an_edit_moves_the_scan_and_a_fresh_one_is_racy() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("nodes")).unwrap();
        std::fs::write(dir.path().join("cluster.yaml"), "name: c\n").unwrap();
        std::fs::write(dir.path().join("nodes/n1.yaml"), "name: n1\n").unwrap();
        let first = InputScan::scan(dir.path());
        assert_eq!(
            first.recent_files(),
            ["cluster.yaml", "nodes/n1.yaml"],
            "written just now; the folder is listed again by the next scan"
        );
        assert_eq!(InputScan::scan(dir.path()).hash(), first.hash());
        let meta = std::fs::metadata(dir.path().join("nodes/n1.yaml")).unwrap();
        let st = first
            .file_stamp(Path::new("nodes/n1.yaml"))
            .expect("a file");
        assert_eq!((st.ino, st.size), (meta.ino(), meta.len()));
        std::os::unix::fs::symlink("n1.yaml", dir.path().join("nodes/n2.yaml")).unwrap();
        let linked = InputScan::scan(dir.path());
        assert!(
            linked.file_stamp(Path::new("nodes/n2.yaml")).is_none(),
            "a link"
        );
        assert!(linked.file_stamp(Path::new("nodes")).is_none(), "a folder");
        // The merge answers as a lookup per path does, for paths of the folder only.
        let asked = [
            Some("nodes/n1.yaml"),
            Some("nodes/n2.yaml"),
            None,
            Some("nodes/n3.yaml"),
            Some("bmcs/n1.yaml"),
            Some("nodes/n1.yaml"),
        ];
        let stamps = linked.file_stamps("nodes", &asked);
        let one_by_one: Vec<_> = asked
            .iter()
            .map(|r| r.and_then(|r| linked.file_stamp(Path::new(r))))
            .map(|s| s.map(|s| (s.ino, s.size)))
            .collect();
        assert_eq!(
            stamps
                .iter()
                .map(|s| s.map(|s| (s.ino, s.size)))
                .collect::<Vec<_>>(),
            one_by_one
        );
        assert_eq!(stamps.iter().flatten().count(), 2, "n1 twice");
        assert!(linked
            .file_stamps("bmcs", &asked)
            .iter()
            .all(Option::is_none));
        assert!(
            linked.file_stamp(Path::new("nodes/n3.yaml")).is_none(),
            "not there"
        );
        std::fs::remove_file(dir.path().join("nodes/n2.yaml")).unwrap();
        std::fs::write(dir.path().join("templates"), "").unwrap();
        let second = InputScan::scan(dir.path());
        assert_ne!(second.hash(), first.hash(), "a new entry");
        std::fs::write(dir.path().join("nodes/n1.yaml"), "name: n2\n").unwrap();
        assert_ne!(InputScan::scan(dir.path()).hash(), second.hash(), "an edit");
    }
}
