//! The built-in targets: templates shipped in the binary. A site template of the same
//! name in the inventory's templates/ folder replaces one.

use super::target::FanOut;

/// A built-in target: name, output file, template source.
pub struct Builtin {
    /// Target name.
    pub name: &'static str,
    /// Output path in the output folder.
    pub output: &'static str,
    /// What it is, for `render --list`.
    pub about: &'static str,
    /// The template.
    pub source: &'static str,
    /// Once, or one file per VM (`output` is then a template).
    pub fan_out: FanOut,
}

macro_rules! builtin {
    ($name:literal, $output:literal, $file:literal, $about:literal) => {
        builtin!($name, $output, $file, $about, FanOut::Once)
    };
    ($name:literal, $output:literal, $file:literal, $about:literal, $fan_out:expr) => {
        Builtin {
            name: $name,
            output: $output,
            about: $about,
            source: include_str!(concat!("templates/", $file)),
            fan_out: $fan_out,
        }
    };
}

/// Every built-in target, in listing order.
pub const BUILTINS: &[Builtin] = &[
    builtin!(
        "hosts",
        "hosts",
        "hosts.j2",
        "/etc/hosts: nodes, interfaces and BMCs"
    ),
    builtin!(
        "dnsmasq-dns",
        "dnsmasq-dns.conf",
        "dnsmasq-dns.j2",
        "dnsmasq host-record lines (A and PTR)"
    ),
    builtin!(
        "warewulf",
        "warewulf-nodes.conf",
        "warewulf.j2",
        "Warewulf 4 nodes.conf"
    ),
    builtin!("powerman", "powerman.conf", "powerman.j2", "powerman.conf"),
    builtin!(
        "powerman-outlets",
        "chami-redfish-outlet.dev",
        "powerman-outlets.j2",
        "powerman device script for Redfish PDU outlets (install in /etc/powerman)"
    ),
    builtin!("conman", "conman.conf", "conman.j2", "conman.conf"),
    builtin!("genders", "genders", "genders.j2", "genders database"),
    builtin!(
        "slurm",
        "slurm-nodes.conf",
        "slurm.j2",
        "Slurm NodeName and PartitionName lines"
    ),
    builtin!(
        "clustershell",
        "clustershell-groups.yaml",
        "clustershell.j2",
        "ClusterShell groups.d YAML"
    ),
    builtin!(
        "ssh-config",
        "ssh_config",
        "ssh-config.j2",
        "ssh_config Host entries"
    ),
    builtin!(
        "prometheus",
        "prometheus-nodes.json",
        "prometheus.j2",
        "Prometheus file_sd targets for node exporters"
    ),
    builtin!(
        "prometheus-bmc",
        "prometheus-bmcs.json",
        "prometheus-bmc.j2",
        "Prometheus file_sd targets for BMC (Redfish) exporters"
    ),
    builtin!(
        "codeowners",
        "CODEOWNERS",
        "codeowners.j2",
        "CODEOWNERS: tenant owners over their inventory files"
    ),
    builtin!(
        "opensm-partitions",
        "partitions.conf",
        "opensm-partitions.j2",
        "OpenSM partitions.conf: a partition per group or tenant with a pkey"
    ),
    builtin!(
        "libvirt",
        "libvirt/{{ node.name }}.xml",
        "libvirt.j2",
        "libvirt domain XML, one file per VM node",
        FanOut::Vm
    ),
    builtin!(
        "ansible-ini",
        "ansible-hosts.ini",
        "ansible-ini.j2",
        "Ansible static inventory (INI)"
    ),
];

/// The built-in target called `name`.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}
