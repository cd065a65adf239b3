//! `bmc firmware plan|apply`: the desired firmware versions of a node compared with its
//! BMC's FirmwareInventory. A component is named by its inventory `Id` or, failing
//! that, its `Name`. The plan lists the components whose Version differs and those the
//! BMC does not have; apply starts one SimpleUpdate per differing component (through
//! [`firmware_update`], the component as the update's target) and reports each task.

use super::firmware::{firmware_items, firmware_update};
use super::{CollectedFirmware, Conn, RedfishError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The version a component should run, and its image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredVersion {
    /// The Version the component should report.
    pub version: String,
    /// Where the BMC fetches the image from.
    pub image: Option<String>,
}

/// One component whose version differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmwareChange {
    /// The component as the inventory names it.
    pub component: String,
    /// Its FirmwareInventory resource.
    pub path: String,
    /// The Version it reports now.
    pub current: Option<String>,
    /// The version wanted.
    pub desired: String,
    /// The image to install.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// What differs on one BMC.
#[derive(Debug, Clone, Serialize)]
pub struct FirmwarePlan {
    /// Components whose version differs.
    pub changes: Vec<FirmwareChange>,
    /// Components named in the inventory that the BMC does not list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_found: Vec<String>,
    /// How many components already run the desired version.
    pub in_step: usize,
}

impl FirmwarePlan {
    /// True when nothing differs and every component was found.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.not_found.is_empty()
    }
}

/// One update that `apply` ran.
#[derive(Debug, Clone, Serialize)]
pub struct FirmwareApplied {
    /// The component.
    pub component: String,
    /// From this version …
    pub current: Option<String>,
    /// … to this one.
    pub desired: String,
    /// The task that ran the update, when the service made one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Its final TaskState.
    pub task_state: Option<String>,
}

/// The plan for `items` (path, inventory entry) against `desired`.
fn plan_of(
    items: &[(String, CollectedFirmware)],
    desired: &BTreeMap<String, DesiredVersion>,
) -> FirmwarePlan {
    let mut plan = FirmwarePlan {
        changes: vec![],
        not_found: vec![],
        in_step: 0,
    };
    for (component, want) in desired {
        let found = items.iter().find(|(_, f)| f.id == *component).or_else(|| {
            items
                .iter()
                .find(|(_, f)| f.name.as_deref() == Some(component))
        });
        let Some((path, f)) = found else {
            plan.not_found.push(component.clone());
            continue;
        };
        if f.version.as_deref() == Some(want.version.as_str()) {
            plan.in_step += 1;
            continue;
        }
        plan.changes.push(FirmwareChange {
            component: component.clone(),
            path: path.clone(),
            current: f.version.clone(),
            desired: want.version.clone(),
            image: want.image.clone(),
        });
    }
    plan
}

/// Compares the BMC's firmware inventory with `desired`.
pub async fn firmware_plan(
    conn: &Conn,
    desired: &BTreeMap<String, DesiredVersion>,
) -> Result<FirmwarePlan, RedfishError> {
    Ok(plan_of(&firmware_items(conn).await?, desired))
}

/// Installs the image of every component whose version differs, one after the other,
/// each followed to its end (`poll`, `wait`). Nothing is started when a component is
/// not found or a differing one has no image.
pub async fn firmware_apply(
    conn: &Conn,
    desired: &BTreeMap<String, DesiredVersion>,
    poll: Duration,
    wait: Duration,
) -> Result<Vec<FirmwareApplied>, RedfishError> {
    let plan = firmware_plan(conn, desired).await?;
    let no_image: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.image.is_none())
        .map(|c| c.component.as_str())
        .collect();
    if !plan.not_found.is_empty() || !no_image.is_empty() {
        let mut why = vec![];
        if !plan.not_found.is_empty() {
            why.push(format!(
                "no firmware component {} (`chami bmc firmware list NODE` shows each Id and Name)",
                plan.not_found.join(", ")
            ));
        }
        if !no_image.is_empty() {
            why.push(format!(
                "no image for {} (set firmware.COMPONENT.image in the inventory)",
                no_image.join(", ")
            ));
        }
        return Err(RedfishError::Invalid(format!(
            "nothing updated: {}",
            why.join("; ")
        )));
    }
    let mut done = vec![];
    for c in plan.changes {
        let image = c.image.as_deref().unwrap_or_default();
        let r = firmware_update(
            conn,
            image,
            std::slice::from_ref(&c.path),
            poll,
            wait,
            |_| {},
        )
        .await?;
        done.push(FirmwareApplied {
            component: c.component,
            current: c.current,
            desired: c.desired,
            task: r.task,
            task_state: r.task_state,
        });
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, name: &str, version: &str) -> (String, CollectedFirmware) {
        (
            format!("/redfish/v1/UpdateService/FirmwareInventory/{id}"),
            CollectedFirmware {
                id: id.into(),
                name: Some(name.into()),
                version: Some(version.into()),
                updateable: Some(true),
            },
        )
    }

    #[test]
    fn components_match_by_id_then_name() {
        let items = [
            item("BMC", "Contoso BMC Firmware", "1.45"),
            item("BIOS", "Contoso BIOS", "P79"),
        ];
        let want = |v: &str| DesiredVersion {
            version: v.into(),
            image: None,
        };
        let desired: BTreeMap<String, DesiredVersion> = [
            ("BMC".to_string(), want("1.46")),
            ("Contoso BIOS".to_string(), want("P79")),
            ("NIC".to_string(), want("2")),
        ]
        .into_iter()
        .collect();
        let plan = plan_of(&items, &desired);
        assert_eq!(plan.in_step, 1);
        assert_eq!(plan.not_found, ["NIC"]);
        assert_eq!(plan.changes.len(), 1);
        assert_eq!(
            (
                plan.changes[0].current.as_deref(),
                plan.changes[0].desired.as_str()
            ),
            (Some("1.45"), "1.46")
        );
        assert!(plan.changes[0].path.ends_with("/FirmwareInventory/BMC"));
    }
}
