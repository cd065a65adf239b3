//! n-dimensional index sets: the index tuples of a pattern with two digit groups or more,
//! as a cartesian product of one-dimensional sets when they are one, point by point
//! otherwise.

use super::fold_nd::multivariate_fold;
use super::fxhash::FxHashSet;
use super::key::Key;
use super::point::{Point, PointSet};
use super::rangeset::RunVec;

/// The index tuples of a pattern with two digit groups or more.
#[derive(Clone, Debug)]
pub(super) enum NdSet {
    /// The cartesian product of non-empty sets (one per axis).
    Product(Vec<RunVec>),
    /// Any other set, point by point (never empty).
    Points(PointSet),
}

/// Iterates over a product in ClusterShell's order (first axis slowest).
pub(super) fn product_points(dims: &[RunVec]) -> impl Iterator<Item = Point> + '_ {
    let axes: Vec<Vec<Key>> = dims.iter().map(|d| d.keys().collect()).collect();
    let mut idx = vec![0usize; axes.len()];
    let mut done = axes.iter().any(Vec::is_empty);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let p: Point = idx.iter().zip(&axes).map(|(&i, a)| a[i].clone()).collect();
        // odometer, last axis fastest
        let mut d = axes.len();
        loop {
            if d == 0 {
                done = true;
                break;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < axes[d].len() {
                break;
            }
            idx[d] = 0;
        }
        Some(p)
    })
}

pub(super) fn product_len(dims: &[RunVec]) -> u64 {
    dims.iter().fold(1u64, |n, d| n.saturating_mul(d.len))
}

fn product_contains(dims: &[RunVec], p: &[Key]) -> bool {
    dims.iter().zip(p).all(|(d, k)| d.contains(k))
}

/// The union of two products when it is itself one (one contains the other, or they
/// differ along one axis only), as ClusterShell's "univariate" folding finds it.
fn box_union(x: &[RunVec], y: &[RunVec]) -> Option<Vec<RunVec>> {
    if x.iter().zip(y).all(|(a, b)| b.is_subset(a)) {
        return Some(x.to_vec());
    }
    if x.iter().zip(y).all(|(a, b)| a.is_subset(b)) {
        return Some(y.to_vec());
    }
    let differing: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    if let [i] = differing[..] {
        let mut out = x.to_vec();
        out[i] = x[i].union(&y[i]);
        return Some(out);
    }
    None
}

impl NdSet {
    pub(super) fn len(&self) -> u64 {
        match self {
            NdSet::Product(d) => product_len(d),
            NdSet::Points(p) => p.len() as u64,
        }
    }

    pub(super) fn contains(&self, p: &[Key]) -> bool {
        match self {
            NdSet::Product(d) => product_contains(d, p),
            NdSet::Points(s) => s.contains(p),
        }
    }

    pub(super) fn points(&self) -> Box<dyn Iterator<Item = Point> + '_> {
        match self {
            NdSet::Product(d) => Box::new(product_points(d)),
            NdSet::Points(s) => Box::new(s.iter().cloned()),
        }
    }

    fn into_point_set(self) -> PointSet {
        match self {
            NdSet::Points(s) => s,
            NdSet::Product(d) => product_points(&d).collect(),
        }
    }

    pub(super) fn insert(&mut self, p: Point) {
        if self.contains(&p) {
            return;
        }
        if let NdSet::Product(d) = self {
            let single: Vec<RunVec> = p.iter().cloned().map(RunVec::single).collect();
            if let Some(u) = box_union(d, &single) {
                *d = u;
                return;
            }
            *self = NdSet::Points(product_points(d).collect());
        }
        if let NdSet::Points(s) = self {
            s.insert(p);
        }
    }

    fn from_points(s: PointSet) -> Option<NdSet> {
        (!s.is_empty()).then_some(NdSet::Points(s))
    }

    /// `self ∪= o`.
    pub(super) fn update(&mut self, o: &NdSet) {
        if let (NdSet::Product(x), NdSet::Product(y)) = (&mut *self, o) {
            if let Some(u) = box_union(x, y) {
                *x = u;
                return;
            }
        }
        if let NdSet::Product(_) = self {
            if o.len() > self.len() {
                let mut s = o.clone().into_point_set();
                s.extend(self.points());
                *self = NdSet::Points(s);
                return;
            }
            let taken = std::mem::replace(self, NdSet::Points(PointSet::default()));
            *self = NdSet::Points(taken.into_point_set());
        }
        if let NdSet::Points(s) = self {
            s.extend(o.points());
        }
    }

    /// `self ∖= o`; false when nothing is left.
    pub(super) fn difference_update(&mut self, o: &NdSet) -> bool {
        match self {
            NdSet::Points(s) => {
                if o.len() < s.len() as u64 {
                    for p in o.points() {
                        s.remove(&p);
                    }
                } else {
                    s.retain(|p| !o.contains(p));
                }
                !s.is_empty()
            }
            NdSet::Product(_) => match self.difference(o) {
                Some(d) => {
                    *self = d;
                    true
                }
                None => false,
            },
        }
    }

    pub(super) fn intersection(&self, o: &NdSet) -> Option<NdSet> {
        match (self, o) {
            (NdSet::Product(x), NdSet::Product(y)) => {
                let d: Vec<RunVec> = x.iter().zip(y).map(|(a, b)| a.intersection(b)).collect();
                d.iter().all(|r| r.len > 0).then_some(NdSet::Product(d))
            }
            _ => {
                let (iter_side, test_side) = match (self, o) {
                    (NdSet::Points(_), NdSet::Product(_)) => (self, o),
                    (NdSet::Product(_), NdSet::Points(_)) => (o, self),
                    _ if self.len() <= o.len() => (self, o),
                    _ => (o, self),
                };
                NdSet::from_points(
                    iter_side
                        .points()
                        .filter(|p| test_side.contains(p))
                        .collect(),
                )
            }
        }
    }

    fn difference(&self, o: &NdSet) -> Option<NdSet> {
        if let (NdSet::Product(x), NdSet::Product(y)) = (self, o) {
            let inter: Vec<RunVec> = x.iter().zip(y).map(|(a, b)| a.intersection(b)).collect();
            if inter.iter().any(|r| r.len == 0) {
                return Some(self.clone());
            }
            let not_covered: Vec<usize> =
                (0..x.len()).filter(|&i| inter[i].len < x[i].len).collect();
            match not_covered[..] {
                [] => return None,
                [i] => {
                    let mut d = x.clone();
                    d[i] = x[i].difference(&y[i]);
                    return Some(NdSet::Product(d));
                }
                _ => {}
            }
        }
        if let NdSet::Points(s) = self {
            if s.len() as u64 > o.len() {
                let mut s = s.clone();
                for p in o.points() {
                    s.remove(&p);
                }
                return NdSet::from_points(s);
            }
        }
        NdSet::from_points(self.points().filter(|p| !o.contains(p)).collect())
    }

    /// The vectors ClusterShell prints for this set: the product itself, or the result of
    /// its multivariate folding.
    pub(super) fn fold_vectors(&self) -> Vec<Vec<RunVec>> {
        match self {
            NdSet::Product(d) => vec![d.clone()],
            NdSet::Points(s) => match as_product(s) {
                Some(axes) => vec![axes],
                None => multivariate_fold(s),
            },
        }
    }

    /// Stores a set of points as a product when it is one.
    pub(super) fn normalized(self) -> NdSet {
        match self {
            NdSet::Points(s) => match as_product(&s) {
                Some(axes) => NdSet::Product(axes),
                None => NdSet::Points(s),
            },
            p => p,
        }
    }
}

/// The axes of a set of points when the set is their cartesian product.
fn as_product(s: &PointSet) -> Option<Vec<RunVec>> {
    let dims = s.iter().next().map_or(0, |p| p.len());
    let mut axes = Vec::with_capacity(dims);
    let mut total: u64 = 1;
    for i in 0..dims {
        let mut seen: FxHashSet<&Key> = Default::default();
        for p in s {
            seen.insert(&p[i]);
        }
        total = total.saturating_mul(seen.len() as u64);
        if total > s.len() as u64 {
            return None;
        }
        let mut ks: Vec<Key> = seen.into_iter().cloned().collect();
        ks.sort_unstable();
        axes.push(RunVec::from_sorted_keys(ks));
    }
    (total == s.len() as u64).then_some(axes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::int::Int;
    use std::collections::HashSet;

    fn random_ndset(rng: &mut fastrand::Rng) -> NdSet {
        if rng.bool() {
            NdSet::Product((0..2).map(|_| random_small_runvec(rng)).collect())
        } else {
            let mut s = PointSet::default();
            for _ in 0..rng.usize(1..20) {
                s.insert(
                    (0..2)
                        .map(|_| Key::from_int_pad(Int::S(rng.i64(0..5)), 0))
                        .collect(),
                );
            }
            NdSet::Points(s)
        }
    }

    fn random_small_runvec(rng: &mut fastrand::Rng) -> RunVec {
        let mut keys: Vec<Key> = (0..rng.usize(1..4))
            .map(|_| Key::from_int_pad(Int::S(rng.i64(0..5)), 0))
            .collect();
        keys.sort();
        RunVec::from_sorted_keys(keys)
    }

    fn point_set(s: &NdSet) -> HashSet<Point> {
        s.points().collect()
    }

    #[test]
    fn nd_sets_match_plain_sets() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let (a, b) = (random_ndset(&mut rng), random_ndset(&mut rng));
            let (sa, sb) = (point_set(&a), point_set(&b));
            let mut u = a.clone();
            u.update(&b);
            assert_eq!(point_set(&u), &sa | &sb);
            let inter = a
                .intersection(&b)
                .map(|s| point_set(&s))
                .unwrap_or_default();
            assert_eq!(inter, &sa & &sb);
            let mut d = a.clone();
            let left = d.difference_update(&b);
            assert_eq!(left, !(&sa - &sb).is_empty());
            if left {
                assert_eq!(point_set(&d), &sa - &sb);
            }
            // folded vectors cover the set exactly once
            let mut covered: Vec<Point> = a
                .fold_vectors()
                .iter()
                .flat_map(|v| product_points(v).collect::<Vec<_>>())
                .collect();
            let n = covered.len();
            covered.sort();
            covered.dedup();
            assert_eq!(covered.len(), n);
            assert_eq!(covered.into_iter().collect::<HashSet<_>>(), sa);
            assert_eq!(a.clone().normalized().len(), a.len());
        }
    }
}
