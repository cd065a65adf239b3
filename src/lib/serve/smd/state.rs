//! SMD's `State` and `Flag` of a node as `/hsm/v2` answers them: from what chami recorded
//! of the node (see [`crate::state::smd_state`]: its boot progress through `chami serve`,
//! its power from `chami bmc power status`), and for a node with no record yet from the
//! inventory alone: an enabled node is `Ready`, a disabled one `Populated`, both `OK`.
//! Clients such as the Ansible SMD plugin select `state=Ready` by default, so a site that
//! points them at `chami serve` keeps its enabled nodes listed before they next boot.

use crate::inventory::model::Node;
use crate::serve::state::AppState;
use crate::state::NodeHistory;
pub use crate::state::{SmdFlag as Flag, SmdState as State};

/// What was recorded of each node, by name.
pub type Histories = std::sync::Arc<crate::state::Latest>;

/// The recorded histories (empty when serve records nothing or the file cannot be read),
/// read incrementally: only what was appended since the last request.
pub fn histories(st: &AppState) -> Histories {
    st.recorder
        .as_ref()
        .and_then(|r| r.latest().ok())
        .unwrap_or_default()
}

/// The SMD state and flag of `node`, whose record is `history`.
pub fn smd_state(node: &Node, history: Option<&NodeHistory>) -> (State, Flag) {
    match history {
        Some(_) => crate::state::smd_state(node.is_enabled(), history),
        None if node.is_enabled() => (State::Ready, Flag::Ok),
        None => (State::Populated, Flag::Ok),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_record_enabled_is_ready_disabled_is_populated() {
        let mut n = Node::default();
        assert_eq!(smd_state(&n, None), (State::Ready, Flag::Ok));
        n.enabled = Some(false);
        assert_eq!(smd_state(&n, None), (State::Populated, Flag::Ok));
        // A record wins: nothing recorded of substance is `Populated`.
        let h = NodeHistory::default();
        assert_eq!(smd_state(&n, Some(&h)).0, State::Populated);
        assert_eq!(State::parse("off"), Some(State::Off));
        assert_eq!(Flag::parse("ok"), Some(Flag::Ok));
        assert_eq!(State::parse("Booting"), None);
    }
}
