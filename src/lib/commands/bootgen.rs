//! `chami bootgen`: the static boot tree (iPXE scripts and cloud-init seeds).

use super::loading::load_for_output;
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
    let (inv, _lock) = load_for_output(global, !s.mode.writes_nothing())?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "bootgen")? {
        return Ok(status);
    }
    let secret = s
        .token_secret
        .as_deref()
        .map(crate::boot::TokenSecret::load)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--token-secret")?;
    let phase = crate::output::spinner(
        &global.printer,
        &format!(
            "making scripts and seeds of {} node(s), comparing with {}",
            inv.nodes.len(),
            s.out.display()
        ),
    );
    let planned = plan_with_warnings(&inv, &s.out, secret);
    phase.finish_and_clear();
    let (plan, warnings) = planned?;
    for w in warnings {
        global.printer.warn(format!("bootgen: {w}"));
    }
    super::outputs_report::finish(plan, &s.out, "bootgen", s.mode, global)
}

/// The plan of the boot tree in `dir`, and the warnings about nodes that cannot
/// network-boot (no boot profile, no boot MAC), one line per reason.
pub fn plan_with_warnings(
    inv: &crate::inventory::Inventory,
    dir: &std::path::Path,
    secret: Option<crate::boot::TokenSecret>,
) -> anyhow::Result<(outfiles::Plan, Vec<String>)> {
    let tree = crate::boot::tree_with_secret(inv, secret).context("nothing was written")?;
    let modes: Vec<u32> = tree.files.iter().map(|(p, _)| tree.mode_of(p)).collect();
    let files: Vec<DesiredFile> = tree
        .files
        .into_iter()
        .zip(modes)
        .map(|((path, content), mode)| {
            DesiredFile::new(path, content, BOOTGEN_OWNER).with_mode(mode)
        })
        .collect();
    let plan = outfiles::plan(dir, BOOTGEN_MANIFEST, &[BOOTGEN_OWNER.to_string()], files)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    Ok((plan, tree.warnings))
}
