//! Multi-axis folding: ClusterShell's multivariate n-dimensional folding of a set of index
//! tuples into as few cartesian products as its algorithm finds, in its order.

use super::ndset::{product_len, PointSet};
use super::rangeset::RunVec;

/// How two index sets relate, tested in ClusterShell's order (`==`, disjoint, strict
/// subset or superset, partial overlap).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Rel {
    Equal,
    Disjoint,
    Contains,
    Inside,
    Overlap,
}

fn relation(a: &RunVec, b: &RunVec) -> Rel {
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

/// Tries to merge `b` into `a` as ClusterShell's `_fold_multivariate_merge` does: when the
/// vectors differ along one axis at most (disjoint or nested sets there).
fn try_merge(a: &mut [RunVec], b: &mut [RunVec]) -> bool {
    let mut change: Option<(usize, Rel)> = None;
    for pos in 0..a.len() {
        match relation(&a[pos], &b[pos]) {
            Rel::Equal => {}
            Rel::Overlap => return false,
            rel => {
                if change.is_some() {
                    return false;
                }
                change = Some((pos, rel));
            }
        }
    }
    match change {
        Some((pos, Rel::Disjoint)) => a[pos] = a[pos].union(&b[pos]),
        Some((pos, Rel::Inside)) => a[pos] = std::mem::take(&mut b[pos]),
        _ => {}
    }
    true
}

/// Sorts vectors as ClusterShell's `RangeSetND._sort` (a stable sort): larger vectors
/// first, then per axis larger sets first, then the first and last index of each axis
/// compared as strings. Each key is encoded as bytes whose order is that order (an index
/// string only holds `-` and digits, so a 0 byte ends it), in one arena.
fn sort_vectors(vl: &mut Vec<Vec<RunVec>>) {
    let mut arena: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(vl.len());
    let mut text = String::new();
    for v in vl.iter() {
        let start = arena.len();
        arena.extend_from_slice(&(u64::MAX - product_len(v)).to_be_bytes());
        for r in v {
            arena.extend_from_slice(&(u64::MAX - r.len).to_be_bytes());
            for k in [r.first_key(), r.last_key()].into_iter().flatten() {
                text.clear();
                k.write(&mut text);
                arena.extend_from_slice(text.as_bytes());
                arena.push(0);
            }
        }
        spans.push((start, arena.len()));
    }
    let mut order: Vec<usize> = (0..vl.len()).collect();
    order.sort_by(|&a, &b| arena[spans[a].0..spans[a].1].cmp(&arena[spans[b].0..spans[b].1]));
    let mut taken: Vec<Option<Vec<RunVec>>> = std::mem::take(vl).into_iter().map(Some).collect();
    *vl = order
        .into_iter()
        .map(|i| taken[i].take().expect("each index once"))
        .collect();
}

/// ClusterShell's multivariate n-dimensional folding (`RangeSetND._fold_multivariate`):
/// start from single points, sort, and merge neighbours that differ along one axis; first
/// with cheap passes that only look at the next vector, then with full passes.
pub(super) fn multivariate_fold(points: &PointSet) -> Vec<Vec<RunVec>> {
    let mut vl: Vec<Vec<RunVec>> = points
        .iter()
        .map(|p| p.iter().cloned().map(RunVec::single).collect())
        .collect();
    let mut full = false;
    let mut chg = true;
    while chg {
        chg = false;
        sort_vectors(&mut vl);
        let mut slots: Vec<Option<Vec<RunVec>>> = vl.into_iter().map(Some).collect();
        let n = slots.len();
        for i in 0..n {
            if slots[i].is_none() {
                continue;
            }
            let mut j = i + 1;
            loop {
                while j < n && slots[j].is_none() {
                    j += 1;
                }
                if j >= n {
                    break;
                }
                let (left, right) = slots.split_at_mut(j);
                let a = left[i].as_mut().expect("live slot");
                let b = right[0].as_mut().expect("live slot");
                if try_merge(a, b) {
                    right[0] = None;
                    chg = true;
                } else if !full {
                    break;
                }
                j += 1;
            }
        }
        vl = slots.into_iter().flatten().collect();
        if !chg && !full {
            chg = true;
            full = true;
        }
    }
    vl
}

#[cfg(test)]
mod tests {
    use crate::hostlist::test_support::ns;
    use crate::hostlist::NodeSet;

    #[test]
    fn several_dimensions() {
        let set = ns("r[1-2]n[01-03]");
        assert_eq!(set.len(), 6);
        assert!(set.contains("r2n03"));
        assert!(!set.contains("r2n3"));
        assert!(!set.contains("r3n01"));
        assert_eq!(set.fold_slurm(), "r1n[01-03],r2n[01-03]");
        let names: NodeSet = ["r2n1", "r1n1", "r1n2", "r2n2", "r1n2"]
            .into_iter()
            .collect();
        assert_eq!(names.fold(), "r[1-2]n[1-2]");
        let hpe: NodeSet = (0..4)
            .flat_map(|s| (0..2).map(move |n| format!("x1000c0s{s}b0n{n}")))
            .collect();
        assert_eq!(hpe.fold(), "x1000c0s[0-3]b0n[0-1]");
        assert_eq!(hpe.len(), 8);
        // digits at the start and in the middle
        assert_eq!(ns("1a2,1a3,2a2,2a3").fold(), "[1-2]a[2-3]");
    }

    #[test]
    fn multivariate_folding() {
        // ClusterShell 1.9 outputs
        assert_eq!(ns("r[1-3]n[1-4]!r2n2").fold(), "r[1,3]n[1-4],r2n[1,3-4]");
        assert_eq!(
            ns("a1b1,a1b2,a2b2,a2b3,a3b3").fold(),
            "a1b[1-2],a2b[2-3],a3b3"
        );
        let diagonal: NodeSet = (0..5).map(|i| format!("c{i}g{i}")).collect();
        assert_eq!(diagonal.fold(), "c0g0,c1g1,c2g2,c3g3,c4g4");
    }
}
