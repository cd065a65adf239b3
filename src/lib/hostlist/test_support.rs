//! Helpers shared by the unit tests of the node set module.

use super::nodeset::NodeSet;

/// Parses an expression that must be valid.
pub(super) fn ns(expr: &str) -> NodeSet {
    NodeSet::parse(expr).unwrap_or_else(|e| panic!("{expr:?}: {e}"))
}
