//! The end of every command that changes the inventory: refuse a change that adds lint
//! errors (unless --force), honour --dry-run, then write everything in one transaction.

use crate::exit::ExitStatus;
use crate::inventory::lint::lint_inventory;
use crate::inventory::save::Changes;
use crate::inventory::{Diagnostic, Inventory};
use crate::output::write_stdout;
use crate::settings::{GlobalSettings, WriteMode};
use std::collections::HashSet;

fn key(d: &Diagnostic) -> (String, Option<String>, String) {
    (d.rule.to_string(), d.record.clone(), d.message.clone())
}

/// Checks `after` against `before`, then writes `changes` (or says what it would write).
pub fn finish(
    global: &GlobalSettings,
    before: &Inventory,
    after: &Inventory,
    changes: Changes,
    mode: WriteMode,
    summary: &str,
) -> anyhow::Result<ExitStatus> {
    let printer = &global.printer;
    let spin = crate::output::spinner(printer, "checking the change");
    let old: HashSet<_> = lint_inventory(before)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(key)
        .collect();
    let new: Vec<Diagnostic> = lint_inventory(after)
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error() && !old.contains(&key(d)))
        .collect();
    spin.finish_and_clear();
    if !new.is_empty() {
        let text: Vec<String> = new.iter().take(50).map(Diagnostic::to_human).collect();
        printer.raw(&text.join("\n"));
        if new.len() > 50 {
            printer.raw(&format!("… and {} more", new.len() - 50));
        }
        if !mode.force {
            anyhow::bail!(
                "refusing to write: the change would add {} lint error{} (above); fix the input, or pass --force to write anyway",
                new.len(),
                if new.len() == 1 { "" } else { "s" }
            );
        }
        printer.warn(format!(
            "writing despite {} new lint errors (--force)",
            new.len()
        ));
    }
    if mode.dry_run {
        let mut out = String::new();
        for f in &changes.written {
            out.push_str(&format!("would write {}\n", f.display()));
        }
        for f in &changes.removed {
            out.push_str(&format!("would remove {}\n", f.display()));
        }
        write_stdout(&out)?;
        printer.info(format!("{summary} (dry run: nothing written)"));
        return Ok(ExitStatus::Success);
    }
    for (file, lines) in &changes.dropped_comments {
        printer.warn(format!(
            "{}: {lines} comment line(s) inside records were dropped when rewriting it (only the leading comment block is kept)",
            file.display()
        ));
    }
    let (written, removed) = (changes.written.len(), changes.removed.len());
    let spin = crate::output::spinner(printer, &format!("writing {written} file(s)"));
    changes.tx.commit()?;
    spin.finish_and_clear();
    printer.info(format!(
        "{summary}: {written} file(s) written, {removed} removed"
    ));
    Ok(ExitStatus::Success)
}
