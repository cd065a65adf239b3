//! Query parameters of SMD's collections: names matched case-insensitively (as SMD reads
//! its form into JSON fields), repeated names OR'd, different names AND'd, and a name the
//! collection does not take refused with SMD's 400 body (SMD itself ignores it, which
//! silently widens a query; chami says so instead).

use super::problem::{bad_param, Problem};

/// The parameters of one request.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    /// `pairs` with their names lower-cased, or a 400 naming the first one not in `known`.
    pub fn new(pairs: Vec<(String, String)>, known: &[&str]) -> Result<Params, Problem> {
        let mut out = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let k = k.to_ascii_lowercase();
            if !known.contains(&k.as_str()) {
                return Err(bad_param(format!(
                    "unknown parameter '{k}'; this collection takes {}",
                    known.join(", ")
                )));
            }
            out.push((k, v));
        }
        Ok(Params(out))
    }

    /// Every value given for `key`.
    pub fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for `key`, lower-cased.
    pub fn lowered(&self, key: &str) -> Vec<String> {
        self.values(key).map(str::to_ascii_lowercase).collect()
    }

    /// Every value given for `key`, lower-cased, or SMD's 400 for a `!` one: group and
    /// partition filters cannot be negated.
    pub fn plain(&self, key: &str) -> Result<Vec<String>, Problem> {
        match self.values(key).find(|v| v.starts_with('!')) {
            Some(v) => Err(bad_param(format!(
                "a group or partition filter cannot be negated ('{key}={v}')"
            ))),
            None => Ok(self.lowered(key)),
        }
    }

    /// Whether `key` was given.
    pub fn has(&self, key: &str) -> bool {
        self.values(key).next().is_some()
    }

    /// Every value of `key` parsed by `parse`, or SMD's 400 with `what` for the first
    /// that does not parse.
    pub fn parsed<T>(
        &self,
        key: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, Problem> {
        self.values(key)
            .map(|v| parse(v).ok_or_else(|| bad_param(format!("{what} ('{key}={v}')"))))
            .collect()
    }
}

/// The values of one negatable filter: SMD reads `state=Ready&state=!Off` as "one of the
/// plain values, and none of the `!` ones".
pub(super) struct Wanted<T> {
    /// Plain values: one must match (none given: any).
    pub pos: Vec<T>,
    /// `!` values: none may match.
    pub neg: Vec<T>,
}

impl<T> Wanted<T> {
    /// Whether `test` holds for one plain value (or there are none) and for no `!` value.
    pub fn admits(&self, test: impl Fn(&T) -> bool) -> bool {
        any(&self.pos, &test) && !self.neg.iter().any(test)
    }
}

impl Params {
    /// Every value of `key` parsed by `parse`, split into plain and `!` values (a value
    /// may start with `!` on the filters SMD lets negate), or SMD's 400 with `what`.
    pub fn negatable<T>(
        &self,
        key: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Wanted<T>, Problem> {
        let mut w = Wanted {
            pos: Vec::new(),
            neg: Vec::new(),
        };
        for v in self.values(key) {
            let (list, raw) = match v.strip_prefix('!') {
                Some(rest) => (&mut w.neg, rest),
                None => (&mut w.pos, v),
            };
            list.push(parse(raw).ok_or_else(|| bad_param(format!("{what} ('{key}={v}')")))?);
        }
        Ok(w)
    }
}

/// True when `wanted` is empty (no filter) or `test` holds for one of its items.
pub(super) fn any<T>(wanted: &[T], test: impl Fn(&T) -> bool) -> bool {
    wanted.is_empty() || wanted.iter().any(test)
}

/// `wanted` (lower-cased) holds `have` (case-insensitively); an empty `wanted` holds all.
pub(super) fn any_text(wanted: &[String], have: Option<&str>) -> bool {
    any(wanted, |w| same_text(w, have))
}

/// `have` is `wanted`, case-insensitively (a missing value is nothing wanted).
pub(super) fn same_text(wanted: &str, have: Option<&str>) -> bool {
    have.is_some_and(|h| h.eq_ignore_ascii_case(wanted))
}

/// A NID as SMD and BSS read one (a Go `int64`), never negative.
pub fn nid(s: &str) -> Option<u64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| u64::try_from(n).ok())
}
