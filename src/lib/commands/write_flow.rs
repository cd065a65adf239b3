//! The end of every command that changes the inventory: refuse a change that adds lint
//! errors (unless --force), honour --dry-run, then write everything in one transaction.

use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::inventory::change::{commit, new_errors};
use crate::inventory::save::Changes;
use crate::inventory::{Diagnostic, Inventory};
use crate::outfiles::unified_diff;
use crate::settings::{GlobalSettings, WriteMode};

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
    let spin = crate::console::spinner(printer, "checking the change");
    let new = new_errors(before, after);
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
        let root = global.root()?;
        let (writes, removals) = changes.tx.planned();
        let rel = |p: &std::path::Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
        let mut out = String::new();
        for (path, new) in writes {
            let old = std::fs::read(path).ok();
            out.push_str(&unified_diff(&rel(path), old.as_deref(), Some(new)));
        }
        for path in removals {
            let old = std::fs::read(path).unwrap_or_default();
            out.push_str(&unified_diff(&rel(path), Some(&old), None));
        }
        write_stdout(&out)?;
        for (f, lines) in &changes.dropped_comments {
            printer.warn(format!(
                "would drop {lines} comment line(s) inside records in {}",
                f.display()
            ));
        }
        printer.info(format!("{summary} (dry run: nothing written)"));
        return Ok(ExitStatus::Success);
    }
    for (file, lines) in &changes.dropped_comments {
        // Lost text is worth a line even under -q.
        printer.warn_always(format!(
            "{}: {lines} comment line(s) inside records are dropped by this rewrite (only a file's leading comment block is kept); `git diff` shows them",
            file.display()
        ));
    }
    let (written, removed) = (changes.written.len(), changes.removed.len());
    let spin = crate::console::spinner(printer, &format!("writing {written} file(s)"));
    let root = global.root()?;
    commit(changes, &root)?;
    spin.finish_and_clear();
    printer.info(format!(
        "{summary}: {written} file(s) written, {removed} removed"
    ));
    Ok(ExitStatus::Success)
}
