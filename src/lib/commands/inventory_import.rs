//! `chami inventory import`: add (or replace) records from JSON lines or an OpenCHAMI
//! static discovery file.

use super::write_flow::finish;
use crate::exit::ExitStatus;
use crate::inventory::import::{self, Conflict, Imported};
use crate::inventory::insert_new;
use crate::inventory::model::{Bmc, Group, Node, Pdu, Tenant};
use crate::inventory::records::index_by_name;
use crate::inventory::records::InventoryRecords;
use crate::inventory::save::Changes;
use crate::inventory::Inventory;
use crate::settings::{GlobalSettings, ImportSettings};
use anyhow::{bail, Context};
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::PathBuf;

/// Counts of what an import did.
#[derive(Default)]
struct Tally {
    added: usize,
    replaced: usize,
    merged: usize,
    skipped: usize,
    conflicts: Vec<String>,
}

/// Runs `import`.
pub fn run(s: ImportSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let (text, source) = match &s.file {
        Some(f) => (
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?,
            f.display().to_string(),
        ),
        None => {
            let mut t = String::new();
            std::io::stdin()
                .read_to_string(&mut t)
                .context("cannot read stdin")?;
            (t, "stdin".to_string())
        }
    };
    let records = import::parse(&text, s.format, &inv.cluster.networks)
        .with_context(|| format!("cannot import {source}"))?;
    let mut after = inv.clone();
    let mut tally = Tally::default();
    let (mut nodes, mut bmcs, mut groups, mut tenants, mut pdus) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in records {
        match r {
            Imported::Node(v) => nodes.push(*v),
            Imported::Bmc(v) => bmcs.push(v),
            Imported::Group(v) => groups.push(v),
            Imported::Tenant(v) => tenants.push(v),
            Imported::Pdu(v) => pdus.push(v),
        }
    }
    let mut changes = Changes::default();
    let files = upsert::<Node>(&mut after, nodes, s.conflict, &mut tally)?;
    let bfiles = upsert::<Bmc>(&mut after, bmcs, s.conflict, &mut tally)?;
    let gfiles = upsert::<Group>(&mut after, groups, s.conflict, &mut tally)?;
    let tfiles = upsert::<Tenant>(&mut after, tenants, s.conflict, &mut tally)?;
    let pfiles = upsert::<Pdu>(&mut after, pdus, s.conflict, &mut tally)?;
    if !tally.conflicts.is_empty() {
        bail!(
            "already in the inventory: {}; pass --on-conflict merge (update them), replace or skip",
            tally.conflicts.join(", ")
        );
    }
    changes.plan::<Node>(&after, &files)?;
    changes.plan::<Bmc>(&after, &bfiles)?;
    changes.plan::<Group>(&after, &gfiles)?;
    changes.plan::<Tenant>(&after, &tfiles)?;
    changes.plan::<Pdu>(&after, &pfiles)?;
    let summary = format!(
        "imported from {source}: {} added, {} replaced, {} merged, {} unchanged or skipped",
        tally.added, tally.replaced, tally.merged, tally.skipped
    );
    finish(global, &inv, &after, changes, s.mode, &summary)
}

fn upsert<T: InventoryRecords + PartialEq>(
    inv: &mut Inventory,
    values: Vec<T>,
    conflict: Conflict,
    tally: &mut Tally,
) -> anyhow::Result<BTreeSet<PathBuf>> {
    let mut files = BTreeSet::new();
    let mut fresh = Vec::new();
    let index: HashMap<String, usize> = index_by_name(inv.records::<T>())
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for v in values {
        let existing = index.get(v.name()).map(|&i| &mut inv.records_mut::<T>()[i]);
        match (existing, conflict) {
            (None, _) => fresh.push(v),
            (Some(r), _) if r.value == v => tally.skipped += 1,
            (Some(r), Conflict::Error) => tally.conflicts.push(format!("{} {}", T::KIND, r.name())),
            (Some(_), Conflict::Skip) => tally.skipped += 1,
            (Some(r), Conflict::Replace) => {
                r.value = v;
                files.insert(r.origin.file.clone());
                tally.replaced += 1;
            }
            (Some(r), Conflict::Merge) => {
                let merged = import::merge(&r.value, &v)
                    .with_context(|| format!("cannot merge into {} {}", T::KIND, r.name()))?;
                if merged == r.value {
                    tally.skipped += 1;
                } else {
                    r.value = merged;
                    files.insert(r.origin.file.clone());
                    tally.merged += 1;
                }
            }
        }
    }
    let (new_files, added) = insert_new(inv, fresh, None)?;
    tally.added += added;
    files.extend(new_files);
    Ok(files)
}
