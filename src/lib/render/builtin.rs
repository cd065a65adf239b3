//! The built-in targets: templates shipped in the binary. A site template of the same
//! name in the inventory's templates/ folder replaces one.

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
}

macro_rules! builtin {
    ($name:literal, $output:literal, $file:literal, $about:literal) => {
        Builtin {
            name: $name,
            output: $output,
            about: $about,
            source: include_str!(concat!("templates/", $file)),
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
