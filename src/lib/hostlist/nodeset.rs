//! The `NodeSet` type: membership, insertion, counting and the set operations (union,
//! difference, intersection, symmetric difference).

use super::idxtree::{few_runs, IdxTree};
use super::key::Key;
use super::name::SCAN_BUF;
use super::ndset::NdSet;
use super::pattern::{pattern_pieces, Entry, Group};
use super::pystr::py_strip;
use super::rangeset::RunVec;
use std::collections::BTreeMap;

/// A set of node names with ClusterShell's semantics and ordering.
///
/// Build one with [`NodeSet::parse`] (or [`NodeSet::parse_with`] to resolve node groups
/// and attribute selectors), from names with [`FromIterator`] or [`NodeSet::insert`], and
/// print it with [`NodeSet::fold`] (`nodeset -f`) or iterate it ([`NodeSet::iter`], the
/// order of `nodeset -e`).
#[derive(Clone, Default)]
pub struct NodeSet {
    /// By ClusterShell pattern string (`"nid%s"`), which is also the printing order.
    pub(super) groups: BTreeMap<String, Group>,
}

impl NodeSet {
    /// An empty set.
    pub fn new() -> Self {
        NodeSet::default()
    }

    /// The points of the first pattern with two digit groups or more (tests of folding).
    #[cfg(test)]
    pub(super) fn test_points(&self) -> Option<super::point::PointSet> {
        self.groups.values().find_map(|g| match &g.entry {
            Entry::Nd(nd) => Some(nd.points().collect()),
            _ => None,
        })
    }

    pub(super) fn from_atom(pat: String, rsets: Vec<RunVec>) -> NodeSet {
        let entry = match rsets.len() {
            0 => Entry::Single,
            1 => Entry::One(IdxTree::from_runvec(rsets.into_iter().next().expect("one"))),
            _ => Entry::Nd(NdSet::Product(rsets)),
        };
        let mut ns = NodeSet::new();
        ns.groups.insert(
            pat.clone(),
            Group {
                pieces: pattern_pieces(&pat),
                entry,
            },
        );
        ns
    }

    /// Adds (or removes) the names of one parsed operand, without building a set for it.
    pub(super) fn apply_simple(&mut self, add: bool, pat: String, rsets: Vec<RunVec>) {
        let Some(g) = self.groups.get_mut(&pat) else {
            if add {
                self.update(&NodeSet::from_atom(pat, rsets));
            }
            return;
        };
        let keep = match (&mut g.entry, rsets.len()) {
            (Entry::Single, _) => add,
            (Entry::One(t), 1) if few_runs(rsets[0].runs.len(), t.map.len()) => {
                for r in &rsets[0].runs {
                    if add {
                        t.insert_run(r);
                    } else {
                        t.remove_run(r);
                    }
                }
                t.len > 0
            }
            (entry, _) => {
                let other = NodeSet::from_atom(pat.clone(), rsets);
                let oe = &other.groups[&pat].entry;
                if add {
                    entry.update(oe);
                    true
                } else {
                    entry.difference_update(oe)
                }
            }
        };
        if !keep {
            self.groups.remove(&pat);
        }
    }

    fn insert_scanned(&mut self, pat: String, mut keys: Vec<Key>) {
        match self.groups.get_mut(&pat) {
            Some(g) => match &mut g.entry {
                Entry::Single => {}
                Entry::One(t) => t.insert(keys.pop().expect("one index")),
                Entry::Nd(s) => s.insert(keys.into_boxed_slice()),
            },
            None => {
                let entry = match keys.len() {
                    0 => Entry::Single,
                    1 => Entry::One(IdxTree::from_runvec(RunVec::single(
                        keys.pop().expect("one"),
                    ))),
                    _ => Entry::Nd(NdSet::Product(
                        keys.into_iter().map(RunVec::single).collect(),
                    )),
                };
                let pieces = pattern_pieces(&pat);
                self.groups.insert(pat, Group { pieces, entry });
            }
        }
    }

    /// Adds one node name, taken literally (no brackets or operators are interpreted, as
    /// ClusterShell's `NodeSet._fromlist1`); surrounding whitespace is ignored, and an empty
    /// name is ignored.
    pub fn insert(&mut self, name: &str) {
        SCAN_BUF.with(|b| {
            let mut b = b.borrow_mut();
            if b.scan(py_strip(name)).is_err() {
                return;
            }
            let b = &mut *b;
            match self.groups.get_mut(b.pat.as_str()) {
                Some(g) => match &mut g.entry {
                    Entry::Single => {}
                    Entry::One(t) => t.insert(b.keys.pop().expect("one index")),
                    Entry::Nd(s) => s.insert(b.keys.as_slice().into()),
                },
                None => self.insert_scanned(b.pat.clone(), std::mem::take(&mut b.keys)),
            }
        })
    }

    /// Whether the set holds this node name (a single name, not an expression).
    pub fn contains(&self, name: &str) -> bool {
        SCAN_BUF.with(|b| {
            let mut b = b.borrow_mut();
            if b.scan(py_strip(name)).is_err() {
                return false;
            }
            match self.groups.get(b.pat.as_str()).map(|g| &g.entry) {
                None => false,
                Some(Entry::Single) => true,
                Some(Entry::One(t)) => t.contains(&b.keys[0]),
                Some(Entry::Nd(s)) => s.contains(&b.keys),
            }
        })
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        let n: u64 = self.groups.values().map(|g| g.entry.len()).sum();
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// Whether the set has no names.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    fn remove_empty(&mut self) {
        self.groups.retain(|_, g| g.entry.len() > 0);
    }

    /// Adds every name of `other` (union, in place).
    pub fn update(&mut self, other: &NodeSet) {
        for (pat, og) in &other.groups {
            match self.groups.get_mut(pat) {
                Some(g) => g.entry.update(&og.entry),
                None => {
                    self.groups.insert(pat.clone(), og.clone());
                }
            }
        }
    }

    /// Removes every name of `other` (difference, in place).
    pub fn difference_update(&mut self, other: &NodeSet) {
        for (pat, og) in &other.groups {
            if let Some(g) = self.groups.get_mut(pat) {
                if !g.entry.difference_update(&og.entry) {
                    self.groups.remove(pat);
                }
            }
        }
    }

    /// Keeps only the names also in `other` (intersection, in place).
    pub fn intersection_update(&mut self, other: &NodeSet) {
        let groups = std::mem::take(&mut self.groups);
        for (pat, mut g) in groups {
            if let Some(og) = other.groups.get(&pat) {
                if let Some(e) = g.entry.intersection(&og.entry) {
                    g.entry = e;
                    self.groups.insert(pat, g);
                }
            }
        }
    }

    /// Keeps the names in exactly one of the two sets (symmetric difference, in place).
    pub fn symmetric_difference_update(&mut self, other: &NodeSet) {
        let right_only = other.difference(self);
        self.difference_update(other);
        self.update(&right_only);
        self.remove_empty();
    }

    /// The names in either set.
    pub fn union(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.update(other);
        s
    }

    /// The names of `self` that are not in `other`.
    pub fn difference(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.difference_update(other);
        s
    }

    /// The names in both sets.
    pub fn intersection(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.intersection_update(other);
        s
    }

    /// The names in exactly one of the two sets.
    pub fn symmetric_difference(&self, other: &NodeSet) -> NodeSet {
        let mut s = self.clone();
        s.symmetric_difference_update(other);
        s
    }

    /// Whether every name of `self` is in `other`.
    pub fn is_subset(&self, other: &NodeSet) -> bool {
        self.difference(other).is_empty()
    }
}

impl PartialEq for NodeSet {
    fn eq(&self, other: &NodeSet) -> bool {
        self.groups.len() == other.groups.len()
            && self
                .groups
                .iter()
                .zip(&other.groups)
                .all(|((pa, a), (pb, b))| pa == pb && a.entry.same_set(&b.entry))
    }
}

impl Eq for NodeSet {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::fold;
    use crate::hostlist::test_support::ns;

    #[test]
    fn padding_makes_different_nodes() {
        let set = ns("a[1,01,001]");
        assert_eq!(set.len(), 3);
        for name in ["a1", "a01", "a001"] {
            assert!(set.contains(name), "{name}");
        }
        assert!(!set.contains("a0001"));
        assert!(!ns("nid[001-010]").contains("nid1"));
        assert!(ns("nid[001-010]").contains("nid001"));
        // a padded range goes on past its width without padding
        assert_eq!(ns("n[098-101]").to_vec(), ["n098", "n099", "n100", "n101"]);
        assert_eq!(ns("n[8-10]").fold(), "n[8-10]");
        assert_eq!(ns("n[08-10]").fold(), "n[08-10]");
    }

    #[test]
    fn set_methods() {
        let a = ns("n[1-5],r1n[1-2]");
        let b = ns("n[4-8],r1n2,login");
        assert_eq!(a.union(&b).fold(), "login,n[1-8],r1n[1-2]");
        assert_eq!(a.intersection(&b).fold(), "n[4-5],r1n2");
        assert_eq!(a.difference(&b).fold(), "n[1-3],r1n1");
        assert_eq!(a.symmetric_difference(&b).fold(), "login,n[1-3,6-8],r1n1");
        assert!(ns("n[2-3]").is_subset(&a));
        assert!(!b.is_subset(&a));
        let mut c = a.clone();
        c.update(&b);
        c.difference_update(&ns("n[2-7]"));
        c.intersection_update(&ns("n[1-10],login"));
        c.symmetric_difference_update(&ns("n[8-9]"));
        assert_eq!(c.fold(), "login,n[1,9]");
        assert_eq!(a, ns("r1n2,n[1-5],r1n1"));
        assert_ne!(a, b);
        assert_eq!(NodeSet::new(), NodeSet::default());
        assert_eq!(format!("{a:?}"), "NodeSet(\"n[1-5],r1n[1-2]\")");
        assert_eq!(a.to_string(), "n[1-5],r1n[1-2]");
    }

    #[test]
    fn insert_contains_and_collect() {
        let mut set = NodeSet::new();
        for name in [
            "nid003", "nid001", "nid002", " nid010 ", "login", "r1n1", "r1n2", "r2n1", "",
        ] {
            set.insert(name);
        }
        assert_eq!(set.fold(), "login,nid[001-003,010],r1n[1-2],r2n1");
        assert_eq!(set.len(), 8);
        assert!(set.contains("nid010") && set.contains(" login") && set.contains("r2n1"));
        assert!(!set.contains("nid004") && !set.contains("r2n2") && !set.contains(""));
        // names are taken literally
        set.insert("odd[1-2]");
        assert!(set.contains("odd[1-2]"));
        let collected: NodeSet = set.iter().collect();
        assert_eq!(collected, set);
        let from_strs: NodeSet = vec!["b2", "b1"].into_iter().collect();
        assert_eq!(from_strs.fold(), "b[1-2]");
        assert_eq!(fold(["c1", "c2", "c3"]), "c[1-3]");
        assert_eq!(fold(Vec::<String>::new()), "");
    }
}
