//! From a `pdu power` EXPR (nodes: nodeset, @group, selectors) to the PDU outlets that
//! feed them: one target per node and PDU, with the outlets and the PDU's endpoint and
//! credential keys; a node no outlet feeds is a target that says so.

use super::bmc_selection::{endpoint_at, TargetError};
use super::{Endpoint, Scheme};
use crate::inventory::select::Selector;
use crate::inventory::Inventory;

/// The outlets of one PDU that feed one node.
pub struct OutletTarget {
    /// The node.
    pub node: String,
    /// The PDU record.
    pub pdu: Option<String>,
    /// Where to reach the PDU, or why it cannot be reached.
    pub endpoint: Result<Endpoint, String>,
    /// Secrets-file keys: credentials entry, PDU name, address.
    pub keys: Vec<String>,
    /// Outlet Ids and their resource paths.
    pub outlets: Vec<(String, String)>,
}

/// Resolves `expr` to the outlets of the nodes it selects.
pub fn resolve_outlets(
    inv: &Inventory,
    expr: &str,
    scheme: Scheme,
) -> Result<Vec<OutletTarget>, TargetError> {
    let picked = Selector::new(inv).select(expr)?;
    if picked.is_empty() {
        return Err(TargetError::Empty(expr.to_string()));
    }
    let mut out = vec![];
    for i in picked {
        let node = &inv.nodes[i].value.name;
        let before = out.len();
        for p in &inv.pdus {
            let outlets: Vec<(String, String)> = p
                .outlets_of(node)
                .map(|o| (o.to_string(), p.outlet_path(o)))
                .collect();
            if outlets.is_empty() {
                continue;
            }
            let mut keys: Vec<String> = p.credentials.iter().cloned().collect();
            keys.push(p.name.clone());
            keys.extend(p.ip.map(|i| i.to_string()));
            keys.extend(p.fqdn.clone());
            out.push(OutletTarget {
                node: node.clone(),
                pdu: Some(p.name.clone()),
                endpoint: endpoint_at(
                    &format!("pdu {}", p.name),
                    p.ip,
                    p.fqdn.as_deref(),
                    p.port,
                    scheme,
                ),
                keys,
                outlets,
            });
        }
        if out.len() == before {
            out.push(OutletTarget {
                node: node.clone(),
                pdu: None,
                endpoint: Err(format!(
                    "no PDU outlet feeds {node}: map one with `chami inventory set --kind pdu PDU outlets.ID={node}`"
                )),
                keys: vec![],
                outlets: vec![],
            });
        }
    }
    Ok(out)
}
