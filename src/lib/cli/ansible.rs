//! `chami ansible-inventory`.

use clap::{ArgGroup, Args};

/// Arguments of `chami ansible-inventory` (Ansible's dynamic inventory protocol).
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").args(["list", "host"]).required(true)))]
#[command(after_long_help = "\
Hosts are the enabled nodes. Groups: every chami group, its name made a valid Ansible \
group name (characters other than letters, digits and `_` become `_`; a leading digit \
gets a `_` before it: `rack-1.a` is `rack_1_a`), `role_<role>` (lower-cased) and \
`tenant_<tenant>`; nodes in none of them are in `ungrouped`. Two names that become the \
same group are an error.

Host variables: the node's resolved vars, `ansible_host` (its management address, unless \
a var sets it) and chami's facts: chami_labels, chami_groups, chami_role, chami_subrole, \
chami_arch, chami_tenant, chami_xname, chami_nid, chami_bmc, chami_bmc_ip. Vars named \
chami_* are left out with a warning.

`chami-ansible-inventory` answers the same for `ansible -i`, reading the inventory folder \
from $CHAMI_INVENTORY.")]
pub struct AnsibleInventoryArgs {
    /// Print every group and host with `_meta.hostvars`.
    #[arg(long)]
    pub list: bool,
    /// Print the variables of one host (`{}` and a warning when no enabled node has the
    /// name).
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
}
