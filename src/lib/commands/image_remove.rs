//! `chami image rm` and `chami image prune`: cached layers removed, by name or id, or
//! every one no recipe of the inventory uses.

use super::loading::load_valid;
use crate::exit::ExitStatus;
use crate::image::build::{mib, short};
use crate::image::usage::{select, stale, usage};
use crate::image::{CachedLayer, ImageError, LayerCache};
use crate::settings::{GlobalSettings, ImageCacheSettings};
use anyhow::Context;

/// Runs `chami image rm`.
pub fn rm(s: ImageCacheSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    let cache = open(&s, global)?;
    let layers = cache.list()?;
    let ids = select(&layers, &s.targets)?;
    remove(&cache, &layers, &ids, global)
}

/// Runs `chami image prune`.
pub fn prune(s: ImageCacheSettings, global: &GlobalSettings) -> anyhow::Result<ExitStatus> {
    // Only the layers the inventory uses are kept, so it must load.
    let used = if s.all {
        Default::default()
    } else {
        usage(&load_valid(global)?)
    };
    let cache = open(&s, global)?;
    let layers = cache.list()?;
    let ids = stale(&layers, &used, s.all);
    remove(&cache, &layers, &ids, global)
}

fn open(s: &ImageCacheSettings, global: &GlobalSettings) -> anyhow::Result<LayerCache> {
    let dir = s.cache_dir.clone().ok_or(ImageError::NoCacheDir)?;
    LayerCache::open(&dir, || {
        global
            .printer
            .info("waiting for the image build that holds the layer cache")
    })
    .with_context(|| format!("cannot open the layer cache {}", dir.display()))
}

/// Removes the layers `ids` of `layers` (the cache's listing) and says what was freed.
fn remove(
    cache: &LayerCache,
    layers: &[CachedLayer],
    ids: &[String],
    global: &GlobalSettings,
) -> anyhow::Result<ExitStatus> {
    let mut freed = 0;
    for id in ids {
        let layer = layers.iter().find(|l| l.id == *id);
        cache
            .remove(id)
            .with_context(|| format!("cannot remove layer {}", short(id)))?;
        if let Some(l) = layer {
            freed += l.size;
            global.printer.info(format!(
                "removed layer {} {} ({})",
                l.recipe,
                short(id),
                mib(l.size)
            ));
        }
    }
    global.printer.info(format!(
        "{} layer(s) removed, {} freed in {}",
        ids.len(),
        mib(freed),
        cache.dir().display()
    ));
    Ok(ExitStatus::Success)
}
