//! Multi-axis folding: ClusterShell's multivariate n-dimensional folding of a set of index
//! tuples into as few cartesian products as its algorithm finds, in its order.

use super::nd_merge::merge_passes;
use super::point::PointSet;
use super::rangeset::RunVec;

/// ClusterShell's multivariate n-dimensional folding (`RangeSetND._fold_multivariate`):
/// start from single points, sort, and merge neighbours that differ along one axis; first
/// with cheap passes that only look at the next vector, then with full passes.
pub(super) fn multivariate_fold(points: &PointSet) -> Vec<Vec<RunVec>> {
    let vl = first_pass(points);
    // As after ClusterShell's first (cheap) pass: when it merged nothing, the next
    // passes are full ones.
    let full = vl.len() == points.len();
    merge_passes(vl, full)
}

/// The first pass of [`multivariate_fold`] (sort the single points, merge each into the
/// vector before it while they differ along one axis), computed on the points themselves
/// rather than on a vector of one-index sets per point: at 100,000 addresses this pass is
/// most of the work, and building those sets alone cost 400,000 allocations.
///
/// On single points ClusterShell's sort key reduces to each axis's index text in
/// turn, and a merge into the vector `a` being built succeeds exactly when the point
/// differs from `a`'s first point along one axis and that axis is the one `a` already
/// varies along (or `a` does not vary yet).
pub(super) fn first_pass(points: &PointSet) -> Vec<Vec<RunVec>> {
    let points: Vec<&[super::key::Key]> = points.iter().map(|p| &p[..]).collect();
    let mut arena: Vec<u8> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(points.len());
    let mut text = String::new();
    for p in &points {
        let start = arena.len();
        for k in p.iter() {
            text.clear();
            k.write(&mut text);
            arena.extend_from_slice(text.as_bytes());
            arena.push(0);
        }
        spans.push((start, arena.len()));
    }
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| arena[spans[a].0..spans[a].1].cmp(&arena[spans[b].0..spans[b].1]));

    let mut out = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let base = points[order[i]];
        // The axis this vector varies along, and the indexes it has there.
        let mut axis: Option<usize> = None;
        let mut along: Vec<super::key::Key> = Vec::new();
        let mut j = i + 1;
        while j < order.len() {
            let q = points[order[j]];
            let mut differ = (0..base.len()).filter(|&pos| q[pos] != base[pos]);
            let (first, second) = (differ.next(), differ.next());
            match (axis, first, second) {
                (None, Some(pos), None) => {
                    axis = Some(pos);
                    along.push(q[pos].clone());
                }
                (Some(a), Some(pos), None) if pos == a => along.push(q[pos].clone()),
                _ => break,
            }
            j += 1;
        }
        out.push(
            base.iter()
                .enumerate()
                .map(|(pos, k)| {
                    if axis == Some(pos) {
                        let mut keys = std::mem::take(&mut along);
                        keys.push(k.clone());
                        keys.sort_unstable();
                        RunVec::from_sorted_keys(keys)
                    } else {
                        RunVec::single(k.clone())
                    }
                })
                .collect(),
        );
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::hostlist::fold_nd_reference as reference;
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
    fn the_first_pass_on_points_is_clustershells() {
        let mut rng = fastrand::Rng::with_seed(7);
        for round in 0..300 {
            let dims = 2 + round % 3;
            let width = 1 + rng.usize(..12);
            let names: Vec<String> = (0..rng.usize(1..200))
                .map(|_| {
                    (0..dims)
                        .map(|d| {
                            let v = rng.usize(..width);
                            // Some axes padded, some not: their texts sort differently.
                            if d % 2 == 0 {
                                format!("a{v}")
                            } else {
                                format!("b{v:02}")
                            }
                        })
                        .collect()
                })
                .collect();
            let set: NodeSet = names.iter().map(String::as_str).collect();
            let Some(points) = set.test_points() else {
                continue;
            };
            assert_eq!(
                super::first_pass(&points),
                reference::first_pass(&points),
                "round {round}: {names:?}"
            );
        }
    }

    /// Random points in 2 to 5 dimensions, from sparse to dense, some axes padded.
    fn random_points(rng: &mut fastrand::Rng, round: usize) -> Vec<String> {
        let dims = 2 + round % 4;
        let widths: Vec<usize> = (0..dims).map(|_| 1 + rng.usize(..6)).collect();
        let keep = rng.u32(1..=10);
        let mut names = Vec::new();
        let total: usize = widths.iter().product();
        for mut i in 0..total {
            if rng.u32(0..10) >= keep {
                continue;
            }
            let mut name = String::new();
            for (d, w) in widths.iter().enumerate() {
                let v = i % w;
                i /= w;
                // Padding of some values on some axes: their texts sort differently.
                if d % 2 == 1 && v % 3 == 0 {
                    name.push_str(&format!("a{v:02}"));
                } else {
                    name.push_str(&format!("a{v}"));
                }
            }
            names.push(name);
        }
        rng.shuffle(&mut names);
        names
    }

    #[test]
    fn interned_folding_is_the_pairwise_one() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut folded = 0;
        for round in 0..1500 {
            let names = random_points(&mut rng, round);
            let set: NodeSet = names.iter().map(String::as_str).collect();
            let Some(points) = set.test_points() else {
                continue;
            };
            folded += 1;
            assert_eq!(
                super::multivariate_fold(&points),
                reference::multivariate_fold(&points),
                "round {round}: {names:?}"
            );
        }
        assert!(folded > 1000, "{folded} sets folded");
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
