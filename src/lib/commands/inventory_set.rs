//! `chami inventory set EXPR KEY=VALUE…`: change fields of the selected nodes.

use super::write_flow::finish;
use crate::exit::ExitStatus;
use crate::inventory::edit::Edit;
use crate::inventory::model::Node;
use crate::inventory::save::Changes;
use crate::inventory::Selector;
use crate::settings::{GlobalSettings, SetSettings};
use anyhow::Context;
use std::collections::BTreeSet;

/// Runs `set`.
pub fn run(s: SetSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let selected = Selector::new(&inv).select(&s.expr)?;
    if selected.is_empty() {
        anyhow::bail!(
            "`{}` selects no node (the selection comes first: chami inventory set EXPR KEY=VALUE…)",
            s.expr
        );
    }
    let mut after = inv.clone();
    let mut files = BTreeSet::new();
    let mut changed = 0;
    // Per edit, its value for each selected node, in selection order (`ip=10.0.0.100+`).
    let per_node: Vec<Vec<Edit>> = s
        .edits
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
    finish(
        global,
        &inv,
        &after,
        changes,
        s.mode,
        &format!("changed {changed} of {} selected node(s)", selected.len()),
    )
}
