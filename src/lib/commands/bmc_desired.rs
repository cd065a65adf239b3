//! `bmc bios|firmware plan|apply`: the desired state of each target node (its groups'
//! and its own `bios:` and `firmware:`, layered as `inventory show --resolved` shows
//! them), the job run on each BMC, and the plan as text lines.

use crate::inventory::{Inventory, Resolver};
use crate::redfish::bmc_selection::Target;
use crate::redfish::{
    bios_apply, bios_plan, firmware_apply, firmware_plan, Conn, DesiredVersion, RedfishError,
};
use crate::settings::BmcAction;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// What one node should have.
#[derive(Debug, Clone, Default)]
pub struct Desired {
    /// BIOS attributes.
    pub bios: Map<String, Value>,
    /// Firmware versions by component.
    pub firmware: BTreeMap<String, DesiredVersion>,
}

/// The desired state of each target that is a node, by node name.
pub fn desired_of(inv: &Inventory, targets: &[Target]) -> HashMap<String, Desired> {
    let resolver = Resolver::new(inv);
    let index = crate::inventory::records::index_by_name(&inv.nodes);
    targets
        .iter()
        .filter_map(|t| {
            let name = t.node.as_deref()?;
            let r = resolver.node(*index.get(name)?);
            let bios = r.bios.into_iter().map(|(k, v)| (k, v.value)).collect();
            let firmware = r
                .firmware
                .into_iter()
                .map(|(k, v)| {
                    let want = DesiredVersion {
                        version: v.value.version,
                        image: v.value.image,
                    };
                    (k, want)
                })
                .collect();
            Some((name.to_string(), Desired { bios, firmware }))
        })
        .collect()
}

/// Runs a plan or apply `action` on one BMC (logged in) for `desired`, the target
/// node's state (none when the target was named as a BMC).
pub async fn act(
    conn: &Conn,
    t: &Target,
    action: &BmcAction,
    desired: Option<&Desired>,
) -> Result<Value, RedfishError> {
    let Some(d) = desired else {
        return Err(RedfishError::Invalid(format!(
            "`{}` is a BMC: the desired state is set on nodes and their groups (`bios:`, \
             `firmware:`); name the nodes instead",
            t.bmc.as_deref().unwrap_or("?")
        )));
    };
    let v = match action {
        BmcAction::BiosPlan if d.bios.is_empty() => nothing_desired(),
        BmcAction::BiosApply if d.bios.is_empty() => nothing_desired(),
        BmcAction::FirmwarePlan | BmcAction::FirmwareApply { .. } if d.firmware.is_empty() => {
            nothing_desired()
        }
        BmcAction::BiosPlan => serde_json::to_value(bios_plan(conn, &t.system, &d.bios).await?),
        BmcAction::BiosApply => serde_json::to_value(bios_apply(conn, &t.system, &d.bios).await?),
        BmcAction::FirmwarePlan => serde_json::to_value(firmware_plan(conn, &d.firmware).await?),
        BmcAction::FirmwareApply { wait, poll } => {
            let done = firmware_apply(conn, &d.firmware, *poll, *wait).await?;
            Ok(json!({ "updates": done }))
        }
        _ => Ok(Value::Null),
    };
    Ok(v.unwrap_or(Value::Null))
}

fn nothing_desired() -> Result<Value, serde_json::Error> {
    Ok(json!({ "changes": [], "in_step": 0, "note": "nothing desired for this node" }))
}

/// The plan action an apply runs with `--dry-run`.
pub fn dry_run_of(action: &BmcAction) -> Option<BmcAction> {
    match action {
        BmcAction::BiosApply => Some(BmcAction::BiosPlan),
        BmcAction::FirmwareApply { .. } => Some(BmcAction::FirmwarePlan),
        _ => None,
    }
}

/// The question asked before an apply on several hosts.
pub fn question(action: &BmcAction) -> &'static str {
    match action {
        BmcAction::FirmwareApply { .. } => "install the desired firmware on",
        _ => "stage the desired BIOS attributes on",
    }
}

/// True when a plan result has something to change (or a component not found).
pub fn differs(v: &Value) -> bool {
    let some = |k: &str| v[k].as_array().is_some_and(|a| !a.is_empty());
    some("changes") || some("not_found")
}

/// The text of one host's plan: a line per difference, per component not found, or
/// one saying it is in step or why it failed.
pub fn plan_text(who: &str, result: &Result<Value, String>) -> String {
    let v = match result {
        Ok(v) => v,
        Err(e) => return format!("{who}  error: {e}\n"),
    };
    let mut out = String::new();
    let show = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    for c in v["changes"].as_array().into_iter().flatten() {
        let name = c.get("name").or_else(|| c.get("component"));
        out.push_str(&format!(
            "{who}  {}  {} -> {}{}\n",
            show(name.unwrap_or(&Value::Null)),
            show(&c["current"]),
            show(&c["desired"]),
            if c["staged"] == true {
                "  (staged, applies at the next reboot)"
            } else {
                ""
            }
        ));
    }
    for n in v["not_found"].as_array().into_iter().flatten() {
        out.push_str(&format!("{who}  {}  not found on the BMC\n", show(n)));
    }
    if out.is_empty() {
        let n = v["in_step"].as_u64().unwrap_or(0);
        match v["note"].as_str() {
            Some(note) => out.push_str(&format!("{who}  {note}\n")),
            None => out.push_str(&format!("{who}  in step ({n} desired)\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_lines() {
        let v = json!({"changes": [
            {"name": "BootMode", "current": "Uefi", "desired": "Legacy"},
            {"name": "ProcCoreDisable", "current": 0, "desired": 2, "staged": true}],
            "in_step": 1});
        assert_eq!(
            plan_text("n0", &Ok(v.clone())),
            "n0  BootMode  Uefi -> Legacy\nn0  ProcCoreDisable  0 -> 2  (staged, applies at the next reboot)\n"
        );
        assert!(differs(&v));
        let fw = json!({"changes": [], "not_found": ["NIC"], "in_step": 2});
        assert_eq!(
            plan_text("n1", &Ok(fw.clone())),
            "n1  NIC  not found on the BMC\n"
        );
        assert!(differs(&fw));
        let ok = json!({"changes": [], "in_step": 3});
        assert_eq!(
            plan_text("n2", &Ok(ok.clone())),
            "n2  in step (3 desired)\n"
        );
        assert!(!differs(&ok));
        assert_eq!(plan_text("n3", &Err("down".into())), "n3  error: down\n");
    }
}
