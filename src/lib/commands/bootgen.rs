//! `chami bootgen`: the static boot tree (iPXE scripts and cloud-init seeds).

use super::loading::load_valid;
use crate::exit::ExitStatus;
use crate::outfiles::{self, DesiredFile};
use crate::settings::{BootgenSettings, GlobalSettings};
use anyhow::Context;

/// The manifest of files `bootgen` wrote in its folder.
pub const BOOTGEN_MANIFEST: &str = ".chami-bootgen.json";

/// The owner of every bootgen file in the manifest.
pub const BOOTGEN_OWNER: &str = "bootgen";

/// Runs `chami bootgen`.
pub fn run(s: BootgenSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = load_valid(global)?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "bootgen")? {
        return Ok(status);
    }
    let plan = plan(&inv, &s.out)?;
    super::outputs_report::finish(plan, &s.out, "bootgen", s.mode, global)
}

/// The plan of the boot tree in `dir` (also used by `build`).
pub fn plan(
    inv: &crate::inventory::Inventory,
    dir: &std::path::Path,
) -> anyhow::Result<outfiles::Plan> {
    let files: Vec<DesiredFile> = crate::boot::tree(inv)
        .context("nothing was written")?
        .into_iter()
        .map(|(path, content)| DesiredFile::new(path, content, BOOTGEN_OWNER))
        .collect();
    outfiles::plan(dir, BOOTGEN_MANIFEST, &[BOOTGEN_OWNER.to_string()], files)
        .with_context(|| format!("cannot write into {}", dir.display()))
}
