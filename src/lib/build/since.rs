//! What a build knows of the last stamped build when inputs changed since: which node
//! record files are new or changed, and what it left in its large output folders (see
//! [`super::BuildStamp::since`]).

use super::input_list::InputList;
use crate::outfiles::PreviousFolder;
use foldhash::HashSet;
use std::path::{Path, PathBuf};

/// Since the last stamped build: only node record files changed, and these did.
#[derive(Debug)]
pub struct Since {
    /// Paths under nodes/ new or changed, relative to the inventory.
    pub(super) changed: HashSet<String>,
    /// The inputs now.
    pub(super) now: InputList,
    /// Each large output folder it wrote in place, and what it left there.
    pub(super) folders: Vec<(PathBuf, PreviousFolder)>,
}

impl Since {
    /// What the stamped build left in the output folder `path`, when its stat index
    /// vouched for it.
    pub fn folder(&self, path: &Path) -> Option<&PreviousFolder> {
        self.folders
            .iter()
            .find(|(base, _)| base == path)
            .map(|(_, f)| f)
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
