//! `chami build`: the cron job.

use crate::exit::ExitStatus;
use crate::settings::{BuildSettings, GlobalSettings};

/// Runs `chami build`.
pub fn run(s: BuildSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let _ = (s, global);
    anyhow::bail!("not yet")
}
