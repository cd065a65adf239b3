//! Host names the generated files publish (`hosts`, DNS, DHCP host names) that two records
//! would share: a node or BMC named like another node's interface (`NODE-IFACE`), two
//! interfaces of different nodes with the same `NODE-IFACE` name, or a BMC `fqdn` that
//! is a node's. DNS would answer such a name with both addresses. Two records with the
//! same plain name are the `duplicate-name` findings of [`super::names`].
//!
//! Only names with a `-` can be an interface's name, so an inventory of `nid000001`-style
//! names with `eth0`-style interfaces costs a lookup per BMC and nothing per node.

use super::context::LintContext;
use crate::inventory::addressing::{interface_host_name, primary_interface};
use crate::inventory::model::Node;
use crate::inventory::records::{Record, RecordType};
use foldhash::HashMap;

/// The findings, `nodes` being each node's index by name (the name rules' own map).
pub(super) fn check(cx: &mut LintContext<'_>, nodes: &HashMap<&str, usize>) {
    let inv = cx.inv;
    // The node named `prefix` and its interface with an address whose `NODE-IFACE`
    // name is `name`.
    let interface_named = |name: &str, not: Option<usize>| -> Option<(usize, String)> {
        name.match_indices('-').find_map(|(at, _)| {
            let owner = *nodes.get(&name[..at])?;
            if Some(owner) == not {
                return None;
            }
            let n = &inv.nodes[owner].value;
            n.interfaces
                .iter()
                .find(|i| i.ip.is_some() && interface_host_name(&n.name, &i.name) == name)
                .map(|i| (owner, i.name.clone()))
        })
    };
    for (ni, r) in inv.nodes.iter().enumerate() {
        let n = &r.value;
        if let Some(taken) = interface_named(&n.name, Some(ni)) {
            name_taken(cx, r, taken);
        }
        // `NODE-IFACE` splits only where the node's own name ends unless one of the two
        // holds a `-` (or a `.`, which becomes one): then it can be no other node's.
        let splits = |s: &str| s.contains(['-', '.']);
        let plain = !n.name.contains('-');
        for i in n.interfaces.iter().filter(|i| i.ip.is_some()) {
            if plain && !splits(&i.name) {
                continue;
            }
            let name = interface_host_name(&n.name, &i.name);
            // Reported once, on the later of the two nodes.
            let clash = interface_named(&name, Some(ni)).filter(|(owner, _)| *owner < ni);
            if let Some((owner, iface)) = clash {
                let other = cx.place(&inv.nodes[owner], Some(&format!("name: {iface}")));
                cx.error(
                    "duplicate-name",
                    r,
                    Some(&format!("name: {}", i.name)),
                    format!(
                        "interface {} publishes the host name `{name}`, as interface \
                         {iface} of {other} does",
                        i.name
                    ),
                    HELP,
                );
            }
        }
    }
    for r in &inv.bmcs {
        let b = &r.value;
        if let Some(taken) = interface_named(&b.name, None) {
            name_taken(cx, r, taken);
        }
        let Some(fqdn) = b.fqdn.as_deref() else {
            continue;
        };
        let (host, domain) = fqdn.split_once('.').unwrap_or((fqdn, ""));
        let Some(&owner) = nodes.get(host) else {
            continue;
        };
        if node_domain(inv, &inv.nodes[owner].value) == Some(domain) {
            let other = cx.place(&inv.nodes[owner], None);
            cx.error(
                "duplicate-name",
                r,
                Some("fqdn:"),
                format!("fqdn `{fqdn}` is also the DNS name of {other}"),
                HELP,
            );
        }
    }
}

const HELP: &str = "every name in /etc/hosts and DNS must belong to one machine: rename one";

/// The finding on `r`, whose name is the host name of interface `iface` of node `owner`.
fn name_taken<T: RecordType>(
    cx: &mut LintContext<'_>,
    r: &Record<T>,
    (owner, iface): (usize, String),
) {
    let inv = cx.inv;
    let other = cx.place(&inv.nodes[owner], Some(&format!("name: {iface}")));
    cx.error(
        "duplicate-name",
        r,
        Some("name:"),
        format!(
            "name `{}` is also the host name of interface {iface} of {other}",
            r.name()
        ),
        HELP,
    );
}

/// The DNS domain of `n`'s name: its primary interface's network's, else the cluster's.
fn node_domain<'a>(inv: &'a crate::inventory::Inventory, n: &Node) -> Option<&'a str> {
    primary_interface(n)
        .and_then(|i| i.network.as_deref())
        .and_then(|name| inv.cluster.networks.iter().find(|net| net.name == name))
        .and_then(|net| net.domain.as_deref())
        .or(inv.cluster.domain.as_deref())
}
