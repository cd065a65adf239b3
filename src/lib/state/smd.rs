//! SMD's component `State` and `Flag` for a node, from its enabled flag and recorded
//! state. chami has no heartbeat, so `Standby` (heartbeat lost) is never derived, and no
//! reservations, so neither is `Locked`; a node in the inventory is never `Empty`.
//!
//! | recorded state                  | State       | Flag                          |
//! |---------------------------------|-------------|-------------------------------|
//! | nothing                         | `Populated` | `OK`                          |
//! | off                             | `Off`       | `OK`                          |
//! | halted (BMC: Paused)            | `Halt`      | `OK`                          |
//! | on, booting, kernel, root       | `On`        | `OK`, `Warning` when disabled |
//! | configured (seed fetched)       | `Ready`     | `OK`, `Warning` when disabled |
//! | a power reading chami can't read| `Unknown`   | `Unknown`                     |

use super::derive::power_state;
use super::{Kind, NodeHistory, NodeState};
use serde::Serialize;

/// SMD's `State` of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SmdState {
    /// Not known.
    Unknown,
    /// The location holds no component.
    Empty,
    /// Present, not tracked further.
    Populated,
    /// Present, powered off.
    Off,
    /// Powered on.
    On,
    /// Was ready, presumed dead.
    Standby,
    /// Was ready, halted.
    Halt,
    /// On and providing its services.
    Ready,
}

/// SMD's `Flag` of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SmdFlag {
    /// Working.
    #[serde(rename = "OK")]
    Ok,
    /// Working, but needs attention.
    Warning,
    /// Not working as expected.
    Alert,
    /// Reserved by another service.
    Locked,
    /// Not known.
    Unknown,
}

impl SmdState {
    const ALL: [SmdState; 8] = [
        SmdState::Unknown,
        SmdState::Empty,
        SmdState::Populated,
        SmdState::Off,
        SmdState::On,
        SmdState::Standby,
        SmdState::Halt,
        SmdState::Ready,
    ];

    /// SMD's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SmdState::Unknown => "Unknown",
            SmdState::Empty => "Empty",
            SmdState::Populated => "Populated",
            SmdState::Off => "Off",
            SmdState::On => "On",
            SmdState::Standby => "Standby",
            SmdState::Halt => "Halt",
            SmdState::Ready => "Ready",
        }
    }

    /// The state spelled `s`, in any case.
    pub fn parse(s: &str) -> Option<SmdState> {
        SmdState::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

impl SmdFlag {
    const ALL: [SmdFlag; 5] = [
        SmdFlag::Ok,
        SmdFlag::Warning,
        SmdFlag::Alert,
        SmdFlag::Locked,
        SmdFlag::Unknown,
    ];

    /// SMD's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SmdFlag::Ok => "OK",
            SmdFlag::Warning => "Warning",
            SmdFlag::Alert => "Alert",
            SmdFlag::Locked => "Locked",
            SmdFlag::Unknown => "Unknown",
        }
    }

    /// The flag spelled `s`, in any case.
    pub fn parse(s: &str) -> Option<SmdFlag> {
        SmdFlag::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

/// A node's SMD state and flag: `enabled` is its inventory flag, `history` what was
/// recorded of it (see the module's table).
pub fn smd_state(enabled: bool, history: Option<&NodeHistory>) -> (SmdState, SmdFlag) {
    let Some(h) = history else {
        return (SmdState::Populated, SmdFlag::Ok);
    };
    let unreadable_power = h
        .last(Kind::Power)
        .and_then(|e| e.detail.as_deref())
        .is_some_and(|p| power_state(p).is_none());
    let state = match h.state() {
        NodeState::Unknown => SmdState::Populated,
        NodeState::On if unreadable_power && h.last_boot().is_none() => {
            return (SmdState::Unknown, SmdFlag::Unknown)
        }
        NodeState::Off => SmdState::Off,
        NodeState::Halted => SmdState::Halt,
        NodeState::On | NodeState::Booting | NodeState::Kernel | NodeState::Root => SmdState::On,
        NodeState::Configured => SmdState::Ready,
    };
    let running = matches!(state, SmdState::On | SmdState::Ready);
    let flag = if running && !enabled {
        SmdFlag::Warning
    } else {
        SmdFlag::Ok
    };
    (state, flag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Event;

    fn with(events: &[(Kind, &str)]) -> NodeHistory {
        let mut h = NodeHistory::default();
        for (i, (k, d)) in events.iter().enumerate() {
            h.add(i as u64, Event::now("n1", *k, None, Some(d.to_string())));
        }
        h
    }

    #[test]
    fn the_documented_mapping() {
        use Kind::*;
        use SmdFlag as F;
        use SmdState as S;
        assert_eq!(smd_state(true, None), (S::Populated, F::Ok));
        type Case<'a> = (bool, &'a [(Kind, &'a str)], (SmdState, SmdFlag));
        let cases: &[Case] = &[
            (true, &[(Power, "Off")], (S::Off, F::Ok)),
            (false, &[(Power, "Off")], (S::Off, F::Ok)),
            (true, &[(Power, "Paused")], (S::Halt, F::Ok)),
            (true, &[(Power, "On")], (S::On, F::Ok)),
            (true, &[(Script, ""), (Kernel, "")], (S::On, F::Ok)),
            (
                true,
                &[(Script, ""), (Seed, "user-data")],
                (S::Ready, F::Ok),
            ),
            (
                false,
                &[(Script, ""), (Seed, "user-data")],
                (S::Ready, F::Warning),
            ),
            (false, &[(Power, "On")], (S::On, F::Warning)),
            (true, &[(Power, "Sleeping")], (S::Unknown, F::Unknown)),
        ];
        for (enabled, events, want) in cases {
            assert_eq!(
                smd_state(*enabled, Some(&with(events))),
                *want,
                "{events:?}"
            );
        }
    }
}
