//! Settings every command uses: where the inventory is, and how to print.

use crate::cli::{ColorChoice, GlobalArgs};
use crate::console::Printer;
use crate::inventory::find::{find_root, FindError};
use crate::settings::StateSettings;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

/// The variable naming the inventory folder: clap reads it for `-C`, the
/// `chami-ansible-inventory` script reads it itself.
pub const INVENTORY_ENV: &str = "CHAMI_INVENTORY";

/// Resolved global settings.
#[derive(Debug, Clone)]
pub struct GlobalSettings {
    /// `-C` or `$CHAMI_INVENTORY`.
    pub inventory: Option<PathBuf>,
    /// The inventory folder, looked up once (see [`GlobalSettings::root`]), or why there
    /// is none (said by the commands that need one).
    root: Result<PathBuf, RootError>,
    /// Message printer.
    pub printer: Printer,
    /// The node state folder (`--state-dir`, `CHAMI_STATE_DIR`, `CHAMI_STATE_MAX_BYTES`),
    /// or why the environment cannot be read (said by the commands that use it).
    pub state: Result<StateSettings, String>,
}

/// Why no inventory folder was found.
#[derive(Debug, Clone, thiserror::Error)]
enum RootError {
    /// None named, none above the current directory, or a named one is not an inventory.
    #[error(transparent)]
    Find(#[from] FindError),
    /// The current directory cannot be read (removed under us).
    #[error(transparent)]
    Cwd(Arc<std::io::Error>),
}

impl GlobalSettings {
    /// Resolves the global flags, looks up the inventory folder and tells the library
    /// where its caches live; `NO_COLOR` (non-empty) turns color off in auto mode.
    pub fn resolve(args: &GlobalArgs) -> GlobalSettings {
        crate::inventory::use_cache_dir(super::caches::caches_dir());
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        };
        let root = match std::env::current_dir() {
            Ok(cwd) => find_root(args.inventory.as_deref(), &cwd).map_err(RootError::from),
            Err(e) => Err(RootError::Cwd(Arc::new(e))),
        };
        GlobalSettings {
            inventory: args.inventory.clone(),
            root,
            printer: Printer::new(args.quiet, args.verbose, color),
            state: StateSettings::resolve(args.state_dir.clone()),
        }
    }

    /// The settings of the `chami-ansible-inventory` script, which has no flags of its
    /// own: the inventory is `$CHAMI_INVENTORY` (unset when empty) and never found by
    /// walking up, messages as `chami`'s defaults.
    pub fn for_script() -> GlobalSettings {
        let inventory = std::env::var_os(INVENTORY_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        GlobalSettings::resolve(&GlobalArgs {
            inventory,
            quiet: false,
            verbose: 0,
            state_dir: None,
            color: ColorChoice::Auto,
        })
    }

    /// The inventory folder: `-C DIR`, else `$CHAMI_INVENTORY`, else the first folder
    /// holding cluster.yaml walking up from the current directory.
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        Ok(self.root.clone()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(inventory: &std::path::Path) -> GlobalSettings {
        GlobalSettings::resolve(&GlobalArgs {
            inventory: Some(inventory.to_path_buf()),
            quiet: true,
            verbose: 0,
            state_dir: None,
            color: ColorChoice::Never,
        })
    }

    #[test]
    fn the_inventory_folder_is_looked_up_once() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        let e = s.root().unwrap_err().to_string();
        assert!(e.contains("is not a chami inventory"), "{e}");
        std::fs::write(dir.path().join("cluster.yaml"), "format: 1\n").unwrap();
        // Looked up once: the folder made an inventory afterwards is not seen.
        assert!(s.root().is_err());
        let s = settings(dir.path());
        assert_eq!(s.root().unwrap(), dir.path());
    }
}
