//! Commands not implemented yet: say so and exit 2.

use crate::exit::ExitStatus;
use crate::settings::GlobalSettings;

/// Reports that `name` is not implemented yet.
pub fn run(name: &str, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    global
        .printer
        .error(format!("chami {name}: not yet implemented in this version"));
    Ok(ExitStatus::Error)
}
