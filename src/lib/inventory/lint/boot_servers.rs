//! The boot servers of cluster.yaml: named one way (`boot_server` or `boot_servers`), each
//! address:port once, and all of one address family (DHCPv4 hands out IPv4 servers; an
//! iPXE client on one family cannot fall over to the other).

use super::context::LintContext;
use crate::inventory::model::BootServer;

const RULE: &str = "boot-servers";

pub(super) fn check(cx: &mut LintContext<'_>) {
    let c = &cx.inv.cluster;
    if c.boot_server.is_some() && !c.boot_servers.is_empty() {
        cx.cluster_error(
            RULE,
            "boot_servers:",
            "cluster.yaml has both `boot_server:` and `boot_servers:`".to_string(),
            "keep one: move the `boot_server:` entry to the top of the `boot_servers:` list \
             (the first is preferred), or drop the list",
        );
        return;
    }
    let servers: &[BootServer] = &c.boot_servers;
    for (i, s) in servers.iter().enumerate() {
        let addr = s.address.to_string();
        // The how-manieth list entry with this address this one is (for its line).
        let nth = servers[..i]
            .iter()
            .filter(|o| o.address == s.address)
            .count();
        let at = ("boot_servers:", addr.as_str(), nth);
        if let Some(j) = servers[..i]
            .iter()
            .position(|o| o.address == s.address && o.http_port == s.http_port)
        {
            cx.cluster_error_after(
                RULE,
                at,
                format!(
                    "boot server {} is {addr} port {}, as boot server {} is",
                    i + 1,
                    s.http_port,
                    j + 1
                ),
                "each boot server is another machine (or another port): remove the \
                 duplicate or fix its address or http_port",
            );
        } else if s.address.is_ipv4() != servers[0].address.is_ipv4() {
            cx.cluster_error_after(
                RULE,
                at,
                format!(
                    "boot server {} ({addr}) is not of the same address family as boot \
                     server 1 ({})",
                    i + 1,
                    servers[0].address
                ),
                "give every boot server an address of one family (IPv4 for DHCPv4 and \
                 PXE): a client booting over one family cannot reach the other",
            );
        }
    }
}
