//! Which boot server a DHCP config names (`dhcp-export --boot-server`): with several
//! replicas, each one's DHCP server hands out itself as next-server and script URL.

use super::DhcpError;
use crate::inventory::model::{BootServer, Cluster};
use std::net::IpAddr;

/// The 0-based index of the boot server `choice` names: its 1-based number in
/// cluster.yaml's list, or its address (when no other server has that address).
pub fn boot_server_index(cluster: &Cluster, choice: &str) -> Result<usize, DhcpError> {
    let servers = cluster.boot_servers();
    let choice = choice.trim();
    let not_found = || DhcpError::NoSuchBootServer {
        given: choice.to_string(),
        known: list(servers),
    };
    if let Ok(n) = choice.parse::<usize>() {
        return match n {
            1.. if n <= servers.len() => Ok(n - 1),
            _ => Err(not_found()),
        };
    }
    let address: IpAddr = choice.parse().map_err(|_| not_found())?;
    let mut at = servers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.address == address)
        .map(|(i, _)| i);
    match (at.next(), at.next()) {
        (Some(i), None) => Ok(i),
        (Some(_), Some(_)) => Err(DhcpError::AmbiguousBootServer {
            given: choice.to_string(),
            known: list(servers),
        }),
        _ => Err(not_found()),
    }
}

/// `1. 10.0.0.1 port 8080, 2. …`, or `none` (for messages).
pub(super) fn list(servers: &[BootServer]) -> String {
    if servers.is_empty() {
        return "none".to_string();
    }
    let items: Vec<String> = servers
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {} port {}", i + 1, s.address, s.http_port))
        .collect();
    items.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dhcp::test_support::inventory;

    #[test]
    fn a_number_or_an_address_names_a_server() {
        let inv = inventory(
            "format: 1\nname: t\nboot_servers:\n- {address: 10.0.0.1}\n- {address: 10.0.0.2}\n- {address: 10.0.0.2, http_port: 8080}\n",
            &[],
            &[],
        );
        let c = &inv.cluster;
        assert_eq!(boot_server_index(c, "1").unwrap(), 0);
        assert_eq!(boot_server_index(c, "3").unwrap(), 2);
        assert_eq!(boot_server_index(c, "10.0.0.1").unwrap(), 0);
        let e = boot_server_index(c, "4").unwrap_err().to_string();
        assert!(
            e.contains("boot server `4` is not in cluster.yaml")
                && e.contains("1. 10.0.0.1 port 80, 2. 10.0.0.2 port 80, 3. 10.0.0.2 port 8080"),
            "{e}"
        );
        assert!(boot_server_index(c, "0").is_err());
        assert!(boot_server_index(c, "10.0.0.9").is_err());
        let e = boot_server_index(c, "10.0.0.2").unwrap_err().to_string();
        assert!(
            e.contains("ambiguous") && e.contains("give its number"),
            "{e}"
        );
    }

    #[test]
    fn each_format_names_the_chosen_replica() {
        use crate::dhcp::{export, export_for, DhcpFormat};
        let inv = inventory(
            "format: 1\nname: t\nnetworks:\n- {name: m, cidr: 10.0.0.0/24, dhcp: true}\n\
             boot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- {address: 10.0.0.2, http_port: 8081}\n",
            &[],
            &[],
        );
        for f in [DhcpFormat::Dnsmasq, DhcpFormat::Kea, DhcpFormat::Isc] {
            let first = export(&inv, f).unwrap();
            assert_eq!(first, export_for(&inv, f, 0).unwrap());
            assert!(
                first.contains("http://10.0.0.1:8080/default.ipxe"),
                "{first}"
            );
            let second = export_for(&inv, f, 1).unwrap();
            assert!(
                second.contains("http://10.0.0.2:8081/default.ipxe"),
                "{second}"
            );
            assert!(!second.contains("10.0.0.1"), "{second}");
            let e = export_for(&inv, f, 2).unwrap_err().to_string();
            assert!(e.contains("boot server `3` is not in cluster.yaml"), "{e}");
        }
    }
}
