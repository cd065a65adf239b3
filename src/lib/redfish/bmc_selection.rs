//! From a `bmc` command's EXPR to the BMCs to talk to: nodes (nodeset, @group,
//! selectors) are reached through their `bmc:` record, and names that are all BMC
//! records address those BMCs directly. Each target carries what picks the node's
//! system on a multi-system BMC and the keys of its credentials.

use super::{Endpoint, Scheme, SystemSelector};
use crate::inventory::model::{system_uuid, Bmc};
use crate::inventory::select::{SelectError, Selector};
use crate::inventory::Inventory;
use std::collections::HashMap;

/// One BMC to act on.
pub struct Target {
    /// The node, when addressed through one.
    pub node: Option<String>,
    /// The BMC record name.
    pub bmc: Option<String>,
    /// Where to reach it, or why it cannot be reached.
    pub endpoint: Result<Endpoint, String>,
    /// Secrets-file keys: credentials entry, BMC name, address.
    pub keys: Vec<String>,
    /// Picks the node's system.
    pub system: SystemSelector,
    /// The certificate its record pins (`tls_fingerprint`).
    pub tls_fingerprint: Option<String>,
}

/// Why a `bmc` command's EXPR names no BMC.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// The expression does not select.
    #[error(transparent)]
    Select(#[from] SelectError),
    /// It selects nothing.
    #[error("`{0}` selects no node")]
    Empty(String),
}

/// Resolves `expr` against the inventory.
pub fn resolve(inv: &Inventory, expr: &str, scheme: Scheme) -> Result<Vec<Target>, TargetError> {
    let bmcs: HashMap<&str, &Bmc> = inv
        .bmcs
        .iter()
        .map(|r| (r.value.name.as_str(), &r.value))
        .collect();
    if let Ok(set) = crate::hostlist::NodeSet::parse(expr) {
        let names = set.to_vec();
        let nodes: std::collections::HashSet<&str> =
            inv.nodes.iter().map(|r| r.value.name.as_str()).collect();
        if !names.is_empty()
            && names
                .iter()
                .all(|n| bmcs.contains_key(n.as_str()) && !nodes.contains(n.as_str()))
        {
            return Ok(names
                .iter()
                .map(|n| {
                    target(
                        None,
                        Some(bmcs[n.as_str()]),
                        Some(n),
                        scheme,
                        SystemSelector::default(),
                    )
                })
                .collect());
        }
    }
    let sel = Selector::new(inv);
    let picked = sel.select(expr)?;
    if picked.is_empty() {
        return Err(TargetError::Empty(expr.to_string()));
    }
    Ok(picked
        .into_iter()
        .map(|i| {
            let n = &inv.nodes[i].value;
            let system = SystemSelector {
                serial: n.hardware.serial.clone(),
                uuid: system_uuid(n),
            };
            let b = n.bmc.as_deref().and_then(|b| bmcs.get(b).copied());
            target(Some(n.name.clone()), b, n.bmc.as_ref(), scheme, system)
        })
        .collect())
}

fn target(
    node: Option<String>,
    bmc: Option<&Bmc>,
    bmc_name: Option<&String>,
    scheme: Scheme,
    system: SystemSelector,
) -> Target {
    let endpoint = match (bmc, bmc_name) {
        (Some(b), _) => endpoint_of(b, scheme),
        (None, Some(name)) => Err(format!("its bmc `{name}` is not a record in bmcs/")),
        (None, None) => Err(format!(
            "no bmc: set one with `chami inventory set {} bmc=NAME`",
            node.as_deref().unwrap_or("NODE")
        )),
    };
    let mut keys: Vec<String> = vec![];
    if let Some(b) = bmc {
        keys.extend(b.credentials.clone());
        keys.push(b.name.clone());
        keys.extend(b.ip.map(|i| i.to_string()));
        keys.extend(b.fqdn.clone());
    }
    Target {
        node,
        bmc: bmc.map(|b| b.name.clone()).or_else(|| bmc_name.cloned()),
        endpoint,
        keys,
        system,
        tls_fingerprint: bmc.and_then(|b| b.tls_fingerprint.clone()),
    }
}

fn endpoint_of(b: &Bmc, scheme: Scheme) -> Result<Endpoint, String> {
    if b.kind != crate::inventory::model::BmcKind::Redfish && (b.ip.is_some() || b.fqdn.is_some()) {
        return Err(format!("bmc {} speaks IPMI, not Redfish", b.name));
    }
    endpoint_at(
        &format!("bmc {}", b.name),
        b.ip,
        b.fqdn.as_deref(),
        b.port,
        scheme,
    )
}

/// The endpoint of a record (`what`: `bmc b0`, `pdu p1`) at `ip` or `fqdn`, on `port`
/// when it has one.
pub(super) fn endpoint_at(
    what: &str,
    ip: Option<std::net::IpAddr>,
    fqdn: Option<&str>,
    port: Option<u16>,
    scheme: Scheme,
) -> Result<Endpoint, String> {
    let host = ip
        .map(|i| i.to_string())
        .or_else(|| fqdn.map(str::to_string))
        .ok_or_else(|| format!("{what} has neither ip nor fqdn"))?;
    let mut ep = Endpoint::parse(&host, scheme).map_err(|e| e.to_string())?;
    if let Some(p) = port {
        ep.port = p;
    }
    Ok(ep)
}
