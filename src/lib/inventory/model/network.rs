//! Networks declared in cluster.yaml: address plan, gateway, DNS, dynamic range, fabric.

use ipnetwork::IpNetwork;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// One network of the cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Unique name, referenced by interfaces and BMCs.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Address and prefix, e.g. `10.0.0.0/24`.
    pub cidr: IpNetwork,
    /// Default router for hosts on this network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<IpAddr>,
    /// DNS servers handed to hosts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns: Vec<IpAddr>,
    /// DNS domain of this network, when it differs from the cluster's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Addresses DHCP hands to unknown clients; reservations must stay outside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_range: Option<IpRange>,
    /// Link MTU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// 802.1Q VLAN id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    /// The kind of link.
    #[serde(default, skip_serializing_if = "Fabric::is_ethernet")]
    pub fabric: Fabric,
    /// Whether chami's DHCP exports serve this network.
    #[serde(default, skip_serializing_if = "super::is_false")]
    pub dhcp: bool,
    /// DHCP lease time on this network, in seconds (default 3600; at least 120, dnsmasq's
    /// minimum). Only used with `dhcp: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_time: Option<u32>,
    /// The DHCP server's interface on this network (Kea's `interfaces-config` and the
    /// subnet's `interface`), e.g. `eno1` or `bond0.10`. When every DHCP network names
    /// one, Kea listens on those only; otherwise on every interface (`*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhcp_interface: Option<String>,
}

/// An inclusive range of addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpRange {
    /// First address.
    pub start: IpAddr,
    /// Last address.
    pub end: IpAddr,
}

impl IpRange {
    /// True when `ip` lies between start and end, inclusive.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.start, self.end, ip) {
            (IpAddr::V4(s), IpAddr::V4(e), IpAddr::V4(i)) => s <= i && i <= e,
            (IpAddr::V6(s), IpAddr::V6(e), IpAddr::V6(i)) => s <= i && i <= e,
            _ => false,
        }
    }
}

/// The kind of link an interface or network is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fabric {
    /// Ethernet (the default).
    #[default]
    Ethernet,
    /// InfiniBand.
    Infiniband,
    /// HPE Slingshot.
    Slingshot,
    /// NVIDIA NVLink.
    Nvlink,
    /// Intel/Cornelis Omni-Path.
    Omnipath,
    /// RDMA over Converged Ethernet.
    Roce,
}

impl Fabric {
    /// True for the default, Ethernet.
    pub fn is_ethernet(&self) -> bool {
        *self == Fabric::Ethernet
    }

    /// The name as written in the inventory (`infiniband`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Fabric::Ethernet => "ethernet",
            Fabric::Infiniband => "infiniband",
            Fabric::Slingshot => "slingshot",
            Fabric::Nvlink => "nvlink",
            Fabric::Omnipath => "omnipath",
            Fabric::Roce => "roce",
        }
    }

    /// True when ports of this fabric are named by a GUID (InfiniBand, Omni-Path).
    pub fn has_guids(&self) -> bool {
        matches!(self, Fabric::Infiniband | Fabric::Omnipath)
    }

    /// True when an interface of this fabric may sit on a network of fabric `net`: the
    /// same fabric, or RoCE and Ethernet (RoCE runs over Ethernet networks).
    pub fn fits_network(&self, net: Fabric) -> bool {
        let ethernet_like = |f: Fabric| matches!(f, Fabric::Ethernet | Fabric::Roce);
        *self == net || (ethernet_like(*self) && ethernet_like(net))
    }
}

impl Network {
    /// True for the network address (IPv4 only; IPv6 has none).
    pub fn is_network_address(&self, ip: IpAddr) -> bool {
        matches!(self.cidr, IpNetwork::V4(n) if n.prefix() < 31 && ip == IpAddr::V4(n.network()))
    }

    /// True for the broadcast address (IPv4 only).
    pub fn is_broadcast_address(&self, ip: IpAddr) -> bool {
        matches!(self.cidr, IpNetwork::V4(n) if n.prefix() < 31 && ip == IpAddr::V4(n.broadcast()))
    }
}
