//! `chami doctor`: runs the checks of [`crate::doctor`] and the ones that need the
//! command layer (loading, linting, planning the outputs as `build --check` does), then
//! prints them as a table or JSON on stdout. Exit 1 when one fails.

use crate::build;
use crate::doctor::{self, Check, Status};
use crate::exit::ExitStatus;
use crate::inventory::lint::lint_inventory;
use crate::inventory::model::OutputKind;
use crate::inventory::Inventory;
use crate::settings::{DoctorSettings, GlobalSettings};

/// Runs `doctor`.
pub fn run(s: DoctorSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let root = global.root()?;
    let loaded = super::loading::load_with_spinner(global, &root, None);
    let mut checks = Vec::new();
    if loaded.cluster_failed {
        checks.push(Check::not_ok(
            Status::Fail,
            "inventory",
            first_error(&loaded.diagnostics),
            "fix cluster.yaml: chami inventory lint names the line",
        ));
        return print(&s, &checks);
    }
    let broken = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let inv = loaded.inventory;
    checks.push(inventory_check(&inv, broken, &loaded.diagnostics));
    checks.push(outputs_check(&inv, &root, global));
    checks.push(doctor::boot_files(&inv, s.files.as_deref()));
    checks.extend(doctor::consumers(&inv.cluster.outputs));
    checks.extend(doctor::boot_servers(&inv.cluster));
    if inv
        .cluster
        .outputs
        .iter()
        .any(|o| o.kind == OutputKind::DhcpExport)
    {
        checks.push(doctor::dhcp_listener());
    }
    print(&s, &checks)
}

fn first_error(diags: &[crate::inventory::Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map_or_else(|| "cannot be loaded".to_string(), |d| d.to_human())
}

/// Unreadable files and lint findings.
fn inventory_check(
    inv: &Inventory,
    broken: usize,
    load_diags: &[crate::inventory::Diagnostic],
) -> Check {
    let lint = lint_inventory(inv).diagnostics;
    let errors = lint.iter().filter(|d| d.is_error()).count();
    let warnings = lint.len() - errors;
    let detail = format!(
        "{} node(s); {broken} unreadable file(s), {errors} lint error(s), {warnings} warning(s)",
        inv.nodes.len()
    );
    if broken > 0 {
        let first = first_error(load_diags);
        return Check::not_ok(
            Status::Fail,
            "inventory",
            format!("{detail}; first: {first}"),
            "chami inventory lint lists every problem with file and line",
        );
    }
    match (errors, warnings) {
        (0, 0) => Check::ok("inventory", detail),
        (0, _) => Check::not_ok(
            Status::Warn,
            "inventory",
            detail,
            "chami inventory lint shows the warnings",
        ),
        _ => Check::not_ok(
            Status::Fail,
            "inventory",
            detail,
            "chami inventory lint lists the errors; build and serve refuse the inventory until they are fixed",
        ),
    }
}

/// cluster.yaml `outputs:` present and up to date.
fn outputs_check(inv: &Inventory, root: &std::path::Path, global: &GlobalSettings) -> Check {
    const NAME: &str = "outputs";
    if inv.cluster.outputs.is_empty() {
        return Check::not_ok(
            Status::Warn,
            NAME,
            "cluster.yaml has no outputs: chami build has nothing to write",
            "list the files to keep up to date under outputs: (man chami-build)",
        );
    }
    let plans = build::jobs(&inv.cluster.outputs, root)
        .map_err(anyhow::Error::from)
        .and_then(|jobs| {
            super::build::plan_all(
                &jobs,
                inv,
                root,
                None,
                global,
                &indicatif::ProgressBar::hidden(),
            )
            .map(|p| (jobs, p.plans))
        });
    match plans {
        Err(e) => Check::not_ok(
            Status::Fail,
            NAME,
            format!("cannot be produced: {e:#}"),
            "chami build --check shows the same error; fix the inventory or the output",
        ),
        Ok((jobs, plans)) => {
            let stale: Vec<String> = jobs
                .iter()
                .zip(&plans)
                .filter(|(_, p)| !p.is_clean())
                .map(|(j, _)| format!("{} ({})", j.index, j.path.display()))
                .collect();
            let detail = format!("{} output(s), {} out of date", jobs.len(), stale.len());
            if stale.is_empty() {
                Check::ok(NAME, detail)
            } else {
                Check::not_ok(
                    Status::Warn,
                    NAME,
                    format!("{detail}: {}", stale.join(", ")),
                    "run chami build (chami build --dry-run --diff shows the changes)",
                )
            }
        }
    }
}

/// The report on stdout; exit 1 when a check failed.
fn print(s: &DoctorSettings, checks: &[Check]) -> anyhow::Result<ExitStatus> {
    if s.json {
        crate::console::write_json(checks)?;
    } else {
        let mut t = crate::console::table(&["CHECK", "STATUS", "DETAIL", "TO DO"]);
        for c in checks {
            t.add_row(vec![
                c.check.clone(),
                c.status.as_str().to_string(),
                c.detail.clone(),
                c.fix.clone().unwrap_or_default(),
            ]);
        }
        crate::console::write_stdout(&format!("{}\n", crate::console::render_table(&mut t)))?;
    }
    Ok(if checks.iter().any(|c| c.status == Status::Fail) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
