//! The end of every generator command: show a plan of generated files (`--check`,
//! `--diff`, `--dry-run`) or apply it, and say what happened in one line on stderr.

use crate::exit::ExitStatus;
use crate::outfiles::{ChangeKind, Plan, WriteAhead};
use crate::settings::{GlobalSettings, OutputMode};
use std::path::Path;

/// Shows or applies `plan` for command `what`. `--check`: exit 1 when anything would
/// change (the changes, or with `--diff` the diff, on stdout). `--dry-run`: the same,
/// exit 0. Otherwise the plan is applied; `--diff` shows what is being changed.
pub fn finish(
    plan: Plan,
    dir: &Path,
    what: &str,
    mode: OutputMode,
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    finish_ahead(plan, dir, what, mode, global, None)
}

/// [`finish`], placing the files `ahead` already wrote.
pub fn finish_ahead(
    plan: Plan,
    dir: &Path,
    what: &str,
    mode: OutputMode,
    global: &GlobalSettings,
    ahead: Option<&WriteAhead>,
) -> anyhow::Result<ExitStatus> {
    let OutputMode {
        check,
        diff,
        dry_run,
    } = mode;
    if diff {
        crate::console::write_stdout(&plan.diff())?;
    }
    let summary = plan.summary();
    if check || dry_run {
        if !diff {
            crate::console::write_stdout(&change_lines(&plan))?;
        }
        let changing = summary.written + summary.removed;
        global.printer.info(format!(
            "{what}: {} to write, {} to remove, {} unchanged in {} (nothing written)",
            summary.written,
            summary.removed,
            summary.unchanged,
            dir.display()
        ));
        return Ok(if check && changing > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        });
    }
    let journal = global.root()?.join(crate::build::JOURNAL);
    let spin = crate::console::spinner(
        &global.printer,
        &format!(
            "{what}: writing {} and removing {} file(s) in {}",
            summary.written,
            summary.removed,
            dir.display()
        ),
    );
    let done = plan.apply_journaled(ahead, &journal);
    spin.finish_and_clear();
    let done = done.map_err(|e| commit_error(e, dir))?;
    if let Some(reason) = done.in_place {
        global.printer.info(format!(
            "{what}: {} written in place, file by file, because {reason}",
            dir.display()
        ));
    }
    global.printer.info(format!(
        "{what}: {} written, {} removed, {} unchanged in {}",
        done.written,
        done.removed,
        done.unchanged,
        dir.display()
    ));
    Ok(ExitStatus::Success)
}

/// One line per change, `create|update|remove PATH`, for `--check` and `--dry-run`.
pub fn change_lines(plan: &Plan) -> String {
    plan.changes()
        .iter()
        .map(|c| format!("{} {}\n", verb(c.kind), plan.dir().join(&c.path).display()))
        .collect()
}

fn verb(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Create => "create",
        ChangeKind::Update => "update",
        ChangeKind::Remove => "remove",
    }
}

/// A failed commit, with the folder named; an interruption keeps its type so that the
/// exit code is 130.
pub fn commit_error(e: crate::fsutil::CommitError, dir: &Path) -> anyhow::Error {
    match e {
        e @ crate::fsutil::CommitError::Interrupted(_) => e.into(),
        e => anyhow::Error::new(e).context(format!(
            "cannot write into {}; nothing was changed",
            dir.display()
        )),
    }
}
