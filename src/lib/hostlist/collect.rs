//! Building a node set from node names, each taken literally (`Extend`, `FromIterator`).

use super::nodeset::NodeSet;
use super::plain::PlainAcc;

impl<S: AsRef<str>> Extend<S> for NodeSet {
    /// Adds names, each taken literally as by [`NodeSet::insert`].
    fn extend<I: IntoIterator<Item = S>>(&mut self, names: I) {
        // Gather the indexes per pattern first, then build each pattern in bulk.
        let mut acc = PlainAcc::default();
        for name in names {
            acc.add_name(name.as_ref());
        }
        let add = acc.build();
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
