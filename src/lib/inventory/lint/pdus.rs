//! Rule `pdu-outlet`: a PDU outlet mapped to a node that is not in the inventory, or to
//! more than one node (a nodeset naming several, or one outlet of the same PDU mapped
//! in two records): switching that outlet would cut power to the wrong machines. A
//! warning when an outlet Id or the PDU's `redfish_path` cannot go into a powerman
//! device (the powerman target then leaves the node on its BMC).

use super::context::LintContext;
use crate::hostlist::NodeSet;
use crate::inventory::diagnostic::Severity;
use crate::inventory::records::Kind;
use crate::render::power_devices::{outlet_command, plain_outlet_id};
use std::collections::{HashMap, HashSet};

const RULE: &str = "pdu-outlet";

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let check_nodes = !cx.failed.contains(&Kind::Node);
    let nodes: HashSet<&str> = inv.nodes.iter().map(|n| n.name.as_str()).collect();
    // (address, PowerDistribution path, outlet) → (record, node) of its first mapping.
    let mut seen: HashMap<(String, String, &str), (&str, &str)> = HashMap::new();
    for p in &inv.pdus {
        let address =
            p.ip.map(|i| i.to_string())
                .or_else(|| p.fqdn.clone())
                .unwrap_or_default();
        for (outlet, node) in &p.outlets {
            let Some(node) = node.as_deref() else {
                continue;
            };
            let needle = format!("{outlet}:");
            if !plain_outlet_id(outlet) || outlet_command("h", None, p.path()).is_none() {
                cx.report(
                    Severity::Warning,
                    RULE,
                    p,
                    Some(&needle),
                    format!("outlet {outlet} of {}: the outlet Id or redfish_path has characters powerman's httppower device cannot take; powerman keeps {node} on its BMC", p.path()),
                    "outlet Ids: letters, digits, '-', '_', '.'; redfish_path: an absolute path of those and '/'",
                );
            }
            let named: Vec<String> = NodeSet::parse(node).map(|s| s.to_vec()).unwrap_or_default();
            if named.len() > 1 {
                cx.error(
                    RULE,
                    p,
                    Some(&needle),
                    format!("outlet {outlet} is mapped to {} nodes ({node}); an outlet feeds one node", named.len()),
                    "map the outlet to the one node it feeds; a node with two power supplies is listed under both outlets",
                );
                continue;
            }
            if check_nodes && !nodes.contains(node) {
                cx.error(
                    RULE,
                    p,
                    Some(&needle),
                    format!("outlet {outlet} is mapped to `{node}`, which is not a node in the inventory"),
                    "correct the name (`chami inventory list` shows the nodes), or set the outlet to null",
                );
            }
            let key = (address.clone(), p.path().to_string(), outlet.as_str());
            match seen.get(&key) {
                Some((other, first)) if *first != node => cx.error(
                    RULE,
                    p,
                    Some(&needle),
                    format!("outlet {outlet} of this PDU feeds `{node}` here and `{first}` in pdu {other}: two nodes on one outlet"),
                    "keep one record per PDU, with the node the outlet really feeds",
                ),
                Some(_) => {}
                None => {
                    seen.insert(key, (p.name.as_str(), node));
                }
            }
        }
    }
}
