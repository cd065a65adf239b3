//! Which address a node is reached at: the one rule every output (hosts, Ansible,
//! ssh_config, Prometheus …) uses, so they never disagree.

use super::model::{Interface, Node};
use std::net::IpAddr;

/// The interface a node is managed through: its first boot interface that has an address,
/// else its first interface that has an address.
pub fn primary_interface(node: &Node) -> Option<&Interface> {
    node.interfaces
        .iter()
        .find(|i| i.boot && i.ip.is_some())
        .or_else(|| node.interfaces.iter().find(|i| i.ip.is_some()))
}

/// The host name the `hosts` and DNS outputs publish for the interface `iface` of the
/// node `node`: `NODE-IFACE`, with each `.` of the interface name made `-`.
pub fn interface_host_name(node: &str, iface: &str) -> String {
    format!("{node}-{}", iface.replace('.', "-"))
}

/// The address of [`primary_interface`].
pub fn primary_ip(node: &Node) -> Option<IpAddr> {
    primary_interface(node).and_then(|i| i.ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(name: &str, ip: Option<&str>, boot: bool) -> Interface {
        Interface {
            name: name.into(),
            ip: ip.map(|s| s.parse().unwrap()),
            boot,
            ..Interface::default()
        }
    }

    #[test]
    fn boot_interface_with_an_address_wins() {
        let node = Node {
            name: "n".into(),
            interfaces: vec![
                iface("ib0", Some("10.2.0.1"), false),
                iface("eth0", Some("10.0.0.1"), true),
            ],
            ..Node::default()
        };
        assert_eq!(primary_ip(&node), Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn falls_back_to_the_first_addressed_interface() {
        let node = Node {
            name: "n".into(),
            interfaces: vec![
                iface("eth0", None, true),
                iface("ib0", Some("10.2.0.1"), false),
            ],
            ..Node::default()
        };
        assert_eq!(primary_ip(&node), Some("10.2.0.1".parse().unwrap()));
        assert_eq!(primary_ip(&Node::default()), None);
    }
}
