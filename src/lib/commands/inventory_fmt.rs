//! `chami inventory fmt [--check]`: rewrite every record file and cluster.yaml in the
//! canonical layout. Files with comments inside records are never rewritten (that would
//! lose the comments); they are reported instead.

use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::fsutil::Transaction;
use crate::inventory::model::{Bmc, Group, Node, Pdu, Tenant};
use crate::inventory::records::InventoryRecords;
use crate::inventory::save::{
    header_comments, inner_comment_lines, render_cluster, render_records,
};
use crate::inventory::{Inventory, CLUSTER_FILE};
use crate::settings::{FmtSettings, GlobalSettings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs `fmt`.
pub fn run(s: FmtSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let (inv, _lock) = super::loading::load_for_write(global)?;
    let mut plan = Vec::new();
    let cluster_old = std::fs::read_to_string(inv.path(Path::new(CLUSTER_FILE)))?;
    let cluster_new = render_cluster(&inv, &cluster_old)?;
    plan.push((PathBuf::from(CLUSTER_FILE), cluster_old, cluster_new));
    render_kind::<Node>(&inv, &mut plan)?;
    render_kind::<Bmc>(&inv, &mut plan)?;
    render_kind::<Group>(&inv, &mut plan)?;
    render_kind::<Tenant>(&inv, &mut plan)?;
    render_kind::<Pdu>(&inv, &mut plan)?;

    let mut tx = Transaction::new();
    let mut listed = String::new();
    let (mut differ, mut kept) = (0, 0);
    for (rel, old, new) in plan {
        if old == new {
            continue;
        }
        let commented = inner_comment_lines(&old) > 0;
        if commented && strip_comments(&old) == strip_comments(&new) {
            continue;
        }
        differ += 1;
        if s.check {
            listed.push_str(&format!("{}\n", rel.display()));
        } else if commented {
            kept += 1;
            global.printer.warn(format!(
                "{}: not reformatted: it has comments inside records that a rewrite would lose; format it by hand",
                rel.display()
            ));
        } else {
            tx.write(inv.path(&rel), new);
        }
    }
    if s.check {
        write_stdout(&listed)?;
        global
            .printer
            .info(format!("{differ} file(s) not in canonical layout"));
        return Ok(if differ > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        });
    }
    let written = tx.len();
    let root = global.root()?;
    crate::outfiles::commit_journaled(tx, &root, &root.join(crate::build::JOURNAL))?;
    global.printer.info(format!(
        "{written} file(s) reformatted, {kept} left as they are"
    ));
    Ok(ExitStatus::Success)
}

fn render_kind<T: InventoryRecords>(
    inv: &Inventory,
    plan: &mut Vec<(PathBuf, String, String)>,
) -> anyhow::Result<()> {
    let mut by_file: BTreeMap<&Path, Vec<_>> = BTreeMap::new();
    for r in inv.records::<T>() {
        by_file.entry(r.origin.file.as_path()).or_default().push(r);
    }
    for (file, mut recs) in by_file {
        recs.sort_by_key(|r| r.origin.index);
        let old = std::fs::read_to_string(inv.path(file))?;
        let written: Vec<_> = recs.iter().map(|r| r.value.as_written()).collect();
        let values: Vec<&T> = written.iter().map(|w| w.as_ref()).collect();
        let as_list = recs.len() > 1 || recs.iter().any(|r| r.origin.in_list);
        let new = render_records(&header_comments(&old), &values, as_list)?;
        plan.push((file.to_path_buf(), old, new));
    }
    Ok(())
}

/// The text without comment lines and trailing comments, for comparing layouts.
fn strip_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.split(" #").next().unwrap_or(l).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}
