//! `chami image build NAME`: builds the image of a recipe (see [`crate::image`]) with a
//! progress spinner naming the phase.

use super::loading::load_valid;
use crate::exit::ExitStatus;
use crate::image::{self, ImageError};
use crate::settings::{GlobalSettings, ImageBuildSettings};
use anyhow::Context;

/// Runs `chami image build`.
pub fn run(s: ImageBuildSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = load_valid(global)?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "image build")? {
        return Ok(status);
    }
    let bar = crate::output::spinner(&global.printer, "image");
    let result = image::build(&inv, &s.name, &s.out, &|phase| {
        bar.set_message(format!("image {}: {phase}", s.name));
    });
    bar.finish_and_clear();
    let built = match result {
        Err(ImageError::Interrupted) => {
            global.printer.error("interrupted: nothing was written");
            return Ok(ExitStatus::Interrupted);
        }
        r => r.with_context(|| {
            format!(
                "image {} was not built; nothing was written to {}",
                s.name,
                s.out.display()
            )
        })?,
    };
    let m = &built.manifest;
    let sizes: Vec<String> = m
        .artifacts
        .iter()
        .map(|a| format!("{} {}", a.name, human(a.size)))
        .collect();
    global.printer.info(format!(
        "image {}: {} ({}; {} packages, {:.0} s)",
        s.name,
        built.dir.display(),
        sizes.join(", "),
        m.packages.len(),
        m.build_seconds
    ));
    Ok(ExitStatus::Success)
}

fn human(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    format!("{:.1} MiB", bytes as f64 / MIB)
}
