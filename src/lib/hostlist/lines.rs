//! Many expressions at once, one a line (what `chami hostlist` reads on stdin): a line that
//! is a plain node name is scanned byte by byte into a [`PlainAcc`], any other line is
//! parsed as an expression; the set is their union.

use super::error::HostlistError;
use super::nodeset::NodeSet;
use super::plain::{py_strip_ascii, PlainAcc};

/// Whether a line is one node name as it stands: ASCII, and nothing that an expression
/// gives a meaning to (brackets, operators, groups, selectors, wildcards).
fn is_plain(line: &[u8]) -> bool {
    line.iter().all(|&b| {
        b.is_ascii()
            && !matches!(
                b,
                b'[' | b']' | b',' | b'!' | b'&' | b'^' | b'@' | b'=' | b'*' | b'?'
            )
    })
}

impl NodeSet {
    /// The union of the expressions of `text`, one a line; blank lines are ignored.
    ///
    /// This is the union of [`NodeSet::parse`] of each line, and fails on the first line
    /// that does not parse; but a line that is a plain node name (no brackets, operators,
    /// groups or wildcards) is scanned without allocating, so that a million names fold in
    /// milliseconds.
    ///
    /// ```
    /// use chami::hostlist::NodeSet;
    ///
    /// let set = NodeSet::parse_lines("n3\nn1\n\nn2\nr[1-2]n5!r2n5\n").unwrap();
    /// assert_eq!(set.fold(), "n[1-3],r1n5");
    /// assert!(NodeSet::parse_lines("n1\nn[2\n").is_err());
    /// ```
    pub fn parse_lines(text: &str) -> Result<NodeSet, HostlistError> {
        let mut acc = PlainAcc::default();
        let mut parsed = NodeSet::new();
        for line in text.lines() {
            let bytes = line.as_bytes();
            if is_plain(bytes) {
                let name = py_strip_ascii(bytes);
                if name.is_empty() || acc.add_packed(name) {
                    continue;
                }
            }
            let expr = line.trim();
            if !expr.is_empty() {
                parsed.update(&NodeSet::parse(expr)?);
            }
        }
        let mut set = acc.build();
        if set.is_empty() {
            return Ok(parsed);
        }
        set.update(&parsed);
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random name: padded and unpadded indexes, several patterns, no digits, 4-D
    /// xnames, indexes too long for the packed form, Unicode digits, `%`, whitespace.
    fn random_name(rng: &mut fastrand::Rng) -> String {
        let v = rng.u32(0..40);
        match rng.u32(0..12) {
            0 => format!("n{v}"),
            1 => format!("n{v:02}"),
            2 => format!("n{v:03}"),
            3 => format!("cn{v:06}"),
            4 => format!(
                "x{}c{}s{}b0n{}",
                1000 + rng.u32(0..3),
                rng.u32(0..4),
                rng.u32(0..8),
                rng.u32(0..2)
            ),
            5 => format!("r{}n{:02}", rng.u32(0..3), v),
            6 => ["login", "admin", "gw-a", "a%b"][rng.usize(..4)].to_string(),
            // 17, 18 and 25 digits: the packed form holds the first only
            7 => format!("n{}", 99_999_999_999_999_990u64 + u64::from(v % 12)),
            8 => format!("n{}{v:02}", "1".repeat(23)),
            9 => format!("n{}", ['٣', '٠', '٩'][rng.usize(..3)]),
            10 => format!(" \tn{v}\x1c "),
            _ => format!("{v}a%{}", rng.u32(0..3)),
        }
    }

    fn same(fast: &NodeSet, general: &NodeSet, what: &str) {
        assert_eq!(fast.fold(), general.fold(), "{what}");
        assert_eq!(fast.fold_slurm(), general.fold_slurm(), "{what}");
        assert_eq!(fast.to_vec(), general.to_vec(), "{what}");
        assert_eq!(fast.len(), general.len(), "{what}");
        assert!(fast == general, "{what}");
    }

    #[test]
    fn the_byte_level_path_is_the_general_one() {
        let mut rng = fastrand::Rng::with_seed(22);
        for round in 0..600 {
            let mut names: Vec<String> = (0..rng.usize(0..300))
                .map(|_| random_name(&mut rng))
                .collect();
            // duplicates
            for _ in 0..rng.usize(0..5) {
                if !names.is_empty() {
                    names.push(names[rng.usize(..names.len())].clone());
                }
            }
            rng.shuffle(&mut names);

            // names taken literally: Extend (byte-level) against insert one by one
            let fast: NodeSet = names.iter().map(String::as_str).collect();
            let mut general = NodeSet::new();
            for n in &names {
                general.insert(n);
            }
            same(&fast, &general, &format!("round {round}, names {names:?}"));

            // lines: plain ones byte-level, with blank lines and expressions among them
            let mut lines = names.clone();
            for _ in 0..rng.usize(0..4) {
                let extra = ["", "  ", "n[1-5]", "r[0-2]n[01-03]!r1n02", "n[08-11],login"];
                lines.insert(rng.usize(..=lines.len()), extra[rng.usize(..5)].into());
            }
            let text = lines.join(if rng.bool() { "\n" } else { "\r\n" });
            let fast = NodeSet::parse_lines(&text).unwrap();
            let mut general = NodeSet::new();
            for l in &lines {
                general.update(&NodeSet::parse(l).unwrap());
            }
            same(&fast, &general, &format!("round {round}, lines {text:?}"));
        }
    }

    #[test]
    fn a_bad_line_fails() {
        let e = NodeSet::parse_lines("n1\nn2\nn[3-\nn[5-4]\n").unwrap_err();
        assert!(matches!(e, HostlistError::Brackets { .. }), "{e}");
        assert!(matches!(
            NodeSet::parse_lines("n1\nn*\n"),
            Err(HostlistError::Wildcard { .. })
        ));
        assert!(matches!(
            NodeSet::parse_lines("n1\n@compute\n"),
            Err(HostlistError::NeedsResolver { .. })
        ));
    }
}
