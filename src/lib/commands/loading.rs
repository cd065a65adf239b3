//! Loading the inventory for a command: find it, load it, and refuse one with parse errors.

use crate::inventory::{self, Inventory};
use crate::settings::GlobalSettings;
use anyhow::Context;

/// Finds and loads the inventory; parse errors stop the command (all are listed).
pub fn load_valid(global: &GlobalSettings) -> anyhow::Result<Inventory> {
    let root = global.root()?;
    let loaded = load_with_spinner(global, &root);
    for w in loaded.diagnostics.iter().filter(|d| !d.is_error()) {
        global.printer.warn(w.to_human());
    }
    loaded
        .into_result()
        .with_context(|| format!("cannot use the inventory at {}", root.display()))
}

/// Locks the inventory for writing (another chami writing it must finish first), then
/// loads it. Keep the lock until the change is written.
pub fn load_for_write(
    global: &GlobalSettings,
) -> anyhow::Result<(Inventory, crate::fsutil::DirLock)> {
    let root = global.root()?;
    let lock = crate::fsutil::lock_dir(&root, || {
        global
            .printer
            .info("waiting for another chami that is writing this inventory…")
    })?;
    finish_interrupted_build(global, &root)?;
    Ok((load_valid(global)?, lock))
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
pub fn load_with_spinner(global: &GlobalSettings, root: &std::path::Path) -> inventory::Loaded {
    let spin = crate::output::spinner(&global.printer, &format!("loading {}", root.display()));
    let loaded = inventory::load(root);
    spin.finish_and_clear();
    loaded
}
