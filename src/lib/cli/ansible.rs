//! `chami ansible-inventory`.

use clap::{ArgGroup, Args};

/// Arguments of `chami ansible-inventory` (Ansible's dynamic inventory protocol).
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").args(["list", "host"]).required(true)))]
pub struct AnsibleInventoryArgs {
    /// Print every group and host with `_meta.hostvars`.
    #[arg(long)]
    pub list: bool,
    /// Print the variables of one host.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
}
