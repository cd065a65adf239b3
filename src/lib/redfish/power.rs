//! `bmc power`: status, on, off, shutdown, cycle and reset through the system's
//! `ComputerSystem.Reset` action, checked against the reset types the service allows,
//! and the list of those types.

use super::json::text;
use super::system::{find_system, SystemSelector};
use super::{Conn, RedfishError};
use serde::Serialize;
use serde_json::{json, Value};

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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
    /// List the reset types the service allows.
    ResetTypes,
}

impl PowerAction {
    /// The PowerState the system is in once the action is done: Off for off and
    /// shutdown, On for on, cycle and reset; None for the reading actions.
    pub fn target_state(self) -> Option<&'static str> {
        match self {
            PowerAction::Status | PowerAction::ResetTypes => None,
            PowerAction::Off | PowerAction::Shutdown => Some("Off"),
            PowerAction::On | PowerAction::Cycle | PowerAction::Reset => Some("On"),
        }
    }

    /// True for the actions that take a running host down: off, shutdown, cycle, reset.
    pub fn is_destructive(self) -> bool {
        matches!(
            self,
            PowerAction::Off | PowerAction::Shutdown | PowerAction::Cycle | PowerAction::Reset
        )
    }
}

/// The outcome for one system.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PowerResult {
    /// The system's path.
    pub system: Option<String>,
    /// The state before the action (or now, for status).
    pub power_state: Option<String>,
    /// The ResetType sent, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_type: Option<String>,
    /// The reset types the service allows (reset-types; absent when it does not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_types: Option<Vec<String>>,
    /// With --escalate: what was sent when the graceful shutdown did not end in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalated: Option<String>,
    /// With --wait: the state reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reached: Option<String>,
    /// With --wait: seconds from the action to the state reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// Runs `action` on the system `sel` picks.
pub async fn power(
    conn: &Conn,
    sel: &SystemSelector,
    action: PowerAction,
) -> Result<PowerResult, RedfishError> {
    let sys = find_system(conn, sel).await?;
    let mut result = PowerResult {
        system: super::json::odata_id(&sys).map(str::to_string),
        power_state: text(&sys, "PowerState"),
        ..PowerResult::default()
    };
    match action {
        PowerAction::Status => {}
        PowerAction::ResetTypes => {
            let (_, allowed) = reset_action(conn, &sys)?;
            if allowed.is_none() {
                conn.warn("the service does not list the reset types it allows (no ResetType@Redfish.AllowableValues): any may be tried");
            }
            result.reset_types = allowed;
        }
        _ => result.reset_type = Some(reset(conn, &sys, action).await?.to_string()),
    }
    Ok(result)
}

/// Sends the ResetType for `action` to the system `sys` (a system resource as read),
/// chosen among those it allows and its power state. Returns the type sent.
pub(super) async fn reset(
    conn: &Conn,
    sys: &Value,
    action: PowerAction,
) -> Result<&'static str, RedfishError> {
    let (target, allowed) = reset_action(conn, sys)?;
    let on = text(sys, "PowerState").as_deref() != Some("Off");
    let reset_type =
        choose(action, on, allowed.as_deref()).ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(&target),
            what: format!(
                "no reset type for `{action:?}` among those allowed: {}",
                allowed.unwrap_or_default().join(", ")
            ),
        })?;
    conn.post(&target, &json!({ "ResetType": reset_type }))
        .await?;
    Ok(reset_type)
}

/// The system's Reset action: its target, and the reset types it allows when it lists
/// them.
fn reset_action(conn: &Conn, sys: &Value) -> Result<(String, Option<Vec<String>>), RedfishError> {
    let path = super::json::odata_id(sys).unwrap_or("/redfish/v1/Systems");
    let reset = sys
        .pointer("/Actions/#ComputerSystem.Reset")
        .ok_or_else(|| RedfishError::Unsupported {
            url: conn.absolute(path),
            what: "the system has no ComputerSystem.Reset action".into(),
        })?;
    let target =
        reset
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| RedfishError::Unsupported {
                url: conn.absolute(path),
                what: "ComputerSystem.Reset has no target".into(),
            })?;
    let allowed = reset
        .get("ResetType@Redfish.AllowableValues")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
    Ok((target.to_string(), allowed))
}

/// The ResetType for `action`: the first preference the service allows (any, when it
/// does not list them).
fn choose(action: PowerAction, is_on: bool, allowed: Option<&[String]>) -> Option<&'static str> {
    let prefs: &[&'static str] = match action {
        PowerAction::Status | PowerAction::ResetTypes => return None,
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
        .find(|p| allowed.is_none_or(|a| a.iter().any(|x| x == p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_types() {
        let rack: Vec<String> = [
            "On",
            "ForceOff",
            "GracefulShutdown",
            "ForceRestart",
            "ForceOn",
        ]
        .map(String::from)
        .to_vec();
        let only = |t: &str| vec![t.to_string()];
        assert_eq!(
            choose(PowerAction::Cycle, true, Some(&rack)),
            Some("ForceRestart")
        );
        assert_eq!(choose(PowerAction::Cycle, false, Some(&rack)), Some("On"));
        assert_eq!(choose(PowerAction::Cycle, true, None), Some("PowerCycle"));
        assert_eq!(choose(PowerAction::Off, true, Some(&only("On"))), None);
        assert_eq!(
            choose(PowerAction::On, false, Some(&only("ForceOn"))),
            Some("ForceOn")
        );
        assert_eq!(choose(PowerAction::ResetTypes, true, None), None);
    }

    #[test]
    fn targets_and_destructive_actions() {
        use PowerAction::*;
        let t: Vec<Option<&str>> = [Status, On, Off, Shutdown, Cycle, Reset, ResetTypes]
            .map(PowerAction::target_state)
            .to_vec();
        assert_eq!(
            t,
            [
                None,
                Some("On"),
                Some("Off"),
                Some("Off"),
                Some("On"),
                Some("On"),
                None
            ]
        );
        let d: Vec<PowerAction> = [Status, On, Off, Shutdown, Cycle, Reset, ResetTypes]
            .into_iter()
            .filter(|a| a.is_destructive())
            .collect();
        assert_eq!(d, [Off, Shutdown, Cycle, Reset]);
    }
}
