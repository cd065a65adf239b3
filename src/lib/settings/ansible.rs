//! Settings of `chami ansible-inventory` and of the `chami-ansible-inventory` script.

use crate::cli::{AnsibleInventoryArgs, ScriptArgs};

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

/// What the `chami-ansible-inventory` script is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptSettings {
    /// Answer Ansible, as `chami ansible-inventory` does.
    Answer(AnsibleInventorySettings),
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
}

impl From<ScriptArgs> for ScriptSettings {
    fn from(a: ScriptArgs) -> Self {
        match a {
            ScriptArgs::List => ScriptSettings::Answer(AnsibleInventorySettings::List),
            ScriptArgs::Host(h) => ScriptSettings::Answer(AnsibleInventorySettings::Host(h)),
            ScriptArgs::Help => ScriptSettings::Help,
            ScriptArgs::Version => ScriptSettings::Version,
        }
    }
}
