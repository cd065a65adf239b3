//! `chami render`: config files from the inventory through templates.

use crate::exit::ExitStatus;
use crate::settings::{GlobalSettings, RenderSettings};

/// Runs `chami render`.
pub fn run(_s: RenderSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    super::pending::run("render", global)
}
