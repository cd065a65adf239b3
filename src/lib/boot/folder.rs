//! The boot tree as a plan of files in an output folder (`bootgen`, and `build`'s bootgen
//! outputs): every file owned by bootgen in the folder's manifest, with its mode.

use super::BootError;
use crate::inventory::Inventory;
use crate::outfiles::{self, DesiredFile, OutfilesError, Plan};
use std::path::Path;

/// The manifest of files `bootgen` wrote in its folder.
pub const BOOTGEN_MANIFEST: &str = ".chami-bootgen.json";

/// The owner of every bootgen file in the manifest.
pub const BOOTGEN_OWNER: &str = "bootgen";

/// Why the boot tree cannot be planned.
#[derive(Debug, thiserror::Error)]
pub enum TreePlanError {
    /// The tree cannot be made from this inventory.
    #[error(transparent)]
    Boot(#[from] Box<BootError>),
    /// The folder cannot be read or written.
    #[error("cannot write into {dir}")]
    Folder {
        /// The output folder.
        dir: std::path::PathBuf,
        /// Why.
        #[source]
        source: Box<OutfilesError>,
    },
}

/// The plan of the boot tree in `dir` (with seed URLs carrying tokens when `secret` is
/// given), and the warnings about nodes that cannot network-boot (no boot profile, no boot
/// MAC), one line per reason.
pub fn plan_tree(
    inv: &Inventory,
    dir: &Path,
    secret: Option<super::TokenSecret>,
) -> Result<(Plan, Vec<String>), TreePlanError> {
    let tree = super::tree_with_secret(inv, secret).map_err(Box::new)?;
    let modes: Vec<u32> = tree.files.iter().map(|(p, _)| tree.mode_of(p)).collect();
    let files: Vec<DesiredFile> = tree
        .files
        .into_iter()
        .zip(modes)
        .map(|((path, content), mode)| {
            DesiredFile::new(path, content, BOOTGEN_OWNER).with_mode(mode)
        })
        .collect();
    let plan = outfiles::plan(dir, BOOTGEN_MANIFEST, &[BOOTGEN_OWNER.to_string()], files).map_err(
        |source| TreePlanError::Folder {
            dir: dir.to_path_buf(),
            source: Box::new(source),
        },
    )?;
    Ok((plan, tree.warnings))
}
