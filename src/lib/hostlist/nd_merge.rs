//! The merge passes of ClusterShell's multivariate folding (`_fold_multivariate_merge`)
//! on vectors of interned index sets: each distinct set gets a number, so that comparing
//! two vectors compares numbers, and a full pass only visits the vectors that share every
//! axis but one with the vector it grows (found through one hash index per axis) rather
//! than every pair: the scattered case folds in linear time instead of quadratic, with
//! the same result.

use super::fxhash::{FxHashMap, FxHasher};
use super::rangeset::RunVec;
use super::relation::{relation, Rel};
use std::hash::Hasher;

/// Index sets by number, with the part of the sort key each contributes.
#[derive(Default)]
struct Sets {
    list: Vec<RunVec>,
    ids: FxHashMap<RunVec, u32>,
    /// Per set: its size (descending) and its first and last index as text (see
    /// [`sort_vectors`]).
    keys: Vec<Vec<u8>>,
}

impl Sets {
    fn intern(&mut self, r: RunVec) -> u32 {
        if let Some(&id) = self.ids.get(&r) {
            return id;
        }
        let id = u32::try_from(self.list.len()).expect("fewer sets than points");
        let mut key = (u64::MAX - r.len).to_be_bytes().to_vec();
        let mut text = String::new();
        for k in [r.first_key(), r.last_key()].into_iter().flatten() {
            text.clear();
            k.write(&mut text);
            key.extend_from_slice(text.as_bytes());
            key.push(0);
        }
        self.keys.push(key);
        self.ids.insert(r.clone(), id);
        self.list.push(r);
        id
    }
}

/// Sorts vectors (`dims` set numbers each) as ClusterShell's `RangeSetND._sort` (a stable
/// sort): larger vectors first, then per axis larger sets first, then the first and last
/// index of each axis compared as strings. Each key is encoded as bytes whose order is that
/// order (an index string only holds `-` and digits, so a 0 byte ends it), in one arena.
fn sort_vectors(vl: &mut Vec<u32>, dims: usize, sets: &Sets) {
    let n = vl.len() / dims;
    let mut arena: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(n);
    for v in vl.chunks_exact(dims) {
        let start = arena.len();
        let size = v
            .iter()
            .fold(1u64, |n, &id| n.saturating_mul(sets.list[id as usize].len));
        arena.extend_from_slice(&(u64::MAX - size).to_be_bytes());
        for &id in v {
            arena.extend_from_slice(&sets.keys[id as usize]);
        }
        spans.push((start, arena.len()));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| arena[spans[a].0..spans[a].1].cmp(&arena[spans[b].0..spans[b].1]));
    let old = std::mem::take(vl);
    vl.reserve(old.len());
    for i in order {
        vl.extend_from_slice(&old[i * dims..(i + 1) * dims]);
    }
}

/// Merges `b` into `a` when ClusterShell's `_fold_multivariate_merge` would: they differ
/// along one axis at most, with disjoint or nested sets there.
fn try_merge(a: &mut [u32], b: &[u32], sets: &mut Sets) -> bool {
    let mut differ = None;
    for (pos, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            if differ.is_some() {
                return false;
            }
            differ = Some(pos);
        }
    }
    let Some(pos) = differ else {
        return true;
    };
    let (x, y) = (&sets.list[a[pos] as usize], &sets.list[b[pos] as usize]);
    match relation(x, y) {
        Rel::Overlap => false,
        Rel::Equal | Rel::Contains => true,
        Rel::Inside => {
            a[pos] = b[pos];
            true
        }
        Rel::Disjoint => {
            let u = x.union(y);
            a[pos] = sets.intern(u);
            true
        }
    }
}

/// The hash of a vector without its axis `skip`: vectors that may merge share it for
/// some axis.
fn key_without(v: &[u32], skip: usize) -> u64 {
    let mut h = FxHasher::default();
    h.write_usize(skip);
    for (pos, &id) in v.iter().enumerate() {
        if pos != skip {
            h.write_u32(id);
        }
    }
    h.finish()
}

/// For each axis, the positions of the vectors by [`key_without`] that axis, in
/// increasing order. A hash collision only adds a candidate, which [`try_merge`] refuses.
struct Candidates {
    by_axis: Vec<FxHashMap<u64, Vec<u32>>>,
}

impl Candidates {
    fn new(vl: &[u32], dims: usize) -> Candidates {
        let mut by_axis: Vec<FxHashMap<u64, Vec<u32>>> = vec![Default::default(); dims];
        for (i, v) in vl.chunks_exact(dims).enumerate() {
            for (axis, map) in by_axis.iter_mut().enumerate() {
                map.entry(key_without(v, axis)).or_default().push(i as u32);
            }
        }
        Candidates { by_axis }
    }

    /// The first live vector after position `after` that may merge with `a`: every other
    /// vector differs from `a` along two axes or more.
    fn next(&self, a: &[u32], after: usize, live: &[bool]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (axis, map) in self.by_axis.iter().enumerate() {
            let Some(list) = map.get(&key_without(a, axis)) else {
                continue;
            };
            let from = list.partition_point(|&p| p as usize <= after);
            if let Some(&p) = list[from..].iter().find(|&&p| live[p as usize]) {
                let p = p as usize;
                if best.is_none_or(|b| p < b) {
                    best = Some(p);
                }
            }
        }
        best
    }
}

/// ClusterShell's merge passes over the vectors of the first pass (`full` when that pass
/// merged nothing): sort, then merge each vector with the ones after it that differ along
/// one axis, first in cheap passes that stop at the first vector that does not merge,
/// then in full passes, until a pass changes nothing.
pub(super) fn merge_passes(first: Vec<Vec<RunVec>>, mut full: bool) -> Vec<Vec<RunVec>> {
    let dims = first.first().map_or(0, Vec::len);
    if dims == 0 {
        return first;
    }
    let mut sets = Sets::default();
    let mut vl: Vec<u32> = Vec::with_capacity(first.len() * dims);
    for v in first {
        for r in v {
            vl.push(sets.intern(r));
        }
    }
    let mut chg = true;
    while chg {
        chg = false;
        sort_vectors(&mut vl, dims, &sets);
        let n = vl.len() / dims;
        let mut live = vec![true; n];
        let candidates = full.then(|| Candidates::new(&vl, dims));
        let mut a = vec![0u32; dims];
        for i in 0..n {
            if !live[i] {
                continue;
            }
            a.copy_from_slice(&vl[i * dims..(i + 1) * dims]);
            let mut j = i;
            loop {
                let next = match &candidates {
                    Some(c) => c.next(&a, j, &live),
                    None => (j + 1..n).find(|&k| live[k]),
                };
                let Some(k) = next else {
                    break;
                };
                j = k;
                if try_merge(&mut a, &vl[k * dims..(k + 1) * dims], &mut sets) {
                    live[k] = false;
                    chg = true;
                } else if !full {
                    break;
                }
            }
            vl[i * dims..(i + 1) * dims].copy_from_slice(&a);
        }
        let mut kept = Vec::with_capacity(vl.len());
        for (v, &l) in vl.chunks_exact(dims).zip(&live) {
            if l {
                kept.extend_from_slice(v);
            }
        }
        vl = kept;
        if !chg && !full {
            chg = true;
            full = true;
        }
    }
    vl.chunks_exact(dims)
        .map(|v| v.iter().map(|&id| sets.list[id as usize].clone()).collect())
        .collect()
}
