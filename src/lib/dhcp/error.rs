//! What can go wrong writing a DHCP configuration.

/// A DHCP configuration that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DhcpError {
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
        "cluster.yaml network `{network}`: dynamic_range {start}-{end} is not inside {cidr}; \
         give a range inside the network"
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
    /// No network is marked for DHCP.
    #[error(
        "no network in cluster.yaml has `dhcp: true`, so there is nothing to serve; mark the \
         boot network (e.g. `dhcp: true` under `networks: - name: mgmt`)"
    )]
    NoDhcpNetwork,
}
