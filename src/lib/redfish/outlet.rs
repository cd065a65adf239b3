//! PDU outlets (Redfish `PowerDistribution` … `Outlets/ID`): read an outlet's power
//! state, switch it through its `Outlet.PowerControl` action, and list a PDU service's
//! rack PDUs with their outlets for `pdu collect`.

use super::json::{link, text};
use super::{Conn, RedfishError};
use serde::Serialize;
use serde_json::{json, Value};

/// What `pdu power` does to an outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutletAction {
    /// Report PowerState.
    Status,
    /// PowerControl On.
    On,
    /// PowerControl Off.
    Off,
    /// PowerControl PowerCycle.
    Cycle,
}

impl OutletAction {
    /// True for actions that cut power.
    pub fn is_destructive(self) -> bool {
        matches!(self, OutletAction::Off | OutletAction::Cycle)
    }

    /// The PowerState sent in PowerControl.
    fn power_state(self) -> Option<&'static str> {
        match self {
            OutletAction::Status => None,
            OutletAction::On => Some("On"),
            OutletAction::Off => Some("Off"),
            OutletAction::Cycle => Some("PowerCycle"),
        }
    }
}

/// The outcome on one outlet.
#[derive(Debug, Clone, Serialize)]
pub struct OutletResult {
    /// The outlet Id.
    pub outlet: String,
    /// Its PowerState before the action (the reading, for status).
    pub power_state: Option<String>,
    /// The PowerState sent in PowerControl.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
}

/// Runs `action` on the outlet at `path`.
pub async fn outlet_power(
    conn: &Conn,
    path: &str,
    action: OutletAction,
) -> Result<OutletResult, RedfishError> {
    let outlet = conn.get(path).await?;
    let mut result = OutletResult {
        outlet: text(&outlet, "Id")
            .unwrap_or_else(|| path.rsplit('/').next().unwrap_or_default().into()),
        power_state: text(&outlet, "PowerState"),
        sent: None,
    };
    let Some(state) = action.power_state() else {
        return Ok(result);
    };
    let target = outlet
        .pointer("/Actions/#Outlet.PowerControl/target")
        .and_then(Value::as_str)
        .ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(path),
            what: "the outlet has no Outlet.PowerControl action (not switchable)".into(),
        })?;
    conn.post(target, &json!({ "PowerState": state })).await?;
    result.sent = Some(state.to_string());
    Ok(result)
}

/// A rack PDU as its service describes it.
#[derive(Debug, Clone, Serialize)]
pub struct CollectedPdu {
    /// The PowerDistribution resource.
    pub path: String,
    /// Manufacturer.
    pub vendor: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// SerialNumber.
    pub serial: Option<String>,
    /// FirmwareVersion.
    pub firmware: Option<String>,
    /// Outlet Ids.
    pub outlets: Vec<String>,
}

/// The service's rack PDUs (`PowerEquipment/RackPDUs`), each with its outlets.
pub async fn rack_pdus(conn: &Conn) -> Result<Vec<CollectedPdu>, RedfishError> {
    let root = conn.get("/redfish/v1/").await?;
    let equipment = link(&root, "PowerEquipment").ok_or_else(|| RedfishError::Unsupported {
        url: conn.absolute("/redfish/v1/"),
        what: "the service has no PowerEquipment (not a Redfish PDU)".into(),
    })?;
    let equipment = conn.get(equipment).await?;
    let Some(racks) = link(&equipment, "RackPDUs") else {
        return Ok(vec![]);
    };
    let coll = conn.get(racks).await?;
    let mut out = vec![];
    for path in super::system::member_links(conn, racks, &coll) {
        let pdu = conn.get(&path).await?;
        let mut outlets = vec![];
        if let Some(o) = link(&pdu, "Outlets") {
            let list = conn.get(o).await?;
            for member in super::system::member_links(conn, o, &list) {
                let id = member
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default();
                outlets.push(id.to_string());
            }
        }
        out.push(CollectedPdu {
            path,
            vendor: text(&pdu, "Manufacturer"),
            model: text(&pdu, "Model"),
            serial: text(&pdu, "SerialNumber"),
            firmware: text(&pdu, "FirmwareVersion"),
            outlets,
        });
    }
    Ok(out)
}
