//! The library half of every inventory change, shared by the commands that edit the
//! inventory (`inventory add/set/…`) and by serve's write routes: which lint errors a
//! change adds, and writing its files in one journaled transaction.

use super::lint::lint_inventory;
use super::save::Changes;
use super::{Diagnostic, Inventory};
use crate::fsutil::CommitError;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Errors are compared per rule and record, by count: messages name "the other party",
/// which can change when a change only removes errors.
fn counts(diags: &[Diagnostic]) -> HashMap<(&'static str, Option<String>), usize> {
    let mut m = HashMap::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        *m.entry((d.rule, d.record.clone())).or_insert(0) += 1;
    }
    m
}

/// The lint errors of `after` that `before` does not have (by rule and record: a record
/// with more errors of a rule than before shows all of them). Empty: the change may go.
pub fn new_errors(before: &Inventory, after: &Inventory) -> Vec<Diagnostic> {
    let old = counts(&lint_inventory(before).diagnostics);
    let after_diags = lint_inventory(after).diagnostics;
    let grown: HashSet<(&'static str, Option<String>)> = counts(&after_diags)
        .into_iter()
        .filter(|(k, n)| *n > old.get(k).copied().unwrap_or(0))
        .map(|(k, _)| k)
        .collect();
    after_diags
        .into_iter()
        .filter(|d| d.is_error() && grown.contains(&(d.rule, d.record.clone())))
        .collect()
}

/// Writes `changes` into the inventory at `root` in one transaction, journaled like a
/// build's (an interrupted commit is finished by the next writer). Call it holding the
/// inventory lock.
pub fn commit(changes: Changes, root: &Path) -> Result<(), CommitError> {
    crate::outfiles::commit_journaled(changes.tx, root, &root.join(crate::build::JOURNAL))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::test_support::inventory_from;

    #[test]
    fn only_added_errors_count() {
        let before = inventory_from(
            "name: c\nformat: 1\n",
            &["name: a\ninterfaces:\n  - name: eth0\n    ip: 10.0.0.1\n"],
            &[],
        );
        let mut after = before.clone();
        assert!(new_errors(&before, &after).is_empty());
        let mut b = after.nodes[0].clone();
        b.value.name = "b".into();
        after.nodes.push(b);
        let new = new_errors(&before, &after);
        assert!(
            !new.is_empty(),
            "a second node with the same IP is an error"
        );
        assert!(new.iter().all(Diagnostic::is_error));
        // The same errors already present are not new.
        assert!(new_errors(&after, &after).is_empty());
    }
}
