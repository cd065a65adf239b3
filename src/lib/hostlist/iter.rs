//! Expanding a node set to its names, in ClusterShell's order (`nodeset -e`).

use super::error::HostlistError;
use super::format::push_group;
use super::key::Key;
use super::ndset::product_points;
use super::nodeset::NodeSet;
use super::pattern::{Entry, Group};
use std::collections::btree_map;

impl NodeSet {
    /// The names in ClusterShell's order (what `nodeset -e` prints, split on spaces).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            groups: self.groups.values(),
            current: None,
        }
    }

    /// The names in ClusterShell's order, as a vector.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().collect()
    }

    /// [`NodeSet::fold`] and [`NodeSet::to_vec`] together: both need the fold of each
    /// multi-dimensional group, computed here once (at 100,000 addresses it is most of
    /// the cost of either).
    pub fn fold_and_names(&self) -> (String, Vec<String>) {
        let (mut folded, mut names) = (Vec::new(), Vec::new());
        for g in self.groups.values() {
            match &g.entry {
                Entry::Nd(s) => {
                    let vectors = s.fold_vectors();
                    push_group(g, Some(&vectors), false, &mut folded);
                    for v in &vectors {
                        names.extend(product_points(v).map(|p| g.render(&p)));
                    }
                }
                _ => {
                    push_group(g, None, false, &mut folded);
                    names.extend(group_names(g));
                }
            }
        }
        (folded.join(","), names)
    }
}

/// The names of one pattern group, in ClusterShell's order.
fn group_names(g: &Group) -> Box<dyn Iterator<Item = String> + '_> {
    match &g.entry {
        Entry::Single => Box::new(std::iter::once(g.pieces[0].clone())),
        Entry::One(t) => Box::new(
            t.map
                .iter()
                .flat_map(|(k, hi)| {
                    let mut next = Some(k.val.clone());
                    let seg = k.seg;
                    std::iter::from_fn(move || {
                        let v = next.take()?;
                        if v < *hi {
                            next = Some(v.add1());
                        }
                        Some(Key { seg, val: v })
                    })
                })
                .map(move |k| g.render(std::slice::from_ref(&k))),
        ),
        Entry::Nd(s) => {
            let vectors = s.fold_vectors();
            Box::new(
                vectors.into_iter().flat_map(move |v| {
                    product_points(&v).map(|p| g.render(&p)).collect::<Vec<_>>()
                }),
            )
        }
    }
}

/// Iterator over the names of a [`NodeSet`], in ClusterShell's order.
pub struct Iter<'a> {
    groups: btree_map::Values<'a, String, Group>,
    current: Option<Box<dyn Iterator<Item = String> + 'a>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        loop {
            if let Some(it) = self.current.as_mut() {
                if let Some(s) = it.next() {
                    return Some(s);
                }
            }
            let g: &'a Group = self.groups.next()?;
            self.current = Some(group_names(g));
        }
    }
}

impl<'a> IntoIterator for &'a NodeSet {
    type Item = String;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Expands an expression to node names, in ClusterShell's order (`nodeset -e`).
pub fn expand(expr: &str) -> Result<Vec<String>, HostlistError> {
    Ok(NodeSet::parse(expr)?.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::test_support::ns;

    /// (expression, `nodeset -e`), from ClusterShell 1.9.
    const EXPANSIONS: &[(&str, &str)] = &[
        ("a01,a1,a001", "a1 a01 a001"),
        ("a[1,01,001,2-3]", "a1 a2 a3 a01 a001"),
        ("n[8-12],n[08-10]", "n8 n9 n08 n09 n10 n11 n12"),
        ("n[98-101],n[099-100]", "n98 n99 n099 n100 n101"),
        ("r1n1,r1n2,r2n1,r2n2", "r1n1 r1n2 r2n1 r2n2"),
        ("r[1-2]n[1-2]!r1n1", "r2n1 r2n2 r1n2"),
        (
            "x[1-2]y[3-4]z[5-6]!x1y3z5",
            "x2y3z5 x2y3z6 x2y4z5 x2y4z6 x1y4z5 x1y4z6 x1y3z6",
        ),
        ("login,login1,login[2-3]", "login login1 login2 login3"),
        ("[1-3]a", "1a 2a 3a"),
        ("a [1-2]", "a 1 a 2"),
        ("n[-2-1]", "n-2 n-1 n0 n1"),
        (
            "n[99999999999999999999-100000000000000000001]",
            "n99999999999999999999 n100000000000000000000 n100000000000000000001",
        ),
        ("a%b[1-2]", "a%b1 a%b2"),
        (
            "r[1-3]n[1-2],r[2-4]n[2-3]",
            "r2n1 r2n2 r2n3 r3n1 r3n2 r3n3 r1n1 r1n2 r4n2 r4n3",
        ),
        ("b1,a[9-10],a[08-09]", "a9 a08 a09 a10 b1"),
    ];

    #[test]
    fn expands_in_clustershell_order() {
        for &(expr, names) in EXPANSIONS {
            assert_eq!(ns(expr).to_vec().join(" "), names, "expansion of {expr:?}");
            assert_eq!(expand(expr).unwrap().join(" "), names);
            assert_eq!(ns(expr).iter().collect::<Vec<_>>().join(" "), names);
        }
    }
}
