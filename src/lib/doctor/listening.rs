//! Whether the servers the outputs are for are running on this host: something answers
//! HTTP on each boot server address of cluster.yaml that is this host's, and something
//! listens on the DHCP port.

use super::{Check, Status};
use crate::inventory::model::Cluster;
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::Duration;

/// One check per boot server of cluster.yaml: skipped when its address is not this
/// host's, ok when a TCP connection to its HTTP port is accepted.
pub fn boot_servers(cluster: &Cluster) -> Vec<Check> {
    cluster
        .boot_servers()
        .iter()
        .map(|b| {
            let addr = SocketAddr::new(b.address, b.http_port);
            let name = format!("boot server {addr}");
            if !is_local(addr) {
                return Check::not_ok(
                    Status::Skip,
                    name,
                    "not an address of this host",
                    "run chami doctor on that host",
                );
            }
            match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
                Ok(_) => Check::ok(name, "something accepts connections there"),
                Err(e) => Check::not_ok(
                    Status::Warn,
                    name,
                    format!("nothing answers: {e}"),
                    format!(
                        "start chami serve --listen {addr} (or the web server that serves the bootgen tree)"
                    ),
                ),
            }
        })
        .collect()
}

/// Whether `addr`'s IP is one of this host's: binding an ephemeral port on it works.
fn is_local(addr: SocketAddr) -> bool {
    TcpListener::bind(SocketAddr::new(addr.ip(), 0)).is_ok()
}

/// Whether a UDP socket listens on the DHCP server port (67), read from
/// /proc/net/udp{,6} (binding the port needs root and would disturb the server).
pub fn dhcp_listener() -> Check {
    const NAME: &str = "DHCP server (udp/67)";
    let tables: Vec<String> = ["/proc/net/udp", "/proc/net/udp6"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if tables.is_empty() {
        // Not Linux, or /proc hidden: ask the port itself as a last resort.
        return match UdpSocket::bind(("0.0.0.0", 67)) {
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                Check::ok(NAME, "port 67 is in use")
            }
            _ => Check::not_ok(
                Status::Skip,
                NAME,
                "cannot read /proc/net/udp",
                "check by hand: ss -ulpn sport = :67",
            ),
        };
    }
    if tables.iter().any(|t| listens_on(t, 67)) {
        Check::ok(NAME, "a UDP socket is bound to port 67")
    } else {
        Check::not_ok(
            Status::Warn,
            NAME,
            "no UDP socket is bound to port 67 on this host",
            "start the DHCP server that reads the dhcp-export output (systemctl start dnsmasq, kea-dhcp4-server or isc-dhcp-server)",
        )
    }
}

/// Whether a /proc/net/udp table has a socket bound to local `port`.
fn listens_on(table: &str, port: u16) -> bool {
    let want = format!(":{port:04X}");
    table.lines().skip(1).any(|line| {
        line.split_whitespace()
            .nth(1)
            .is_some_and(|local| local.ends_with(&want))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_local_port_of_proc_net_udp() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n\
            0: 00000000:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0 0\n";
        assert!(listens_on(table, 67));
        assert!(!listens_on(table, 68));
        // The remote port is not the local one.
        let remote = "h\n 0: 0100007F:9C40 00000000:0043 07 0 0 0 0 0 0 0\n";
        assert!(!listens_on(remote, 67));
    }
}
