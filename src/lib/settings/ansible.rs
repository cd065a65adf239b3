//! Settings of `chami ansible-inventory`.

use crate::cli::AnsibleInventoryArgs;

/// What Ansible asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnsibleInventorySettings {
    /// `--list`: every group and host.
    List,
    /// `--host NAME`: one host's variables.
    Host(String),
}

impl From<AnsibleInventoryArgs> for AnsibleInventorySettings {
    fn from(a: AnsibleInventoryArgs) -> Self {
        match a.host {
            Some(h) => AnsibleInventorySettings::Host(h),
            None => AnsibleInventorySettings::List,
        }
    }
}
