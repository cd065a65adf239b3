//! What every lint rule works with: the inventory, which kinds failed to load, a line
//! locator, and the list of findings.

use crate::inventory::diagnostic::{Diagnostic, Severity};
use crate::inventory::records::{Inventory, Kind, Origin, Record, RecordType, CLUSTER_FILE};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// State shared by the lint rules.
pub struct LintContext<'a> {
    /// The inventory under test.
    pub inv: &'a Inventory,
    /// Kinds with files that failed to parse: references into them are not checked.
    pub failed: &'a BTreeSet<Kind>,
    /// Findings so far.
    pub out: Vec<Diagnostic>,
    texts: HashMap<PathBuf, Vec<String>>,
}

impl<'a> LintContext<'a> {
    /// A context over `inv`.
    pub fn new(inv: &'a Inventory, failed: &'a BTreeSet<Kind>) -> LintContext<'a> {
        LintContext {
            inv,
            failed,
            out: Vec::new(),
            texts: HashMap::new(),
        }
    }

    /// Reports a finding about record `rec`; `needle` is text on the line to point at
    /// (searched within the record), e.g. the offending value.
    pub fn report<T: RecordType>(
        &mut self,
        severity: Severity,
        rule: &'static str,
        rec: &Record<T>,
        needle: Option<&str>,
        message: String,
        help: &str,
    ) {
        let line = self.line_of(&rec.origin, needle);
        let mut d = Diagnostic::error(rule, message)
            .at(rec.origin.file.clone(), line)
            .record(T::KIND, rec.name());
        d.severity = severity;
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.out.push(d);
    }

    /// An error about record `rec`.
    pub fn error<T: RecordType>(
        &mut self,
        rule: &'static str,
        rec: &Record<T>,
        needle: Option<&str>,
        message: String,
        help: &str,
    ) {
        self.report(Severity::Error, rule, rec, needle, message, help);
    }

    /// An error about record `rec` at the line of the first of `needles` found in it
    /// (a value may be written in several spellings), else the record's first line.
    pub fn error_at_any<T: RecordType>(
        &mut self,
        rule: &'static str,
        rec: &Record<T>,
        needles: &[&str],
        message: String,
        help: &str,
    ) {
        let needle = needles.iter().copied().find(|n| {
            self.line_of(&rec.origin, Some(n)) != rec.origin.line || self.first_line_has(rec, n)
        });
        self.error(rule, rec, needle, message, help);
    }

    fn first_line_has<T: RecordType>(&mut self, rec: &Record<T>, needle: &str) -> bool {
        let at = rec.origin.line.saturating_sub(1);
        self.lines(&rec.origin.file)
            .get(at)
            .is_some_and(|l| line_has(l, needle))
    }

    /// An error about cluster.yaml; `needle` is text on the line to point at.
    pub fn cluster_error(&mut self, rule: &'static str, needle: &str, message: String, help: &str) {
        self.cluster_error_nth(rule, needle, 0, message, help);
    }

    /// An error about cluster.yaml at the `nth` (0-based) line holding `needle`.
    pub fn cluster_error_nth(
        &mut self,
        rule: &'static str,
        needle: &str,
        nth: usize,
        message: String,
        help: &str,
    ) {
        let line = self
            .lines(Path::new(CLUSTER_FILE))
            .iter()
            .enumerate()
            .filter(|(_, l)| line_has(l, needle))
            .nth(nth)
            .map_or(1, |(i, _)| i + 1);
        let mut d = Diagnostic::error(rule, message).at(CLUSTER_FILE, line);
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.out.push(d);
    }

    /// An error about cluster.yaml at the `nth` (0-based) line holding `needle` after the
    /// first line holding `anchor` (the anchor's line when there is none).
    pub fn cluster_error_after(
        &mut self,
        rule: &'static str,
        (anchor, needle, nth): (&str, &str, usize),
        message: String,
        help: &str,
    ) {
        let lines = self.lines(Path::new(CLUSTER_FILE));
        let start = lines.iter().position(|l| line_has(l, anchor)).unwrap_or(0);
        let line = lines
            .iter()
            .enumerate()
            .skip(start)
            .filter(|(_, l)| line_has(l, needle))
            .nth(nth)
            .map_or(start, |(i, _)| i)
            + 1;
        let mut d = Diagnostic::error(rule, message).at(CLUSTER_FILE, line);
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.out.push(d);
    }

    /// `file:line` of a record, for naming the other party of a duplicate.
    pub fn place<T: RecordType>(&mut self, rec: &Record<T>, needle: Option<&str>) -> String {
        let line = self.line_of(&rec.origin, needle);
        format!(
            "{} {} ({}:{line})",
            T::KIND,
            rec.name(),
            rec.origin.file.display()
        )
    }

    /// The line of `needle` inside the record at `origin`, or the record's first line.
    pub fn line_of(&mut self, origin: &Origin, needle: Option<&str>) -> usize {
        let Some(needle) = needle else {
            return origin.line;
        };
        let lines = self.lines(&origin.file);
        let start = origin.line.saturating_sub(1);
        let end = if origin.in_list {
            lines
                .iter()
                .enumerate()
                .skip(start + 1)
                .find(|(_, l)| l.starts_with('-'))
                .map_or(lines.len(), |(i, _)| i)
        } else {
            lines.len()
        };
        lines
            .get(start..end)
            .and_then(|range| range.iter().position(|l| line_has(l, needle)))
            .map_or(origin.line, |i| start + i + 1)
    }

    fn lines(&mut self, file: &Path) -> &Vec<String> {
        let root = &self.inv.root;
        self.texts.entry(file.to_path_buf()).or_insert_with(|| {
            crate::inventory::confine::read_inside(root, &root.join(file))
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        })
    }
}

/// Whether a line holds `needle` as a whole token (so `10.0.0.2` does not match
/// `10.0.0.21`), ignoring case and MAC separators (`02-00-…` matches `02:00:…`).
fn line_has(line: &str, needle: &str) -> bool {
    let content = line.split(" #").next().unwrap_or(line);
    let norm = |s: &str| s.to_ascii_lowercase().replace('-', ":");
    let (hay, needle) = (norm(content), norm(needle));
    if needle.is_empty() {
        return false;
    }
    let token = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_');
    let edge_token = |s: &str, last: bool| {
        let c = if last {
            s.chars().next_back()
        } else {
            s.chars().next()
        };
        c.is_some_and(token)
    };
    hay.match_indices(&needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_some_and(token) && edge_token(&needle, false);
        let after =
            hay[i + needle.len()..].chars().next().is_some_and(token) && edge_token(&needle, true);
        !before && !after
    })
}
