//! The inputs of a build as the stamp keeps them for the next build to tell which changed:
//! one digest of everything outside nodes/ (cluster.yaml, the other record folders,
//! templates, chami's binary, the inventory's place in git), and each path under nodes/
//! with its own stat digest (see [`InputScan::entries`]). When only node record files
//! changed, the next build can redo only what those nodes make (see
//! [`crate::boot::plan_tree_since`]).
//!
//! Stored beside the stamp: the line `chami-stamp-inputs 1`, the stamp's input key and a
//! newline, the digest of the rest (16 bytes), then per path under nodes/ its path hash
//! and stat digest (8 bytes each, little endian), sorted.

use crate::inventory::{InputScan, Kind};
use foldhash::HashSet;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

const MAGIC: &[u8] = b"chami-stamp-inputs 1\n";

/// The inputs of one build, split for incremental work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputList {
    /// The digest of every input outside nodes/.
    rest: u128,
    /// (path hash, stat digest) of each path under nodes/, sorted.
    nodes: Vec<(u64, u64)>,
}

impl InputList {
    /// The list of `scan` for an inventory at `git_prefix` in git; `None` when the scan
    /// keeps no per-path digests (it trusts nothing, or forgot them).
    pub fn of(scan: &InputScan, git_prefix: &str) -> Option<InputList> {
        let dir = Kind::Node.dir();
        let mut rest = Xxh3::new();
        rest.update(&scan.identity().to_le_bytes());
        rest.update(git_prefix.as_bytes());
        rest.update(&[0]);
        let mut nodes = Vec::new();
        let mut any = false;
        for (rel, digest) in scan.entries() {
            any = true;
            if below(rel, dir) {
                nodes.push((xxh3_64(rel.as_bytes()), digest));
            } else if rel != dir {
                // The nodes/ folder itself changes with its listing, which its paths show.
                rest.update(rel.as_bytes());
                rest.update(&[0]);
                rest.update(&digest.to_le_bytes());
            }
        }
        if !any {
            return None;
        }
        nodes.sort_unstable();
        Some(InputList {
            rest: rest.digest128(),
            nodes,
        })
    }

    /// The paths under nodes/ of `scan` (whose list this is) that are new or changed since
    /// `old`, relative to the inventory; `None` when anything outside nodes/ changed.
    pub fn changed_since(&self, old: &InputList, scan: &InputScan) -> Option<HashSet<String>> {
        if self.rest != old.rest {
            return None;
        }
        let dir = Kind::Node.dir();
        Some(
            scan.entries()
                .filter(|(rel, digest)| {
                    below(rel, dir)
                        && old
                            .nodes
                            .binary_search(&(xxh3_64(rel.as_bytes()), *digest))
                            .is_err()
                })
                .map(|(rel, _)| rel.to_string())
                .collect(),
        )
    }

    /// Whether `rel` (relative to the inventory) is below nodes/.
    pub fn is_node_path(rel: &str) -> bool {
        below(rel, Kind::Node.dir())
    }

    /// Whether `rel` (relative to the inventory) is one of the paths under nodes/.
    pub fn has_node_path(&self, rel: &str) -> bool {
        let h = xxh3_64(rel.as_bytes());
        let i = self.nodes.partition_point(|(p, _)| *p < h);
        self.nodes.get(i).is_some_and(|(p, _)| *p == h)
    }

    /// The stored form, for the stamp whose input key is `key`.
    pub fn to_bytes(&self, key: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + key.len() + 17 + 16 * self.nodes.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(key.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.rest.to_le_bytes());
        for (p, d) in &self.nodes {
            out.extend_from_slice(&p.to_le_bytes());
            out.extend_from_slice(&d.to_le_bytes());
        }
        out
    }

    /// The list stored in `bytes` for the stamp whose input key is `key`; `None` when it is
    /// another stamp's or not a list.
    pub fn from_bytes(bytes: &[u8], key: &str) -> Option<InputList> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let rest = rest.strip_prefix(key.as_bytes())?.strip_prefix(b"\n")?;
        let (digest, entries) = rest.split_at_checked(16)?;
        if entries.len() % 16 != 0 {
            return None;
        }
        let u64_at = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
        let nodes: Vec<(u64, u64)> = entries
            .chunks_exact(16)
            .map(|e| (u64_at(&e[..8]), u64_at(&e[8..])))
            .collect();
        // Sorted, as written: a binary search relies on it.
        if !nodes.is_sorted() {
            return None;
        }
        Some(InputList {
            rest: u128::from_le_bytes(digest.try_into().expect("16 bytes")),
            nodes,
        })
    }
}

/// Whether `rel` is below the folder `dir`.
fn below(rel: &str, dir: &str) -> bool {
    rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("nodes/rack1")).unwrap();
        std::fs::create_dir_all(dir.path().join("groups")).unwrap();
        std::fs::write(dir.path().join("cluster.yaml"), "name: c\n").unwrap();
        std::fs::write(dir.path().join("nodes/n1.yaml"), "name: n1\n").unwrap();
        std::fs::write(dir.path().join("nodes/rack1/n2.yaml"), "name: n2\n").unwrap();
        std::fs::write(dir.path().join("groups/g.yaml"), "name: g\n").unwrap();
        dir
    }

    #[test]
    fn names_the_node_files_that_changed_and_nothing_else() {
        let dir = inventory();
        let root = dir.path();
        let scan = InputScan::scan(root);
        let old = InputList::of(&scan, "").unwrap();
        // Stored and read back.
        let bytes = old.to_bytes("k");
        assert_eq!(InputList::from_bytes(&bytes, "k"), Some(old.clone()));
        assert_eq!(InputList::from_bytes(&bytes, "other"), None);
        assert_eq!(InputList::from_bytes(&bytes[..bytes.len() - 1], "k"), None);
        assert!(old.has_node_path("nodes/rack1/n2.yaml"));
        assert!(!old.has_node_path("groups/g.yaml"));
        // Nothing changed.
        let now = InputList::of(&scan, "").unwrap();
        assert_eq!(now.changed_since(&old, &scan), Some(HashSet::default()));
        // One node file edited, one added.
        std::fs::write(root.join("nodes/rack1/n2.yaml"), "name: n2\nnid: 2\n").unwrap();
        std::fs::write(root.join("nodes/n3.yaml"), "name: n3\n").unwrap();
        let scan = InputScan::scan(root);
        let now = InputList::of(&scan, "").unwrap();
        let mut changed: Vec<String> = now
            .changed_since(&old, &scan)
            .unwrap()
            .into_iter()
            .filter(|p| p.ends_with(".yaml"))
            .collect();
        changed.sort();
        assert_eq!(changed, ["nodes/n3.yaml", "nodes/rack1/n2.yaml"]);
        // Anything outside nodes/: not a node change.
        std::fs::write(root.join("groups/g.yaml"), "name: g\nvars: {a: 1}\n").unwrap();
        let scan = InputScan::scan(root);
        let now = InputList::of(&scan, "").unwrap();
        assert_eq!(now.changed_since(&old, &scan), None);
        // Another place in git is another inventory.
        let scan = InputScan::scan(root);
        let elsewhere = InputList::of(&scan, "sub/").unwrap();
        assert_ne!(elsewhere.rest, InputList::of(&scan, "").unwrap().rest);
    }
}
