//! The lint gate of generators (`render`, `build` …): an inventory with lint errors
//! produces nothing, so that a wrong inventory never becomes a wrong config.

use crate::exit::ExitStatus;
use crate::inventory::{lint, Inventory};
use crate::settings::GlobalSettings;

/// Lints `inv`; when there are errors, prints them and returns the exit status to stop
/// with (1, "findings"). Warnings are not shown here (`chami inventory lint` shows them).
pub fn refuse_on_errors(
    inv: &Inventory,
    global: &GlobalSettings,
    what: &str,
) -> anyhow::Result<Option<ExitStatus>> {
    let report = lint::lint_inventory(inv);
    if report.errors == 0 {
        return Ok(None);
    }
    let text: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_human())
        .collect();
    global.printer.raw(&text.join("\n"));
    global.printer.error(format!(
        "{what}: the inventory has {} lint error(s); nothing was written. Fix them \
         (`chami inventory lint` lists them) and run again",
        report.errors
    ));
    Ok(Some(ExitStatus::Findings))
}
