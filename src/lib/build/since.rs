//! What a build knows of the last stamped build when inputs changed since: which node
//! record files are new or changed, and what it left in its large output folders (see
//! [`super::BuildStamp::since`]).

use super::input_list::InputList;
use crate::outfiles::{Intact, PreviousFolder};
use foldhash::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// Since the last stamped build: only node record files changed, and these did.
#[derive(Debug)]
pub struct Since {
    /// Paths under nodes/ new or changed, relative to the inventory.
    pub(super) changed: HashSet<String>,
    /// The inputs now.
    pub(super) now: InputList,
    /// Each large output folder it wrote in place, its output's label, and what it left
    /// there.
    pub(super) folders: Vec<(PathBuf, String, PreviousFolder)>,
    /// The boot folders being checked ahead, on threads of their own.
    pub(super) ahead: Mutex<Vec<(PathBuf, JoinHandle<Option<Intact>>)>>,
}

impl Since {
    /// What the stamped build left in the output folder `path`, when its stat index
    /// vouched for it.
    pub fn folder(&self, path: &Path) -> Option<&PreviousFolder> {
        self.folders
            .iter()
            .find(|(base, _, _)| base == path)
            .map(|(_, _, f)| f)
    }

    /// Starts checking each boot folder the stamped build left (see
    /// [`crate::boot::intact_tree`]), each on a thread of its own, so that the stat of its
    /// 500,000 files overlaps loading the inventory and making the other outputs, which
    /// leave a core idle part of the time. A boot output of this build is one of the
    /// stamped build's, since its `outputs:` did not change.
    pub fn check_boot_folders_ahead(&self) {
        let mut ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner());
        for (base, label, previous) in &self.folders {
            if label != super::jobs::BOOTGEN_LABEL {
                continue;
            }
            let (dir, previous) = (base.clone(), previous.clone());
            let check = std::thread::Builder::new()
                .name("boot-check".into())
                .spawn(move || crate::boot::intact_tree(&dir, &previous, 1));
            if let Ok(handle) = check {
                ahead.push((base.clone(), handle));
            }
        }
    }

    /// The boot folder `path` as checked ahead: `Some(None)` when it is not intact, `None`
    /// when it was not checked ahead (or the check failed).
    pub fn intact_ahead(&self, path: &Path) -> Option<Option<Intact>> {
        let mut ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner());
        let at = ahead.iter().position(|(base, _)| base == path)?;
        let (_, handle) = ahead.swap_remove(at);
        handle.join().ok()
    }

    /// Whether the record file `rel` (relative to the inventory) may have changed since:
    /// it is new or changed, or it is not a path the input scan saw under nodes/.
    pub fn changed_file(&self, rel: &Path) -> bool {
        rel.to_str()
            .is_none_or(|r| self.changed.contains(r) || !self.now.has_node_path(r))
    }

    /// How many paths under nodes/ are new or changed.
    pub fn changed_files(&self) -> usize {
        self.changed.len()
    }
}
