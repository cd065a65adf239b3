//! `chami inventory rm`: remove records; files left empty are deleted, list files
//! rewritten without them.

use super::inventory_record::{self as record, refuse_other_kind};
use super::write_flow::finish;
use crate::exit::ExitStatus;
use crate::inventory::model::{Bmc, BootProfile, Group, Image, Network, Node, Pdu, Tenant};
use crate::inventory::records::InventoryRecords;
use crate::inventory::save::Changes;
use crate::inventory::{Inventory, Selector};
use crate::settings::{GlobalSettings, KindSel, RmSettings};
use anyhow::bail;
use std::collections::{BTreeSet, HashSet};

/// Runs `rm`.
pub fn run(s: RmSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    if s.with_bmc && s.kind != KindSel::Node {
        bail!("--with-bmc applies to nodes only");
    }
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let mut after = inv.clone();
    let mut changes = Changes::default();
    let force = s.mode.force;
    let removed = match s.kind {
        KindSel::Node => {
            refuse_other_kind(&inv, &s.expr, "rm")?;
            let sel = Selector::new(&inv).select(&s.expr)?;
            let names: HashSet<String> = sel.iter().map(|&i| inv.nodes[i].name.clone()).collect();
            let bmcs = orphaned_bmcs(&inv, &names);
            let nodes = remove::<Node>(&mut after, &names, &mut changes)?;
            if s.with_bmc {
                nodes + remove::<Bmc>(&mut after, &bmcs, &mut changes)?
            } else {
                if !bmcs.is_empty() {
                    let list: Vec<&str> = bmcs.iter().map(String::as_str).collect();
                    global.printer.warn(format!(
                        "the BMC record(s) of the removed node(s) stay: {}; remove them with `chami inventory rm --kind bmc '{}'`, or pass --with-bmc",
                        crate::hostlist::fold(&list),
                        crate::hostlist::fold(&list)
                    ));
                }
                nodes
            }
        }
        KindSel::Bmc => record::rm::<Bmc>(&inv, &s.expr, force, &mut after, &mut changes)?,
        KindSel::Group => record::rm::<Group>(&inv, &s.expr, force, &mut after, &mut changes)?,
        KindSel::Tenant => record::rm::<Tenant>(&inv, &s.expr, force, &mut after, &mut changes)?,
        KindSel::Network => {
            record::rm::<Network>(&inv, &s.expr, force, &mut after, &mut changes)?
        }
        KindSel::Profile => {
            record::rm::<BootProfile>(&inv, &s.expr, force, &mut after, &mut changes)?
        }
        KindSel::Image => record::rm::<Image>(&inv, &s.expr, force, &mut after, &mut changes)?,
        KindSel::Pdu => record::rm::<Pdu>(&inv, &s.expr, force, &mut after, &mut changes)?,
        KindSel::Cluster => bail!(
            "the cluster settings cannot be removed; remove one of them with `chami inventory set --kind cluster --unset KEY`"
        ),
    };
    if removed == 0 {
        bail!("`{}` matches no record to remove", s.expr);
    }
    finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &format!("removed {removed} record(s)"),
    )
}

/// The BMCs of the nodes `names` that no other node names.
fn orphaned_bmcs(inv: &Inventory, names: &HashSet<String>) -> HashSet<String> {
    let kept: HashSet<&str> = inv
        .nodes
        .iter()
        .filter(|n| !names.contains(&n.name))
        .filter_map(|n| n.bmc.as_deref())
        .collect();
    inv.nodes
        .iter()
        .filter(|n| names.contains(&n.name))
        .filter_map(|n| n.bmc.clone())
        .filter(|b| !kept.contains(b.as_str()) && inv.bmcs.iter().any(|r| r.name == *b))
        .collect()
}

/// Removes the records of kind `T` named `names` and plans their files.
pub(super) fn remove<T: InventoryRecords>(
    inv: &mut Inventory,
    names: &HashSet<String>,
    changes: &mut Changes,
) -> anyhow::Result<usize> {
    let mut files = BTreeSet::new();
    let recs = inv.records_mut::<T>();
    let before = recs.len();
    recs.retain(|r| {
        let gone = names.contains(r.name());
        if gone {
            files.insert(r.origin.file.clone());
        }
        !gone
    });
    let removed = before - inv.records::<T>().len();
    changes.plan::<T>(inv, &files)?;
    Ok(removed)
}
