//! `chami build`: the cron job. Lint (errors: nothing is written), produce every output
//! listed in cluster.yaml `outputs:`, write them all in one transaction (only what
//! changed), run the reload command of each output that changed, and print a summary:
//! a table on stderr, or with `-o json` one JSON document on stdout. When the build stamp
//! says no input and no output changed since a build that left everything right, nothing
//! is loaded or generated (see [`crate::build::BuildStamp`]).

use super::change_report::{change_lines, commit_error};
use super::loading::{load_valid_warning_scanned, lock_for_write};
use crate::build::{self, BuildStamp, Job, Recorded, ReloadOutcome, StampedOutput};
use crate::exit::ExitStatus;
use crate::inventory::Inventory;
use crate::outfiles::{self, Plan, Summary};
use crate::settings::{BuildSettings, GlobalSettings};
use anyhow::Context;
use std::path::Path;

/// Runs `chami build`.
pub fn run(s: BuildSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let root = global.root()?;
    let clock = PhaseClock::new(global);
    // Held until the end: inventory edits and other builds wait, so every output comes
    // from one state of the inventory.
    let _lock = lock_for_write(global)?;
    // The inputs are stat'ed now, before loading: an edit made while this build runs
    // shows next time.
    let mut stamp = BuildStamp::open(&root);
    if let Some(unchanged) = stamp.unchanged() {
        clock.done("stamp (nothing changed since the last build)");
        return report_unchanged(&s, unchanged, global);
    }
    // Only node records changed since the stamped build: the boot tree redoes their files.
    let since = stamp.since();
    if let Some(s) = &since {
        s.check_boot_folders_ahead();
        global.printer.debug(format!(
            "build: only node records changed since the last stamped build ({} path(s) under \
             nodes/ new or changed)",
            s.changed_files()
        ));
    }
    clock.done("stamp");
    let (inv, mut warnings) = load_valid_warning_scanned(global, stamp.inputs())?;
    stamp.loaded();
    clock.done("load");
    let phase = crate::console::spinner(
        &global.printer,
        &format!("checking {} node(s)", inv.nodes.len()),
    );
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "build")? {
        return Ok(status);
    }
    clock.done("lint");
    let jobs = build::jobs(&inv.cluster.outputs, &root).context("nothing was written")?;
    let planned = plan_all(&jobs, &inv, &root, since.as_ref(), global, &phase)
        .context("nothing was written")?;
    drop(since);
    warnings.extend(planned.warnings);
    let plans = planned.plans;
    clock.done("plan");
    phase.set_message(format!("writing {} output(s)", jobs.len()));
    if s.mode.diff {
        let diffs: String = plans.iter().map(Plan::diff).collect();
        crate::console::write_stdout(&diffs)?;
    }
    let changed: Vec<bool> = plans.iter().map(|p| !p.is_clean()).collect();
    if s.mode.writes_nothing() {
        if !s.mode.diff && !s.json {
            let lines: String = plans.iter().map(change_lines).collect();
            crate::console::write_stdout(&lines)?;
        }
        phase.finish_and_clear();
        let summaries: Vec<Summary> = plans.iter().map(Plan::summary).collect();
        let reloads = jobs
            .iter()
            .zip(&changed)
            .map(|(j, c)| match (&j.reload, c) {
                (Some(_), true) if s.reload => Reload::WouldRun,
                _ => Reload::None,
            })
            .collect::<Vec<_>>();
        report(
            &s,
            &rows(&jobs, &summaries),
            &summaries,
            &changed,
            &reloads,
            global,
        )?;
        return Ok(would_change(&s, &changed, global));
    }
    let watches: Vec<outfiles::Watch> = plans.iter().map(Plan::watch).collect();
    let journal = root.join(build::JOURNAL);
    let summaries = outfiles::apply_all(plans, &journal).map_err(|e| commit_error(e, &root))?;
    clock.done("write");
    phase.finish_and_clear();
    for (job, sum) in jobs.iter().zip(&summaries) {
        if let Some(reason) = sum.in_place {
            global.printer.info(format!(
                "output {} ({}): written in place, file by file, because {reason}",
                job.index,
                job.path.display()
            ));
        }
    }
    let reloads: Vec<Reload> = jobs
        .iter()
        .zip(&changed)
        .map(|(job, changed)| match &job.reload {
            Some(_) if !changed => Reload::Unchanged,
            Some(_) if !s.reload => Reload::Skipped,
            Some(cmd) => {
                global
                    .printer
                    .debug(format!("output {}: running `{cmd}`", job.index));
                Reload::Ran(build::reload(cmd, &root, &job.path))
            }
            None => Reload::None,
        })
        .collect();
    let rows = rows(&jobs, &summaries);
    report(&s, &rows, &summaries, &changed, &reloads, global)?;
    let failed: Vec<String> = jobs
        .iter()
        .zip(&reloads)
        .filter_map(|(j, r)| match r {
            Reload::Ran(outcome) if !outcome.is_ok() => Some(format!(
                "output {} ({}): reload `{}` {outcome}",
                j.index,
                j.label(),
                j.reload.as_deref().unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    let written = changed.iter().filter(|c| **c).count();
    if !failed.is_empty() {
        stamp.forget();
        for f in &failed {
            global.printer.error(f);
        }
        global.printer.error(format!(
            "build: {written} output(s) changed and were written, but {} reload command(s) \
             failed; the next build will not run them again unless the output changes, so \
             reload by hand",
            failed.len()
        ));
        return Ok(ExitStatus::Findings);
    }
    // What the next build with nothing changed reports: every file as it is now.
    let stamped = jobs
        .iter()
        .zip(&summaries)
        .map(|(j, s)| StampedOutput::of(j, s.unchanged + s.written))
        .zip(
            watches
                .into_iter()
                .zip(&summaries)
                .map(|(w, s)| w.applied(s)),
        )
        .collect();
    // The outputs are written: a stamp that cannot be kept only costs speed.
    let kept = stamp.record(stamped, warnings).unwrap_or_else(|e| {
        stamp.forget();
        global.printer.debug(format!("build: no stamp kept: {e}"));
        Recorded::TooRecent
    });
    global.printer.debug(match kept {
        Recorded::Kept { indexed: 0 } => {
            "build: stamp kept: the next build with nothing changed skips the work".to_string()
        }
        Recorded::Kept { indexed } => format!(
            "build: stamp kept: the next build with nothing changed skips the work ({indexed} \
             large output(s) written in place vouched for by their stat index)"
        ),
        Recorded::TooRecent => "build: no stamp kept: an input or output changed less than 2 s \
                                ago and this build cannot vouch for its content (the next \
                                build checks everything)"
            .to_string(),
        Recorded::NoCache => "build: no stamp kept: the cache is off".to_string(),
    });
    clock.done("stamp");
    global.printer.info(format!(
        "build: {written} of {} output(s) changed",
        jobs.len()
    ));
    Ok(ExitStatus::Success)
}

/// The report of a build with nothing to do: what the stamped build reported, its
/// warnings again, nothing written or run.
fn report_unchanged(
    s: &BuildSettings,
    unchanged: build::Unchanged,
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    for w in &unchanged.warnings {
        global.printer.warn(w);
    }
    let rows = unchanged.outputs;
    if !s.mode.writes_nothing() {
        // What a killed `render` or `bootgen` left beside an output, as a full build does.
        for r in &rows {
            if let Err(e) = outfiles::sweep_beside(&r.path, r.folder) {
                global.printer.warn(format!("output {}: {e}", r.index));
            }
        }
    }
    let summaries: Vec<Summary> = rows
        .iter()
        .map(|r| Summary {
            unchanged: r.unchanged,
            ..Summary::default()
        })
        .collect();
    let changed = vec![false; rows.len()];
    let reloads: Vec<Reload> = rows
        .iter()
        .map(|r| match (&r.reload, s.mode.writes_nothing()) {
            (Some(_), false) => Reload::Unchanged,
            _ => Reload::None,
        })
        .collect();
    report(s, &rows, &summaries, &changed, &reloads, global)?;
    if s.mode.writes_nothing() {
        return Ok(would_change(s, &changed, global));
    }
    global
        .printer
        .info(format!("build: 0 of {} output(s) changed", rows.len()));
    Ok(ExitStatus::Success)
}

/// The end of `--check`, `--dry-run` and `--diff`: how many outputs would change, and
/// exit 1 for `--check` when any would.
fn would_change(s: &BuildSettings, changed: &[bool], global: &GlobalSettings) -> ExitStatus {
    let any = changed.iter().any(|c| *c);
    global.printer.info(format!(
        "build: {} of {} output(s) would change (nothing written)",
        changed.iter().filter(|c| **c).count(),
        changed.len()
    ));
    if s.mode.check && any {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}

/// The report rows of `jobs`.
fn rows(jobs: &[Job], summaries: &[Summary]) -> Vec<StampedOutput> {
    jobs.iter()
        .zip(summaries)
        .map(|(j, s)| StampedOutput::of(j, s.unchanged))
        .collect()
}

/// Produces every job's plan (nothing is written), with the progress message naming the
/// output at work and the warnings printed (they are returned too).
pub(super) fn plan_all(
    jobs: &[Job],
    inv: &Inventory,
    root: &Path,
    since: Option<&build::Since>,
    global: &GlobalSettings,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<build::Planned> {
    let clock = PhaseClock::new(global);
    // The position of the job at work, so its time is printed when the next one starts.
    let last: std::cell::Cell<Option<usize>> = std::cell::Cell::new(None);
    let finished = |at: Option<usize>| {
        if let Some(prev) = at.and_then(|i| jobs.get(i)) {
            clock.done(&format!("output {} ({})", prev.index, prev.label()));
        }
    };
    let started = |job: &Job| {
        finished(last.replace(jobs.iter().position(|j| std::ptr::eq(j, job))));
        progress.set_message(format!(
            "output {} of {}: {} for {} node(s)",
            job.index,
            jobs.len(),
            job.label(),
            inv.nodes.len()
        ));
    };
    let planned = build::plan_all(jobs, inv, root, since, &started, &|_| progress.inc(1))?;
    finished(last.get());
    for (index, how) in &planned.boot_trees {
        if let crate::boot::Planned::Patched { nodes, unchanged } = how {
            global.printer.debug(format!(
                "build: output {index} (bootgen): patched: the files of {nodes} node(s) made \
                 again, the others vouched for by the stat index ({unchanged} file(s) right)"
            ));
        }
    }
    for w in &planned.warnings {
        global.printer.warn(w);
    }
    Ok(planned)
}

/// What happened to an output's reload command.
enum Reload {
    /// The output has none.
    None,
    /// The output did not change.
    Unchanged,
    /// `--no-reload`.
    Skipped,
    /// `--check` or `--dry-run`: it would run.
    WouldRun,
    /// It ran.
    Ran(ReloadOutcome),
}

impl std::fmt::Display for Reload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reload::None => write!(f, "-"),
            Reload::Unchanged => write!(f, "not needed"),
            Reload::Skipped => write!(f, "skipped (--no-reload)"),
            Reload::WouldRun => write!(f, "would run"),
            Reload::Ran(outcome) => write!(f, "{outcome}"),
        }
    }
}

impl Reload {
    /// The outcome for `-o json`: `none`, `unchanged`, `skipped`, `would-run`, `ok`,
    /// `failed`, `not-started`.
    fn state(&self) -> &'static str {
        match self {
            Reload::None => "none",
            Reload::Unchanged => "unchanged",
            Reload::Skipped => "skipped",
            Reload::WouldRun => "would-run",
            Reload::Ran(ReloadOutcome::Ok) => "ok",
            Reload::Ran(ReloadOutcome::Failed(_)) => "failed",
            Reload::Ran(ReloadOutcome::NotStarted(_)) => "not-started",
        }
    }
}

/// The summary: a table on stderr, or `-o json` on stdout.
fn report(
    s: &BuildSettings,
    jobs: &[StampedOutput],
    summaries: &[Summary],
    changed: &[bool],
    reloads: &[Reload],
    global: &GlobalSettings,
) -> anyhow::Result<()> {
    if !s.json {
        print_table(jobs, summaries, reloads, global);
        return Ok(());
    }
    let outputs: Vec<serde_json::Value> = jobs
        .iter()
        .zip(summaries)
        .zip(changed.iter().zip(reloads))
        .map(|((job, sum), (changed, reload))| {
            serde_json::json!({
                "index": job.index,
                "output": job.label,
                "path": job.path,
                "changed": changed,
                "written": sum.written,
                "removed": sum.removed,
                "unchanged": sum.unchanged,
                "in_place": sum.in_place,
                "reload": job.reload,
                "reload_state": reload.state(),
                "reload_detail": match reload {
                    Reload::Ran(outcome) => Some(outcome.to_string()),
                    _ => None,
                },
            })
        })
        .collect();
    let doc = serde_json::json!({
        "written": !s.mode.writes_nothing(),
        "changed": changed.iter().filter(|c| **c).count(),
        "outputs_total": jobs.len(),
        "reload_failures": reloads
            .iter()
            .filter(|r| matches!(r, Reload::Ran(o) if !o.is_ok()))
            .count(),
        "outputs": outputs,
    });
    crate::console::write_stdout(&format!("{doc}\n"))?;
    Ok(())
}

fn print_table(
    jobs: &[StampedOutput],
    summaries: &[Summary],
    reloads: &[Reload],
    global: &GlobalSettings,
) {
    let mut t = crate::console::table(&[
        "#",
        "OUTPUT",
        "PATH",
        "WRITTEN",
        "REMOVED",
        "UNCHANGED",
        "RELOAD",
    ]);
    for ((job, sum), reload) in jobs.iter().zip(summaries).zip(reloads) {
        t.add_row(vec![
            job.index.to_string(),
            job.label.clone(),
            job.path.display().to_string(),
            sum.written.to_string(),
            sum.removed.to_string(),
            sum.unchanged.to_string(),
            reload.to_string(),
        ]);
    }
    global.printer.info(crate::console::render_table(&mut t));
}

/// `-v`: the time each phase took (wall clock, and the CPU time of all threads), on stderr.
struct PhaseClock<'a> {
    global: &'a GlobalSettings,
    last: std::cell::Cell<(std::time::Instant, f64)>,
}

impl<'a> PhaseClock<'a> {
    fn new(global: &'a GlobalSettings) -> Self {
        PhaseClock {
            global,
            last: std::cell::Cell::new((std::time::Instant::now(), cpu_seconds())),
        }
    }

    /// Prints how long since the previous phase ended, and starts the next one.
    fn done(&self, phase: &str) {
        let printer = &self.global.printer;
        // Measured only when printed: without -v a build reads no /proc file for it.
        if printer.verbose == 0 || printer.quiet {
            return;
        }
        let now = (std::time::Instant::now(), cpu_seconds());
        let (wall, cpu) = self.last.replace(now);
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        printer.debug(format!(
            "build: {phase} took {:.3} s (CPU {:.3} s, resident {} MiB, peak {} MiB)",
            (now.0 - wall).as_secs_f64(),
            now.1 - cpu,
            memory_mib(&status, "VmRSS:"),
            memory_mib(&status, "VmHWM:")
        ));
    }
}

/// A memory figure from the text of /proc/self/status (`VmRSS:` now, `VmHWM:` the peak
/// so far), in MiB; 0 when it is not there.
fn memory_mib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// User and system time of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_SELF is always valid.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}
