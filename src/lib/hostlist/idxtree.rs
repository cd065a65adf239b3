//! The one-dimensional index set of a pattern held in a tree, so that adding or removing a
//! few indexes of a large set stays cheap.

use super::int::Int;
use super::key::Key;
use super::rangeset::RunVec;
use super::run::Run;
use std::collections::BTreeMap;

/// Whether adding or removing `n` runs one by one into a tree of `of` runs beats
/// rebuilding it.
pub(super) fn few_runs(n: usize, of: usize) -> bool {
    n <= 16 || n * 8 < of
}

/// The one-dimensional index set of a pattern, in a tree so that single insertions stay
/// cheap: maps the first key of each run to the last value of the run.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub(super) struct IdxTree {
    pub(super) map: BTreeMap<Key, Int>,
    pub(super) len: u64,
}

impl IdxTree {
    pub(super) fn from_runvec(rv: RunVec) -> IdxTree {
        IdxTree {
            len: rv.len,
            map: rv
                .runs
                .into_iter()
                .map(|r| {
                    (
                        Key {
                            seg: r.seg,
                            val: r.lo,
                        },
                        r.hi,
                    )
                })
                .collect(),
        }
    }

    pub(super) fn runs(&self) -> impl Iterator<Item = Run> + '_ {
        self.map.iter().map(|(k, hi)| Run {
            seg: k.seg,
            lo: k.val.clone(),
            hi: hi.clone(),
        })
    }

    pub(super) fn to_runvec(&self) -> RunVec {
        RunVec {
            runs: self.runs().collect(),
            len: self.len,
        }
    }

    pub(super) fn contains(&self, k: &Key) -> bool {
        self.map
            .range(..=k)
            .next_back()
            .is_some_and(|(s, hi)| s.seg == k.seg && k.val <= *hi)
    }

    /// Adds the indexes `lo..=hi` of a segment, merging with the runs it touches.
    pub(super) fn insert_run(&mut self, r: &Run) {
        let seg = r.seg;
        let lo_key = Key {
            seg,
            val: r.lo.clone(),
        };
        let mut new_lo = r.lo.clone();
        let mut new_hi = r.hi.clone();
        let mut absorbed: Vec<(Key, u64)> = Vec::new();
        if let Some((k, h)) = self.map.range(..=&lo_key).next_back() {
            if k.seg == seg && h.add1() >= r.lo {
                new_lo = k.val.clone();
                if *h > new_hi {
                    new_hi = h.clone();
                }
                absorbed.push((k.clone(), h.sub(&k.val).to_u64_sat() + 1));
            }
        }
        let upper = Key {
            seg,
            val: r.hi.add1(),
        };
        for (k, h) in self.map.range((
            std::ops::Bound::Excluded(&lo_key),
            std::ops::Bound::Included(&upper),
        )) {
            if *h > new_hi {
                new_hi = h.clone();
            }
            absorbed.push((k.clone(), h.sub(&k.val).to_u64_sat() + 1));
        }
        for (k, n) in absorbed {
            self.map.remove(&k);
            self.len -= n;
        }
        self.len += new_hi.sub(&new_lo).to_u64_sat() + 1;
        self.map.insert(Key { seg, val: new_lo }, new_hi);
    }

    /// Removes the indexes `lo..=hi` of a segment.
    pub(super) fn remove_run(&mut self, r: &Run) {
        let seg = r.seg;
        let lo_key = Key {
            seg,
            val: r.lo.clone(),
        };
        let hi_key = Key {
            seg,
            val: r.hi.clone(),
        };
        let mut hit: Vec<(Key, Int)> = Vec::new();
        if let Some((k, h)) = self.map.range(..&lo_key).next_back() {
            if k.seg == seg && *h >= r.lo {
                hit.push((k.clone(), h.clone()));
            }
        }
        for (k, h) in self.map.range(&lo_key..=&hi_key) {
            hit.push((k.clone(), h.clone()));
        }
        for (k, h) in hit {
            self.map.remove(&k);
            self.len -= h.sub(&k.val).to_u64_sat() + 1;
            if k.val < r.lo {
                let left_hi = r.lo.sub1();
                self.len += left_hi.sub(&k.val).to_u64_sat() + 1;
                self.map.insert(k.clone(), left_hi);
            }
            if h > r.hi {
                let right_lo = r.hi.add1();
                self.len += h.sub(&right_lo).to_u64_sat() + 1;
                self.map.insert(Key { seg, val: right_lo }, h);
            }
        }
    }

    pub(super) fn insert(&mut self, k: Key) {
        let mut extend_prev: Option<Key> = None;
        if let Some((s, hi)) = self.map.range(..=&k).next_back() {
            if s.seg == k.seg {
                if k.val <= *hi {
                    return;
                }
                if hi.add1() == k.val {
                    extend_prev = Some(s.clone());
                }
            }
        }
        let next_key = Key {
            seg: k.seg,
            val: k.val.add1(),
        };
        let next_hi = self.map.remove(&next_key);
        match (extend_prev, next_hi) {
            (Some(p), Some(nh)) => {
                self.map.insert(p, nh);
            }
            (Some(p), None) => {
                self.map.insert(p, k.val);
            }
            (None, Some(nh)) => {
                self.map.insert(k, nh);
            }
            (None, None) => {
                let v = k.val.clone();
                self.map.insert(k, v);
            }
        }
        self.len += 1;
    }
}
