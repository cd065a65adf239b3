//! ClusterShell-compatible node sets ("hostlists") such as `nid[001-128,200]` or
//! `r[1-2]n[01-48]`.
//!
//! This module parses, expands and folds node set expressions exactly like the `nodeset`
//! command of ClusterShell 1.9 (`nodeset -e` / `nodeset -f`), including its quirks:
//!
//! * An index keeps its written form: `a01` and `a1` are different nodes, and a bracket may
//!   mix paddings (`a[1,01,001]`).
//! * Names may hold several digit groups (`r1n01`, `x1000c0s3b0n1`); such names are folded
//!   along every axis with ClusterShell's n-dimensional folding algorithm, so that
//!   [`NodeSet::fold`] prints byte for byte what `nodeset -f` prints.
//! * The operators `,` (union), `!` (difference), `&` (intersection) and `^` (symmetric
//!   difference) all have the same precedence and apply from left to right, as in
//!   ClusterShell: `a,b!c&d` is `((a ∪ b) ∖ c) ∩ d`.
//! * ClusterShell's "autostep" is off (its default): folded ranges never use `/step`.
//!
//! Node groups (`@compute`) and attribute selectors (`labels.rack=r7`) are resolved by a
//! caller-supplied function (see [`NodeSet::parse_with`]).
//!
//! ```
//! use chami::hostlist::NodeSet;
//!
//! let set = NodeSet::parse("r[1-2]n[01-03]!r2n02,login").unwrap();
//! assert_eq!(set.fold(), "login,r1n[01-03],r2n[01,03]");
//! assert_eq!(set.fold_slurm(), "login,r1n[01-03],r2n[01,03]");
//! assert!(set.contains("r2n03") && !set.contains("r2n3"));
//! assert_eq!(set.len(), 6);
//! ```
//!
//! Where chami differs from ClusterShell, on purpose: `*` and `?` in a node name are an
//! error (ClusterShell matches them against every node its group configuration knows);
//! an expression may not stand for more than [`MAX_NAMES`] names (ClusterShell accepts
//! ranges of up to 10⁹ indexes); and the operands that ClusterShell would send to its
//! group configuration go to the caller's resolver instead.
//!
//! Representation: names are split into a *pattern* (the text around the digit groups) and
//! one *index* per digit group. A one-dimensional pattern keeps its indexes as runs of
//! consecutive values, so `nid[000001-100000]` is one run; a multi-dimensional pattern is a
//! cartesian product of such run sets when it can be, and a set of index tuples otherwise.

mod bracket;
mod collect;
mod error;
mod fold;
mod fold_nd;
#[cfg(test)]
mod fold_nd_reference;
mod format;
mod fxhash;
mod idxtree;
mod int;
mod iter;
mod key;
mod lines;
mod name;
mod nd_merge;
mod ndset;
mod nodeset;
mod parse;
mod pattern;
mod plain;
mod point;
mod pystr;
mod rangeset;
mod relation;
mod run;
mod scanner;
#[cfg(test)]
mod test_support;

pub use error::{HostlistError, MAX_NAMES};
pub use format::fold;
pub use iter::{expand, Iter};
pub use nodeset::NodeSet;
