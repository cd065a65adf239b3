//! `chami inventory lint`: every problem at once, human (stderr), JSON or GitHub
//! annotations (stdout). Exit 1 when there is an error.

use crate::console::write_stdout;
use crate::exit::ExitStatus;
use crate::inventory::lint::{self, Answer, LintMemo};
use crate::settings::LintFormat;
use crate::settings::{GlobalSettings, LintSettings};

/// Runs the lint. An inventory in which nothing changed since the last lint gets the
/// same answer without being loaded (the lint memo).
pub fn run(s: LintSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let root = global.root()?;
    let started = std::time::Instant::now();
    // Stat'ed before loading: an edit made while this runs shows next time.
    let memo = LintMemo::open(&root, s.fresh);
    let answer = match memo.recall() {
        Some(answer) => {
            global.printer.debug(format!(
                "nothing changed since the last lint: its answer again ({:.3}s)",
                started.elapsed().as_secs_f64()
            ));
            answer
        }
        None => {
            let loaded = super::loading::load_with_spinner(global, &root, memo.inputs());
            let loaded_at = started.elapsed();
            let report = lint::lint(&loaded);
            global.printer.debug(format!(
                "load {:.3}s ({} of {} record files from the parse cache), rules {:.3}s",
                loaded_at.as_secs_f64(),
                loaded.cache_hits,
                loaded.files,
                (started.elapsed() - loaded_at).as_secs_f64()
            ));
            let inv = &loaded.inventory;
            let counts = [
                inv.nodes.len(),
                inv.bmcs.len(),
                inv.groups.len(),
                inv.tenants.len(),
            ];
            let answer = Answer::of(&report, counts);
            memo.keep(answer.clone());
            // The process ends right after: freeing 100,000 records would only cost time.
            super::at_exit::leave_to_exit(loaded);
            answer
        }
    };
    // Its input scan lists every path: the process ends soon, and frees it at once.
    super::at_exit::leave_to_exit(memo);
    match s.format {
        LintFormat::Human => {
            if !answer.human.is_empty() {
                global.printer.raw(&answer.human.join("\n"));
            }
            let [nodes, bmcs, groups, tenants] = answer.counts;
            global.printer.info(format!(
                "{}: {nodes} nodes, {bmcs} bmcs, {groups} groups, {tenants} tenants: {} \
                 error(s), {} warning(s)",
                root.display(),
                answer.errors,
                answer.warnings
            ));
        }
        LintFormat::Json => write_stdout(&answer.json)?,
        LintFormat::Github => write_stdout(&answer.github)?,
    }
    let failed = answer.errors > 0 || (s.deny_warnings && answer.warnings > 0);
    Ok(if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
