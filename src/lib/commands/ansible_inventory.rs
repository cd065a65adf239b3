//! `chami ansible-inventory` and the `chami-ansible-inventory` script: Ansible's dynamic
//! inventory protocol over the inventory (`--list`, `--host NAME`); the library's
//! `ansible` module builds the JSON.

use crate::ansible::{answer, Request};
use crate::cli::SCRIPT_USAGE;
use crate::exit::ExitStatus;
use crate::inventory::Inventory;
use crate::settings::{AnsibleInventorySettings, GlobalSettings, ScriptSettings, INVENTORY_ENV};
use anyhow::bail;

/// Runs `chami ansible-inventory`: the JSON on stdout, warnings (an unknown or disabled
/// host, dropped vars) on stderr. An unknown host prints `{}` and exits 0, as Ansible
/// expects.
pub fn run(s: AnsibleInventorySettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    super::loading::with_readable(global, |inv| print_answer(&inv, s, global))
}

/// Runs the `chami-ansible-inventory` script: as `chami ansible-inventory`, over the
/// inventory named by `$CHAMI_INVENTORY` only, and refusing one with parse errors.
pub fn run_script(s: ScriptSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let s = match s {
        ScriptSettings::Help => {
            crate::console::write_stdout(&format!("{SCRIPT_USAGE}\n"))?;
            return Ok(ExitStatus::Success);
        }
        ScriptSettings::Version => {
            crate::console::write_stdout(&format!(
                "chami-ansible-inventory {}\n",
                env!("CARGO_PKG_VERSION")
            ))?;
            return Ok(ExitStatus::Success);
        }
        ScriptSettings::Answer(s) => s,
    };
    if global.inventory.is_none() {
        bail!(
            "{INVENTORY_ENV} is not set: set it to the chami inventory folder \
             ({INVENTORY_ENV}=/path/to/inventory ansible -i chami-ansible-inventory …)"
        );
    }
    print_answer(&super::loading::load_valid(global)?, s, global)
}

/// Prints Ansible's answer on stdout and its warnings on stderr.
fn print_answer(
    inv: &Inventory,
    s: AnsibleInventorySettings,
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    let request = match s {
        AnsibleInventorySettings::List => Request::List,
        AnsibleInventorySettings::Host(name) => Request::Host(name),
    };
    let answer = answer(inv, &request)?;
    for w in &answer.warnings {
        global.printer.warn(w);
    }
    crate::console::write_json(&answer.json)?;
    Ok(ExitStatus::Success)
}
