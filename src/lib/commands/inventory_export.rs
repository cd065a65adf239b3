//! `chami inventory export`: the whole inventory as one JSON or YAML document, or as JSON
//! lines that `inventory import` reads back.

use super::loading::with_readable;
use crate::console::{write_json, write_stdout, write_yaml};
use crate::exit::ExitStatus;
use crate::inventory::model::FORMAT_VERSION;
use crate::inventory::{Inventory, Record};
use crate::settings::ExportFormat;
use crate::settings::{ExportSettings, GlobalSettings};
use serde::Serialize;
use serde_json::{json, Value};

/// Runs the export.
pub fn run(s: ExportSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    with_readable(global, |inv| export(&inv, &s))
}

fn export(inv: &Inventory, s: &ExportSettings) -> anyhow::Result<ExitStatus> {
    match s.format {
        ExportFormat::Json => write_json(&document(inv)?)?,
        ExportFormat::Yaml => write_yaml(&document(inv)?)?,
        ExportFormat::Jsonl => write_stdout(&lines(inv)?)?,
    }
    Ok(ExitStatus::Success)
}

fn values<T: Serialize>(recs: &[Record<T>]) -> anyhow::Result<Vec<Value>> {
    recs.iter()
        .map(|r| Ok(serde_json::to_value(&r.value)?))
        .collect()
}

/// The inventory as one document.
pub fn document(inv: &Inventory) -> anyhow::Result<Value> {
    Ok(json!({
        "format": FORMAT_VERSION,
        "cluster": serde_json::to_value(&inv.cluster)?,
        "nodes": values(&inv.nodes)?,
        "bmcs": values(&inv.bmcs)?,
        "pdus": values(&inv.pdus)?,
        "groups": values(&inv.groups)?,
        "tenants": values(&inv.tenants)?,
    }))
}

fn push_lines<T: Serialize>(
    out: &mut String,
    kind: &str,
    recs: &[Record<T>],
) -> anyhow::Result<()> {
    for r in recs {
        let mut obj = serde_json::Map::new();
        obj.insert("kind".into(), Value::String(kind.into()));
        if let Value::Object(fields) = serde_json::to_value(&r.value)? {
            obj.extend(fields);
        }
        out.push_str(&serde_json::to_string(&obj)?);
        out.push('\n');
    }
    Ok(())
}

fn lines(inv: &Inventory) -> anyhow::Result<String> {
    let mut out = String::new();
    push_lines(&mut out, "tenant", &inv.tenants)?;
    push_lines(&mut out, "group", &inv.groups)?;
    push_lines(&mut out, "bmc", &inv.bmcs)?;
    push_lines(&mut out, "node", &inv.nodes)?;
    push_lines(&mut out, "pdu", &inv.pdus)?;
    Ok(out)
}
