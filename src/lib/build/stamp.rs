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
//! Racily clean: the inputs are stat'ed before they are loaded, and a stamp is kept only
//! when no input and no output file changed (mtime or ctime) in the [`RACY_SECS`] before
//! that scan: an edit within the same timestamp tick, or one made to an output after the
//! plan compared it, could otherwise hide. So a build that changed something keeps no
//! stamp; the next one checks everything and keeps it.
//!
//! The stamp lives in the private cache (`CHAMI_CACHE=off`: no stamp), one per inventory:
//! the line `chami-build-stamp 1`, a JSON header line, then every output's paths, each
//! ended by a NUL byte.

use super::Job;
use crate::fsutil::stat_digest;
use crate::inventory::{InputScan, RACY_SECS};
use crate::outfiles::{OutfilesError, Watch};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"chami-build-stamp 1\n";

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
    /// Kept: the next build with nothing changed skips the work.
    Kept,
    /// Not kept: an input or output changed less than [`RACY_SECS`] ago.
    TooRecent,
    /// Not kept: there is no private cache.
    NoCache,
}

#[derive(Serialize, Deserialize)]
struct Header {
    inputs: String,
    outputs: Vec<HeaderOutput>,
    warnings: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct HeaderOutput {
    report: StampedOutput,
    base: PathBuf,
    files: usize,
    digest: String,
}

/// The stamp of one inventory.
pub struct BuildStamp {
    path: Option<PathBuf>,
    /// Where the inventory sits in git: CODEOWNERS paths depend on it.
    git_prefix: String,
    /// The inputs as stat'ed when the stamp was opened (none without a cache).
    inputs: Option<InputScan>,
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
        BuildStamp {
            inputs: path.as_ref().map(|_| InputScan::scan(root)),
            path,
            git_prefix: crate::render::context::inventory_prefix(root),
        }
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
        let map = crate::fsutil::map_private(self.path.as_ref()?)?;
        let rest = map.strip_prefix(MAGIC)?;
        let end = rest.iter().position(|b| *b == b'\n')?;
        let header: Header = serde_json::from_slice(&rest[..end]).ok()?;
        if header.inputs != self.key(inputs) {
            return None;
        }
        let mut paths = std::str::from_utf8(&rest[end + 1..])
            .ok()?
            .split_terminator('\0');
        let mut outputs = Vec::with_capacity(header.outputs.len());
        for out in header.outputs {
            let rels: Vec<&str> = paths.by_ref().take(out.files).collect();
            if rels.len() != out.files || hex(stat_digest(&out.base, &rels).hash) != out.digest {
                return None;
            }
            outputs.push(out.report);
        }
        paths.next().is_none().then_some(Unchanged {
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
        if inputs.racy() {
            self.forget();
            return Ok(Recorded::TooRecent);
        }
        let mut header = Header {
            inputs: self.key(inputs),
            outputs: Vec::with_capacity(outputs.len()),
            warnings,
        };
        let mut listed = Vec::new();
        for (report, watch) in outputs {
            let rels = watch.files()?;
            let refs: Vec<&str> = rels.iter().map(String::as_str).collect();
            let digest = stat_digest(watch.base(), &refs);
            // Every output must have last changed well before the inputs were scanned,
            // so before the plan compared it: an edit made while this build ran (even
            // one that sets the mtime back) moves the ctime past the scan.
            let newest = digest.newest_mtime_ns.max(digest.newest_ctime_ns);
            if inputs.scanned_ns() - newest < RACY_SECS * 1_000_000_000 {
                self.forget();
                return Ok(Recorded::TooRecent);
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
            });
        }
        let mut bytes = MAGIC.to_vec();
        serde_json::to_writer(&mut bytes, &header).expect("a header serializes");
        bytes.push(b'\n');
        bytes.extend_from_slice(&listed);
        crate::fsutil::save_private(path, &bytes);
        Ok(Recorded::Kept)
    }

    /// Removes the stamp (the next build runs whole).
    pub fn forget(&self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn hex(v: u128) -> String {
    format!("{v:032x}")
}
