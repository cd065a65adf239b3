//! The build stamp: what a build that left every output right knew, so that the next build
//! can tell in a second that nothing changed and skip loading, linting and generating.
//!
//! A stamp holds the stat digest of every input (cluster.yaml and everything under
//! nodes/, bmcs/, groups/, tenants/, pdus/, images/ and templates/, links to folders
//! followed as the loader follows them, with the chami binary and the inventory's place
//! in git: [`InputScan`]), and for each output its files (the folder, its
//! manifest and every file the manifest lists, or the one file) with their stat digest
//! (see [`crate::fsutil::stat_digest`]). A build whose inputs and outputs all still have
//! those digests would write nothing, so it writes nothing and prints what that build
//! printed. Any edit of an input or an output moves its ctime, so the stamp no longer
//! matches and the build runs whole; a build's output depends on nothing else (no clock,
//! no file outside the inventory: the loader confines reads to it).
//!
//! Racily clean: the inputs are stat'ed before they are loaded. A file (input or output)
//! whose mtime or ctime is less than [`RACY_SECS`] before that scan could change again
//! within the same timestamp tick without its stat showing it, as git's index knows. The
//! stamp keeps, for each such file, the hash of the content the build used (an input, as
//! the loader read it: [`crate::inventory::recent_reads`]) or left (an output, as its plan
//! wanted it: [`crate::outfiles::Wanted`]), and the next build reads those few files again
//! and compares before it trusts the stamp. A racy file with no such hash (an output
//! changed behind chami's back during the build, a large folder switched whole, more than
//! [`crate::outfiles::MAX_WANTED`] files written) keeps no stamp: the next build checks
//! everything and keeps one. Racy folders need no hash: an input folder is listed again by
//! the next scan, and of an output folder only the files it lists and its own stat matter.
//! So a build that wrote one node's files keeps a stamp, and the next cron run with
//! nothing changed reads a few files instead of comparing the whole tree.
//!
//! The stamp lives in the private cache (`CHAMI_CACHE=off`: no stamp), one per inventory:
//! the line `chami-build-stamp 2`, a JSON header line, then every output's paths, each
//! ended by a NUL byte.

use super::input_list::InputList;
use super::{Job, Since};
use crate::fsutil::{stat_digest, stat_digest_noting_recent};
use crate::inventory::{recent_reads, InputScan, RACY_SECS};
use crate::outfiles::{
    all_hold, all_hold_until, listed_files_hold, OutfilesError, PreviousFolder, Watch,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"chami-build-stamp 2\n";

/// One output as the stamped build reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampedOutput {
    /// 1-based position in `outputs:`.
    pub index: usize,
    /// What it makes ([`Job::label`]).
    pub label: String,
    /// The output path.
    pub path: PathBuf,
    /// Its reload command.
    pub reload: Option<String>,
    /// Files that had the right content.
    pub unchanged: usize,
    /// The output is a folder (not a DHCP config file).
    pub folder: bool,
}

impl StampedOutput {
    /// The output of `job`, with `unchanged` files.
    pub fn of(job: &Job, unchanged: usize) -> StampedOutput {
        StampedOutput {
            index: job.index,
            label: job.label(),
            path: job.path.clone(),
            reload: job.reload.clone(),
            unchanged,
            folder: !matches!(job.kind, super::JobKind::DhcpExport(_)),
        }
    }
}

/// What a build with nothing to do reports: the stamped build's outputs and warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchanged {
    /// Every output, in order.
    pub outputs: Vec<StampedOutput>,
    /// The warnings that build printed.
    pub warnings: Vec<String>,
}

/// Whether [`BuildStamp::record`] kept a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Kept: the next build with nothing changed skips the work. `indexed` outputs (large
    /// folders written in place) rest on their stat index instead of a stat of every file.
    Kept {
        /// How many.
        indexed: usize,
    },
    /// Not kept: an input or output changed less than [`RACY_SECS`] ago.
    TooRecent,
    /// Not kept: there is no private cache.
    NoCache,
}

#[derive(Serialize, Deserialize)]
struct Header {
    /// When the stamped build was over (ns since the epoch): an output file it wrote and
    /// vouches for by content hash must not have changed (ctime) since. A stamp without
    /// it vouches for no such file.
    #[serde(default)]
    recorded_ns: i64,
    inputs: String,
    /// Racy input files (relative to the inventory) and the hash of what was loaded.
    recent_inputs: Vec<(String, String)>,
    outputs: Vec<HeaderOutput>,
    warnings: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct HeaderOutput {
    report: StampedOutput,
    base: PathBuf,
    files: usize,
    digest: String,
    /// Racy files (relative to `base`) and the hash of what the build left in them.
    recent: Vec<(String, String)>,
    /// A large folder written in place, vouched for by its stat index (its listed paths
    /// are then only `.`).
    indexed: Option<IndexedOutput>,
}

/// What vouches for a large folder written in place (see
/// [`crate::outfiles::listed_files_hold`]).
#[derive(Serialize, Deserialize)]
struct IndexedOutput {
    /// The stat index file.
    index: PathBuf,
    /// Its stat digest: an index another command saved since is not trusted.
    index_digest: String,
    /// The manifest's name in the folder (its hash is among `recent`).
    manifest: String,
    /// The files the build wrote (not in the index) and their content hash.
    written: Vec<(String, String)>,
}

/// The stamp of one inventory.
pub struct BuildStamp {
    path: Option<PathBuf>,
    /// The inventory folder, as spelled (the loader reads paths below this spelling).
    root: PathBuf,
    /// Where the inventory sits in git: CODEOWNERS paths depend on it.
    git_prefix: String,
    /// The inputs as stat'ed when the stamp was opened (none without a cache).
    inputs: Option<InputScan>,
    /// The inputs split for the next build to tell which changed (taken from `inputs`
    /// before their per-file part is freed).
    list: Option<InputList>,
}

impl BuildStamp {
    /// The stamp of the inventory at `root` (none without a private cache), with its
    /// inputs stat'ed now: open it before loading the inventory, so that an edit made
    /// while the build runs shows next time.
    pub fn open(root: &Path) -> BuildStamp {
        let path = crate::inventory::cache_dir().map(|cache| {
            // As spelled, not canonical: output paths are resolved from this spelling.
            let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
            let key =
                xxhash_rust::xxh3::xxh3_64(format!("build-stamp\0{}", root.display()).as_bytes());
            cache.join(format!("{key:016x}.stamp"))
        });
        BuildStamp::at(root, path)
    }

    /// [`BuildStamp::open`] with the stamp kept at `path` (`None`: no stamp).
    fn at(root: &Path, path: Option<PathBuf>) -> BuildStamp {
        BuildStamp {
            inputs: path.as_ref().map(|_| InputScan::scan(root)),
            root: root.to_path_buf(),
            path,
            git_prefix: crate::render::context::inventory_prefix(root),
            list: None,
        }
    }

    /// The inputs split per node file, taken once from the scan.
    fn list(&mut self) -> Option<&InputList> {
        if self.list.is_none() {
            self.list = InputList::of(self.inputs.as_ref()?, &self.git_prefix);
        }
        self.list.as_ref()
    }

    /// Where the input list of the stamp at `stamp` is kept.
    fn list_path(stamp: &Path) -> PathBuf {
        stamp.with_extension("inputs")
    }

    /// The stamp file mapped, its header, and where its list of output paths starts.
    fn read(&self) -> Option<(memmap2::Mmap, Header, usize)> {
        let map = crate::fsutil::map_private(self.path.as_ref()?)?;
        let rest = map.strip_prefix(MAGIC)?;
        let end = rest.iter().position(|b| *b == b'\n')?;
        let header: Header = serde_json::from_slice(&rest[..end]).ok()?;
        Some((map, header, MAGIC.len() + end + 1))
    }

    /// When the inputs changed since the stamped build but only node record files did:
    /// which, and what that build left in its large output folders (to redo only what
    /// the changed nodes make). `None` when there is no stamp, anything else changed, or
    /// a racily clean input of that build no longer holds what it loaded. Call it before
    /// [`BuildStamp::loaded`].
    pub fn since(&mut self) -> Option<Since> {
        let now = self.list()?.clone();
        let inputs = self.inputs.as_ref()?;
        let (_, header, _) = self.read()?;
        let list = crate::fsutil::map_private(&Self::list_path(self.path.as_ref()?))?;
        let old = InputList::from_bytes(&list, &header.inputs)?;
        let mut changed = now.changed_since(&old, inputs)?;
        // A racily clean input of that build may have changed since without its stat
        // showing it, and the parse cache did not keep it (so it is read again now): a
        // node record counts as changed (its nodes are made again from what is read
        // now), anything else must still hold what was loaded.
        let (nodes, rest): (Vec<_>, Vec<_>) = header
            .recent_inputs
            .into_iter()
            .partition(|(rel, _)| InputList::is_node_path(rel));
        if !all_hold(&self.root, &rest) {
            return None;
        }
        changed.extend(nodes.into_iter().map(|(rel, _)| rel));
        let folders = header
            .outputs
            .into_iter()
            .filter_map(|out| {
                let previous = previous_folder(out.indexed?, &out.recent, header.recorded_ns)?;
                Some((out.base, out.report.label, previous))
            })
            .collect();
        Some(Since {
            changed,
            now,
            folders,
            ahead: Default::default(),
        })
    }

    /// Frees the per-file part of the input scan once the inventory is loaded (the
    /// stamp keeps only the digest).
    pub fn loaded(&mut self) {
        self.list();
        if let Some(inputs) = &mut self.inputs {
            inputs.forget_files();
        }
    }

    /// The inputs as stat'ed when the stamp was opened (none without a cache).
    pub fn inputs(&self) -> Option<&InputScan> {
        self.inputs.as_ref()
    }

    /// What the stamp says of the inputs: their digest and the git prefix.
    fn key(&self, inputs: &InputScan) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&inputs.hash().to_le_bytes());
        h.update(self.git_prefix.as_bytes());
        hex(h.digest128())
    }

    /// What the stamped build reported, when the inputs and every output are as it left
    /// them; `None` when anything differs or there is no stamp.
    pub fn unchanged(&self) -> Option<Unchanged> {
        let inputs = self.inputs.as_ref()?;
        let (map, header, body) = self.read()?;
        if header.inputs != self.key(inputs) {
            return None;
        }
        let mut paths = std::str::from_utf8(&map[body..])
            .ok()?
            .split_terminator('\0');
        let mut outputs = Vec::with_capacity(header.outputs.len());
        let mut reread = Vec::with_capacity(header.outputs.len());
        let mut indexed = Vec::new();
        for out in header.outputs {
            let rels: Vec<&str> = paths.by_ref().take(out.files).collect();
            if rels.len() != out.files || hex(stat_digest(&out.base, &rels).hash) != out.digest {
                return None;
            }
            if let Some(ix) = out.indexed {
                let previous = previous_folder(ix, &out.recent, header.recorded_ns)?;
                if !previous.index_unchanged() {
                    return None;
                }
                indexed.push((out.base.clone(), previous));
            }
            reread.push((out.base.clone(), out.recent));
            outputs.push(out.report);
        }
        if paths.next().is_some() {
            return None;
        }
        // Racily clean files: the stat alone cannot vouch for them.
        let held = all_hold(&self.root, &header.recent_inputs)
            && reread
                .iter()
                .all(|(base, hashed)| all_hold_until(base, hashed, header.recorded_ns));
        if !held {
            return None;
        }
        // Large folders written in place: their stat index vouches for the files.
        for (base, previous) in indexed {
            let written = |rel: &str| previous.written_hash(rel);
            if !listed_files_hold(&base, &previous.manifest, &written, previous.until_ns) {
                return None;
            }
        }
        Some(Unchanged {
            outputs,
            warnings: header.warnings,
        })
    }

    /// Keeps a stamp for a build that found or left every output right: the inputs as
    /// scanned at [`BuildStamp::open`], each output with where its files are, and the
    /// warnings it printed. A stamp that cannot be kept is removed.
    pub fn record(
        &self,
        outputs: Vec<(StampedOutput, Watch)>,
        warnings: Vec<String>,
    ) -> Result<Recorded, OutfilesError> {
        let (Some(path), Some(inputs)) = (&self.path, &self.inputs) else {
            return Ok(Recorded::NoCache);
        };
        let too_recent = || {
            self.forget();
            Ok(Recorded::TooRecent)
        };
        let Some(recent_inputs) = recent_reads::hashes_of(&self.root, inputs.recent_files()) else {
            return too_recent();
        };
        let mut header = Header {
            recorded_ns: crate::inventory::input_scan::now_ns(),
            inputs: self.key(inputs),
            recent_inputs,
            outputs: Vec::with_capacity(outputs.len()),
            warnings,
        };
        let since_ns = inputs.scanned_ns() - RACY_SECS * 1_000_000_000;
        let mut listed = Vec::new();
        let mut indexed = 0;
        for (report, watch) in outputs {
            if let Some((index, manifest)) = watch.indexed() {
                let Some(out) = indexed_output(report, &watch, &index, manifest) else {
                    return too_recent();
                };
                listed.extend_from_slice(b".\0");
                header.outputs.push(out);
                indexed += 1;
                continue;
            }
            let rels = watch.files()?;
            let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
            // A file changed since shortly before the inputs were scanned (so maybe after
            // the plan compared it: an edit made while this build ran moves the ctime past
            // the scan) must be one the plan wrote, and is read again next time.
            let (digest, recent) = stat_digest_noting_recent(watch.base(), &refs, since_ns);
            let mut racy = Vec::new();
            for r in recent.iter().filter(|r| !r.folder) {
                match watch.wanted().hash_of(refs[r.index]) {
                    Some(hash) => racy.push((refs[r.index].to_string(), hex(hash))),
                    None => return too_recent(),
                }
            }
            for r in &rels {
                listed.extend_from_slice(r.as_bytes());
                listed.push(0);
            }
            header.outputs.push(HeaderOutput {
                report,
                base: watch.base().to_path_buf(),
                files: rels.len(),
                digest: hex(digest.hash),
                recent: racy,
                indexed: None,
            });
        }
        let mut bytes = MAGIC.to_vec();
        serde_json::to_writer(&mut bytes, &header).expect("a header serializes");
        bytes.push(b'\n');
        bytes.extend_from_slice(&listed);
        // The list first: a stamp is only ever read with the list it was kept with.
        match &self.list {
            Some(list) => {
                crate::fsutil::save_private(&Self::list_path(path), &list.to_bytes(&header.inputs))
            }
            None => {
                let _ = std::fs::remove_file(Self::list_path(path));
            }
        }
        crate::fsutil::save_private(path, &bytes);
        Ok(Recorded::Kept { indexed })
    }

    /// Removes the stamp (the next build runs whole).
    pub fn forget(&self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(Self::list_path(path));
        }
    }
}

/// The stamp of a large output folder written in place: the folder's own stat (a racy
/// folder needs no hash), its manifest's content hash, its stat index file's stat and the
/// hashes of the files written. `None` when the manifest has no hash.
fn indexed_output(
    report: StampedOutput,
    watch: &Watch,
    index: &Path,
    manifest: String,
) -> Option<HeaderOutput> {
    let digest = stat_digest(watch.base(), &["."]);
    let manifest_hash = watch.wanted().hash_of(&manifest)?;
    let (dir, name) = (index.parent()?, index.file_name()?.to_str()?);
    let written = watch
        .wanted()
        .files()
        .iter()
        .filter(|(rel, _)| *rel != manifest)
        .map(|(rel, hash)| (rel.clone(), hex(*hash)))
        .collect();
    Some(HeaderOutput {
        report,
        base: watch.base().to_path_buf(),
        files: 1,
        digest: hex(digest.hash),
        recent: vec![(manifest.clone(), hex(manifest_hash))],
        indexed: Some(IndexedOutput {
            index: index.to_path_buf(),
            index_digest: hex(stat_digest(dir, &[name]).hash),
            manifest,
            written,
        }),
    })
}

/// What the stamped build left in a large folder written in place: from its stamp entry
/// `ix` and the output's racy hashes `recent` (its manifest's among them); `None` when a
/// hash does not parse or the manifest has none.
fn previous_folder(
    ix: IndexedOutput,
    recent: &[(String, String)],
    recorded_ns: i64,
) -> Option<PreviousFolder> {
    let manifest_hash = recent
        .iter()
        .find(|(rel, _)| *rel == ix.manifest)
        .and_then(|(_, h)| parse_hex(h))?;
    let written = ix
        .written
        .iter()
        .map(|(rel, h)| Some((rel.clone(), parse_hex(h)?)))
        .collect::<Option<Vec<_>>>()?;
    Some(PreviousFolder {
        index: ix.index,
        index_digest: parse_hex(&ix.index_digest)?,
        manifest: ix.manifest,
        manifest_hash,
        written,
        until_ns: recorded_ns,
    })
}

fn hex(v: u128) -> String {
    format!("{v:032x}")
}

fn parse_hex(s: &str) -> Option<u128> {
    u128::from_str_radix(s, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::confine::Confined;
    use crate::outfiles::{plan, DesiredFile};

    fn report(out: &Path) -> StampedOutput {
        StampedOutput {
            index: 1,
            label: "render".into(),
            path: out.to_path_buf(),
            reload: None,
            unchanged: 2,
            folder: true,
        }
    }

    #[test]
    fn files_just_written_are_read_again_and_an_edit_their_stat_hides_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inv");
        std::fs::create_dir(&root).unwrap();
        let input = root.join(crate::inventory::CLUSTER_FILE);
        std::fs::write(&input, "name: c\n").unwrap();
        let at = dir.path().join("build.stamp");
        let open = || BuildStamp::at(&root, Some(at.clone()));
        let stamp = open();
        let out = dir.path().join("out");
        let files = vec![
            DesiredFile::new("a", "a\n", "t"),
            DesiredFile::new("b/c", "c\n", "t"),
        ];
        let p = plan(&out, ".m", &["t".into()], files).unwrap();
        let watch = p.watch();
        p.apply().unwrap();
        let outputs = || vec![(report(&out), watch.clone())];
        // The racy input was not read the way the loader reads: nothing vouches for it.
        assert_eq!(
            stamp.record(outputs(), vec![]).unwrap(),
            Recorded::TooRecent
        );
        assert!(!at.exists());
        Confined::new(&root).read(&input).unwrap();
        assert_eq!(
            stamp.record(outputs(), vec!["w".into()]).unwrap(),
            Recorded::Kept { indexed: 0 }
        );
        let unchanged = open().unchanged().expect("nothing changed");
        assert_eq!(unchanged.warnings, ["w"]);
        assert_eq!(unchanged.outputs, [report(&out)]);

        // An output edit the stat cannot show: made before the stat the stamp keeps, as
        // one within the same timestamp tick after it would be. Reading it again tells.
        std::fs::write(out.join("a"), "A\n").unwrap();
        let stamp = open();
        assert_eq!(
            stamp.record(outputs(), vec![]).unwrap(),
            Recorded::Kept { indexed: 0 }
        );
        assert!(open().unchanged().is_none(), "the content differs");
        std::fs::write(out.join("a"), "a\n").unwrap();
        let stamp = open();
        assert_eq!(
            stamp.record(outputs(), vec![]).unwrap(),
            Recorded::Kept { indexed: 0 }
        );
        assert!(open().unchanged().is_some(), "put back");

        // The same for an input: the build loaded one content, the stat kept shows another.
        std::fs::write(&input, "name: d\n").unwrap();
        let stamp = open();
        assert_eq!(
            stamp.record(outputs(), vec![]).unwrap(),
            Recorded::Kept { indexed: 0 }
        );
        assert!(open().unchanged().is_none(), "loaded `c`, holds `d`");
    }

    #[test]
    fn a_racy_output_file_the_plan_did_not_write_keeps_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inv");
        std::fs::create_dir(&root).unwrap();
        let out = dir.path().join("out");
        // A large folder keeps the hashes of the files it writes only.
        let files = |changed: &str| {
            (0..=crate::outfiles::MAX_WANTED)
                .map(|i| {
                    let name = format!("f{i}");
                    let c = if name == changed { "new" } else { "old" };
                    DesiredFile::new(name, c, "t")
                })
                .collect::<Vec<_>>()
        };
        plan(&out, ".m", &["t".into()], files(""))
            .unwrap()
            .apply()
            .unwrap();
        let stamp = BuildStamp::at(&root, Some(dir.path().join("s")));
        let p = plan(&out, ".m", &["t".into()], files("f1")).unwrap();
        let watch = p.watch();
        p.apply().unwrap();
        // Every file was written less than 2 s ago; only `f1` by this plan.
        assert_eq!(
            stamp.record(vec![(report(&out), watch)], vec![]).unwrap(),
            Recorded::TooRecent
        );
    }
}
