//! `chami ansible-inventory`: Ansible's dynamic inventory protocol over the inventory
//! (`--list`, `--host NAME`); the library's `ansible` module builds the JSON.

use crate::ansible::{answer, Request};
use crate::exit::ExitStatus;
use crate::settings::{AnsibleInventorySettings, GlobalSettings};

/// Runs `chami ansible-inventory`: the JSON on stdout, warnings (an unknown or disabled
/// host, dropped vars) on stderr. An unknown host prints `{}` and exits 0, as Ansible
/// expects.
pub fn run(s: AnsibleInventorySettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let request = match s {
        AnsibleInventorySettings::List => Request::List,
        AnsibleInventorySettings::Host(name) => Request::Host(name),
    };
    super::loading::with_readable(global, |inv| {
        let answer = answer(&inv, &request)?;
        for w in &answer.warnings {
            global.printer.warn(w);
        }
        crate::output::write_json(&answer.json)?;
        Ok(ExitStatus::Success)
    })
}
