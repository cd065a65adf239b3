//! `chami status [EXPR]`: each selected node's derived state, power and when, last boot
//! event and when, profile or image, and last address, from the state folder and the
//! inventory; a table, or JSON with `-o json`.

use crate::boot::effective_boot;
use crate::console::{render_table, table, write_json, write_stdout};
use crate::exit::ExitStatus;
use crate::inventory::{membership, Inventory, Selector};
use crate::settings::{GlobalSettings, StatusSettings};
use crate::state::{smd_state, Event, Kind, NodeHistory, NodeState};
use anyhow::Context;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// One node's line.
#[derive(Debug, Serialize)]
struct Row {
    node: String,
    state: NodeState,
    power: Option<String>,
    power_at: Option<String>,
    last_event: Option<Value>,
    profile: Option<String>,
    image: Option<String>,
    address: Option<String>,
    enabled: bool,
    smd: Value,
}

/// Runs `status`.
pub fn run(s: StatusSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = super::loading::load_valid(global)?;
    let journal = super::state_folder::journal(global, &inv.root)?.context(
        "no state folder: give --state-dir or set CHAMI_STATE_DIR, XDG_STATE_HOME or HOME",
    )?;
    let sel = Selector::new(&inv);
    let nodes = match &s.expr {
        Some(e) => sel.select(e)?,
        None => sel.all(),
    };
    let wanted: HashSet<&str> = nodes
        .iter()
        .map(|&ni| inv.nodes[ni].name.as_str())
        .collect();
    let (histories, stats) = journal
        .latest(|n| wanted.contains(n))
        .with_context(|| format!("cannot read the node state in {}", journal.path().display()))?;
    if stats.skipped > 0 {
        global.printer.warn(format!(
            "{}: {} line(s) that are not events skipped (a write cut short by a crash?)",
            journal.path().display(),
            stats.skipped
        ));
    }
    let groups_of = membership::compute(&inv, &sel).groups_of;
    let rows: Vec<Row> = nodes
        .iter()
        .map(|&ni| row(&inv, &groups_of[ni], ni, &histories))
        .collect();
    if s.json {
        write_json(&rows)?;
    } else {
        write_stdout(&as_table(&rows))?;
    }
    Ok(ExitStatus::Success)
}

fn row(
    inv: &Inventory,
    groups: &[usize],
    ni: usize,
    histories: &HashMap<String, NodeHistory>,
) -> Row {
    let node = &inv.nodes[ni];
    let h = histories.get(&node.name);
    let eff = effective_boot(inv, groups, ni).ok().flatten();
    let power = h.and_then(|h| h.last(Kind::Power));
    let (smd_s, smd_f) = smd_state(node.is_enabled(), h);
    Row {
        node: node.name.clone(),
        state: h.map_or(NodeState::Unknown, NodeHistory::state),
        power: power.and_then(|e| e.detail.clone()),
        power_at: power.map(|e| e.at.clone()),
        last_event: h.and_then(NodeHistory::last_boot).map(event_json),
        profile: eff.map(|e| e.profile.name.clone()),
        image: eff.and_then(|e| e.profile.image.clone()),
        address: h.and_then(NodeHistory::last_address).map(|a| a.to_string()),
        enabled: node.is_enabled(),
        smd: json!({"State": smd_s, "Flag": smd_f}),
    }
}

fn event_json(e: &Event) -> Value {
    json!({"what": e.what, "detail": e.detail, "at": e.at, "from": e.from})
}

fn as_table(rows: &[Row]) -> String {
    let mut t = table(&[
        "NODE", "STATE", "POWER", "POWER AT", "LAST", "AT", "PROFILE", "IMAGE", "ADDRESS",
    ]);
    let dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    for r in rows {
        let last = r.last_event.as_ref();
        let text = |k: &str| last.and_then(|e| e[k].as_str());
        let what = match (text("what"), text("detail")) {
            (Some(w), Some(d)) => format!("{w} {d}"),
            (Some(w), None) => w.to_string(),
            _ => "-".into(),
        };
        t.add_row(vec![
            r.node.clone(),
            r.state.name().to_string(),
            dash(r.power.as_deref()),
            dash(r.power_at.as_deref()),
            what,
            dash(text("at")),
            dash(r.profile.as_deref()),
            dash(r.image.as_deref()),
            dash(r.address.as_deref()),
        ]);
    }
    render_table(&mut t)
}
