//! Builds the [`DhcpPlan`] from the inventory, once, in one pass over nodes and BMCs.
//!
//! - A reservation is made for each boot interface (`boot: true`) of an enabled node that
//!   has a MAC and an IPv4 address on a DHCP network (the interface's `network`, else the
//!   network whose cidr holds the address), and for each BMC with a MAC and an address on
//!   a DHCP network (its `network`, else the one holding its address). The host name is
//!   the node's name for its primary interface (see [`crate::inventory::addressing`]),
//!   `NODE-IFACE` for its other boot interfaces, and the BMC's name for a BMC.
//! - A network with `dynamic_range` hands unknown clients an address from it; without one,
//!   unknown clients get nothing.
//! - The boot chain is there when cluster.yaml has a `boot_server`: PXE firmware gets an
//!   iPXE binary over TFTP from that server by client architecture (option 93), iPXE gets
//!   the URL of `default.ipxe` ([`crate::boot::urls`]). Without a boot server, clients get
//!   addresses and options only (no next-server, no file): a documented choice, not an
//!   error, so a cluster can serve DHCP before it network-boots.
//! - With several boot servers, one DHCP answer still names one server: by default the
//!   first; [`DhcpPlan::for_boot_server`] writes the config of the DHCP server beside
//!   another replica (each names itself). The iPXE scripts fall over to the others.

use super::model::{DEFAULT_LEASE_SECONDS, MIN_LEASE_SECONDS};
use super::{BootChain, DhcpError, DhcpPlan, Reservation, Subnet};
use crate::inventory::addressing::primary_interface;
use crate::inventory::model::{Cluster, DhcpSettings, Network};
use crate::inventory::Inventory;
use ipnetwork::IpNetwork;
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};

impl<'a> DhcpPlan<'a> {
    /// Reads the DHCP networks, reservations and boot chain from `inv`, the boot chain
    /// naming the first boot server.
    pub fn new(inv: &'a Inventory) -> Result<DhcpPlan<'a>, DhcpError> {
        Self::for_boot_server(inv, 0)
    }

    /// [`Self::new`] for the DHCP server beside boot server `server` (0-based, in
    /// cluster.yaml order): its boot chain names that server first.
    pub fn for_boot_server(inv: &'a Inventory, server: usize) -> Result<DhcpPlan<'a>, DhcpError> {
        let cluster = &inv.cluster;
        let mut subnets = Vec::new();
        // Index into `subnets` of each cluster network (None: not served).
        let mut served: Vec<Option<usize>> = Vec::with_capacity(cluster.networks.len());
        for net in &cluster.networks {
            if net.dhcp {
                served.push(Some(subnets.len()));
                subnets.push(subnet(net, cluster.domain.as_deref())?);
            } else {
                served.push(None);
            }
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
                    Cow::Borrowed(node.name.as_str())
                } else {
                    Cow::Owned(secondary_hostname(&node.name, &iface.name))
                };
                checked_host("node", &hostname)?;
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
                checked_host("bmc", &bmc.name)?;
                subnets[si].reservations.push(Reservation {
                    mac,
                    ip,
                    hostname: Cow::Borrowed(bmc.name.as_str()),
                });
            }
        }
        for s in &mut subnets {
            s.reservations.sort_unstable_by_key(|r| (r.ip, r.mac));
        }
        Ok(DhcpPlan {
            cluster: &cluster.name,
            subnets,
            boot: boot_chain(cluster, server)?,
            settings: checked_settings(&cluster.dhcp)?,
        })
    }
}

/// Refuses a reservation host name that is not a DNS name (a line break or `,` in it would
/// add a line or a field to dnsmasq's `dhcp-host=`).
fn checked_host(kind: &'static str, name: &str) -> Result<(), DhcpError> {
    crate::escape::host_name(name)
        .map(|_| ())
        .map_err(|e| DhcpError::UnsafeName {
            kind,
            name: e.value,
            why: e.why,
        })
}

/// `NODE-IFACE` with anything but letters, digits and `-` in the interface name made `-`
/// (`eth0.100` → `eth0-100`), so it stays a valid host name.
fn secondary_hostname(node: &str, iface: &str) -> String {
    let mut name = String::with_capacity(node.len() + 1 + iface.len());
    name.push_str(node);
    name.push('-');
    name.extend(
        iface
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    name
}

fn boot_chain(cluster: &Cluster, index: usize) -> Result<Option<BootChain<'_>>, DhcpError> {
    let servers = cluster.boot_servers();
    if servers.is_empty() {
        return Ok(None);
    }
    let Some(server) = servers.get(index) else {
        return Err(DhcpError::NoSuchBootServer {
            given: (index + 1).to_string(),
            known: super::replica::list(servers),
        });
    };
    let IpAddr::V4(next_server) = server.address else {
        return Err(DhcpError::BootServerNotIpv4 {
            address: server.address.to_string(),
        });
    };
    let files = [
        ("bios_file", server.bios_file()),
        ("efi_file", server.efi_file()),
        ("arm64_file", server.arm64_file()),
    ];
    for (field, value) in files {
        safe(&format!("boot_server {field}"), value, "._-+/")?;
    }
    Ok(Some(BootChain {
        next_server,
        script_url: crate::boot::urls::server_script_url(server),
        bios_file: files[0].1,
        efi_file: files[1].1,
        arm64_file: files[2].1,
    }))
}

/// Refuses a value with characters that would break a config file's quoting or list
/// syntax (quotes, commas, spaces, `#` …).
fn safe(field: &str, value: &str, allowed: &'static str) -> Result<(), DhcpError> {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || allowed.contains(c));
    if ok {
        Ok(())
    } else {
        Err(DhcpError::UnsafeValue {
            field: field.to_string(),
            value: value.to_string(),
            allowed,
        })
    }
}

fn subnet<'a>(net: &'a Network, cluster_domain: Option<&'a str>) -> Result<Subnet<'a>, DhcpError> {
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
    let lease_seconds = net.lease_time.unwrap_or(DEFAULT_LEASE_SECONDS);
    if lease_seconds < MIN_LEASE_SECONDS {
        return Err(DhcpError::LeaseTooShort {
            network: net.name.clone(),
            seconds: lease_seconds,
            min: MIN_LEASE_SECONDS,
        });
    }
    let domain = net.domain.as_deref().or(cluster_domain);
    if let Some(d) = domain {
        let field = match &net.domain {
            Some(_) => format!("network `{}` domain", net.name),
            None => "domain".to_string(),
        };
        safe(&field, d, ".-")?;
    }
    Ok(Subnet {
        name: &net.name,
        cidr,
        gateway: match net.gateway {
            Some(IpAddr::V4(g)) => Some(g),
            _ => None,
        },
        dns: net
            .dns
            .iter()
            .filter_map(|ip| match ip {
                IpAddr::V4(a) => Some(*a),
                IpAddr::V6(_) => None,
            })
            .collect(),
        domain,
        range,
        mtu: net.mtu,
        lease_seconds,
        reservations: Vec::new(),
        interface: match &net.dhcp_interface {
            Some(i) if is_interface_name(i) => Some(i),
            Some(i) => {
                return Err(DhcpError::BadInterface {
                    network: net.name.clone(),
                    interface: i.clone(),
                })
            }
            None => None,
        },
    })
}

/// A Linux interface name: 1 to 15 letters, digits, `.`, `-`, `_` or `@` (`eno1`,
/// `bond0.10`).
fn is_interface_name(name: &str) -> bool {
    (1..=15).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c))
}

/// Refuses a control socket or log file that is not an absolute path.
fn checked_settings(s: &DhcpSettings) -> Result<&DhcpSettings, DhcpError> {
    let keyword = |o: &str| matches!(o, "stdout" | "stderr" | "syslog") || o.starts_with("syslog:");
    let bad = [
        ("control_socket", s.control_socket.as_deref(), false),
        ("log_output", s.log_output.as_deref(), true),
    ]
    .into_iter()
    .find_map(|(field, v, keywords)| {
        let v = v?;
        let ok = v.starts_with('/') && !v.contains('\n') || (keywords && keyword(v));
        (!ok).then(|| (field, v.to_string()))
    });
    match bad {
        Some((field, value)) => Err(DhcpError::BadSetting { field, value }),
        None => Ok(s),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{example, inventory};
    use super::*;

    fn err(cluster: &str) -> String {
        DhcpPlan::new(&inventory(cluster, &[], &[]))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reservations_ranges_and_boot_chain() {
        let inv = example();
        let plan = DhcpPlan::new(&inv).unwrap();
        assert_eq!(plan.subnets.len(), 2, "ib has no dhcp");
        let mgmt = &plan.subnets[0];
        let names: Vec<(&str, String)> = mgmt
            .reservations
            .iter()
            .map(|r| (&*r.hostname, r.ip.to_string()))
            .collect();
        assert_eq!(
            names,
            [
                ("n1", "10.0.0.11".to_string()),
                ("n2", "10.0.0.12".to_string()),
                ("n2-eth1", "10.0.0.112".to_string()),
            ],
            "disabled n3 is left out; sorted by address, not by file order"
        );
        assert_eq!(
            mgmt.range,
            Some(("10.0.0.200".parse().unwrap(), "10.0.0.250".parse().unwrap()))
        );
        assert_eq!(mgmt.domain, Some("t.local"));
        assert_eq!(mgmt.lease_seconds, 3600);
        let bmc = &plan.subnets[1];
        assert_eq!(bmc.range, None);
        assert_eq!(bmc.domain, Some("bmc.t.local"));
        assert_eq!(bmc.lease_seconds, 600);
        let bmcs: Vec<&str> = bmc.reservations.iter().map(|r| &*r.hostname).collect();
        assert_eq!(
            bmcs,
            ["n1-bmc", "sw-bmc"],
            "n2-bmc has no MAC; sw-bmc is placed by its `network`; ib-bmc is on a network \
             without dhcp"
        );
        let boot = plan.boot.unwrap();
        assert_eq!(boot.next_server, Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(boot.script_url, "http://10.0.0.1:8080/default.ipxe");
        assert_eq!(boot.bios_file, "undionly.kpxe");
        assert_eq!(boot.efi_file, "snponly.efi", "set in the example");
        assert_eq!(boot.arm64_file, "ipxe-arm64.efi");
    }

    #[test]
    fn header_names_the_cluster_and_no_path_or_time() {
        let inv = example();
        let [first, second] = DhcpPlan::new(&inv).unwrap().header("dnsmasq", "dnsmasq");
        assert_eq!(
            first,
            "dnsmasq configuration generated by chami from the inventory of cluster t."
        );
        assert!(second.contains("chami dhcp-export --format dnsmasq"));
    }

    #[test]
    fn refusals_name_the_record_and_say_what_to_do() {
        let e = err("format: 1\nname: t\nnetworks:\n- {name: v6, cidr: 'fd00::/64', dhcp: true}\n");
        assert!(
            e.contains("network `v6`") && e.contains("remove `dhcp: true`"),
            "{e}"
        );
        let e = err("format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24}\n");
        assert!(
            e.contains("no network in cluster.yaml has `dhcp: true`"),
            "{e}"
        );
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true, \
             dynamic_range: {start: 10.0.1.1, end: 10.0.1.9}}\n",
        );
        assert!(
            e.contains("network `m`") && e.contains("not inside 10.0.0.0/24"),
            "{e}"
        );
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true, \
             dynamic_range: {start: 10.0.0.9, end: 10.0.0.1}}\n",
        );
        assert!(e.contains("ends before it starts"), "{e}");
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true, lease_time: 60}\n",
        );
        assert!(
            e.contains("network `m`: lease_time 60") && e.contains("give 120"),
            "{e}"
        );
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n\
             boot_server: {address: 'fd00::1'}\n",
        );
        assert!(e.contains("boot_server address fd00::1 is IPv6"), "{e}");
        let e = err(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n\
             boot_server: {address: 10.0.0.1, efi_file: 'ipxe.efi\"; evil'}\n",
        );
        assert!(e.contains("boot_server efi_file `ipxe.efi\"; evil`"), "{e}");
        let e = err(
            "format: 1\nname: t\ndomain: 'a b'\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n",
        );
        assert!(e.contains("cluster.yaml domain `a b`"), "{e}");
    }

    #[test]
    fn secondary_interfaces_get_valid_host_names() {
        assert_eq!(secondary_hostname("n1", "eth0.100"), "n1-eth0-100");
        assert_eq!(secondary_hostname("n1", "enp1s0f1"), "n1-enp1s0f1");
    }

    #[test]
    fn no_boot_server_means_no_boot_chain() {
        let inv = inventory(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n",
            &[],
            &[],
        );
        assert_eq!(DhcpPlan::new(&inv).unwrap().boot, None);
    }
}
