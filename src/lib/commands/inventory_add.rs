//! `chami inventory add`: expand a nodeset into explicit node (and BMC) records, or add
//! records of another kind from KEY=VALUE (see [`super::inventory_record`]).

use super::inventory_record as record;
use super::write_flow::finish;
use crate::exit::ExitStatus;
use crate::hostlist::NodeSet;
use crate::inventory::model::{Bmc, BootProfile, Group, Image, Network, Pdu, Tenant};

use crate::inventory::save::Changes;
use crate::inventory::{add, insert_new};
use crate::settings::{AddSettings, GlobalSettings, KindSel};
use anyhow::{bail, Context};

use std::path::{Path, PathBuf};

/// Runs `add`.
pub fn run(s: AddSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    if s.kind != KindSel::Node {
        return run_record(s, global);
    }
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let names = NodeSet::parse(&s.expr)?.to_vec();
    if names.is_empty() {
        bail!("`{}` names no node", s.expr);
    }
    if !s.mode.force {
        add::check_references(&inv, &s.template)?;
    }
    let (mut nodes, bmcs) = add::build(&inv, &names, &s.template)?;
    // KEY=VALUE after the flags, as `set` takes them (`+` counts up per node).
    let per_node: Vec<Vec<crate::inventory::edit::Edit>> = s
        .edits
        .iter()
        .map(|e| e.for_each(nodes.len()))
        .collect::<Result<_, _>>()?;
    for (k, node) in nodes.iter_mut().enumerate() {
        for edits in &per_node {
            edits[k]
                .apply(node)
                .with_context(|| format!("cannot add node {}", node.name))?;
        }
    }
    let mut after = inv.clone();
    let list_file = s.file.as_deref().map(list_file_path).transpose()?;
    let node_files = insert_new(&mut after, nodes, list_file.as_deref())?;
    let (n_nodes, n_bmcs) = (node_files.1, bmcs.len());
    let bmc_files = insert_new(&mut after, bmcs, None)?;
    let mut changes = Changes::default();
    changes.plan::<crate::inventory::model::Node>(&after, &node_files.0)?;
    changes.plan::<crate::inventory::model::Bmc>(&after, &bmc_files.0)?;
    finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &format!("added {n_nodes} node(s) and {n_bmcs} BMC(s)"),
    )
}

/// `add --kind K NAME… KEY=VALUE…` for every kind but nodes.
fn run_record(s: AddSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    if let Some(flag) = s.node_flags.first() {
        bail!(
            "{flag} applies to nodes only; give the {}'s fields as KEY=VALUE (chami inventory add --kind {} NAME KEY=VALUE…)",
            s.kind,
            s.kind
        );
    }
    if s.kind == KindSel::Cluster {
        bail!("the cluster settings always exist (cluster.yaml): change them with `chami inventory set --kind cluster KEY=VALUE…`");
    }
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let (after, changes, added) = match s.kind {
        KindSel::Bmc => record::add::<Bmc>(&inv, &s.expr, &s.edits)?,
        KindSel::Group => record::add::<Group>(&inv, &s.expr, &s.edits)?,
        KindSel::Tenant => record::add::<Tenant>(&inv, &s.expr, &s.edits)?,
        KindSel::Network => record::add::<Network>(&inv, &s.expr, &s.edits)?,
        KindSel::Profile => record::add::<BootProfile>(&inv, &s.expr, &s.edits)?,
        KindSel::Image => record::add::<Image>(&inv, &s.expr, &s.edits)?,
        KindSel::Pdu => record::add::<Pdu>(&inv, &s.expr, &s.edits)?,
        KindSel::Node | KindSel::Cluster => unreachable!("handled above"),
    };
    finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &format!("added {added} {}(s)", s.kind),
    )
}

/// `nodes/FILE` for `--file FILE`: a relative path that stays inside nodes/ and ends in
/// .yaml or .yml (anything else would not be loaded back, or would land elsewhere).
fn list_file_path(file: &Path) -> anyhow::Result<PathBuf> {
    use std::path::Component;
    let plain =
        |c: Component| matches!(c, Component::Normal(n) if !n.to_string_lossy().starts_with('.'));
    if !file.components().all(plain) {
        bail!(
            "--file {}: give a path inside nodes/, without `..`, a leading `/` or a part starting with `.` (hidden files are not loaded)",
            file.display()
        );
    }
    let ext = file.extension().and_then(|e| e.to_str());
    if !matches!(ext, Some("yaml" | "yml")) {
        bail!(
            "--file {}: the name must end in .yaml (only .yaml and .yml files are loaded)",
            file.display()
        );
    }
    Ok(Path::new("nodes").join(file))
}
