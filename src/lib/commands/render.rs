//! `chami render`: config files from the inventory through templates.

use super::loading::load_for_output;
use crate::exit::ExitStatus;
use crate::inventory::Inventory;
use crate::outfiles::WriteAhead;
use crate::render::{self, Context, Engine, Rendered, Target};
use crate::settings::{GlobalSettings, RenderAction, RenderDest, RenderSettings};
use anyhow::{bail, Context as _};
use std::path::Path;

/// Runs `chami render`.
pub fn run(s: RenderSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let root = global.root()?;
    let site = render::site::load(&root)?;
    let engine = Engine::new(site).context("cannot load the templates")?;
    if s.action == RenderAction::List {
        print_list(&engine)?;
        return Ok(ExitStatus::Success);
    }
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        global
            .printer
            .debug(format!("{what}: {:.3}s", clock.elapsed().as_secs_f64()))
    };
    let writes = matches!(s.dest, Some(RenderDest::Dir(_))) && !s.mode.writes_nothing();
    let (inv, _lock) = load_for_output(global, writes)?;
    lap("loaded");
    // Lint and the context are independent: build the context while lint runs, and
    // throw it away when lint refuses the inventory.
    let prefix = render::context::inventory_prefix(&root);
    let (gate, ctx) = rayon::join(
        || super::lint_gate::refuse_on_errors(&inv, global, "render"),
        || Context::build(&inv, &prefix),
    );
    if let Some(status) = gate? {
        return Ok(status);
    }
    lap("linted, context built");
    if s.action == RenderAction::Context {
        crate::console::write_json(&ctx)?;
        return Ok(ExitStatus::Success);
    }
    let targets = render::choose(&engine, &s.targets)?;
    // Writing into a folder: each target's files start going to disk as soon as it is
    // rendered, while the others render (nothing is visible before the plan is applied).
    let ahead = match &s.dest {
        Some(RenderDest::Dir(dir)) if !s.mode.writes_nothing() => WriteAhead::new(dir),
        _ => None,
    };
    let progress = crate::console::bar(&global.printer, targets.len() as u64, "rendering");
    let rendered = render_all(&engine, &inv, &ctx, &targets, &progress, ahead.as_ref());
    progress.finish_and_clear();
    let rendered = rendered?;
    lap("rendered");
    super::at_exit::leave_to_exit((inv, ctx));
    let status = match &s.dest {
        Some(RenderDest::Dir(dir)) => {
            write_dir(dir, &targets, rendered, &s, global, ahead.as_ref())
        }
        Some(RenderDest::Stdout) | None => print_one(rendered, s.dest.is_none()),
    };
    lap("written");
    status
}

fn render_all(
    engine: &Engine,
    inv: &Inventory,
    ctx: &Context,
    targets: &[&Target],
    progress: &indicatif::ProgressBar,
    ahead: Option<&WriteAhead>,
) -> anyhow::Result<Vec<Rendered>> {
    let out = render::render_targets_then(engine, inv, ctx, targets, &|r| {
        progress.inc(1);
        if let Some(ahead) = ahead {
            for (path, content) in &r.files {
                ahead.offer(path, content.as_bytes());
            }
        }
    });
    out.context("nothing was written")
}

fn print_one(rendered: Vec<Rendered>, implicit: bool) -> anyhow::Result<ExitStatus> {
    let hint = if implicit {
        "give -o DIR to write files"
    } else {
        "`-o -` prints one target that produces one file"
    };
    if rendered.len() != 1 {
        bail!(
            "{} targets asked for and no output folder: {hint}",
            rendered.len()
        );
    }
    let r = &rendered[0];
    if r.files.len() != 1 {
        bail!(
            "target {} produces {} files: {hint}",
            r.target,
            r.files.len()
        );
    }
    crate::console::write_stdout(&r.files[0].1)?;
    Ok(ExitStatus::Success)
}

fn write_dir(
    dir: &Path,
    targets: &[&Target],
    rendered: Vec<Rendered>,
    s: &RenderSettings,
    global: &GlobalSettings,
    ahead: Option<&WriteAhead>,
) -> anyhow::Result<ExitStatus> {
    let plan = render::plan_dir(dir, targets, rendered, s.targets.is_empty())
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    super::change_report::finish_ahead(plan, dir, "render", s.mode, global, ahead)
}

fn print_list(engine: &Engine) -> anyhow::Result<()> {
    let mut t = crate::console::table(&["TARGET", "TEMPLATE", "OUTPUT", "FOR", "SELECT"]);
    for target in engine.targets() {
        t.add_row(vec![
            target.name.clone(),
            target.origin_text(),
            target.output.clone(),
            target.fan_out.as_str().to_string(),
            target.select.clone().unwrap_or_default(),
        ]);
    }
    crate::console::write_stdout(&crate::console::render_table(&mut t))?;
    Ok(())
}
