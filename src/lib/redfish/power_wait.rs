//! `bmc power … --wait` and `shutdown --escalate`: after the reset, poll the system's
//! PowerState until it is the action's target state (or give up after a timeout), and
//! send ForceOff to a host a graceful shutdown left on past its grace period.

use super::json::text;
use super::power::{power, reset, PowerAction, PowerResult};
use super::system::SystemSelector;
use super::{Conn, RedfishError};
use serde_json::Value;
use std::time::{Duration, Instant};

/// What to do after the reset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PowerFollowUp {
    /// Wait for the target state at most this long (after the last reset sent).
    pub wait: Option<Duration>,
    /// Shutdown only: ForceOff when the host is still not off after this long.
    pub grace: Option<Duration>,
    /// Pause between two readings of the power state.
    pub poll: Duration,
}

impl PowerFollowUp {
    /// The longest the follow-up can take: grace plus wait.
    pub fn longest(&self) -> Duration {
        self.wait.unwrap_or_default() + self.grace.unwrap_or_default()
    }
}

/// Runs `action`, then the follow-up: escalation, then the wait.
pub async fn power_and_wait(
    conn: &Conn,
    sel: &SystemSelector,
    action: PowerAction,
    then: &PowerFollowUp,
) -> Result<PowerResult, RedfishError> {
    let mut result = power(conn, sel, action).await?;
    let (Some(system), Some(target), Some(_)) = (
        result.system.clone(),
        action.target_state(),
        result.reset_type.as_ref(),
    ) else {
        return Ok(result);
    };
    let started = Instant::now();
    if let Some(grace) = then.grace.filter(|_| action == PowerAction::Shutdown) {
        match poll_until(conn, &system, "Off", then.poll, grace).await? {
            Reading::Reached => return Ok(reached(result, target, started)),
            Reading::NotYet(sys) => {
                // Every reading failed (a busy BMC): read it once more, for its Reset.
                let sys = match sys {
                    Value::Null => conn.get(&system).await?,
                    sys => sys,
                };
                let state = text(&sys, "PowerState").unwrap_or_else(|| "unknown".into());
                let sent = reset(conn, &sys, PowerAction::Off).await?;
                result.escalated = Some(format!(
                    "{sent} sent: still {state} {} s after GracefulShutdown",
                    tenths(grace)
                ));
            }
        }
    }
    let Some(wait) = then.wait else {
        return Ok(result);
    };
    match poll_until(conn, &system, target, then.poll, wait).await? {
        Reading::Reached => Ok(reached(result, target, started)),
        Reading::NotYet(sys) => Err(RedfishError::WaitTimedOut {
            url: conn.absolute(&system),
            secs: tenths(wait),
            target: target.to_string(),
            state: text(&sys, "PowerState").unwrap_or_else(|| "unknown".into()),
        }),
    }
}

/// The result with the state reached and the time it took.
fn reached(mut result: PowerResult, target: &str, started: Instant) -> PowerResult {
    result.reached = Some(target.to_string());
    result.seconds = Some(tenths(started.elapsed()));
    result
}

/// Seconds to a tenth (`0.5`, `120`).
fn tenths(d: Duration) -> f64 {
    (d.as_secs_f64() * 10.0).round() / 10.0
}

/// What polling found.
enum Reading {
    /// The target state.
    Reached,
    /// Not the target state by the end: the system as last read.
    NotYet(Value),
}

/// Reads the system at `path` every `poll` until its PowerState is `target`, for at most
/// `limit`. A BMC busy with the power change (a 5xx answer, a dropped connection) is
/// asked again at the next poll; any other error ends the wait.
async fn poll_until(
    conn: &Conn,
    path: &str,
    target: &str,
    poll: Duration,
    limit: Duration,
) -> Result<Reading, RedfishError> {
    let end = Instant::now() + limit;
    let mut last = Value::Null;
    loop {
        match conn.get(path).await {
            Ok(sys) if text(&sys, "PowerState").as_deref() == Some(target) => {
                return Ok(Reading::Reached)
            }
            Ok(sys) => last = sys,
            Err(e) if e.is_transient() => {}
            Err(e) => return Err(e),
        }
        let now = Instant::now();
        if now >= end {
            return Ok(Reading::NotYet(last));
        }
        tokio::time::sleep(poll.min(end - now)).await;
    }
}
