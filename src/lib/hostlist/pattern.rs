//! One pattern of a node set (`"r%sn%s"`): the literal text around its digit groups, and
//! the indexes of its names, kept as the number of digit groups demands.

use super::idxtree::{few_runs, IdxTree};
use super::key::Key;
use super::ndset::NdSet;

/// The indexes of one pattern.
#[derive(Clone, Debug)]
pub(super) enum Entry {
    /// A name without digits: the pattern is the name.
    Single,
    /// One digit group.
    One(IdxTree),
    /// Two digit groups or more.
    Nd(NdSet),
}

impl Entry {
    pub(super) fn len(&self) -> u64 {
        match self {
            Entry::Single => 1,
            Entry::One(t) => t.len,
            Entry::Nd(s) => s.len(),
        }
    }

    /// `self ∪= o`, touching only what `o` adds when `o` is small.
    pub(super) fn update(&mut self, o: &Entry) {
        match (self, o) {
            (Entry::One(a), Entry::One(b)) => {
                if few_runs(b.map.len(), a.map.len()) {
                    for r in b.runs() {
                        a.insert_run(&r);
                    }
                } else {
                    *a = IdxTree::from_runvec(a.to_runvec().union(&b.to_runvec()));
                }
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.update(b),
            _ => {}
        }
    }

    /// `self ∖= o`; false when nothing is left.
    pub(super) fn difference_update(&mut self, o: &Entry) -> bool {
        match (&mut *self, o) {
            (Entry::One(a), Entry::One(b)) => {
                if few_runs(b.map.len(), a.map.len()) {
                    for r in b.runs() {
                        a.remove_run(&r);
                    }
                } else {
                    *a = IdxTree::from_runvec(a.to_runvec().difference(&b.to_runvec()));
                }
                a.len > 0
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.difference_update(b),
            _ => false,
        }
    }

    pub(super) fn intersection(&self, o: &Entry) -> Option<Entry> {
        match (self, o) {
            (Entry::One(a), Entry::One(b)) => {
                let r = a.to_runvec().intersection(&b.to_runvec());
                (r.len > 0).then(|| Entry::One(IdxTree::from_runvec(r)))
            }
            (Entry::Nd(a), Entry::Nd(b)) => a.intersection(b).map(Entry::Nd),
            _ => Some(Entry::Single),
        }
    }

    pub(super) fn same_set(&self, o: &Entry) -> bool {
        match (self, o) {
            (Entry::Single, Entry::Single) => true,
            (Entry::One(a), Entry::One(b)) => a == b,
            (Entry::Nd(NdSet::Product(a)), Entry::Nd(NdSet::Product(b))) => a == b,
            (Entry::Nd(NdSet::Points(a)), Entry::Nd(NdSet::Points(b))) => a == b,
            (Entry::Nd(a), Entry::Nd(b)) => {
                a.len() == b.len() && a.points().all(|p| b.contains(&p))
            }
            _ => false,
        }
    }
}

/// A pattern: the literal text around the digit groups, and its indexes.
#[derive(Clone, Debug)]
pub(super) struct Group {
    /// Literal text, one piece more than there are digit groups.
    pub(super) pieces: Vec<String>,
    pub(super) entry: Entry,
}

/// Splits a ClusterShell pattern (`"r%sn%s"`, with `%%` for a literal `%`) into pieces.
pub(super) fn pattern_pieces(pat: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut chars = pat.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('s') => pieces.push(String::new()),
                _ => pieces.last_mut().expect("non-empty").push('%'),
            }
        } else {
            pieces.last_mut().expect("non-empty").push(c);
        }
    }
    pieces
}

impl Group {
    pub(super) fn render(&self, keys: &[Key]) -> String {
        let mut s = String::with_capacity(
            self.pieces.iter().map(String::len).sum::<usize>() + 8 * keys.len(),
        );
        s.push_str(&self.pieces[0]);
        for (k, piece) in keys.iter().zip(&self.pieces[1..]) {
            k.write(&mut s);
            s.push_str(piece);
        }
        s
    }

    pub(super) fn render_strs(&self, parts: &[String]) -> String {
        let mut s = self.pieces[0].clone();
        for (p, piece) in parts.iter().zip(&self.pieces[1..]) {
            s.push_str(p);
            s.push_str(piece);
        }
        s
    }
}
