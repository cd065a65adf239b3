//! ClusterShell's multivariate folding transcribed vector pair by vector pair, as chami
//! did it before interning the index sets ([`super::nd_merge`]): the reference the tests
//! of the faster folding compare against.

use super::ndset::product_len;
use super::point::PointSet;
use super::rangeset::RunVec;
use super::relation::{relation, Rel};

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
    let n = points.len();
    let mut vl = super::fold_nd::first_pass(points);
    // As after ClusterShell's first (cheap) pass: when it merged nothing, the next
    // passes are full ones.
    let mut chg = true;
    let mut full = vl.len() == n;
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

/// The first pass as ClusterShell does it, on a vector of one-index sets per point.
pub(super) fn first_pass(points: &PointSet) -> Vec<Vec<RunVec>> {
    let mut vl: Vec<Vec<RunVec>> = points
        .iter()
        .map(|p| p.iter().cloned().map(RunVec::single).collect())
        .collect();
    sort_vectors(&mut vl);
    let mut slots: Vec<Option<Vec<RunVec>>> = vl.into_iter().map(Some).collect();
    for i in 0..slots.len() {
        if slots[i].is_none() {
            continue;
        }
        for j in i + 1..slots.len() {
            let (left, right) = slots.split_at_mut(j);
            let (a, b) = (left[i].as_mut().unwrap(), right[0].as_mut().unwrap());
            if !try_merge(a, b) {
                break;
            }
            right[0] = None;
        }
    }
    slots.into_iter().flatten().collect()
}
