//! The node state folder a command reads or writes: `--state-dir`, `CHAMI_STATE_DIR` or
//! the XDG default, never inside the inventory folder.

use crate::settings::GlobalSettings;
use crate::state::{check_outside, default_dir, Journal, StateError, DEFAULT_LIMIT};
use std::path::Path;

/// The state file for the inventory at `inventory_root`; `None` when no folder is given
/// and there is no default (no XDG_STATE_HOME and no HOME).
pub fn journal(global: &GlobalSettings, inventory_root: &Path) -> anyhow::Result<Option<Journal>> {
    let s = global.state.clone().map_err(anyhow::Error::msg)?;
    let dir = match s.dir {
        Some(d) => d,
        None => match default_dir(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME")) {
            Ok(d) => d,
            Err(StateError::NoDefault) => return Ok(None),
            Err(e) => return Err(e.into()),
        },
    };
    check_outside(&dir, inventory_root)?;
    Ok(Some(Journal::new(
        &dir,
        s.max_bytes.unwrap_or(DEFAULT_LIMIT),
    )))
}
