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
    Ok((load_valid(global)?, lock))
}

/// Loads the inventory at `root` with a spinner on a terminal.
pub fn load_with_spinner(global: &GlobalSettings, root: &std::path::Path) -> inventory::Loaded {
    let spin = crate::output::spinner(&global.printer, &format!("loading {}", root.display()));
    let loaded = inventory::load(root);
    spin.finish_and_clear();
    loaded
}
