//! `chami ansible-inventory`: Ansible's dynamic inventory protocol over the inventory.

use crate::exit::ExitStatus;
use crate::settings::{AnsibleInventorySettings, GlobalSettings};

/// Runs `chami ansible-inventory`.
pub fn run(_s: AnsibleInventorySettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    super::pending::run("ansible-inventory", global)
}
