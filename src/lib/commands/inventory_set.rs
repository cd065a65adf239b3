//! `chami inventory set EXPR KEY=VALUE…`: change fields of the selected nodes, or with
//! `--kind` of other records (see [`super::inventory_record`]).

use super::inventory_record::{self as record, refuse_other_kind};
use super::write_flow::finish;
use crate::exit::ExitStatus;
use crate::inventory::edit::Edit;
use crate::inventory::model::{Bmc, BootProfile, Group, Image, Network, Node, Pdu, Tenant};
use crate::inventory::save::Changes;
use crate::inventory::{Inventory, Selector};
use crate::settings::{GlobalSettings, KindSel, SetSettings};
use anyhow::{bail, Context};
use std::collections::BTreeSet;

/// Runs `set`.
pub fn run(s: SetSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    if s.edits.is_empty() {
        bail!("nothing to change: give KEY=VALUE, KEY+=VALUE, KEY-=VALUE or --unset KEY");
    }
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let expr = match (&s.expr, s.kind) {
        (_, KindSel::Cluster) => "",
        (Some(e), _) => e.as_str(),
        (None, kind) => bail!(
            "name the {kind}s to change first: chami inventory set{} EXPR KEY=VALUE…",
            if kind == KindSel::Node {
                String::new()
            } else {
                format!(" --kind {kind}")
            }
        ),
    };
    let (after, changes, changed, named) = match s.kind {
        KindSel::Node => set_nodes(&inv, expr, &s.edits)?,
        KindSel::Bmc => record::set::<Bmc>(&inv, expr, &s.edits)?,
        KindSel::Group => record::set::<Group>(&inv, expr, &s.edits)?,
        KindSel::Tenant => record::set::<Tenant>(&inv, expr, &s.edits)?,
        KindSel::Network => record::set::<Network>(&inv, expr, &s.edits)?,
        KindSel::Profile => record::set::<BootProfile>(&inv, expr, &s.edits)?,
        KindSel::Image => record::set::<Image>(&inv, expr, &s.edits)?,
        KindSel::Pdu => record::set::<Pdu>(&inv, expr, &s.edits)?,
        KindSel::Cluster => {
            if let Some(name) = s.expr.as_deref().filter(|n| *n != inv.cluster.name) {
                bail!(
                    "`{name}` is not this cluster's name (`{}`): chami inventory set --kind cluster KEY=VALUE…",
                    inv.cluster.name
                );
            }
            let (after, changes, changed) = record::set_cluster(&inv, &s.edits)?;
            (after, changes, changed, 1)
        }
    };
    finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &if s.kind == KindSel::Cluster {
            (if changed == 0 {
                "the cluster settings are unchanged"
            } else {
                "changed the cluster settings"
            })
            .to_string()
        } else {
            format!("changed {changed} of {named} selected {}(s)", s.kind)
        },
    )
}

/// Node edits (inventory/edit.rs): per selected node, `+` values counting up.
fn set_nodes(
    inv: &Inventory,
    expr: &str,
    edits: &[Edit],
) -> anyhow::Result<(Inventory, Changes, usize, usize)> {
    refuse_other_kind(inv, expr, "set")?;
    let selected = Selector::new(inv).select(expr)?;
    if selected.is_empty() {
        bail!(
            "`{expr}` selects no node (the selection comes first: chami inventory set EXPR KEY=VALUE…)"
        );
    }
    let mut after = inv.clone();
    let mut files = BTreeSet::new();
    let mut changed = 0;
    // Per edit, its value for each selected node, in selection order (`ip=10.0.0.100+`).
    let per_node: Vec<Vec<Edit>> = edits
        .iter()
        .map(|e| e.for_each(selected.len()))
        .collect::<Result<_, _>>()?;
    for (k, &ni) in selected.iter().enumerate() {
        let rec = &mut after.nodes[ni];
        for edits in &per_node {
            edits[k]
                .apply(&mut rec.value)
                .with_context(|| format!("cannot change node {}", rec.name))?;
        }
        if rec.value != inv.nodes[ni].value {
            files.insert(rec.origin.file.clone());
            changed += 1;
        }
    }
    let mut changes = Changes::default();
    changes.plan::<Node>(&after, &files)?;
    Ok((after, changes, changed, selected.len()))
}
