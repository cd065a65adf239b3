//! `chami bootgen`: the static boot tree (iPXE scripts and cloud-init seeds).

use super::loading::load_for_output;
use crate::exit::ExitStatus;

use crate::settings::{BootgenSettings, GlobalSettings};
use anyhow::Context;

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
    let phase = crate::console::spinner(
        &global.printer,
        &format!(
            "making scripts and seeds of {} node(s), comparing with {}",
            inv.nodes.len(),
            s.out.display()
        ),
    );
    let planned = crate::boot::plan_tree(&inv, &s.out, secret).context("nothing was written");
    phase.finish_and_clear();
    let (plan, warnings) = planned?;
    for w in warnings {
        global.printer.warn(format!("bootgen: {w}"));
    }
    super::change_report::finish(plan, &s.out, "bootgen", s.mode, global)
}
