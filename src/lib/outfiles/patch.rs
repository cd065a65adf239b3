//! Planning a large output folder as a patch of what the last stamped build left in it,
//! instead of comparing every file: the boot tree of a build in which a few nodes changed.
//!
//! The build stamp says what a build left in a large folder written in place (see
//! [`super::listed_files_hold`]): its stat index, its manifest's content hash and the
//! hashes of the files it wrote. [`Intact::check`] verifies that the folder is still
//! exactly that (every file the manifest lists still has its index entry's stat, or holds
//! the content hash kept for it: the same stat of every file a full compare takes) and
//! keeps, per file, what vouches for it. The generator then makes only the files whose
//! inputs changed and hands them to a [`Comparer`](super::Comparer) as usual;
//! [`Comparer::finish_patched`](super::Comparer::finish_patched) keeps every other listed
//! file the generator says is still wanted as it is (its content is the one the stamped
//! build wanted, and its inputs did not change), removes the listed files no longer
//! wanted, and patches the manifest and the stat index. The soundness of "still wanted"
//! is the generator's to argue (see [`crate::boot::plan_tree_since`]).

use super::manifest::{read_raw, Manifest};
use super::stat_index::{FileStat, Known, StatIndex};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What the stamped build left in a large folder written in place, as its stamp keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousFolder {
    /// The folder's stat index file.
    pub index: PathBuf,
    /// That file's stat digest then: an index saved since is not trusted.
    pub index_digest: u128,
    /// The manifest's name in the folder.
    pub manifest: String,
    /// The content hash of the manifest it left.
    pub manifest_hash: u128,
    /// The files it wrote (not in the index) and their content hash, sorted by path.
    pub written: Vec<(String, u128)>,
    /// When it was over (ns since the epoch): a file it wrote changed later (its ctime)
    /// was chmod'ed, chown'ed or edited since.
    pub until_ns: i64,
}

/// One listed file of an intact folder, and what vouches for its content.
#[derive(Debug)]
pub(super) struct KeptFile {
    pub rel: String,
    pub vouched: Vouched,
}

/// What vouches for a kept file's content.
#[derive(Debug)]
pub(super) enum Vouched {
    /// Its stat index entry, whose stat it still has.
    Indexed(Known),
    /// It was written by the stamped build and was read again: the content hash, and the
    /// stat taken before the read.
    Reread(u128, FileStat),
}

/// A large folder found exactly as the stamped build left it.
#[derive(Debug)]
pub struct Intact {
    /// The manifest's bytes.
    pub(super) manifest: Vec<u8>,
    /// The one owner it lists.
    pub(super) owner: String,
    /// Every file it lists, in its order (sorted).
    pub(super) files: Vec<KeptFile>,
}

impl Intact {
    /// The folder `dir` when it still is exactly what `previous` says the stamped build
    /// left, its manifest lists files of `owner` only, and each file has the mode
    /// `mode_of` gives for its path (when it gives one: as a generator's
    /// [`DesiredFile::with_mode`](super::DesiredFile::with_mode)); `None` when anything
    /// differs (a file edited, removed, replaced or chmod'ed since, another index saved):
    /// the caller then compares every file.
    pub fn check(
        dir: &Path,
        owner: &str,
        previous: &PreviousFolder,
        mode_of: &(dyn Fn(&str) -> Option<u32> + Sync),
    ) -> Option<Intact> {
        if !previous.index_unchanged() {
            return None;
        }
        let index = StatIndex::open(dir, &previous.manifest);
        if index.path() != Some(previous.index.as_path()) {
            return None;
        }
        let path = dir.join(&previous.manifest);
        let bytes = read_raw(&path).ok()??;
        if super::stat_index::content_hash(&bytes) != previous.manifest_hash {
            return None;
        }
        let mut listed = Manifest::parse(&bytes, &path, &previous.manifest).ok()?;
        if listed.owners.len() != 1 || !listed.owners.contains_key(owner) {
            return None;
        }
        let rels = listed.owners.remove(owner)?;
        // A small folder is compared whole: it costs little, and its plan keeps every
        // file's hash (see [`super::Wanted`]).
        if rels.len() <= super::MAX_WANTED {
            return None;
        }
        let base = crate::fsutil::open_folder(dir)?;
        // A file others may not read has the folder's group (as the comparer wants it).
        let dir_gid = std::os::unix::fs::MetadataExt::gid(&std::fs::metadata(dir).ok()?);
        let written = |rel: &str| previous.written_hash(rel);
        let files = rels
            .into_par_iter()
            .map(|rel| {
                let mode = mode_of(&rel).map(|mode| crate::fsutil::FileMode {
                    mode,
                    gid: (mode & 0o004 == 0).then_some(dir_gid),
                });
                let at = Below { dir, base: &base };
                let vouched = vouch(at, &index, &rel, &written, previous.until_ns, mode)?;
                Some(KeptFile { rel, vouched })
            })
            .collect::<Option<Vec<KeptFile>>>()?;
        Some(Intact {
            manifest: bytes,
            owner: owner.to_string(),
            files,
        })
    }
}

/// A folder, and the same folder opened to look files up from.
#[derive(Clone, Copy)]
pub(super) struct Below<'a> {
    pub dir: &'a Path,
    pub base: &'a std::fs::File,
}

/// What vouches for the file `rel` of a folder as a build left it: its stat index entry,
/// whose stat it still has, or else the content hash `written` gives for it (a file that
/// build wrote), when it holds that content and did not change after `until_ns`; and it
/// has the mode `mode` (when given: a file rewritten by that build holds its content but
/// may have been chmod'ed since, so the mode is checked whatever vouches for the content).
pub(super) fn vouch(
    at: Below<'_>,
    index: &StatIndex,
    rel: &str,
    written: &(dyn Fn(&str) -> Option<u128> + Sync),
    until_ns: i64,
    mode: Option<crate::fsutil::FileMode>,
) -> Option<Vouched> {
    let st = super::disk::stat_below(at.dir, Some(at.base), rel)?;
    if !st.is_file() || !super::disk::stat_mode_ok(st.mode, st.gid, mode) {
        return None;
    }
    if let Some(k) = index.known(rel, &st) {
        return Some(Vouched::Indexed(k));
    }
    let hash = written(rel)?;
    super::wanted::holds_until(&at.dir.join(rel), hash, until_ns)
        .then_some(Vouched::Reread(hash, st))
}

impl PreviousFolder {
    /// Whether the stat index file is still the one the stamped build saved.
    pub fn index_unchanged(&self) -> bool {
        let (Some(dir), Some(name)) = (
            self.index.parent(),
            self.index.file_name().and_then(|n| n.to_str()),
        ) else {
            return false;
        };
        crate::fsutil::stat_digest(dir, &[name]).hash == self.index_digest
    }

    /// The content hash of `rel` when the stamped build wrote it.
    pub fn written_hash(&self, rel: &str) -> Option<u128> {
        super::wanted::hash_in(&self.written, rel)
    }
}

impl KeptFile {
    /// Its content hash, and the stat index entry that may vouch for it next time (`None`:
    /// changed too recently to be indexed).
    pub(super) fn known(&self) -> (u128, Option<Known>) {
        match &self.vouched {
            Vouched::Indexed(k) => (k.content(), Some(*k)),
            Vouched::Reread(hash, st) => (*hash, Known::of(&self.rel, st, *hash)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_another_index_or_manifest_is_not_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("m.json"), "{}").unwrap();
        let index = dir.path().join("x.idx");
        std::fs::write(&index, "not an index").unwrap();
        let previous = PreviousFolder {
            index: index.clone(),
            index_digest: crate::fsutil::stat_digest(dir.path(), &["x.idx"]).hash,
            manifest: "m.json".into(),
            manifest_hash: super::super::stat_index::content_hash(b"{}"),
            written: Vec::new(),
            until_ns: i64::MAX,
        };
        // The index file is not an index: nothing vouches for the folder.
        assert!(Intact::check(&out, "o", &previous, &|_| None).is_none());
        let other = PreviousFolder {
            index_digest: previous.index_digest ^ 1,
            ..previous
        };
        assert!(Intact::check(&out, "o", &other, &|_| None).is_none());
    }
}
