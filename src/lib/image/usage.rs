//! Which cached layers the inventory uses (by image and by boot profile), and which
//! layers `image rm` and `image prune` remove.

use super::cache::CachedLayer;
use super::error::ImageError;
use super::layer_id::with_ids;
use super::spec::Spec;
use crate::inventory::Inventory;
use std::collections::BTreeMap;

/// For each layer id of the inventory's current recipes, who uses it: `image NAME` for
/// every image whose chain has the layer, `profile P` for every boot profile naming such
/// an image. Recipes whose chain is broken (lint says why) use nothing.
pub fn usage(inv: &Inventory) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for image in &inv.images {
        let Ok(layers) = Spec::layers(inv, &image.name).and_then(|s| with_ids(s, &inv.root)) else {
            continue;
        };
        let profiles = inv
            .cluster
            .boot_profiles
            .iter()
            .filter(|p| p.image.as_deref() == Some(image.name.as_str()));
        let users: Vec<String> = std::iter::once(format!("image {}", image.name))
            .chain(profiles.map(|p| format!("profile {}", p.name)))
            .collect();
        for l in layers {
            let entry = out.entry(l.id).or_default();
            for u in &users {
                if !entry.contains(u) {
                    entry.push(u.clone());
                }
            }
        }
    }
    out
}

/// The ids of the cached `layers` that `targets` name: a recipe name names every layer
/// built from it, an id prefix (at least 4 hex digits) the one layer it starts.
pub fn select(layers: &[CachedLayer], targets: &[String]) -> Result<Vec<String>, ImageError> {
    let mut out = Vec::new();
    for t in targets {
        let by_recipe: Vec<&CachedLayer> = layers.iter().filter(|l| l.recipe == *t).collect();
        let found: Vec<&CachedLayer> = if !by_recipe.is_empty() {
            by_recipe
        } else if t.len() >= 4 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            layers
                .iter()
                .filter(|l| l.id.starts_with(t.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        match found.as_slice() {
            [] => return Err(ImageError::NotCached(t.clone())),
            [_, _, ..] if !layers.iter().any(|l| l.recipe == *t) => {
                return Err(ImageError::AmbiguousId(t.clone(), found.len()))
            }
            _ => out.extend(found.iter().map(|l| l.id.clone())),
        }
    }
    out.dedup();
    Ok(out)
}

/// The ids of the cached `layers` that no current recipe uses (all of them with `all`).
pub fn stale(
    layers: &[CachedLayer],
    used: &BTreeMap<String, Vec<String>>,
    all: bool,
) -> Vec<String> {
    layers
        .iter()
        .filter(|l| all || !used.contains_key(&l.id))
        .map(|l| l.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::spec::tests::with_recipes;

    fn cached(id: &str, recipe: &str) -> CachedLayer {
        CachedLayer {
            id: id.into(),
            recipe: recipe.into(),
            parent: None,
            suite: "bookworm".into(),
            built_at: 0,
            build_seconds: 0.0,
            size: 0,
        }
    }

    #[test]
    fn layers_are_used_by_images_and_their_profiles() {
        let mut inv = with_recipes(&[
            ("base", "base: bookworm\n"),
            ("compute", "parent: base\n"),
            ("broken", "parent: nowhere\n"),
        ]);
        inv.cluster.boot_profiles = crate::yaml::from_str(
            "- {name: dl, kind: diskless, image: compute}\n- {name: x, kind: local}\n",
        )
        .unwrap();
        let used = usage(&inv);
        assert_eq!(used.len(), 2, "{used:?}");
        let ids: Vec<String> = with_ids(Spec::layers(&inv, "compute").unwrap(), &inv.root)
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(used[&ids[0]], ["image base", "image compute", "profile dl"]);
        assert_eq!(used[&ids[1]], ["image compute", "profile dl"]);
        let layers = [cached(&ids[0], "base"), cached("beef0001", "compute")];
        assert_eq!(stale(&layers, &used, false), ["beef0001"]);
        assert_eq!(stale(&layers, &used, true).len(), 2);
    }

    #[test]
    fn rm_takes_recipe_names_and_unique_id_prefixes() {
        let layers = [
            cached("abcd1111", "base"),
            cached("abcd2222", "compute"),
            cached("ef001111", "compute"),
        ];
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            select(&layers, &t(&["compute"])).unwrap(),
            ["abcd2222", "ef001111"]
        );
        assert_eq!(select(&layers, &t(&["ef00"])).unwrap(), ["ef001111"]);
        let e = select(&layers, &t(&["abcd"])).unwrap_err().to_string();
        assert!(e.contains("`abcd` matches 2 cached layers"), "{e}");
        let e = select(&layers, &t(&["abc"])).unwrap_err().to_string();
        assert!(e.contains("no cached layer `abc`"), "{e}");
        assert!(select(&layers, &t(&["gpu"])).is_err());
    }
}
