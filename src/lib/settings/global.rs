//! Settings every command uses: where the inventory is, and how to print.

use crate::cli::{ColorChoice, GlobalArgs};
use crate::inventory::find_root;
use crate::output::Printer;
use crate::settings::StateSettings;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Resolved global settings.
#[derive(Debug, Clone)]
pub struct GlobalSettings {
    /// `-C` or `$CHAMI_INVENTORY`.
    pub inventory: Option<PathBuf>,
    /// Message printer.
    pub printer: Printer,
    /// The node state folder (`--state-dir`, `CHAMI_STATE_DIR`, `CHAMI_STATE_MAX_BYTES`),
    /// or why the environment cannot be read (said by the commands that use it).
    pub state: Result<StateSettings, String>,
}

impl GlobalSettings {
    /// Resolves the global flags; `NO_COLOR` (non-empty) turns color off in auto mode.
    pub fn resolve(args: &GlobalArgs) -> GlobalSettings {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        };
        GlobalSettings {
            inventory: args.inventory.clone(),
            printer: Printer::new(args.quiet, args.verbose, color),
            state: StateSettings::resolve(args.state_dir.clone()),
        }
    }

    /// The inventory folder, found as documented.
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        let cwd = std::env::current_dir()?;
        Ok(find_root(self.inventory.as_deref(), &cwd)?)
    }
}
