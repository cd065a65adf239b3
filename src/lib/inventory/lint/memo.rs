//! The lint memo: the answer of `chami inventory lint` kept with the stat digest of the
//! inventory it linted ([`InputScan`]), so that linting an inventory in which no file
//! changed (and with the same chami binary) prints the same answer without loading it.
//! Kept in the private cache, one per inventory. An input changed less than
//! [`RACY_SECS`](crate::inventory::RACY_SECS) before the scan (racily clean: a second
//! change within the same timestamp tick would not show in its stat) is kept with the hash
//! of the content the lint read ([`crate::inventory::recent_reads`]) and read again before
//! the memo is trusted; one the lint did not read keeps no memo.

use super::Report;
use crate::inventory::{recent_reads, InputScan};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A lint answer in every output format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Each finding for a human.
    pub human: Vec<String>,
    /// The `-o json` document.
    pub json: String,
    /// The `-o github` annotations.
    pub github: String,
    /// The summary line's record counts: nodes, bmcs, groups, tenants.
    pub counts: [usize; 4],
}

impl Answer {
    /// The answer of `report` on an inventory with `counts` records.
    pub fn of(report: &Report, counts: [usize; 4]) -> Answer {
        let mut json = serde_json::to_string_pretty(report).expect("a report serializes");
        json.push('\n');
        Answer {
            errors: report.errors,
            warnings: report.warnings,
            human: report.diagnostics.iter().map(|d| d.to_human()).collect(),
            json,
            github: report
                .diagnostics
                .iter()
                .map(|d| d.to_github() + "\n")
                .collect(),
            counts,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    inputs: String,
    /// Racy input files (relative to the inventory) and the hash of what was read.
    recent: Vec<(String, String)>,
    answer: Answer,
}

/// The memo of one inventory.
pub struct LintMemo {
    path: Option<PathBuf>,
    /// The inventory folder as spelled (the loader reads paths below this spelling).
    root: PathBuf,
    /// The inputs as stat'ed when the memo was opened (none without a memo).
    inputs: Option<InputScan>,
}

impl LintMemo {
    /// The memo of the inventory at `root`, with its inputs stat'ed now: open it before
    /// loading the inventory. None without a private cache, or when `fresh` (a full lint
    /// is asked for: the memo is neither read nor kept).
    pub fn open(root: &Path, fresh: bool) -> LintMemo {
        let cache = crate::inventory::cache_dir().filter(|_| !fresh);
        let path = cache.map(|cache| {
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
            let key =
                xxhash_rust::xxh3::xxh3_64(format!("lint-memo\0{}", root.display()).as_bytes());
            cache.join(format!("{key:016x}.lint"))
        });
        LintMemo {
            inputs: path.as_ref().map(|_| InputScan::scan(root)),
            root: root.to_path_buf(),
            path,
        }
    }

    /// The inputs as stat'ed when the memo was opened (none without a memo).
    pub fn inputs(&self) -> Option<&InputScan> {
        self.inputs.as_ref()
    }

    /// The answer kept for exactly the inputs scanned at [`LintMemo::open`].
    pub fn recall(&self) -> Option<Answer> {
        let inputs = self.inputs.as_ref()?;
        let map = crate::fsutil::map_private(self.path.as_ref()?)?;
        let stored: Stored = serde_json::from_slice(&map).ok()?;
        if stored.inputs != format!("{:032x}", inputs.hash()) {
            return None;
        }
        crate::outfiles::all_hold(&self.root, &stored.recent).then_some(stored.answer)
    }

    /// Keeps `answer` for the inputs scanned at [`LintMemo::open`], unless an input
    /// changed so recently that only its content could vouch for it and the lint did not
    /// read it (then the memo is dropped).
    pub fn keep(&self, answer: Answer) {
        let (Some(path), Some(inputs)) = (&self.path, &self.inputs) else {
            return;
        };
        let Some(recent) = recent_reads::hashes_of(&self.root, inputs.recent_files()) else {
            let _ = std::fs::remove_file(path);
            return;
        };
        let stored = Stored {
            inputs: format!("{:032x}", inputs.hash()),
            recent,
            answer,
        };
        let bytes = serde_json::to_vec(&stored).expect("an answer serializes");
        crate::fsutil::save_private(path, &bytes);
    }
}
