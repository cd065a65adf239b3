//! The error type of node set parsing and resolution, and the limit on the number of names
//! an expression may stand for.

/// The largest number of names a single expression, range or set operation may produce.
///
/// ClusterShell itself only refuses ranges of 10⁹ indexes or more; chami stops earlier so
/// that a typo cannot exhaust memory.
pub const MAX_NAMES: usize = 10_000_000;

/// Why a node set expression could not be parsed or resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HostlistError {
    /// A bracketed range, a step or an index is invalid (e.g. `nid[5-3]`).
    #[error("bad range `{part}` in `{expr}`: {reason}")]
    BadRange {
        /// The whole expression.
        expr: String,
        /// The faulty range (the text between two commas inside the brackets).
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Brackets do not pair up (e.g. `nid[1-3`, `nid]1`, `nid[1][2]`).
    #[error("unbalanced brackets in `{expr}` at `{part}`: {reason}")]
    Brackets {
        /// The whole expression.
        expr: String,
        /// The text where the problem was seen.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An operator lacks an operand (e.g. `a,,b`, `a!`, `,a`).
    #[error("empty operand for operator `{op}` in `{expr}` at `{part}`")]
    MissingOperand {
        /// The whole expression.
        expr: String,
        /// The operator (`,`, `!`, `&` or `^`).
        op: char,
        /// The text around the missing operand.
        part: String,
    },
    /// A node name (or an index in it) is invalid.
    #[error("bad node name `{part}` in `{expr}`: {reason}")]
    BadName {
        /// The whole expression.
        expr: String,
        /// The faulty name.
        part: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The expression stands for more than [`MAX_NAMES`] names.
    #[error("`{part}` in `{expr}` stands for {count} names, more than the limit of {limit}")]
    TooLarge {
        /// The whole expression.
        expr: String,
        /// The range or operand that went over the limit.
        part: String,
        /// How many names it stands for (at least).
        count: u128,
        /// The limit ([`MAX_NAMES`]).
        limit: usize,
    },
    /// A node group (`@name`) or attribute selector (`key=value`) was found by
    /// [`NodeSet::parse`](super::NodeSet::parse), which does not resolve them.
    #[error(
        "`{atom}` in `{expr}` is a node group or attribute selector, which cannot be resolved here"
    )]
    NeedsResolver {
        /// The whole expression.
        expr: String,
        /// The group or selector.
        atom: String,
    },
    /// A wildcard (`*` or `?`) was used in a node name; chami does not match names by
    /// wildcard.
    #[error("wildcard in `{atom}` (in `{expr}`): `*` and `?` are not supported in node names")]
    Wildcard {
        /// The whole expression.
        expr: String,
        /// The operand holding the wildcard.
        atom: String,
    },
    /// A resolver passed to [`NodeSet::parse_with`](super::NodeSet::parse_with) could not
    /// resolve a group or selector; the message is the resolver's own (it should quote the
    /// operand).
    #[error("{0}")]
    Resolve(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostlist::{expand, NodeSet};

    fn err(expr: &str) -> HostlistError {
        match NodeSet::parse(expr) {
            Ok(s) => panic!("{expr:?} parsed as {:?}", s.fold()),
            Err(e) => e,
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            err("nid[5-3]").to_string(),
            "bad range `5-3` in `nid[5-3]`: start is after end"
        );
        assert!(matches!(err("nid[1-3"), HostlistError::Brackets { .. }));
        assert!(matches!(err("nid1-3]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("nid[1]]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1][2]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1]2[3]"), HostlistError::Brackets { .. }));
        assert!(matches!(err("a[1],b]"), HostlistError::Brackets { .. }));
        for e in ["a,,b", "a,", ",a", "a!", "a & ,b", "a[1]^"] {
            assert!(
                matches!(err(e), HostlistError::MissingOperand { .. }),
                "{e}"
            );
        }
        for e in [
            "n[]",
            "n[1,]",
            "n[a]",
            "n[01-5]",
            "n[-01]",
            "n[1-2-3-4-5]",
            "n[1-3/-1]",
        ] {
            assert!(matches!(err(e), HostlistError::BadRange { .. }), "{e}");
        }
        assert!(err("n[01-5]").to_string().contains("`01-5`"));
        let big = "1".repeat(102);
        assert!(matches!(
            err(&format!("n[{big}]")),
            HostlistError::BadRange { .. }
        ));
        assert!(matches!(
            err(&format!("n{big}")),
            HostlistError::BadName { .. }
        ));
        assert!(matches!(
            err("n[1-20000000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("n[1-9999999999]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("r[1-4000]n[1-4000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(matches!(
            err("n[1-6000000],m[1-6000000]"),
            HostlistError::TooLarge { .. }
        ));
        assert!(err("n[1-20000000]")
            .to_string()
            .contains("limit of 10000000"));
        assert!(matches!(
            err("@compute"),
            HostlistError::NeedsResolver { .. }
        ));
        assert!(matches!(
            err("n1,rack=r7"),
            HostlistError::NeedsResolver { .. }
        ));
        assert!(matches!(err("n*"), HostlistError::Wildcard { .. }));
        assert!(matches!(err("n[1-2]?"), HostlistError::Wildcard { .. }));
        // expanding cannot fail where parsing succeeded
        assert!(expand("n[3-1]").is_err());
    }
}
