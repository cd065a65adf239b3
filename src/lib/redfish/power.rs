//! `bmc power`: status, on, off, shutdown, cycle and reset through the system's
//! `ComputerSystem.Reset` action, checked against the reset types the service allows.

use super::json::text;
use super::system::{find_system, SystemSelector};
use super::{Conn, RedfishError};
use serde::Serialize;
use serde_json::{json, Value};

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PowerAction {
    /// Report the power state.
    Status,
    /// Power on.
    On,
    /// Hard power off.
    Off,
    /// Ask the OS to shut down.
    Shutdown,
    /// Off, then on (a hard restart when the service has no PowerCycle).
    Cycle,
    /// Hard restart.
    Reset,
}

/// The outcome for one system.
#[derive(Debug, Clone, Serialize)]
pub struct PowerResult {
    /// The system's path.
    pub system: Option<String>,
    /// The state before the action (or now, for status).
    pub power_state: Option<String>,
    /// The ResetType sent, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_type: Option<String>,
}

/// Runs `action` on the system `sel` picks.
pub async fn power(
    conn: &Conn,
    sel: &SystemSelector,
    action: PowerAction,
) -> Result<PowerResult, RedfishError> {
    let sys = find_system(conn, sel).await?;
    let state = text(&sys, "PowerState");
    let path = super::json::odata_id(&sys).map(str::to_string);
    let mut result = PowerResult {
        system: path,
        power_state: state.clone(),
        reset_type: None,
    };
    if action == PowerAction::Status {
        return Ok(result);
    }
    let reset = sys
        .pointer("/Actions/#ComputerSystem.Reset")
        .ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(result.system.as_deref().unwrap_or("/redfish/v1/Systems")),
            what: "the system has no ComputerSystem.Reset action".into(),
        })?;
    let target =
        reset
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| RedfishError::Unsupported {
                url: conn.absolute(result.system.as_deref().unwrap_or("/")),
                what: "ComputerSystem.Reset has no target".into(),
            })?;
    let allowed: Option<Vec<&str>> = reset
        .get("ResetType@Redfish.AllowableValues")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    let on = state.as_deref() != Some("Off");
    let reset_type =
        choose(action, on, allowed.as_deref()).ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(target),
            what: format!(
                "no reset type for `{action:?}` among those allowed: {}",
                allowed.unwrap_or_default().join(", ")
            ),
        })?;
    conn.post(target, &json!({ "ResetType": reset_type }))
        .await?;
    result.reset_type = Some(reset_type.to_string());
    Ok(result)
}

/// The ResetType for `action`: the first preference the service allows (any, when it
/// does not list them).
fn choose(action: PowerAction, is_on: bool, allowed: Option<&[&str]>) -> Option<&'static str> {
    let prefs: &[&'static str] = match action {
        PowerAction::Status => return None,
        PowerAction::On => &["On", "ForceOn"],
        PowerAction::Off => &["ForceOff"],
        PowerAction::Shutdown => &["GracefulShutdown"],
        PowerAction::Cycle if !is_on => &["On", "ForceOn"],
        PowerAction::Cycle => &["PowerCycle", "ForceRestart"],
        PowerAction::Reset => &["ForceRestart", "PowerCycle"],
    };
    prefs
        .iter()
        .copied()
        .find(|p| allowed.is_none_or(|a| a.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_types() {
        let rack = [
            "On",
            "ForceOff",
            "GracefulShutdown",
            "ForceRestart",
            "ForceOn",
        ];
        assert_eq!(
            choose(PowerAction::Cycle, true, Some(&rack)),
            Some("ForceRestart")
        );
        assert_eq!(choose(PowerAction::Cycle, false, Some(&rack)), Some("On"));
        assert_eq!(choose(PowerAction::Cycle, true, None), Some("PowerCycle"));
        assert_eq!(choose(PowerAction::Off, true, Some(&["On"])), None);
        assert_eq!(
            choose(PowerAction::On, false, Some(&["ForceOn"])),
            Some("ForceOn")
        );
    }
}
