//! Building a node set from node names, each taken literally (`Extend`, `FromIterator`).

use super::fxhash::FxHashMap;
use super::idxtree::IdxTree;
use super::key::Key;
use super::name::ScanBuf;
use super::ndset::{NdSet, Point};
use super::nodeset::NodeSet;
use super::pattern::{pattern_pieces, Entry, Group};
use super::pystr::py_strip;
use super::rangeset::RunVec;

impl<S: AsRef<str>> Extend<S> for NodeSet {
    /// Adds names, each taken literally as by [`NodeSet::insert`].
    fn extend<I: IntoIterator<Item = S>>(&mut self, names: I) {
        enum Acc {
            Single,
            One(Vec<Key>),
            Nd(Vec<Point>),
        }
        // Gather the indexes per pattern first, then build each pattern in bulk.
        let mut index: FxHashMap<String, usize> = Default::default();
        let mut last: Option<usize> = None;
        let mut accs: Vec<(String, Acc)> = Vec::new();
        let mut b = ScanBuf::default();
        for name in names {
            if b.scan(py_strip(name.as_ref())).is_err() {
                continue;
            }
            let i = match last
                .filter(|&i| accs[i].0 == b.pat)
                .or_else(|| index.get(b.pat.as_str()).copied())
            {
                Some(i) => i,
                None => {
                    let acc = match b.keys.len() {
                        0 => Acc::Single,
                        1 => Acc::One(Vec::new()),
                        _ => Acc::Nd(Vec::new()),
                    };
                    index.insert(b.pat.clone(), accs.len());
                    accs.push((b.pat.clone(), acc));
                    accs.len() - 1
                }
            };
            last = Some(i);
            match &mut accs[i].1 {
                Acc::Single => {}
                Acc::One(v) => v.push(b.keys.pop().expect("one index")),
                Acc::Nd(v) => v.push(b.keys.as_slice().into()),
            }
        }
        let mut add = NodeSet::new();
        for (pat, acc) in accs {
            let entry = match acc {
                Acc::Single => Entry::Single,
                Acc::One(mut keys) => {
                    keys.sort_unstable();
                    Entry::One(IdxTree::from_runvec(RunVec::from_sorted_keys(keys)))
                }
                Acc::Nd(points) => {
                    Entry::Nd(NdSet::Points(points.into_iter().collect()).normalized())
                }
            };
            let pieces = pattern_pieces(&pat);
            add.groups.insert(pat, Group { pieces, entry });
        }
        if self.is_empty() {
            *self = add;
        } else {
            self.update(&add);
        }
    }
}

impl FromIterator<String> for NodeSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> NodeSet {
        let mut s = NodeSet::new();
        s.extend(names);
        s
    }
}

impl<'a> FromIterator<&'a str> for NodeSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> NodeSet {
        let mut s = NodeSet::new();
        s.extend(names);
        s
    }
}
