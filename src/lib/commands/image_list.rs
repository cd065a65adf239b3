//! `chami image list`: the cached layers as a table or JSON, with who uses each.

use super::loading::load_valid;
use crate::console::{render_table, table, write_json, write_stdout};
use crate::exit::ExitStatus;
use crate::image::build::{mib, short};
use crate::image::usage::usage;
use crate::image::{ImageError, LayerCache};
use crate::settings::{GlobalSettings, ImageCacheSettings};
use anyhow::Context;
use serde::Serialize;

/// One row of the listing.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    layer: &'a crate::image::CachedLayer,
    used_by: &'a [String],
}

/// Runs `chami image list`.
pub fn run(s: ImageCacheSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let inv = load_valid(global)?;
    let dir = s.cache_dir.ok_or(ImageError::NoCacheDir)?;
    let cache = LayerCache::open(&dir, || {
        global
            .printer
            .info("waiting for the image build that holds the layer cache")
    })
    .with_context(|| format!("cannot open the layer cache {}", dir.display()))?;
    let layers = cache.list()?;
    let used = usage(&inv);
    let none: Vec<String> = Vec::new();
    let rows: Vec<Row> = layers
        .iter()
        .map(|l| Row {
            layer: l,
            used_by: used.get(&l.id).unwrap_or(&none),
        })
        .collect();
    if s.json {
        write_json(&rows)?;
        return Ok(ExitStatus::Success);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut t = table(&["RECIPE", "ID", "SIZE", "AGE", "USED BY"]);
    for r in &rows {
        t.add_row(vec![
            r.layer.recipe.clone(),
            short(&r.layer.id).to_string(),
            mib(r.layer.size),
            age(now.saturating_sub(r.layer.built_at)),
            if r.used_by.is_empty() {
                "- (stale)".to_string()
            } else {
                r.used_by.join(", ")
            },
        ]);
    }
    write_stdout(&render_table(&mut t))?;
    Ok(ExitStatus::Success)
}

/// `seconds` as the largest whole unit: `45 s`, `12 min`, `5 h`, `3 d`.
fn age(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h", s / 3600),
        s => format!("{} d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_use_the_largest_unit() {
        assert_eq!(super::age(59), "59 s");
        assert_eq!(super::age(3599), "59 min");
        assert_eq!(super::age(7200), "2 h");
        assert_eq!(super::age(86_400 * 3 + 5), "3 d");
    }
}
