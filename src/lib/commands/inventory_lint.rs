//! `chami inventory lint`: every problem at once, human (stderr), JSON or GitHub
//! annotations (stdout). Exit 1 when there is an error.

use crate::console::{write_json, write_stdout};
use crate::exit::ExitStatus;
use crate::inventory::lint;
use crate::settings::LintFormat;
use crate::settings::{GlobalSettings, LintSettings};

/// Runs the lint.
pub fn run(s: LintSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let root = global.root()?;
    let started = std::time::Instant::now();
    let loaded = super::loading::load_with_spinner(global, &root);
    let loaded_at = started.elapsed();
    let report = lint::lint(&loaded);
    global.printer.debug(format!(
        "load {:.3}s ({} of {} record files from the parse cache), rules {:.3}s",
        loaded_at.as_secs_f64(),
        loaded.cache_hits,
        loaded.files,
        (started.elapsed() - loaded_at).as_secs_f64()
    ));
    match s.format {
        LintFormat::Human => {
            let text: Vec<String> = report.diagnostics.iter().map(|d| d.to_human()).collect();
            if !text.is_empty() {
                global.printer.raw(&text.join("\n"));
            }
            let inv = &loaded.inventory;
            global.printer.info(format!(
                "{}: {} nodes, {} bmcs, {} groups, {} tenants: {} error(s), {} warning(s)",
                root.display(),
                inv.nodes.len(),
                inv.bmcs.len(),
                inv.groups.len(),
                inv.tenants.len(),
                report.errors,
                report.warnings
            ));
        }
        LintFormat::Json => write_json(&report)?,
        LintFormat::Github => {
            let mut out = String::new();
            for d in &report.diagnostics {
                out.push_str(&d.to_github());
                out.push('\n');
            }
            write_stdout(&out)?;
        }
    }
    let failed = report.errors > 0 || (s.deny_warnings && report.warnings > 0);
    // The process ends right after: freeing 100,000 records would only cost time.
    super::at_exit::leave_to_exit(loaded);
    Ok(if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
