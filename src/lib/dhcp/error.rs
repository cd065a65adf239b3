//! What can go wrong writing a DHCP configuration: each error names the cluster.yaml
//! record at fault and says what to do.

/// A DHCP configuration that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DhcpError {
    /// No network is marked for DHCP.
    #[error(
        "no network in cluster.yaml has `dhcp: true`, so there is nothing to serve; mark the \
         boot network (e.g. `dhcp: true` under `networks: - name: mgmt`)"
    )]
    NoDhcpNetwork,
    /// A network marked `dhcp: true` is not IPv4.
    #[error(
        "cluster.yaml network `{network}` ({cidr}) has `dhcp: true`, but chami writes DHCPv4 \
         configs only; remove `dhcp: true` from it"
    )]
    NotIpv4 {
        /// The network.
        network: String,
        /// Its address plan.
        cidr: String,
    },
    /// The dynamic range of a DHCP network is not inside it.
    #[error(
        "cluster.yaml network `{network}`: dynamic_range {start}-{end} is not inside {cidr} \
         (or ends before it starts); give a range inside the network"
    )]
    RangeOutside {
        /// The network.
        network: String,
        /// The network's address plan.
        cidr: String,
        /// First address of the range.
        start: String,
        /// Last address of the range.
        end: String,
    },
    /// A `dhcp_interface` that is not an interface name.
    #[error(
        "cluster.yaml network `{network}`: dhcp_interface `{interface}` is not an interface \
         name (1 to 15 letters, digits, `.`, `-`, `_`, `@`); give the DHCP server's interface \
         on that network, e.g. `eno1`"
    )]
    BadInterface {
        /// The network.
        network: String,
        /// The value given.
        interface: String,
    },
    /// A `dhcp:` setting of cluster.yaml that is not a path.
    #[error(
        "cluster.yaml dhcp.{field}: `{value}` is not an absolute path{}; give one such as \
         {}",
        if *field == "log_output" { " nor stdout, stderr, syslog or syslog:NAME" } else { "" },
        if *field == "log_output" { "/var/log/kea/kea-dhcp4.log" } else { "/run/kea/kea4-ctrl-socket" }
    )]
    BadSetting {
        /// The field.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// A lease time DHCP servers do not take.
    #[error(
        "cluster.yaml network `{network}`: lease_time {seconds} is shorter than {min} seconds \
         (dnsmasq's minimum); give {min} or more"
    )]
    LeaseTooShort {
        /// The network.
        network: String,
        /// The lease time given.
        seconds: u32,
        /// The shortest accepted.
        min: u32,
    },
    /// The boot server cannot be handed to DHCPv4 clients as their TFTP server.
    #[error(
        "cluster.yaml boot_server address {address} is IPv6, but DHCPv4 clients need an IPv4 \
         next-server to fetch iPXE from; give boot_server an IPv4 address on the boot network"
    )]
    BootServerNotIpv4 {
        /// The address given.
        address: String,
    },
    /// `--boot-server` names no boot server of cluster.yaml.
    #[error(
        "boot server `{given}` is not in cluster.yaml, whose boot servers are {known}; give \
         its number in that list (1 is the first) or its address"
    )]
    NoSuchBootServer {
        /// What was asked for.
        given: String,
        /// The boot servers, numbered.
        known: String,
    },
    /// `--boot-server` gives an address that two boot servers share (on other ports).
    #[error(
        "boot server `{given}` is ambiguous: cluster.yaml has it more than once ({known}); \
         give its number in the list instead"
    )]
    AmbiguousBootServer {
        /// What was asked for.
        given: String,
        /// The boot servers, numbered.
        known: String,
    },
    /// A host name that would break the configuration file's syntax.
    #[error(
        "{kind} name {name} cannot go into a DHCP configuration: {why}; `chami inventory \
         lint` points at the record (rule unsafe-value)"
    )]
    UnsafeName {
        /// `node` or `bmc`.
        kind: &'static str,
        /// The name, quoted.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// A value that would break the configuration file's syntax.
    #[error(
        "cluster.yaml {field} `{value}` cannot go into a DHCP configuration: use only letters, \
         digits and {allowed}"
    )]
    UnsafeValue {
        /// Where it is (`network mgmt domain`, `boot_server efi_file` …).
        field: String,
        /// The value.
        value: String,
        /// The other characters allowed.
        allowed: &'static str,
    },
}
