//! Parsing a node set expression: its operands, combined from left to right by `,` `!` `&`
//! `^`, with node groups and attribute selectors handed to a caller's resolver.

use super::error::{HostlistError, MAX_NAMES};
use super::nodeset::NodeSet;
use super::scanner::{AtomKind, Scanner};

/// A resolver of node groups and attribute selectors (see [`NodeSet::parse_with`]).
type ResolveFn<'r> = dyn FnMut(&str) -> Result<NodeSet, HostlistError> + 'r;

impl NodeSet {
    /// Parses an expression without group or attribute resolution: an operand that is a
    /// node group (`@x`) or an attribute selector (`k=v`) is an error.
    ///
    /// The syntax is ClusterShell's: `nid[001-128,200]`, steps `a[1-9/2]`, several digit
    /// groups `r[1-2]n[01-48]`, and the operators `,` `!` `&` `^`, applied from left to
    /// right with equal precedence.
    pub fn parse(expr: &str) -> Result<NodeSet, HostlistError> {
        Self::parse_inner(expr, None)
    }

    /// Parses with a resolver for node groups and attribute selectors.
    ///
    /// The resolver is called for every operand that starts with `@` or contains `=`, and
    /// returns the set it stands for; operators combine its result like any other operand.
    /// An attribute selector is passed as written (`labels.rack=r7`). A node group is
    /// passed as written too (`@compute`), except that brackets in it are expanded as
    /// ClusterShell does: `@rack[1-2]` calls the resolver for `@rack1` and `@rack2`.
    pub fn parse_with(
        expr: &str,
        resolve: &mut dyn FnMut(&str) -> Result<NodeSet, HostlistError>,
    ) -> Result<NodeSet, HostlistError> {
        Self::parse_inner(expr, Some(resolve))
    }

    fn parse_inner(
        expr: &str,
        mut resolve: Option<&mut ResolveFn<'_>>,
    ) -> Result<NodeSet, HostlistError> {
        let sc = Scanner { expr };
        let atoms = sc.scan()?;
        let mut acc = NodeSet::new();
        for atom in atoms {
            let operand = match atom.kind {
                AtomKind::Selector => match resolve.as_mut() {
                    Some(r) => r(atom.text)?,
                    None => {
                        return Err(HostlistError::NeedsResolver {
                            expr: expr.to_string(),
                            atom: atom.text.to_string(),
                        })
                    }
                },
                AtomKind::Nodes { pat, rsets } => {
                    let count = rsets
                        .iter()
                        .fold(1u128, |n, r| n.saturating_mul(r.len as u128));
                    if count > MAX_NAMES as u128 {
                        return Err(sc.too_large(atom.text, count));
                    }
                    let is_group = pat.starts_with('@');
                    if !is_group && pat.contains(['*', '?']) {
                        return Err(HostlistError::Wildcard {
                            expr: expr.to_string(),
                            atom: atom.text.to_string(),
                        });
                    }
                    if !is_group && matches!(atom.op, ',' | '!') {
                        acc.apply_simple(atom.op == ',', pat, rsets);
                        let n = acc.len();
                        if n > MAX_NAMES {
                            return Err(sc.too_large(atom.text, n as u128));
                        }
                        continue;
                    }
                    let nodes = NodeSet::from_atom(pat, rsets);
                    if is_group {
                        let Some(r) = resolve.as_mut() else {
                            return Err(HostlistError::NeedsResolver {
                                expr: expr.to_string(),
                                atom: atom.text.to_string(),
                            });
                        };
                        let mut group = NodeSet::new();
                        for name in nodes.iter() {
                            group.update(&r(&name)?);
                        }
                        group
                    } else {
                        nodes
                    }
                }
            };
            match atom.op {
                ',' => acc.update(&operand),
                '!' => acc.difference_update(&operand),
                '&' => acc.intersection_update(&operand),
                _ => acc.symmetric_difference_update(&operand),
            }
            let n = acc.len();
            if n > MAX_NAMES {
                return Err(sc.too_large(atom.text, n as u128));
            }
        }
        Ok(acc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::test_support::ns;

    #[test]
    fn operators_apply_left_to_right() {
        // ((a ∪ b) ∖ c) ∩ d, no precedence
        assert_eq!(ns("n[1-5],n[6-9]!n[3-7]&n[1-8]").fold(), "n[1-2,8]");
        assert_eq!(ns("n[1-5]&n[3-9],n[20-21]").fold(), "n[3-5,20-21]");
        assert_eq!(ns("n[1-5]^n[4-6]^n5").fold(), "n[1-3,5-6]");
        assert_eq!(ns("n1!n1,n1").fold(), "n1");
        assert_eq!(ns("n1 ! n1").fold(), "");
        assert_eq!(ns("login,n1&login").fold(), "login");
        assert_eq!(ns("login^login").fold(), "");
        assert_eq!(ns("r[1-2]n[1-2]^r[2-3]n[1-2]").fold(), "r[1,3]n[1-2]");
        assert_eq!(ns("r[1-2]n[1-2]&r2n[2-3]").fold(), "r2n2");
    }

    #[test]
    fn resolver() {
        let calls = std::cell::RefCell::new(Vec::new());
        let mut resolve = |atom: &str| -> Result<NodeSet, HostlistError> {
            calls.borrow_mut().push(atom.to_string());
            match atom {
                "@compute" => NodeSet::parse("n[1-10]"),
                "@rack1" => NodeSet::parse("n[1-4]"),
                "@rack2" => NodeSet::parse("n[5-8]"),
                "labels.gpu=a100" => NodeSet::parse("n[3-6]"),
                _ => Err(HostlistError::Resolve(format!("unknown group `{atom}`"))),
            }
        };
        let set = NodeSet::parse_with(
            "@compute!@rack[1-2],login&labels.gpu=a100 ^ n9",
            &mut resolve,
        )
        .unwrap();
        assert_eq!(set.fold(), "n9");
        let set = NodeSet::parse_with("labels.gpu=a100,@rack2!n8", &mut resolve).unwrap();
        assert_eq!(set.fold(), "n[3-7]");
        assert_eq!(
            *calls.borrow(),
            [
                "@compute",
                "@rack1",
                "@rack2",
                "labels.gpu=a100",
                "labels.gpu=a100",
                "@rack2"
            ]
        );
        let e = NodeSet::parse_with("n1,@nope", &mut resolve).unwrap_err();
        assert_eq!(e, HostlistError::Resolve("unknown group `@nope`".into()));
        // syntax errors are reported before anything is resolved
        let mut count = 0;
        let mut counting = |_: &str| {
            count += 1;
            Ok(NodeSet::new())
        };
        assert!(NodeSet::parse_with("@a,n[", &mut counting).is_err());
        assert_eq!(count, 0);
    }
}
