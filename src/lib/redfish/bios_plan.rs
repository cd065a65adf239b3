//! `bmc bios plan|apply`: the desired BIOS attributes of a node compared with what its
//! BMC reports now. The plan lists each attribute whose current value differs (and says
//! when the desired value is already staged in the settings object, waiting for a
//! reboot); apply stages only those, through [`bios_set`], and says whether they wait
//! for a reboot. Unknown names and values of the wrong type are refused for the host.

use super::bios::{attributes, bios_of, bios_set, check_changes};
use super::system::SystemSelector;
use super::{Conn, RedfishError};
use serde::Serialize;
use serde_json::{Map, Value};

/// One attribute whose current value is not the desired one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BiosChange {
    /// The attribute name.
    pub name: String,
    /// What the BMC reports now.
    pub current: Value,
    /// What the inventory wants.
    pub desired: Value,
    /// The settings object already holds the desired value (applied at the next reboot).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub staged: bool,
}

/// What differs on one system.
#[derive(Debug, Clone, Serialize)]
pub struct BiosPlan {
    /// The Bios resource path.
    pub bios: String,
    /// The attributes that differ, by name.
    pub changes: Vec<BiosChange>,
    /// How many desired attributes already have their value.
    pub in_step: usize,
}

/// What `apply` did on one system.
#[derive(Debug, Clone, Serialize)]
pub struct BiosApplied {
    /// The Bios resource path.
    pub bios: String,
    /// The attributes that were staged.
    pub changes: Vec<BiosChange>,
    /// The object that was PATCHed (none when nothing differed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staged_at: Option<String>,
    /// The changes wait for a reboot: the BMC has a separate settings object
    /// (`@Redfish.Settings`) and does not say it applies them immediately.
    pub pending_reboot: bool,
    /// The BMC's `@Redfish.SettingsApplyTime` ApplyTime, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_time: Option<String>,
}

/// True when two attribute values are the same (numbers compared as numbers).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The differing attributes of `current` against `desired`, and how many agree.
fn differences(
    current: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> (Vec<BiosChange>, usize) {
    let mut changes = vec![];
    let mut in_step = 0;
    for (name, want) in desired {
        let cur = current.get(name).cloned().unwrap_or(Value::Null);
        if same(&cur, want) {
            in_step += 1;
        } else {
            changes.push(BiosChange {
                name: name.clone(),
                current: cur,
                desired: want.clone(),
                staged: false,
            });
        }
    }
    (changes, in_step)
}

fn settings_object(bios: &Value) -> Option<&str> {
    bios.pointer("/@Redfish.Settings/SettingsObject/@odata.id")
        .and_then(Value::as_str)
}

/// Compares the system's BIOS attributes with `desired`.
pub async fn bios_plan(
    conn: &Conn,
    sel: &SystemSelector,
    desired: &Map<String, Value>,
) -> Result<BiosPlan, RedfishError> {
    let (path, bios) = bios_of(conn, sel).await?;
    let current = attributes(&bios);
    check_changes(conn, &path, &current, desired)?;
    let (mut changes, in_step) = differences(&current, desired);
    if let (false, Some(settings)) = (changes.is_empty(), settings_object(&bios)) {
        // A settings object that cannot be read only means "staged" stays unknown.
        if let Ok(pending) = conn.get(settings).await {
            let pending = attributes(&pending);
            for c in &mut changes {
                c.staged = pending.get(&c.name).is_some_and(|v| same(v, &c.desired));
            }
        }
    }
    Ok(BiosPlan {
        bios: path,
        changes,
        in_step,
    })
}

/// Stages the attributes of `desired` that differ; nothing is sent when none does.
pub async fn bios_apply(
    conn: &Conn,
    sel: &SystemSelector,
    desired: &Map<String, Value>,
) -> Result<BiosApplied, RedfishError> {
    let (path, bios) = bios_of(conn, sel).await?;
    let current = attributes(&bios);
    check_changes(conn, &path, &current, desired)?;
    let (changes, _) = differences(&current, desired);
    let apply_time = bios
        .pointer("/@Redfish.SettingsApplyTime/ApplyTime")
        .and_then(Value::as_str)
        .map(str::to_string);
    if changes.is_empty() {
        return Ok(BiosApplied {
            bios: path,
            changes,
            staged_at: None,
            pending_reboot: false,
            apply_time,
        });
    }
    let send: Map<String, Value> = changes
        .iter()
        .map(|c| (c.name.clone(), c.desired.clone()))
        .collect();
    let done = bios_set(conn, sel, &send).await?;
    let pending_reboot =
        settings_object(&bios).is_some() && apply_time.as_deref() != Some("Immediate");
    Ok(BiosApplied {
        bios: path,
        changes,
        staged_at: done.staged_at,
        pending_reboot,
        apply_time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn only_differing_attributes_are_changes() {
        let current = map(json!({"BootMode": "Uefi", "ProcCoreDisable": 0, "Ht": "Enabled"}));
        let desired = map(json!({"BootMode": "Legacy", "ProcCoreDisable": 0.0, "Ht": "Enabled"}));
        let (changes, in_step) = differences(&current, &desired);
        assert_eq!(in_step, 2, "0 and 0.0 are the same number");
        assert_eq!(
            changes,
            [BiosChange {
                name: "BootMode".into(),
                current: json!("Uefi"),
                desired: json!("Legacy"),
                staged: false
            }]
        );
    }
}
