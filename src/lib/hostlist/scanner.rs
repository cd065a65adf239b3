//! Scanning an expression into operands and operators: a transcription of ClusterShell's
//! `ParsingEngine._scan_string`.

use super::error::{HostlistError, MAX_NAMES};
use super::fold::fold_slices;
use super::key::Key;
use super::name::scan_single;
use super::pystr::{py_lstrip, py_rstrip, py_strip};
use super::rangeset::RunVec;
use std::borrow::Cow;

fn is_op(b: u8) -> bool {
    matches!(b, b',' | b'!' | b'&' | b'^')
}

/// One operand of an expression, with the operator that applies it.
pub(super) struct Atom<'a> {
    pub(super) op: char,
    pub(super) text: &'a str,
    pub(super) kind: AtomKind,
}

pub(super) enum AtomKind {
    /// Nodes (or a `@group` when the pattern starts with `@`).
    Nodes { pat: String, rsets: Vec<RunVec> },
    /// An attribute selector (`key=value`), kept verbatim.
    Selector,
}

pub(super) struct Scanner<'e> {
    pub(super) expr: &'e str,
}

impl<'e> Scanner<'e> {
    pub(super) fn bad_range(&self, part: &str, reason: impl Into<String>) -> HostlistError {
        HostlistError::BadRange {
            expr: self.expr.to_string(),
            part: part.to_string(),
            reason: reason.into(),
        }
    }

    fn brackets(&self, part: &str, reason: &str) -> HostlistError {
        HostlistError::Brackets {
            expr: self.expr.to_string(),
            part: part.to_string(),
            reason: reason.to_string(),
        }
    }

    pub(super) fn too_large(&self, part: &str, count: u128) -> HostlistError {
        HostlistError::TooLarge {
            expr: self.expr.to_string(),
            part: part.to_string(),
            count,
            limit: MAX_NAMES,
        }
    }

    fn single(&self, text: &str) -> Result<(String, Vec<Key>), HostlistError> {
        scan_single(text).map_err(|reason| HostlistError::BadName {
            expr: self.expr.to_string(),
            part: text.to_string(),
            reason,
        })
    }

    pub(super) fn scan(&self) -> Result<Vec<Atom<'e>>, HostlistError> {
        let mut atoms = Vec::new();
        let mut rest: &'e str = py_strip(self.expr);
        let mut op = ',';
        while !rest.is_empty() {
            let ns = py_lstrip(rest);
            let (text, next) = self.extent(ns)?;
            if !text.starts_with('@') && text.contains('=') {
                atoms.push(Atom {
                    op,
                    text,
                    kind: AtomKind::Selector,
                });
            } else {
                let (pat, rsets) = self.scan_atom(text)?;
                atoms.push(Atom {
                    op,
                    text,
                    kind: AtomKind::Nodes { pat, rsets },
                });
            }
            match next {
                Some((o, r)) => {
                    op = o;
                    rest = r;
                }
                None => rest = "",
            }
        }
        Ok(atoms)
    }

    /// Where the operand at the start of `ns` ends (operators inside brackets do not
    /// count): its text, and the next operator with the rest of the expression.
    #[allow(clippy::type_complexity)]
    fn extent(&self, ns: &'e str) -> Result<(&'e str, Option<(char, &'e str)>), HostlistError> {
        // One pass: a `[` skips to its `]`; the first operator outside brackets ends the
        // operand. Linear in the expression, however many brackets it has.
        let bytes = ns.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            match bytes[pos] {
                b'[' => match ns[pos + 1..].find(']') {
                    Some(c) => pos += 1 + c + 1,
                    None => return Err(self.brackets(ns, "missing closing bracket")),
                },
                b if is_op(b) => {
                    let c = b as char;
                    let text = &ns[..pos];
                    let after = &ns[pos + 1..];
                    if after.is_empty() || py_rstrip(text).is_empty() {
                        return Err(HostlistError::MissingOperand {
                            expr: self.expr.to_string(),
                            op: c,
                            part: if after.is_empty() { text } else { after }.to_string(),
                        });
                    }
                    return Ok((py_rstrip(text), Some((c, after))));
                }
                _ => pos += 1,
            }
        }
        Ok((py_rstrip(ns), None))
    }

    /// Parses one operand's node pattern as ClusterShell does. `ns` is the operand alone, as
    /// [`Scanner::extent`] cut it, so no scan here reaches past it (each bracket costs the
    /// bytes up to the next one: linear in the operand).
    fn scan_atom(&self, ns: &str) -> Result<(String, Vec<RunVec>), HostlistError> {
        let mut rsets: Vec<RunVec> = Vec::new();
        if !ns.contains('[') {
            let node = ns;
            if node.contains(']') {
                return Err(self.brackets(node, "closing bracket without opening bracket"));
            }
            let (pat, keys) = self.single(py_rstrip(node))?;
            rsets.extend(keys.into_iter().map(RunVec::single));
            return Ok((pat, rsets));
        }
        // Refuse an operand that stands for too many names before any bracket is
        // listed (a step, or digits before a bracket, list its indexes one by one).
        let mut at_least: u64 = 1;
        let mut rest = ns;
        while let Some((inner, after)) = rest.split_once('[').and_then(|(_, r)| r.split_once(']')) {
            at_least = at_least.saturating_mul(self.count_at_least(inner));
            rest = after;
        }
        if at_least > MAX_NAMES as u64 {
            return Err(self.too_large(ns, at_least as u128));
        }
        // Names of the brackets so far, kept as a running product (recomputing it per
        // bracket made 200,000 brackets in one operand quadratic).
        let mut names_before = rsets.iter().fold(1u64, |n, r| n.saturating_mul(r.len));
        let mut newpat = String::new();
        let mut sfx: &str = ns;
        loop {
            let b = sfx.find('[').expect("bracket before operator");
            let pfx = &sfx[..b];
            let after = &sfx[b + 1..];
            let c = after
                .find(']')
                .ok_or_else(|| self.brackets(ns, "missing closing bracket"))?;
            let mut rng: Cow<str> = Cow::Borrowed(&after[..c]);
            let mut s2 = &after[c + 1..];
            if pfx.contains(']') {
                return Err(self.brackets(pfx, "closing bracket without opening bracket"));
            }
            if let Some(i) = s2.find(['[', ']']) {
                if s2.as_bytes()[i] == b']' {
                    return Err(self.brackets(s2, "closing bracket without opening bracket"));
                }
            }
            if !s2.is_empty() {
                let (s3, r3) = self.amend_trailing(s2, rng)?;
                s2 = s3;
                rng = r3;
            }
            let mut pfx_pat = String::new();
            if !pfx.is_empty() {
                let (p2, r2) = self.amend_leading(pfx, rng, names_before)?;
                rng = r2;
                if !p2.is_empty() {
                    let (pp, keys) = self.single(p2)?;
                    pfx_pat = pp;
                    rsets.extend(keys.into_iter().map(RunVec::single));
                }
            }
            sfx = s2;
            if sfx.starts_with('[') {
                return Err(self.brackets(sfx, "a bracket cannot follow another bracket"));
            }
            newpat.push_str(&pfx_pat);
            newpat.push_str("%s");
            let rs = self.rangeset(&rng, names_before)?;
            names_before = names_before.saturating_mul(rs.len);
            rsets.push(rs);
            if !sfx.contains('[') {
                break;
            }
        }
        let tail = sfx;
        let tail = py_rstrip(tail);
        if !tail.is_empty() {
            let (tp, keys) = self.single(tail)?;
            newpat.push_str(&tp);
            rsets.extend(keys.into_iter().map(RunVec::single));
        }
        Ok((newpat, rsets))
    }

    /// Digits right after a bracket are appended to each bound (`n[1-3]0` is
    /// `n[10-30/10]`), as ClusterShell's `_amend_trailing_digits`.
    fn amend_trailing<'s>(
        &self,
        outer: &'s str,
        inner: Cow<'s, str>,
    ) -> Result<(&'s str, Cow<'s, str>), HostlistError> {
        let stripped = outer.trim_start_matches(|c: char| c.is_ascii_digit());
        if stripped.len() == outer.len() {
            return Ok((outer, inner));
        }
        if inner.contains('/') {
            return Err(self.bad_range(outer, "digits cannot follow a range with a step"));
        }
        let digits = &outer[..outer.len() - stripped.len()];
        let amended: Vec<String> = inner
            .split(',')
            .map(|elem| {
                let s = elem
                    .split('-')
                    .map(|b| format!("{b}{digits}"))
                    .collect::<Vec<_>>()
                    .join("-");
                if s.contains('-') {
                    format!("{s}/1{}", "0".repeat(digits.len()))
                } else {
                    s
                }
            })
            .collect();
        Ok((stripped, Cow::Owned(amended.join(","))))
    }

    /// Digits right before a bracket are prepended to each bound (`n1[0-2]` is
    /// `n[10-12]`), as ClusterShell's `_amend_leading_digits`. `times` is the number of
    /// names of the brackets before (see [`Scanner::rangeset`]).
    fn amend_leading<'s>(
        &self,
        outer: &'s str,
        inner: Cow<'s, str>,
        times: u64,
    ) -> Result<(&'s str, Cow<'s, str>), HostlistError> {
        let stripped = outer.trim_end_matches(|c: char| c.is_ascii_digit());
        if stripped.len() == outer.len() {
            return Ok((outer, inner));
        }
        let digits = &outer[stripped.len()..];
        let rs = self.rangeset(&inner, times)?;
        let amended: Vec<String> = fold_slices(rs.runs.iter().map(Cow::Borrowed))
            .iter()
            .map(|slice| {
                slice
                    .split('-')
                    .map(|b| format!("{digits}{b}"))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect();
        Ok((stripped, Cow::Owned(amended.join(","))))
    }
}

#[cfg(test)]
mod tests {
    use crate::hostlist::test_support::ns;

    #[test]
    fn clustershell_quirks() {
        // digits next to brackets join the range
        assert_eq!(ns("n1[2-3]4b").fold(), "n[124,134]b");
        assert_eq!(ns("n[-3]0").fold(), "n[0,10,20,30]");
        // Python int(): signs, underscores, surrounding spaces, any Unicode digit
        assert_eq!(ns("n[+5]").fold(), "n5");
        assert_eq!(ns("n[1_0]").fold(), "n10");
        assert_eq!(ns("n[05 /1]").fold(), "n005");
        assert_eq!(ns("n٣,n[٠١-٠٣]").fold(), "n[1-3]");
        assert_eq!(ns("n[7-0-3]").fold(), "n[0-3]");
        // a negative index prints like another node
        assert_eq!(ns("n[-5],n-5").fold(), "n-5,n-5");
        assert_eq!(ns("n[-5],n-5").len(), 2);
    }

    #[test]
    fn too_many_names_are_refused_before_any_index_is_listed() {
        use crate::hostlist::{HostlistError, NodeSet};
        // The fuzzer's slow units (fuzz/regressions/nodeset/slow-*): a step or digits
        // before a bracket list its indexes one by one (444,041 of them in the first),
        // and only then was the product of the operand's brackets found over the limit.
        // (The fourth, `%i#d0[80-444120,20,0]2`, does stand for 444,041 names.)
        let slow = [
            "ni#d0[80-444120,20,0]210--2d[000-160,200]",
            "s2n88r1099n-99\0.n\0,[1-8975]10\0\0\"\x03.\x07\087%,n",
            "r-\x1b-\0,[1-8975]10\0\x03.\x07\0\x1c\x1c\x1c\x1c[0]",
        ];
        for expr in slow {
            let started = std::time::Instant::now();
            let _ = NodeSet::parse(expr).map(|s| s.fold());
            let took = started.elapsed();
            // Generous for a debug build on a loaded machine; before the fix, seconds.
            assert!(took.as_millis() < 2_000, "{expr:?} took {took:?}");
        }
        // Refused from the counts alone: listing 9,000,000 indexes of a step (as runs, then
        // as strings for the digits before the bracket) would take seconds.
        for expr in [
            "a[1-3000000]b[1-9000000]0",
            "a[1-3000000]b1[1-18000000/2]",
            "a[1-4]b[1-9000000/3,2-9000000/3,3-9000000/3]",
        ] {
            let started = std::time::Instant::now();
            let e = NodeSet::parse(expr).unwrap_err();
            assert!(matches!(e, HostlistError::TooLarge { .. }), "{expr}: {e}");
            let took = started.elapsed();
            assert!(took.as_millis() < 2_000, "{expr:?} took {took:?}");
        }
    }

    #[test]
    fn many_brackets_in_one_operand() {
        // Each bracket is scanned once: 20,000 single-index brackets make one name.
        let expr: String = (0..20_000).map(|i| format!("x[{}]", i % 10)).collect();
        let want: String = (0..20_000).map(|i| format!("x{}", i % 10)).collect();
        let set = ns(&expr);
        assert_eq!(set.to_vec(), [want]);
        // Operators inside and between bracketed operands still split where they should.
        assert_eq!(ns("a[1,2]b[3],c[4-5]d").fold(), "a[1-2]b3,c[4-5]d");
        assert_eq!(ns("a[1-3]b[1]!a2b1").fold(), "a[1,3]b1");
    }
}
