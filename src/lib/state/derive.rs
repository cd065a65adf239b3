//! A node's state from its latest events: how far its current boot got (from the last
//! boot script fetched on), or its power when that is all there is.
//!
//! | state        | when                                                           |
//! |--------------|----------------------------------------------------------------|
//! | `unknown`    | no event                                                       |
//! | `off`        | the BMC's last reading, newer than any boot event, is Off      |
//! | `halted`     | that reading is Paused                                         |
//! | `on`         | that reading is On (or PoweringOn) and no boot event since     |
//! | `booting`    | the boot script was fetched, nothing after it yet              |
//! | `kernel`     | kernel or initrd fetched since the script                      |
//! | `root`       | root image fetched since the script                            |
//! | `configured` | a cloud-init seed file fetched since the script                |

use super::{Event, Kind};
use serde::Serialize;
use std::net::IpAddr;

/// A node's derived state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeState {
    /// Nothing recorded.
    Unknown,
    /// Powered off.
    Off,
    /// Paused by its BMC.
    Halted,
    /// Powered on, no boot seen since.
    On,
    /// Boot script fetched.
    Booting,
    /// Kernel or initrd fetched.
    Kernel,
    /// Root image fetched.
    Root,
    /// cloud-init seed fetched.
    Configured,
}

impl NodeState {
    /// The name shown.
    pub fn name(self) -> &'static str {
        match self {
            NodeState::Unknown => "unknown",
            NodeState::Off => "off",
            NodeState::Halted => "halted",
            NodeState::On => "on",
            NodeState::Booting => "booting",
            NodeState::Kernel => "kernel",
            NodeState::Root => "root",
            NodeState::Configured => "configured",
        }
    }
}

/// The boot step a kind of event shows.
fn step(kind: Kind) -> Option<NodeState> {
    Some(match kind {
        Kind::Script => NodeState::Booting,
        Kind::Kernel | Kind::Initrd => NodeState::Kernel,
        Kind::Root => NodeState::Root,
        Kind::Seed => NodeState::Configured,
        Kind::Power => return None,
    })
}

/// What a Redfish PowerState means here (`None`: a value chami does not know).
pub(super) fn power_state(text: &str) -> Option<NodeState> {
    match text {
        "On" | "PoweringOn" => Some(NodeState::On),
        "Off" | "PoweringOff" => Some(NodeState::Off),
        "Paused" => Some(NodeState::Halted),
        _ => None,
    }
}

/// A node's latest event of each kind, with its place in the file.
#[derive(Debug, Clone, Default)]
pub struct NodeHistory {
    last: [Option<(u64, Event)>; Kind::ALL.len()],
}

impl NodeHistory {
    /// Takes `e`, the `seq`-th event of the file.
    pub fn add(&mut self, seq: u64, e: Event) {
        let slot = &mut self.last[e.what as usize];
        if slot.as_ref().is_none_or(|(s, _)| *s <= seq) {
            *slot = Some((seq, e));
        }
    }

    fn seq_of(&self, kind: Kind) -> Option<u64> {
        self.last[kind as usize].as_ref().map(|(s, _)| *s)
    }

    /// The latest event of `kind`.
    pub fn last(&self, kind: Kind) -> Option<&Event> {
        self.last[kind as usize].as_ref().map(|(_, e)| e)
    }

    /// The latest event that is not a power reading.
    pub fn last_boot(&self) -> Option<&Event> {
        self.last
            .iter()
            .flatten()
            .filter(|(_, e)| e.what != Kind::Power)
            .max_by_key(|(s, _)| *s)
            .map(|(_, e)| e)
    }

    /// The address of its latest boot event (the node's own, not its BMC's).
    pub fn last_address(&self) -> Option<IpAddr> {
        self.last_boot().and_then(|e| e.from)
    }

    /// The power reading, if one was recorded and chami knows the value.
    pub fn power(&self) -> Option<NodeState> {
        self.last(Kind::Power)
            .and_then(|e| e.detail.as_deref())
            .and_then(power_state)
    }

    /// The derived state (see the module's table).
    pub fn state(&self) -> NodeState {
        let power_seq = self.seq_of(Kind::Power).unwrap_or(0);
        let power = self.power();
        // A reading of off (or paused) newer than the boot events ends that boot.
        let stopped = matches!(power, Some(NodeState::Off | NodeState::Halted));
        let from = match (self.seq_of(Kind::Script), stopped) {
            (Some(s), true) => s.max(power_seq + 1),
            (Some(s), false) => s,
            (None, true) => power_seq + 1,
            (None, false) => 0,
        };
        let progress = Kind::ALL
            .iter()
            .filter(|k| self.seq_of(**k).is_some_and(|s| s >= from))
            .filter_map(|k| step(*k))
            .max();
        progress
            .or(power)
            .unwrap_or(if self.last.iter().any(Option::is_some) {
                NodeState::On
            } else {
                NodeState::Unknown
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(events: &[(Kind, &str)]) -> NodeHistory {
        let mut h = NodeHistory::default();
        for (i, (k, d)) in events.iter().enumerate() {
            h.add(
                i as u64 + 1,
                Event::now("n1", *k, None, Some(d.to_string())),
            );
        }
        h
    }

    #[test]
    fn states_follow_the_boot() {
        use Kind::*;
        use NodeState as S;
        let cases: &[(&[(Kind, &str)], NodeState)] = &[
            (&[], S::Unknown),
            (&[(Power, "Off")], S::Off),
            (&[(Power, "On")], S::On),
            (&[(Power, "Paused")], S::Halted),
            (&[(Power, "On"), (Script, "")], S::Booting),
            (&[(Script, ""), (Kernel, ""), (Initrd, "")], S::Kernel),
            (&[(Script, ""), (Kernel, ""), (Root, "")], S::Root),
            (
                &[(Script, ""), (Root, ""), (Seed, "meta-data")],
                S::Configured,
            ),
            // A new boot: what came before the new script does not count.
            (
                &[(Kernel, ""), (Root, ""), (Seed, ""), (Script, "")],
                S::Booting,
            ),
            // Powered off after the boot, then a power reading of on: no boot since.
            (&[(Script, ""), (Seed, ""), (Power, "Off")], S::Off),
            (&[(Script, ""), (Seed, ""), (Power, "On")], S::Configured),
            // A diskful node that boots from disk: only its seed.
            (&[(Seed, "user-data")], S::Configured),
            (&[(Power, "Off"), (Seed, "user-data")], S::Configured),
            (&[(Power, "Sleeping")], S::On),
        ];
        for (events, want) in cases {
            assert_eq!(history(events).state(), *want, "{events:?}");
        }
    }
}
