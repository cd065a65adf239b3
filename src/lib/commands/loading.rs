//! Loading the inventory for a command: find it, load it, and refuse one with parse errors.

use crate::inventory::{self, Inventory};
use crate::settings::GlobalSettings;
use anyhow::Context;

/// Finds and loads the inventory; parse errors stop the command (all are listed).
pub fn load_valid(global: &GlobalSettings) -> anyhow::Result<Inventory> {
    load_valid_warning(global).map(|(inv, _)| inv)
}

/// [`load_valid`], also returning the warnings it printed.
pub fn load_valid_warning(global: &GlobalSettings) -> anyhow::Result<(Inventory, Vec<String>)> {
    load_valid_warning_scanned(global, None)
}

/// [`load_valid_warning`] of the inventory as `scan` stat'ed it (see
/// [`inventory::load_scanned`]).
pub fn load_valid_warning_scanned(
    global: &GlobalSettings,
    scan: Option<&inventory::InputScan>,
) -> anyhow::Result<(Inventory, Vec<String>)> {
    let root = global.root()?;
    let loaded = load_with_spinner(global, &root, scan);
    let warnings: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|w| w.to_human())
        .collect();
    for w in &warnings {
        global.printer.warn(w);
    }
    let inv = loaded
        .into_result()
        .with_context(|| format!("cannot use the inventory at {}", root.display()))?;
    Ok((inv, warnings))
}

/// Finds and loads the inventory for a command that only reads it (list, show, hostlist,
/// export, the Ansible inventory) and calls `answer` with it, even when some record files
/// are broken: those are named on stderr, left out of the answer, and the command exits 1
/// (a mid-incident `inventory list` still lists the nodes that load). A broken cluster.yaml
/// stops the command, as for the others.
pub fn with_readable(
    global: &GlobalSettings,
    answer: impl FnOnce(Inventory) -> anyhow::Result<crate::exit::ExitStatus>,
) -> anyhow::Result<crate::exit::ExitStatus> {
    use crate::exit::ExitStatus;
    let root = global.root()?;
    let loaded = load_with_spinner(global, &root, None);
    if loaded.cluster_failed {
        return loaded
            .into_result()
            .map(|_| ExitStatus::Error)
            .with_context(|| format!("cannot use the inventory at {}", root.display()));
    }
    let mut broken = 0;
    for d in &loaded.diagnostics {
        if d.is_error() {
            broken += 1;
            global.printer.error(d.to_human());
        } else {
            global.printer.warn(d.to_human());
        }
    }
    if broken > 0 {
        global.printer.warn(format!(
            "{broken} file(s) of {} could not be read: the answer leaves their records out (exit status 1); `chami inventory lint` lists every problem",
            root.display()
        ));
    }
    let status = answer(loaded.inventory)?;
    Ok(match status {
        ExitStatus::Success if broken > 0 => ExitStatus::Findings,
        s => s,
    })
}

/// Locks the inventory for writing (another chami writing it must finish first), then
/// loads it. Keep the lock until the change is written.
pub fn load_for_write(
    global: &GlobalSettings,
) -> anyhow::Result<(Inventory, crate::fsutil::DirLock)> {
    let lock = lock_for_write(global)?;
    Ok((load_valid(global)?, lock))
}

/// Locks the inventory for writing (another chami writing it must finish first) and
/// finishes an interrupted build. Keep the lock until the change is written.
pub fn lock_for_write(global: &GlobalSettings) -> anyhow::Result<crate::fsutil::DirLock> {
    let root = global.root()?;
    let lock = crate::fsutil::lock_dir(&root, || {
        global
            .printer
            .info("waiting for another chami that is writing this inventory…")
    })?;
    finish_interrupted_build(global, &root)?;
    Ok(lock)
}

/// Loads the inventory for a generator command; when it will write files (`writes`), first
/// locks the inventory, like a build, and finishes an interrupted build: two writers of
/// one output take turns. Keep the lock until the files are written.
pub fn load_for_output(
    global: &GlobalSettings,
    writes: bool,
) -> anyhow::Result<(Inventory, Option<crate::fsutil::DirLock>)> {
    if writes {
        let (inv, lock) = load_for_write(global)?;
        return Ok((inv, Some(lock)));
    }
    Ok((load_valid(global)?, None))
}

/// Finishes the output switches of a `chami build` that was killed while making them
/// (see [`crate::outfiles::recover`]); call it holding the inventory lock.
pub fn finish_interrupted_build(
    global: &GlobalSettings,
    root: &std::path::Path,
) -> anyhow::Result<()> {
    let journal = root.join(crate::build::JOURNAL);
    if let Some(done) = crate::outfiles::recover(&journal)? {
        global.printer.warn(format!(
            "finished the commit of an interrupted build: {} output(s) switched now{}",
            done.switched.len(),
            if done.left.is_empty() {
                String::new()
            } else {
                format!(", {} already switched or changed since", done.left.len())
            }
        ));
    }
    Ok(())
}

/// Loads the inventory at `root` with a spinner on a terminal.
pub fn load_with_spinner(
    global: &GlobalSettings,
    root: &std::path::Path,
    scan: Option<&inventory::InputScan>,
) -> inventory::Loaded {
    let spin = crate::console::spinner(&global.printer, &format!("loading {}", root.display()));
    let loaded = inventory::load_scanned(root, scan);
    spin.finish_and_clear();
    loaded
}
