//! `discover collect --check`: what the crawl found that the committed inventory does
//! not say. Systems are matched to node records by the merge itself (MAC, serial, UUID,
//! xname, the only node of a BMC), on a copy that is thrown away; each matched node's
//! hardware and MACs, and each matched BMC's model and firmware, are then compared with
//! what was found. Systems the inventory lacks and nodes whose BMC answered without
//! them are differences too.

use super::hardware_of;
use super::merge::{main_manager, merge, usable_nics, MergeError, Nic};
use super::{NameMap, Naming};
use crate::inventory::model::{Bmc, Gpu, Hardware, MacAddr, Node};
use crate::inventory::Inventory;
use crate::redfish::{Collected, CollectedSystem};
use serde::Serialize;
use std::collections::BTreeSet;

/// One difference between the inventory and the crawl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// The node record, when the difference is about one.
    pub node: Option<String>,
    /// The BMC record's name, or the address of a BMC the inventory does not have.
    pub bmc: String,
    /// What differs: `hardware.serial`, `interfaces.eth0.mac`, `system`, `firmware` …
    pub field: String,
    /// The inventory's value (None: it has none).
    pub inventory: Option<String>,
    /// The value found (None: the BMC did not show one).
    pub found: Option<String>,
}

/// The differences between `inv` and the answered crawls in `records`, in the order of
/// `records` and, within a node, of the fields.
pub fn drift(
    inv: &Inventory,
    records: &[Collected],
    map: &NameMap,
    naming: &Naming,
) -> Result<Vec<Drift>, MergeError> {
    let mut scratch = inv.clone();
    let report = merge(&mut scratch, records, map, naming)?;
    let mut out = vec![];
    for m in &report.matched {
        let rec = &records[m.record];
        let Some(b) = m.bmc.map(|i| &inv.bmcs[i].value) else {
            out.push(Drift {
                node: None,
                bmc: rec.address.clone(),
                field: "bmc".into(),
                inventory: None,
                found: Some(format!("{}:{}", rec.address, rec.port)),
            });
            for sys in &rec.systems {
                out.push(unknown_system(&rec.address, sys));
            }
            continue;
        };
        bmc_drift(b, rec, &mut out);
        let mut seen = BTreeSet::new();
        for (sys, node) in rec.systems.iter().zip(&m.systems) {
            match node {
                Some(i) => {
                    seen.insert(*i);
                    let n = &inv.nodes[*i].value;
                    let nics = usable_nics(&rec.address, &sys.interfaces, &mut vec![]);
                    node_drift(n, &b.name, sys, &nics, &mut out);
                }
                None => out.push(unknown_system(&b.name, sys)),
            }
        }
        for (i, r) in inv.nodes.iter().enumerate() {
            let n = &r.value;
            if n.bmc.as_deref() == Some(b.name.as_str()) && !seen.contains(&i) {
                out.push(Drift {
                    node: Some(n.name.clone()),
                    bmc: b.name.clone(),
                    field: "system".into(),
                    inventory: Some(
                        n.hardware
                            .serial
                            .clone()
                            .unwrap_or_else(|| "present".into()),
                    ),
                    found: None,
                });
            }
        }
    }
    Ok(out)
}

fn bmc_drift(b: &Bmc, rec: &Collected, out: &mut Vec<Drift>) {
    let Some(m) = main_manager(&rec.managers) else {
        return;
    };
    for (field, had, found) in [
        ("model", &b.model, &m.model),
        ("firmware", &b.firmware, &m.firmware_version),
    ] {
        if found.is_some() && had != found {
            out.push(Drift {
                node: None,
                bmc: b.name.clone(),
                field: field.into(),
                inventory: had.clone(),
                found: found.clone(),
            });
        }
    }
}

/// A system no node record matched.
fn unknown_system(bmc: &str, sys: &CollectedSystem) -> Drift {
    let what = sys
        .serial
        .as_deref()
        .map(|s| format!("serial {s}"))
        .unwrap_or_else(|| sys.path.clone());
    Drift {
        node: None,
        bmc: bmc.to_string(),
        field: "system".into(),
        inventory: None,
        found: Some(what),
    }
}

fn node_drift(n: &Node, bmc: &str, sys: &CollectedSystem, nics: &[Nic], out: &mut Vec<Drift>) {
    let mut push = |field: String, inventory: Option<String>, found: Option<String>| {
        out.push(Drift {
            node: Some(n.name.clone()),
            bmc: bmc.to_string(),
            field,
            inventory,
            found,
        })
    };
    for (field, had, found) in hardware_fields(&n.hardware, &hardware_of(sys)) {
        push(format!("hardware.{field}"), had, found);
    }
    // Each NIC found on the interface that has one of its addresses.
    let mut matched = BTreeSet::new();
    for nic in nics {
        let Some(i) = n.interfaces.iter().find(|i| nic.is(i)) else {
            push(
                "mac".into(),
                None,
                Some(with_permanent(nic.mac, nic.permanent)),
            );
            continue;
        };
        matched.insert(i.name.as_str());
        if i.mac != Some(nic.mac) {
            push(
                format!("interfaces.{}.mac", i.name),
                i.mac.map(|m| m.to_string()),
                Some(nic.mac.to_string()),
            );
        }
        if i.permanent_mac != nic.permanent {
            push(
                format!("interfaces.{}.permanent_mac", i.name),
                i.permanent_mac.map(|m| m.to_string()),
                nic.permanent.map(|m| m.to_string()),
            );
        }
    }
    for i in &n.interfaces {
        if let Some(mac) = i.mac.filter(|_| !matched.contains(i.name.as_str())) {
            push(
                format!("interfaces.{}.mac", i.name),
                Some(with_permanent(mac, i.permanent_mac)),
                None,
            );
        }
    }
}

fn with_permanent(mac: MacAddr, p: Option<MacAddr>) -> String {
    match p {
        Some(p) => format!("{mac} (burned-in {p})"),
        None => mac.to_string(),
    }
}

/// (field, inventory, found) for each hardware field the crawl found a different value
/// of. A field the BMC did not show is not compared; GPUs always are (one that fell off
/// the bus is what a drift check is for).
fn hardware_fields(
    had: &Hardware,
    found: &Hardware,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    /// The field when the crawl shows a value that differs (`fold`: letter case aside).
    fn differs<T: PartialEq + ToString>(
        name: &'static str,
        had: &Option<T>,
        found: &Option<T>,
        fold: bool,
    ) -> Option<(&'static str, Option<String>, Option<String>)> {
        let text = |v: &Option<T>| v.as_ref().map(ToString::to_string);
        let (a, b) = (text(had), text(found));
        let same = if fold {
            a.as_ref().map(|s| s.to_ascii_lowercase()) == b.as_ref().map(|s| s.to_ascii_lowercase())
        } else {
            had == found
        };
        (b.is_some() && !same).then_some((name, a, b))
    }
    let mut out: Vec<_> = [
        differs(
            "manufacturer",
            &had.manufacturer,
            &found.manufacturer,
            false,
        ),
        differs("model", &had.model, &found.model, false),
        differs("serial", &had.serial, &found.serial, true),
        differs("uuid", &had.uuid, &found.uuid, true),
        differs(
            "bios_version",
            &had.bios_version,
            &found.bios_version,
            false,
        ),
        differs("cpu_model", &had.cpu_model, &found.cpu_model, false),
        differs("sockets", &had.sockets, &found.sockets, false),
        differs(
            "cores_per_socket",
            &had.cores_per_socket,
            &found.cores_per_socket,
            false,
        ),
        differs(
            "threads_per_core",
            &had.threads_per_core,
            &found.threads_per_core,
            false,
        ),
        differs("memory_mib", &had.memory_mib, &found.memory_mib, false),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (a, b) = (gpus(&had.gpus), gpus(&found.gpus));
    if a != b {
        out.push(("gpus", Some(a), Some(b)));
    }
    out
}

/// `2 x A100, 1 x H100` (by model), or `none`.
fn gpus(g: &[Gpu]) -> String {
    let mut by_model: std::collections::BTreeMap<&str, u32> = Default::default();
    for g in g.iter().filter(|g| g.count > 0) {
        *by_model.entry(g.model.as_str()).or_default() += g.count;
    }
    if by_model.is_empty() {
        return "none".into();
    }
    by_model
        .iter()
        .map(|(model, count)| format!("{count} x {model}"))
        .collect::<Vec<_>>()
        .join(", ")
}
