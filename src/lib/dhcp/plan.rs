//! What every DHCP server is told, read once from the inventory: the DHCP networks with
//! their options, range and reservations, and the boot chain.
//!
//! - A reservation is made for each boot interface (`boot: true`) of an enabled node that
//!   has a MAC and an IPv4 address on a DHCP network (the interface's `network`, else the
//!   network whose cidr holds the address), and for each BMC with a MAC and an address on
//!   a DHCP network (its `network`, else the one holding its address). The host name is
//!   the node's name for its primary interface (see [`crate::inventory::addressing`]),
//!   `NODE-IFACE` for its other boot interfaces, and the BMC's name for a BMC.
//! - A network with `dynamic_range` hands unknown clients an address from it; without one,
//!   unknown clients get nothing.
//! - The boot chain is present when cluster.yaml has a `boot_server` with an IPv4 address:
//!   PXE firmware gets an iPXE binary over TFTP from that server, chosen by the client
//!   architecture (option 93); iPXE itself (option 175, or user class `iPXE`) gets the
//!   HTTP URL of `default.ipxe` ([`crate::boot::urls`]). Without a boot server, clients
//!   get addresses and options only.

use super::DhcpError;
use crate::inventory::addressing::primary_interface;
use crate::inventory::model::{MacAddr, Network};
use crate::inventory::Inventory;
use ipnetwork::{IpNetwork, Ipv4Network};
use std::net::{IpAddr, Ipv4Addr};

/// Lease time handed out, in seconds (one hour).
pub const LEASE_SECONDS: u32 = 3600;

/// One fixed address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// The client's hardware address.
    pub mac: MacAddr,
    /// Its address.
    pub ip: Ipv4Addr,
    /// The host name handed to it.
    pub hostname: String,
}

/// One network served by DHCP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    /// The network's name in cluster.yaml.
    pub name: String,
    /// Address and prefix.
    pub cidr: Ipv4Network,
    /// Default router.
    pub gateway: Option<Ipv4Addr>,
    /// DNS servers.
    pub dns: Vec<Ipv4Addr>,
    /// DNS domain (the network's, else the cluster's).
    pub domain: Option<String>,
    /// Addresses for unknown clients, inclusive; `None`: unknown clients get nothing.
    pub range: Option<(Ipv4Addr, Ipv4Addr)>,
    /// Link MTU, handed out as option 26.
    pub mtu: Option<u32>,
    /// Fixed addresses, sorted by address.
    pub reservations: Vec<Reservation>,
}

/// How network boot proceeds from DHCP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootChain {
    /// The TFTP server (next-server, siaddr).
    pub next_server: Ipv4Addr,
    /// What iPXE clients fetch: the URL of `default.ipxe`.
    pub script_url: String,
    /// iPXE for legacy BIOS PXE (arch 0).
    pub bios_file: String,
    /// iPXE for UEFI x86-64 (arch 7 and 9).
    pub efi_file: String,
    /// iPXE for UEFI ARM64 (arch 11).
    pub arm64_file: String,
}

/// Everything the DHCP writers need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhcpPlan {
    /// The cluster's name, for the header.
    pub cluster: String,
    /// The networks with `dhcp: true`, in cluster.yaml order.
    pub subnets: Vec<Subnet>,
    /// The boot chain, when there is a boot server.
    pub boot: Option<BootChain>,
}

impl DhcpPlan {
    /// Reads the DHCP networks, reservations and boot chain from `inv`.
    pub fn new(inv: &Inventory) -> Result<DhcpPlan, DhcpError> {
        let cluster = &inv.cluster;
        let mut subnets = Vec::new();
        // Index into `subnets` of each cluster network (None: not served).
        let mut served: Vec<Option<usize>> = Vec::with_capacity(cluster.networks.len());
        for net in &cluster.networks {
            if !net.dhcp {
                served.push(None);
                continue;
            }
            served.push(Some(subnets.len()));
            subnets.push(subnet(net, cluster.domain.as_deref())?);
        }
        if subnets.is_empty() {
            return Err(DhcpError::NoDhcpNetwork);
        }
        let find = |name: Option<&str>, ip: Ipv4Addr| -> Option<usize> {
            let ni = match name {
                Some(n) => cluster.networks.iter().position(|x| x.name == n)?,
                None => cluster
                    .networks
                    .iter()
                    .position(|x| x.cidr.contains(IpAddr::V4(ip)))?,
            };
            served[ni]
        };
        for node in inv.nodes.iter().filter(|n| n.is_enabled()) {
            let primary = primary_interface(node).map(|i| i.name.as_str());
            for iface in node.boot_interfaces() {
                let (Some(mac), Some(IpAddr::V4(ip))) = (iface.mac, iface.ip) else {
                    continue;
                };
                let Some(si) = find(iface.network.as_deref(), ip) else {
                    continue;
                };
                let hostname = if primary == Some(iface.name.as_str()) {
                    node.name.clone()
                } else {
                    format!("{}-{}", node.name, iface.name.replace('.', "-"))
                };
                subnets[si]
                    .reservations
                    .push(Reservation { mac, ip, hostname });
            }
        }
        for bmc in inv.bmcs.iter() {
            let (Some(mac), Some(IpAddr::V4(ip))) = (bmc.mac, bmc.ip) else {
                continue;
            };
            if let Some(si) = find(bmc.network.as_deref(), ip) {
                subnets[si].reservations.push(Reservation {
                    mac,
                    ip,
                    hostname: bmc.name.clone(),
                });
            }
        }
        for s in &mut subnets {
            s.reservations.sort_by_key(|a| (a.ip, a.mac));
        }
        let boot = cluster.boot_server.as_ref().and_then(|server| {
            let IpAddr::V4(next_server) = server.address else {
                return None;
            };
            Some(BootChain {
                next_server,
                script_url: crate::boot::urls::default_script_url(cluster)?,
                bios_file: server.bios_file().to_string(),
                efi_file: server.efi_file().to_string(),
                arm64_file: server.arm64_file().to_string(),
            })
        });
        Ok(DhcpPlan {
            cluster: cluster.name.clone(),
            subnets,
            boot,
        })
    }
}

fn v4s(ips: &[IpAddr]) -> Vec<Ipv4Addr> {
    ips.iter()
        .filter_map(|ip| match ip {
            IpAddr::V4(a) => Some(*a),
            IpAddr::V6(_) => None,
        })
        .collect()
}

fn subnet(net: &Network, cluster_domain: Option<&str>) -> Result<Subnet, DhcpError> {
    let IpNetwork::V4(cidr) = net.cidr else {
        return Err(DhcpError::NotIpv4 {
            network: net.name.clone(),
            cidr: net.cidr.to_string(),
        });
    };
    let range = match net.dynamic_range {
        None => None,
        Some(r) => match (r.start, r.end) {
            (IpAddr::V4(s), IpAddr::V4(e)) if cidr.contains(s) && cidr.contains(e) && s <= e => {
                Some((s, e))
            }
            _ => {
                return Err(DhcpError::RangeOutside {
                    network: net.name.clone(),
                    cidr: cidr.to_string(),
                    start: r.start.to_string(),
                    end: r.end.to_string(),
                })
            }
        },
    };
    Ok(Subnet {
        name: net.name.clone(),
        cidr,
        gateway: match net.gateway {
            Some(IpAddr::V4(g)) => Some(g),
            _ => None,
        },
        dns: v4s(&net.dns),
        domain: net
            .domain
            .clone()
            .or_else(|| cluster_domain.map(String::from)),
        range,
        mtu: net.mtu,
        reservations: Vec::new(),
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::inventory::test_support::inventory_from;

    /// Two DHCP networks (mgmt with a range, bmc without), a boot server, three nodes
    /// (n3 disabled, n2 with a second boot interface) and two BMCs.
    pub fn example() -> Inventory {
        inventory_from(
            "format: 1\nname: t\ndomain: t.local\nnetworks:\n\
             - {name: mgmt, cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.1], dhcp: true, mtu: 9000,\n   dynamic_range: {start: 10.0.0.200, end: 10.0.0.250}}\n\
             - {name: bmc, cidr: 10.1.0.0/24, gateway: 10.1.0.1, domain: bmc.t.local, dhcp: true}\n\
             - {name: ib, cidr: 10.2.0.0/24}\n\
             boot_server: {address: 10.0.0.1, http_port: 8080}\n",
            &[
                "name: n2\ninterfaces:\n- {name: eth0, mac: 02:00:00:00:00:02, network: mgmt, ip: 10.0.0.12, boot: true}\n- {name: eth1, mac: 02:00:00:00:01:02, ip: 10.0.0.112, boot: true}\n- {name: ib0, mac: 02:00:00:00:02:02, ip: 10.2.0.12}\n",
                "name: n1\nbmc: n1-bmc\ninterfaces:\n- {name: eth0, mac: 02:00:00:00:00:01, network: mgmt, ip: 10.0.0.11, boot: true}\n",
                "name: n3\nenabled: false\ninterfaces:\n- {name: eth0, mac: 02:00:00:00:00:03, network: mgmt, ip: 10.0.0.13, boot: true}\n",
            ],
            &[
                "name: n1-bmc\nip: 10.1.0.11\nmac: 02:00:00:00:10:01\n",
                "name: n2-bmc\nip: 10.1.0.12\n",
            ],
        )
    }

    #[test]
    fn reservations_ranges_and_boot_chain() {
        let plan = DhcpPlan::new(&example()).unwrap();
        assert_eq!(plan.subnets.len(), 2, "ib has no dhcp");
        let mgmt = &plan.subnets[0];
        let names: Vec<(&str, String)> = mgmt
            .reservations
            .iter()
            .map(|r| (r.hostname.as_str(), r.ip.to_string()))
            .collect();
        assert_eq!(
            names,
            [
                ("n1", "10.0.0.11".to_string()),
                ("n2", "10.0.0.12".to_string()),
                ("n2-eth1", "10.0.0.112".to_string()),
            ],
            "disabled n3 is left out; sorted by address"
        );
        assert_eq!(
            mgmt.range,
            Some(("10.0.0.200".parse().unwrap(), "10.0.0.250".parse().unwrap()))
        );
        assert_eq!(mgmt.domain.as_deref(), Some("t.local"));
        let bmc = &plan.subnets[1];
        assert_eq!(bmc.range, None);
        assert_eq!(bmc.domain.as_deref(), Some("bmc.t.local"));
        assert_eq!(bmc.reservations.len(), 1, "n2-bmc has no MAC");
        assert_eq!(bmc.reservations[0].hostname, "n1-bmc");
        let boot = plan.boot.unwrap();
        assert_eq!(boot.script_url, "http://10.0.0.1:8080/default.ipxe");
        assert_eq!(boot.bios_file, "undionly.kpxe");
        assert_eq!(boot.efi_file, "ipxe.efi");
    }

    #[test]
    fn refusals_name_the_network() {
        let inv = inventory_from(
            "format: 1\nname: t\nnetworks:\n- {name: v6, cidr: 'fd00::/64', dhcp: true}\n",
            &[],
            &[],
        );
        let e = DhcpPlan::new(&inv).unwrap_err().to_string();
        assert!(e.contains("network `v6`") && e.contains("DHCPv4"), "{e}");
        let inv = inventory_from(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24}\n",
            &[],
            &[],
        );
        let e = DhcpPlan::new(&inv).unwrap_err().to_string();
        assert!(e.contains("dhcp: true"), "{e}");
        let inv = inventory_from(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true, dynamic_range: {start: 10.0.1.1, end: 10.0.1.9}}\n",
            &[],
            &[],
        );
        let e = DhcpPlan::new(&inv).unwrap_err().to_string();
        assert!(e.contains("not inside 10.0.0.0/24"), "{e}");
    }

    #[test]
    fn no_boot_server_means_no_boot_chain() {
        let inv = inventory_from(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n",
            &[],
            &[],
        );
        assert_eq!(DhcpPlan::new(&inv).unwrap().boot, None);
    }
}
