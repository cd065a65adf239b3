//! How two one-dimensional index sets relate, the test multi-axis folding merges by.

use super::rangeset::RunVec;

/// How two index sets relate, tested in ClusterShell's order (`==`, disjoint, strict
/// subset or superset, partial overlap).
#[derive(PartialEq, Eq, Clone, Copy)]
pub(super) enum Rel {
    /// The same set.
    Equal,
    /// No index in common.
    Disjoint,
    /// `a` is a strict superset of `b`.
    Contains,
    /// `a` is a strict subset of `b`.
    Inside,
    /// Some in common, neither holds the other.
    Overlap,
}

/// How `a` relates to `b`.
pub(super) fn relation(a: &RunVec, b: &RunVec) -> Rel {
    if a.len == b.len && a == b {
        return Rel::Equal;
    }
    let n = a.inter_count(b);
    if n == 0 {
        Rel::Disjoint
    } else if n == b.len && a.len > b.len {
        Rel::Contains
    } else if n == a.len && b.len > a.len {
        Rel::Inside
    } else {
        Rel::Overlap
    }
}
