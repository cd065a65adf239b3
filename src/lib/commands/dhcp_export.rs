//! `chami dhcp-export`: a DHCP server's configuration from the inventory.

use super::loading::load_for_output;
use crate::dhcp;
use crate::exit::ExitStatus;
use crate::outfiles;
use crate::settings::{DhcpExportSettings, GlobalSettings};
use anyhow::{bail, Context};

/// Runs `chami dhcp-export`.
pub fn run(s: DhcpExportSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let writes = s.out.is_some() && !s.mode.writes_nothing();
    let (inv, _lock) = load_for_output(global, writes)?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "dhcp-export")? {
        return Ok(status);
    }
    let what = format!("dhcp-export {}", s.format.as_str());
    let server = match &s.boot_server {
        Some(choice) => dhcp::boot_server_index(&inv.cluster, choice).context("--boot-server")?,
        None => 0,
    };
    let config = dhcp::export_for(&inv, s.format, server).context("nothing was written")?;
    let Some(out) = &s.out else {
        if s.mode != crate::settings::OutputMode::default() {
            bail!("--check, --diff and --dry-run compare with a file: give -o FILE");
        }
        crate::console::write_stdout(&config)?;
        return Ok(ExitStatus::Success);
    };
    let plan = outfiles::plan_file(out, config, s.format.as_str())
        .with_context(|| format!("cannot write {}", out.display()))?;
    let dir = plan.dir().to_path_buf();
    super::change_report::finish(plan, &dir, &what, s.mode, global)
}
