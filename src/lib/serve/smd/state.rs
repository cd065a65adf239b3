//! SMD's `State` and `Flag` of a node. Until chami records node state, they come from
//! the inventory alone: an enabled node is `Ready` (chami boots it when it asks, and
//! clients such as the Ansible SMD plugin select `state=Ready` by default), a disabled
//! node `Populated` (present but out of service: serve gives it no boot script), both
//! with flag `OK`. [`smd_state`] is the one place to rewire to recorded state.

use crate::inventory::model::Node;
use std::fmt;

/// SMD's `HMSState` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Unknown.
    Unknown,
    /// Empty location.
    Empty,
    /// Present, nothing more known.
    Populated,
    /// Powered off.
    Off,
    /// Powered on.
    On,
    /// Standby.
    Standby,
    /// Halted.
    Halt,
    /// Booted and healthy.
    Ready,
}

/// SMD's `HMSFlag` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// No problem.
    Ok,
    /// A warning.
    Warning,
    /// An alert.
    Alert,
    /// Locked.
    Locked,
}

impl State {
    const ALL: [State; 8] = [
        State::Unknown,
        State::Empty,
        State::Populated,
        State::Off,
        State::On,
        State::Standby,
        State::Halt,
        State::Ready,
    ];

    /// SMD's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Unknown => "Unknown",
            State::Empty => "Empty",
            State::Populated => "Populated",
            State::Off => "Off",
            State::On => "On",
            State::Standby => "Standby",
            State::Halt => "Halt",
            State::Ready => "Ready",
        }
    }

    /// The state spelled `s`, in any case.
    pub fn parse(s: &str) -> Option<State> {
        State::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

impl Flag {
    const ALL: [Flag; 4] = [Flag::Ok, Flag::Warning, Flag::Alert, Flag::Locked];

    /// SMD's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Ok => "OK",
            Flag::Warning => "Warning",
            Flag::Alert => "Alert",
            Flag::Locked => "Locked",
        }
    }

    /// The flag spelled `s`, in any case.
    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The SMD state and flag of `node`.
pub fn smd_state(node: &Node) -> (State, Flag) {
    if node.is_enabled() {
        (State::Ready, Flag::Ok)
    } else {
        (State::Populated, Flag::Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_is_ready_disabled_is_populated_and_names_parse_in_any_case() {
        let mut n = Node::default();
        assert_eq!(smd_state(&n), (State::Ready, Flag::Ok));
        n.enabled = Some(false);
        assert_eq!(smd_state(&n), (State::Populated, Flag::Ok));
        assert_eq!(State::parse("off"), Some(State::Off));
        assert_eq!(Flag::parse("ok"), Some(Flag::Ok));
        assert_eq!(State::parse("Booting"), None);
    }
}
