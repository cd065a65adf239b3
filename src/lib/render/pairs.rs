//! Folding paired lists (node ↔ plug) so that they still pair up after expansion.
//!
//! powerman's `node "nid[01-16]" "dev" "10.1.0.[11-26]"` pairs the n-th node with the
//! n-th plug. Folding each side on its own is only right when both expand back in the
//! same order, so this folds the longest runs for which that holds and writes the rest
//! one pair a line.

use crate::hostlist::NodeSet;

/// Folds `pairs` (in the caller's order) into `(nodeset, plugset)` lines.
pub fn fold_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < pairs.len() {
        // A run shares the name and plug patterns (the text around the digits).
        let (name, plug) = (&pairs[start].0, &pairs[start].1);
        let mut end = start + 1;
        while end < pairs.len()
            && same_pattern(&pairs[end].0, name)
            && same_pattern(&pairs[end].1, plug)
        {
            end += 1;
        }
        let run = &pairs[start..end];
        // A lone pair is its own fold (one BMC per node makes 100,000 of them; the unit
        // test below holds the fold to that).
        if let [pair] = run {
            out.push(pair.clone());
            start = end;
            continue;
        }
        // A run folded whole may expand in another order (a fold of addresses that cross
        // an octet puts whole blocks first); then the stretches that share everything but
        // the last number (one /24 of plugs, say) are folded instead, so that 100,000
        // pairs give a few hundred lines rather than 100,000. With many stretches the
        // whole run is not tried: at 100,000 addresses that try alone costs 0.4 s.
        let parts = stretches(run);
        let whole = if parts.len() <= WHOLE_RUN_MAX_STRETCHES {
            fold_run(run)
        } else {
            None
        };
        match whole {
            Some(line) => out.push(line),
            None => {
                for sub in parts {
                    match fold_run(sub) {
                        Some(line) => out.push(line),
                        None => out.extend(sub.iter().cloned()),
                    }
                }
            }
        }
        start = end;
    }
    out
}

/// Above this many stretches, a run is folded stretch by stretch without trying it whole.
const WHOLE_RUN_MAX_STRETCHES: usize = 256;

/// `run` cut where the text before the last number of either side changes.
fn stretches(run: &[(String, String)]) -> Vec<&[(String, String)]> {
    fn key(p: &(String, String)) -> (&str, &str) {
        (before_last_number(&p.0), before_last_number(&p.1))
    }
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=run.len() {
        if i == run.len() || key(&run[i]) != key(&run[start]) {
            out.push(&run[start..i]);
            start = i;
        }
    }
    out
}

/// `10.4.0.` of `10.4.0.17`, `nid` of `nid0042`, the whole text when it has no digits.
fn before_last_number(s: &str) -> &str {
    let end = s.trim_end_matches(|c: char| !c.is_ascii_digit()).len();
    let start = s[..end]
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .len();
    &s[..start]
}

/// Below this many names, two folds run one after the other: handing one to another core
/// costs more than it saves.
pub const PARALLEL_FOLD_MIN: usize = 1024;

fn fold_run(run: &[(String, String)]) -> Option<(String, String)> {
    let side = |pick: fn(&(String, String)) -> &String| -> Option<String> {
        let mut set = NodeSet::new();
        for p in run {
            set.insert(pick(p));
        }
        let (folded, expanded) = set.fold_and_names();
        let same =
            expanded.len() == run.len() && expanded.iter().zip(run).all(|(a, p)| a == pick(p));
        same.then_some(folded)
    };
    // The two sides are independent; at 100,000 pairs each takes a fifth of a second, so
    // long runs fold them side by side (a short one costs less than handing work over).
    let (left, right) = if run.len() > PARALLEL_FOLD_MIN {
        rayon::join(|| side(|p| &p.0), || side(|p| &p.1))
    } else {
        (side(|p| &p.0), side(|p| &p.1))
    };
    Some((left?, right?))
}

/// Whether `a` and `b` have the same text around their digits.
fn same_pattern(a: &str, b: &str) -> bool {
    let not_digit = |c: &u8| !c.is_ascii_digit();
    a.bytes().filter(not_digit).eq(b.bytes().filter(not_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn folds_when_both_sides_keep_their_order() {
        let p = pairs(&[("n1", "10.0.0.1"), ("n2", "10.0.0.2"), ("n3", "10.0.0.3")]);
        assert_eq!(
            fold_pairs(&p),
            vec![("n[1-3]".to_string(), "10.0.0.[1-3]".to_string())]
        );
    }

    #[test]
    fn a_lone_pair_folds_to_itself() {
        for (name, plug) in [
            ("nid000001", "10.4.0.10"),
            ("n1", "p1"),
            ("node", "plug"),
            ("x1000c0s0b0n0", "x1000c0s0b0"),
            ("n01.ib", "10.0.0.255"),
            ("a-b-1", "0"),
            ("rack1-node007", "https://10.0.0.1:443"),
        ] {
            let pair = (name.to_string(), plug.to_string());
            let folded = fold_run(std::slice::from_ref(&pair)).unwrap_or(pair.clone());
            assert_eq!(folded, pair, "the fold of one pair");
            assert_eq!(fold_pairs(std::slice::from_ref(&pair)), vec![pair]);
        }
    }

    #[test]
    fn crossed_pairs_stay_one_a_line() {
        let p = pairs(&[("n1", "p2"), ("n2", "p1")]);
        assert_eq!(fold_pairs(&p), p);
    }

    #[test]
    fn addresses_crossing_octets_fold_per_stretch_and_still_pair_up() {
        let p: Vec<(String, String)> = (0..600u32)
            .map(|i| {
                let a = 10 + i;
                (
                    format!("nid{:04}", i + 1),
                    format!("10.0.{}.{}", a / 256, a % 256),
                )
            })
            .collect();
        let lines = fold_pairs(&p);
        assert_eq!(
            lines,
            pairs(&[
                ("nid[0001-0246]", "10.0.0.[10-255]"),
                ("nid[0247-0502]", "10.0.1.[0-255]"),
                ("nid[0503-0600]", "10.0.2.[0-97]"),
            ])
        );
        // Expanded line by line, the pairs come back in their order.
        let back: Vec<(String, String)> = lines
            .iter()
            .flat_map(|(a, b)| {
                let (a, b) = (NodeSet::parse(a).unwrap(), NodeSet::parse(b).unwrap());
                a.to_vec().into_iter().zip(b.to_vec())
            })
            .collect();
        assert_eq!(back, p);
    }

    #[test]
    fn runs_split_on_pattern_changes() {
        let p = pairs(&[("a1", "0"), ("a2", "1"), ("login", "2")]);
        assert_eq!(
            fold_pairs(&p),
            vec![
                ("a[1-2]".to_string(), "[0-1]".to_string()),
                ("login".to_string(), "2".to_string())
            ]
        );
    }
}
