//! One-dimensional index sets, as sorted runs of consecutive values of one `seg`.

use super::fold::fold_slices;
use super::int::Int;
use super::key::Key;
use super::run::Run;
use std::borrow::Cow;

/// A set of indexes: sorted, non-overlapping, non-adjacent runs.
#[derive(Clone, Default, PartialEq, Eq, Hash, Debug)]
pub(super) struct RunVec {
    pub(super) runs: Vec<Run>,
    pub(super) len: u64,
}

impl RunVec {
    pub(super) fn single(k: Key) -> RunVec {
        RunVec {
            runs: vec![Run {
                seg: k.seg,
                hi: k.val.clone(),
                lo: k.val,
            }],
            len: 1,
        }
    }

    /// Appends a run that starts at or after the start of the last run.
    fn push(&mut self, seg: u32, lo: Int, hi: Int) {
        if let Some(last) = self.runs.last_mut() {
            if last.seg == seg && lo <= last.hi.add1() {
                if hi > last.hi {
                    self.len += hi.sub(&last.hi).to_u64_sat();
                    last.hi = hi;
                }
                return;
            }
        }
        let r = Run { seg, lo, hi };
        self.len += r.count();
        self.runs.push(r);
    }

    pub(super) fn from_unsorted(mut runs: Vec<Run>) -> RunVec {
        runs.sort_by(|a, b| (a.seg, &a.lo).cmp(&(b.seg, &b.lo)));
        let mut out = RunVec::default();
        for r in runs {
            out.push(r.seg, r.lo, r.hi);
        }
        out
    }

    /// From keys in increasing order (duplicates allowed).
    pub(super) fn from_sorted_keys<I: IntoIterator<Item = Key>>(keys: I) -> RunVec {
        let mut out = RunVec::default();
        for k in keys {
            out.push(k.seg, k.val.clone(), k.val);
        }
        out
    }

    pub(super) fn contains(&self, k: &Key) -> bool {
        let i = self
            .runs
            .partition_point(|r| (r.seg, &r.hi) < (k.seg, &k.val));
        self.runs
            .get(i)
            .is_some_and(|r| r.seg == k.seg && r.lo <= k.val)
    }

    pub(super) fn first_key(&self) -> Option<Key> {
        self.runs.first().map(Run::lo_key)
    }

    pub(super) fn last_key(&self) -> Option<Key> {
        self.runs.last().map(Run::hi_key)
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.runs.iter().flat_map(run_keys)
    }

    pub(super) fn union(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let (mut i, mut j) = (0, 0);
        while i < self.runs.len() || j < o.runs.len() {
            let take_a = match (self.runs.get(i), o.runs.get(j)) {
                (Some(a), Some(b)) => (a.seg, &a.lo) <= (b.seg, &b.lo),
                (Some(_), None) => true,
                _ => false,
            };
            let r = if take_a {
                i += 1;
                &self.runs[i - 1]
            } else {
                j += 1;
                &o.runs[j - 1]
            };
            out.push(r.seg, r.lo.clone(), r.hi.clone());
        }
        out
    }

    pub(super) fn intersection(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.runs.get(i), o.runs.get(j)) {
            if a.seg == b.seg {
                let lo = (&a.lo).max(&b.lo);
                let hi = (&a.hi).min(&b.hi);
                if lo <= hi {
                    out.push(a.seg, lo.clone(), hi.clone());
                }
            }
            if (a.seg, &a.hi) < (b.seg, &b.hi) {
                i += 1;
            } else {
                j += 1;
            }
        }
        out
    }

    pub(super) fn difference(&self, o: &RunVec) -> RunVec {
        let mut out = RunVec::default();
        let mut j = 0;
        for r in &self.runs {
            while j < o.runs.len() && (o.runs[j].seg, &o.runs[j].hi) < (r.seg, &r.lo) {
                j += 1;
            }
            let mut cur = r.lo.clone();
            let mut k = j;
            let mut done = false;
            while let Some(b) = o.runs.get(k) {
                if b.seg != r.seg || b.lo > r.hi {
                    break;
                }
                if b.lo > cur {
                    out.push(r.seg, cur.clone(), b.lo.sub1());
                }
                let next = b.hi.add1();
                if next > cur {
                    cur = next;
                }
                if cur > r.hi {
                    done = true;
                    break;
                }
                k += 1;
            }
            if !done {
                out.push(r.seg, cur, r.hi.clone());
            }
        }
        out
    }

    pub(super) fn is_subset(&self, o: &RunVec) -> bool {
        self.len <= o.len && self.inter_count(o) == self.len
    }

    /// `|self ∩ o|`, looking up the runs of the smaller set in the larger one.
    pub(super) fn inter_count(&self, o: &RunVec) -> u64 {
        let (small, large) = if self.runs.len() <= o.runs.len() {
            (self, o)
        } else {
            (o, self)
        };
        let mut n = 0;
        for r in &small.runs {
            let mut i = large
                .runs
                .partition_point(|x| (x.seg, &x.hi) < (r.seg, &r.lo));
            while let Some(x) = large.runs.get(i) {
                if x.seg != r.seg || x.lo > r.hi {
                    break;
                }
                let lo = (&x.lo).max(&r.lo);
                let hi = (&x.hi).min(&r.hi);
                n += hi.sub(lo).to_u64_sat() + 1;
                i += 1;
            }
        }
        n
    }

    /// ClusterShell's `RangeSet.__str__` (without brackets).
    pub(super) fn fold_str(&self) -> String {
        fold_slices(self.runs.iter().map(Cow::Borrowed)).join(",")
    }
}

fn run_keys(r: &Run) -> impl Iterator<Item = Key> + '_ {
    let mut next = Some(r.lo.clone());
    std::iter::from_fn(move || {
        let v = next.take()?;
        if v < r.hi {
            next = Some(v.add1());
        }
        Some(Key { seg: r.seg, val: v })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::idxtree::IdxTree;
    use crate::hostlist::pystr::py_int;
    use std::collections::HashSet;

    fn random_runvec(rng: &mut fastrand::Rng) -> RunVec {
        let mut keys: Vec<Key> = (0..rng.usize(0..30))
            .map(|_| Key::from_int_pad(Int::S(rng.i64(-5..40)), rng.u32(0..3)))
            .collect();
        keys.sort();
        RunVec::from_sorted_keys(keys)
    }

    fn key_set(r: &RunVec) -> HashSet<Key> {
        r.keys().collect()
    }

    #[test]
    fn run_sets_match_plain_sets() {
        let mut rng = fastrand::Rng::with_seed(42);
        for _ in 0..2000 {
            let (a, b) = (random_runvec(&mut rng), random_runvec(&mut rng));
            let (sa, sb) = (key_set(&a), key_set(&b));
            assert_eq!(a.len as usize, sa.len());
            assert_eq!(key_set(&a.union(&b)), &sa | &sb);
            assert_eq!(key_set(&a.intersection(&b)), &sa & &sb);
            assert_eq!(key_set(&a.difference(&b)), &sa - &sb);
            assert_eq!(a.inter_count(&b) as usize, (&sa & &sb).len());
            assert_eq!(a.union(&b), b.union(&a), "canonical");
            // the tree, run by run, gives the same canonical runs
            let mut t = IdxTree::from_runvec(a.clone());
            for r in &b.runs {
                t.insert_run(r);
            }
            assert_eq!(t.to_runvec(), a.union(&b));
            let mut t = IdxTree::from_runvec(a.clone());
            for r in &b.runs {
                t.remove_run(r);
            }
            assert_eq!(t.to_runvec(), a.difference(&b));
            let mut t = IdxTree::default();
            for k in b.keys() {
                t.insert(k);
            }
            assert_eq!(t.to_runvec(), b);
            for k in a.keys() {
                assert!(a.contains(&k));
            }
        }
    }

    #[test]
    fn fold_state_machine() {
        let f = |keys: &[&str]| {
            let mut ks: Vec<Key> = keys
                .iter()
                .map(|s| {
                    let v = py_int(s).unwrap();
                    let pad = if s.len() > 1 && s.starts_with('0') {
                        s.len() as u32
                    } else {
                        0
                    };
                    Key::from_int_pad(v, pad)
                })
                .collect();
            ks.sort();
            RunVec::from_sorted_keys(ks).fold_str()
        };
        assert_eq!(f(&["1", "2", "3", "5", "6"]), "1-3,5-6");
        assert_eq!(f(&["1", "3", "4"]), "1,3-4");
        assert_eq!(f(&["9", "05", "10"]), "9,05,10");
        assert_eq!(f(&["08", "09", "10", "11"]), "08-11");
        assert_eq!(f(&["9", "10", "11"]), "9-11");
        assert_eq!(f(&["-3", "-2", "0"]), "-3--2,0");
        assert_eq!(f(&["00", "0"]), "0,00");
    }
}
