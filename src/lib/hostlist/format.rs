//! Printing a node set in folded form: `nodeset -f` ([`NodeSet::fold`], `Display`) and the
//! Slurm-compatible fold of the last axis ([`NodeSet::fold_slurm`]).

use super::fold::fold_slices;
use super::nodeset::NodeSet;
use super::pattern::{Entry, Group};
use super::rangeset::RunVec;
use std::borrow::Cow;
use std::fmt;

impl NodeSet {
    /// The folded form, byte for byte what `nodeset -f` prints for the same set (for
    /// example `nid[001-128,200],r[1-2]n[01-48]`).
    pub fn fold(&self) -> String {
        self.fold_with(false)
    }

    /// A fold that Slurm can parse: only the last digit group of each name is folded, so
    /// that every comma-separated element holds one bracket at most (for example
    /// `r1n[01-48],r2n[01-48]`). This is what `nodeset -f --axis=-1` prints.
    pub fn fold_slurm(&self) -> String {
        self.fold_with(true)
    }

    fn fold_with(&self, last_axis_only: bool) -> String {
        let mut out: Vec<String> = Vec::new();
        for g in self.groups.values() {
            push_group(g, None, last_axis_only, &mut out);
        }
        out.join(",")
    }
}

/// Appends the folded elements of one pattern group. `nd_vectors` is the group's fold
/// when the caller has computed it already (see [`NodeSet::fold_and_names`]).
pub(super) fn push_group(
    g: &Group,
    nd_vectors: Option<&[Vec<RunVec>]>,
    last_axis_only: bool,
    out: &mut Vec<String>,
) {
    match &g.entry {
        Entry::Single => out.push(g.pieces[0].clone()),
        Entry::One(t) => {
            let folded = if t.len > 1 {
                format!("[{}]", fold_slices(t.runs().map(Cow::Owned)).join(","))
            } else {
                fold_slices(t.runs().map(Cow::Owned)).join(",")
            };
            out.push(g.render_strs(&[folded]));
        }
        Entry::Nd(s) => {
            let computed;
            let vectors = match nd_vectors {
                Some(v) => v,
                None => {
                    computed = s.fold_vectors();
                    &computed
                }
            };
            for vec in vectors {
                if last_axis_only {
                    push_nd_last_axis(g, vec, out);
                } else {
                    let parts: Vec<String> = vec.iter().map(axis_str).collect();
                    out.push(g.render_strs(&parts));
                }
            }
        }
    }
}

/// One axis of a folded vector: `[ranges]` when it has several indexes.
fn axis_str(r: &RunVec) -> String {
    if r.len > 1 {
        format!("[{}]", r.fold_str())
    } else {
        r.fold_str()
    }
}

/// ClusterShell's `_iter_nd_pat` with `fold_axis=[-1]`: every axis but the last is
/// expanded, and the combinations are listed with the first axis varying fastest.
fn push_nd_last_axis(g: &Group, vec: &[RunVec], out: &mut Vec<String>) {
    let last = vec.len() - 1;
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for (axis, r) in vec.iter().enumerate() {
        let strs: Vec<String> = if r.len > 1 && axis != last {
            r.keys().map(|k| k.render()).collect()
        } else {
            vec![axis_str(r)]
        };
        let mut next = Vec::with_capacity(combos.len() * strs.len());
        for s in &strs {
            for c in &combos {
                let mut c = c.clone();
                c.push(s.clone());
                next.push(c);
            }
        }
        combos = next;
    }
    for c in combos {
        out.push(g.render_strs(&c));
    }
}

impl fmt::Debug for NodeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeSet({:?})", self.fold())
    }
}

impl fmt::Display for NodeSet {
    /// The folded form ([`NodeSet::fold`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fold())
    }
}

/// Folds node names (each taken literally) into ClusterShell's folded form (`nodeset -f`).
pub fn fold<I, S>(names: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut s = NodeSet::new();
    s.extend(names);
    s.fold()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::test_support::ns;

    /// (expression, `nodeset -f`, `nodeset -f --axis=-1`, `nodeset -c`), from ClusterShell 1.9.
    const FOLDS: &[(&str, &str, &str, usize)] = &[
        (
            "nid[001-128,200]",
            "nid[001-128,200]",
            "nid[001-128,200]",
            129,
        ),
        ("a01,a1,a001", "a[1,01,001]", "a[1,01,001]", 3),
        ("a[1,01,001,2-3]", "a[1-3,01,001]", "a[1-3,01,001]", 5),
        ("n[8-12],n[08-10]", "n[8-9,08-12]", "n[8-9,08-12]", 7),
        (
            "n[98-101],n[099-100]",
            "n[98-99,099-101]",
            "n[98-99,099-101]",
            5,
        ),
        ("a[1-9/2]", "a[1,3,5,7,9]", "a[1,3,5,7,9]", 5),
        ("a[0-20/5]", "a[0,5,10,15,20]", "a[0,5,10,15,20]", 5),
        (
            "r[1-2]n[01-48]",
            "r[1-2]n[01-48]",
            "r1n[01-48],r2n[01-48]",
            96,
        ),
        (
            "r1n01,r1n02,r2n01",
            "r1n[01-02],r2n01",
            "r1n[01-02],r2n01",
            3,
        ),
        ("r1n1,r2n2", "r1n1,r2n2", "r1n1,r2n2", 2),
        (
            "r1n1,r1n2,r2n1,r2n2",
            "r[1-2]n[1-2]",
            "r1n[1-2],r2n[1-2]",
            4,
        ),
        (
            "x1000c0s[0-7]b0n[0-1],x1000c1s0b0n0",
            "x1000c0s[0-7]b0n[0-1],x1000c1s0b0n0",
            "x1000c0s0b0n[0-1],x1000c0s1b0n[0-1],x1000c0s2b0n[0-1],x1000c0s3b0n[0-1],\
             x1000c0s4b0n[0-1],x1000c0s5b0n[0-1],x1000c0s6b0n[0-1],x1000c0s7b0n[0-1],x1000c1s0b0n0",
            17,
        ),
        ("login", "login", "login", 1),
        (
            "login,login1,login[2-3]",
            "login,login[1-3]",
            "login,login[1-3]",
            4,
        ),
        ("1a,2a,3a", "[1-3]a", "[1-3]a", 3),
        ("n1-ib,n2-ib", "n[1-2]-ib", "n[1-2]-ib", 2),
        ("a[1-5]!a[2-3]", "a[1,4-5]", "a[1,4-5]", 3),
        ("a[1-5]&a[3-8]", "a[3-5]", "a[3-5]", 3),
        ("a[1-5]^a[3-8]", "a[1-2,6-8]", "a[1-2,6-8]", 5),
        ("a[1-3],b1!a2", "a[1,3],b1", "a[1,3],b1", 3),
        ("a[1-5],b[1-2]&a[2-9]", "a[2-5]", "a[2-5]", 4),
        ("a[1-5]^a[2-3]!a1", "a[4-5]", "a[4-5]", 2),
        (" a1 , a2 ", "a[1-2]", "a[1-2]", 2),
        ("a [1-2]", "a [1-2]", "a [1-2]", 2),
        ("n[ 1 - 3 ]", "n[1-3]", "n[1-3]", 3),
        ("n1[0-2]", "n[10-12]", "n[10-12]", 3),
        ("n[1-3]0", "n[10,20,30]", "n[10,20,30]", 3),
        ("n0[1-3]", "n[01-03]", "n[01-03]", 3),
        ("r[1-2]n[1-2]!r1n1", "r2n[1-2],r1n2", "r2n[1-2],r1n2", 3),
        (
            "x[1-2]y[3-4]z[5-6]!x1y3z5",
            "x2y[3-4]z[5-6],x1y4z[5-6],x1y3z6",
            "x2y3z[5-6],x2y4z[5-6],x1y4z[5-6],x1y3z6",
            7,
        ),
        ("n[-2-1]", "n[-2-1]", "n[-2-1]", 4),
        (
            "n[99999999999999999999-100000000000000000001]",
            "n[99999999999999999999-100000000000000000001]",
            "n[99999999999999999999-100000000000000000001]",
            3,
        ),
        ("a%b[1-2]", "a%b[1-2]", "a%b[1-2]", 2),
        (
            "r[1-3]n[1-2],r[2-4]n[2-3]",
            "r[2-3]n[1-3],r1n[1-2],r4n[2-3]",
            "r2n[1-3],r3n[1-3],r1n[1-2],r4n[2-3]",
            10,
        ),
        (
            "c[1-2]g[1-3],c3g[1-2]",
            "c[1-2]g[1-3],c3g[1-2]",
            "c1g[1-3],c2g[1-3],c3g[1-2]",
            8,
        ),
        ("n[0-1]c[0-1]!n1c1", "n0c[0-1],n1c0", "n0c[0-1],n1c0", 3),
        ("", "", "", 0),
    ];

    #[test]
    fn folds_like_clustershell() {
        for &(expr, fold, slurm, count) in FOLDS {
            let set = ns(expr);
            assert_eq!(set.fold(), fold, "fold of {expr:?}");
            assert_eq!(set.fold_slurm(), slurm, "fold_slurm of {expr:?}");
            assert_eq!(set.len(), count, "len of {expr:?}");
            assert_eq!(set.is_empty(), count == 0);
            assert_eq!(set.to_vec().len(), count, "expansion of {expr:?}");
            // the fold of names is the fold of the set they come from (except for negative
            // indexes: `n-2` is another node than the index -2 of `n[-2]`)
            if !expr.contains("[-") {
                assert_eq!(
                    fold_names(&set.to_vec()),
                    fold,
                    "fold of the names of {expr:?}"
                );
            }
        }
    }

    fn fold_names(names: &[String]) -> String {
        fold(names)
    }
}
