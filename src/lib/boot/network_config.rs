//! A node's cloud-init `network-config` (version 2, netplan style): Ethernet interfaces
//! matched by MAC, IPoIB interfaces matched by name (an InfiniBand port has no 6-byte
//! MAC), and VLAN interfaces on their parent; each with its static address, gateway, DNS
//! and MTU from its network (the interface's own MTU first), else DHCP.

use crate::inventory::model::{Interface, Network, Node};
use std::fmt::Write;

/// How an interface appears in the config.
enum Kind {
    /// Under `ethernets:`, matched by MAC and renamed to its inventory name.
    ByMac,
    /// Under `ethernets:`, matched by its kernel name (IPoIB: `ib0`).
    ByName,
    /// Under `vlans:`, on `link`.
    Vlan(String),
}

fn kind(i: &Interface, networks: &[Network]) -> Option<Kind> {
    if let Some(link) = i.vlan_link() {
        return Some(Kind::Vlan(link.to_string()));
    }
    if i.fabric_on(networks).has_guids() {
        // Only an IPoIB interface that has an address plan: a bare GUID is for OpenSM.
        return (i.ip.is_some() || i.network.is_some()).then_some(Kind::ByName);
    }
    i.mac.map(|_| Kind::ByMac)
}

/// The `network-config` seed of `node`.
pub fn network_config(node: &Node, networks: &[Network]) -> String {
    let mut ethernets = String::new();
    let mut vlans = String::new();
    for i in &node.interfaces {
        let Some(k) = kind(i, networks) else {
            continue;
        };
        let out = if matches!(k, Kind::Vlan(_)) {
            &mut vlans
        } else {
            &mut ethernets
        };
        let _ = writeln!(out, "  {}:", i.name);
        match (&k, i.mac) {
            (Kind::ByMac, Some(mac)) => {
                let _ = writeln!(out, "    match: {{macaddress: \"{mac}\"}}");
                let _ = writeln!(out, "    set-name: {}", i.name);
            }
            (Kind::ByName, _) => {
                let _ = writeln!(out, "    match: {{name: {}}}", i.name);
            }
            (Kind::Vlan(link), _) => {
                let _ = writeln!(out, "    id: {}", i.vlan.unwrap_or_default());
                let _ = writeln!(out, "    link: {link}");
            }
            (Kind::ByMac, None) => {}
        }
        addressing(out, i, networks);
    }
    let mut s = String::from("version: 2\n");
    if !ethernets.is_empty() || vlans.is_empty() {
        s.push_str("ethernets:\n");
        s.push_str(&ethernets);
    }
    if !vlans.is_empty() {
        s.push_str("vlans:\n");
        s.push_str(&vlans);
    }
    s
}

/// Address, route, DNS and MTU lines of one interface.
fn addressing(out: &mut String, i: &Interface, networks: &[Network]) {
    let net = i
        .network
        .as_ref()
        .and_then(|n| networks.iter().find(|x| &x.name == n));
    if let Some(mtu) = i.mtu.or_else(|| net.and_then(|n| n.mtu)) {
        let _ = writeln!(out, "    mtu: {mtu}");
    }
    match (i.ip, net) {
        (Some(ip), Some(net)) => {
            let _ = writeln!(out, "    addresses: [\"{ip}/{}\"]", net.cidr.prefix());
            if let Some(gw) = net.gateway {
                // Not `to: default`: netplan reads it, cloud-init's own parser (22.4, used
                // on every distribution without netplan) refuses it.
                let any = if gw.is_ipv4() { "0.0.0.0/0" } else { "::/0" };
                let _ = writeln!(out, "    routes: [{{to: \"{any}\", via: \"{gw}\"}}]");
            }
            if !net.dns.is_empty() {
                let dns: Vec<String> = net.dns.iter().map(|d| format!("\"{d}\"")).collect();
                let _ = writeln!(out, "    nameservers: {{addresses: [{}]}}", dns.join(", "));
            }
        }
        _ => out.push_str("    dhcp4: true\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::network_config;
    use crate::inventory::model::{Network, Node};

    fn networks() -> Vec<Network> {
        crate::yaml::from_str(
            "- {name: mgmt, cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.1]}\n\
             - {name: ib, cidr: 10.2.0.0/16, mtu: 2044, fabric: infiniband}\n\
             - {name: storage, cidr: 10.3.0.0/24, vlan: 30}\n",
        )
        .unwrap()
    }

    #[test]
    fn ethernet_ipoib_and_vlan_interfaces() {
        let node: Node = crate::yaml::from_str(
            "name: n1\ninterfaces:\n\
             - {name: eth0, mac: 02:00:00:00:00:01, network: mgmt, ip: 10.0.0.11, boot: true}\n\
             - {name: ib0, guid: 0x0002c903000e0b01, network: ib, ip: 10.2.0.11, mtu: 65520}\n\
             - {name: ib1, guid: 0x0002c903000e0b02, fabric: infiniband}\n\
             - {name: eth0.30, vlan: 30, network: storage, ip: 10.3.0.11}\n",
        )
        .unwrap();
        let text = network_config(&node, &networks());
        assert_eq!(
            text,
            "version: 2\nethernets:\n\
             \x20 eth0:\n    match: {macaddress: \"02:00:00:00:00:01\"}\n    set-name: eth0\n\
             \x20   addresses: [\"10.0.0.11/24\"]\n    routes: [{to: \"0.0.0.0/0\", via: \"10.0.0.1\"}]\n\
             \x20   nameservers: {addresses: [\"10.0.0.1\"]}\n\
             \x20 ib0:\n    match: {name: ib0}\n    mtu: 65520\n    addresses: [\"10.2.0.11/16\"]\n\
             vlans:\n\
             \x20 eth0.30:\n    id: 30\n    link: eth0\n    addresses: [\"10.3.0.11/24\"]\n"
        );
        let parsed: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert!(
            parsed["ethernets"]["ib1"].is_null(),
            "a bare GUID port has no IP config"
        );
    }

    #[test]
    fn a_node_without_interfaces_still_gets_a_valid_document() {
        let node: Node = crate::yaml::from_str("name: n1\n").unwrap();
        assert_eq!(
            network_config(&node, &networks()),
            "version: 2\nethernets:\n"
        );
    }
}
