//! `chami image build NAME`: builds the image of a recipe (see [`crate::image`]) with a
//! spinner naming the phase, and a line per layer (cached or built, with its size).

use super::loading::load_valid;
use crate::exit::ExitStatus;
use crate::image::build::mib;
use crate::image::{self, ImageError, Phase};
use crate::settings::{GlobalSettings, ImageBuildSettings};
use anyhow::Context;

/// Runs `chami image build`.
pub fn run(s: ImageBuildSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = load_valid(global)?;
    if let Some(status) = super::lint_gate::refuse_on_errors(&inv, global, "image build")? {
        return Ok(status);
    }
    if s.options.cache_dir.is_none() {
        global
            .printer
            .warn("no layer cache (HOME unset and no --cache-dir): every layer is built");
    }
    let bar = crate::console::spinner(&global.printer, "image");
    let result = image::build(&inv, &s.name, &s.options, &|phase| match phase {
        Phase::LayerCached { .. } | Phase::LayerBuilt { .. } => {
            bar.suspend(|| global.printer.info(format!("image {}: {phase}", s.name)));
        }
        _ => bar.set_message(format!("image {}: {phase}", s.name)),
    });
    bar.finish_and_clear();
    let out = s.options.out.display();
    let built = match result {
        Err(ImageError::Interrupted) => {
            global.printer.error("interrupted: nothing was written");
            return Ok(ExitStatus::Interrupted);
        }
        r => r.with_context(|| {
            format!(
                "image {} was not built; nothing was written to {out}",
                s.name
            )
        })?,
    };
    let m = &built.manifest;
    if built.up_to_date {
        global.printer.info(format!(
            "image {}: {} is up to date (id {}); --force builds it again",
            s.name,
            built.dir.display(),
            image::build::short(&m.id)
        ));
        return Ok(ExitStatus::Success);
    }
    let sizes: Vec<String> = m
        .artifacts
        .iter()
        .map(|a| format!("{} {}", a.name, mib(a.size)))
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
