//! A recipe and its parents as build specifications: one per layer (what each recipe adds:
//! packages, its kernel, initramfs and cloud-init packages, files, commands, excludes), or
//! all merged into one, base first; every layer has the suite of the root recipe.

use super::error::ImageError;
use crate::inventory::model::{exclude_globs, Image, Initramfs, FILES_DIR};
use crate::inventory::{Inventory, Record, RecordType};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Where a file of the image comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FileSource {
    /// A file of the inventory (absolute path).
    Inventory(PathBuf),
    /// Inline text.
    Inline(String),
}

/// One file put in the image.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecFile {
    /// Absolute path in the image.
    pub path: String,
    /// Its content.
    pub source: FileSource,
    /// Permission bits.
    pub mode: u32,
    /// `user[:group]`.
    pub owner: String,
}

/// Everything a build needs, from the whole chain of recipes.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The leaf recipe's name.
    pub name: String,
    /// The Debian suite.
    pub suite: String,
    /// Packages to install (kernel, initramfs and cloud-init ones included), deduplicated.
    pub packages: Vec<String>,
    /// Files, in order.
    pub files: Vec<SpecFile>,
    /// Commands run in the image root, in order.
    pub run: Vec<String>,
    /// dpkg path-exclude globs.
    pub excludes: Vec<String>,
    /// sha256 of the recipe files of the chain (base first), hex.
    pub recipe_sha256: String,
    /// The parent recipe's name, when there is one.
    pub parent: Option<String>,
}

/// The cloud-init setting that makes the NoCloud datasource (chami's `ds=` URL) the one used.
pub const NOCLOUD_CFG: (&str, &str) = (
    "/etc/cloud/cloud.cfg.d/90-chami-nocloud.cfg",
    "datasource_list: [ NoCloud, None ]\n",
);

/// The packages an initramfs flavour needs.
fn initramfs_packages(i: Initramfs) -> &'static [&'static str] {
    match i {
        Initramfs::LiveBoot => &["live-boot", "initramfs-tools"],
        Initramfs::Dracut => &["dracut", "dracut-live"],
    }
}

/// The recipes from the root to `name`.
pub fn chain<'a>(inv: &'a Inventory, name: &str) -> Result<Vec<&'a Record<Image>>, ImageError> {
    let find = |n: &str| inv.images.iter().find(|r| r.name == n);
    let Some(mut cur) = find(name) else {
        let names: Vec<&str> = inv.images.iter().map(|r| r.name()).collect();
        return Err(ImageError::NoRecipe(
            name.to_string(),
            if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            },
        ));
    };
    let bad = |why: String| ImageError::BadChain {
        name: name.to_string(),
        why,
    };
    let mut layers = vec![cur];
    while let Some(p) = cur.parent.as_deref() {
        cur = find(p).ok_or_else(|| bad(format!("parent image `{p}` does not exist")))?;
        if layers.iter().any(|l| l.name == cur.name) {
            return Err(bad(format!("the parents loop at `{p}`")));
        }
        layers.push(cur);
    }
    layers.reverse();
    Ok(layers)
}

/// The initramfs flavour of image `name`: the nearest layer of its chain that sets one
/// (`None` when none does, or the chain is broken, which lint reports).
pub fn initramfs_of(inv: &Inventory, name: &str) -> Option<Initramfs> {
    chain(inv, name)
        .ok()?
        .iter()
        .rev()
        .find_map(|l| l.initramfs)
}

impl Spec {
    /// One specification per recipe of the chain of `name`, base first, each with only
    /// what its recipe adds: its packages, then its kernel, initramfs and cloud-init
    /// packages, its files (and the NoCloud setting), commands and excludes. Every layer
    /// has the chain's suite; `parent` names the recipe below.
    pub fn layers(inv: &Inventory, name: &str) -> Result<Vec<Spec>, ImageError> {
        let layers = chain(inv, name)?;
        let suite = layers[0].base.clone().ok_or_else(|| ImageError::BadChain {
            name: name.to_string(),
            why: format!("recipe `{}` has no `base:` suite", layers[0].name),
        })?;
        let files_dir = inv.root.join(Image::KIND.dir()).join(FILES_DIR);
        let mut parent = None;
        let mut out = Vec::new();
        for l in layers {
            out.push(layer_spec(l, &suite, parent.take(), &files_dir));
            parent = Some(l.name.clone());
        }
        Ok(out)
    }

    /// The merged specification of image `name`, for one build of the whole chain: the
    /// layers of [`Spec::layers`] one after another (packages deduplicated); `texts` are
    /// the recipe files' contents (base first), hashed into [`Spec::recipe_sha256`].
    pub fn of(inv: &Inventory, name: &str, texts: &[Vec<u8>]) -> Result<Spec, ImageError> {
        Ok(Spec::merged(name, Spec::layers(inv, name)?, texts))
    }

    /// The layers of [`Spec::layers`] (of image `name`, at least one) merged into one.
    pub fn merged(name: &str, layers: Vec<Spec>, texts: &[Vec<u8>]) -> Spec {
        let mut spec = Spec {
            name: name.to_string(),
            suite: layers[0].suite.clone(),
            packages: Vec::new(),
            files: Vec::new(),
            run: Vec::new(),
            excludes: Vec::new(),
            recipe_sha256: hash(texts),
            parent: layers.iter().rev().nth(1).map(|l| l.name.clone()),
        };
        for l in layers {
            spec.packages.extend(l.packages);
            spec.files.extend(l.files);
            spec.run.extend(l.run);
            spec.excludes.extend(l.excludes);
        }
        let mut seen = std::collections::HashSet::new();
        spec.packages.retain(|p| seen.insert(p.clone()));
        let mut seen = std::collections::HashSet::new();
        spec.excludes.retain(|p| seen.insert(p.clone()));
        spec
    }
}

/// What recipe `l` adds, as a one-layer [`Spec`].
fn layer_spec(l: &Record<Image>, suite: &str, parent: Option<String>, files_dir: &Path) -> Spec {
    let mut spec = Spec {
        name: l.name.clone(),
        suite: suite.to_string(),
        packages: l.packages.clone(),
        files: Vec::new(),
        run: l.run.clone(),
        excludes: Vec::new(),
        recipe_sha256: String::new(),
        parent,
    };
    for w in &l.exclude {
        match exclude_globs(w) {
            Some(globs) => spec.excludes.extend(globs.iter().map(|g| g.to_string())),
            None => spec.excludes.push(w.clone()),
        }
    }
    for f in &l.files {
        let source = match (&f.source, &f.content) {
            (Some(s), _) => FileSource::Inventory(files_dir.join(s)),
            (None, c) => FileSource::Inline(c.clone().unwrap_or_default()),
        };
        spec.files.push(SpecFile {
            path: f.path.clone(),
            source,
            mode: f.mode_bits().unwrap_or(0o644),
            owner: f.owner.clone().unwrap_or_else(|| "root:root".into()),
        });
    }
    spec.packages.extend(l.kernel.clone());
    if let Some(i) = l.initramfs {
        spec.packages
            .extend(initramfs_packages(i).iter().map(|p| p.to_string()));
    }
    if l.cloud_init == Some(true) {
        spec.packages.push("cloud-init".into());
        let (path, text) = NOCLOUD_CFG;
        spec.files.push(SpecFile {
            path: path.into(),
            source: FileSource::Inline(text.into()),
            mode: 0o644,
            owner: "root:root".into(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    spec.packages.retain(|p| seen.insert(p.clone()));
    spec
}

fn hash(texts: &[Vec<u8>]) -> String {
    let mut h = Sha256::new();
    for t in texts {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t);
    }
    hex(&h.finalize())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::inventory::load_images::parse_recipe;

    /// An inventory (root `/inv`) with the recipes `(name, yaml)`.
    pub(crate) fn with_recipes(recipes: &[(&str, &str)]) -> Inventory {
        let mut inv =
            crate::inventory::test_support::inventory_from("name: t\nformat: 1\n", &[], &[]);
        inv.root = PathBuf::from("/inv");
        inv.images = recipes
            .iter()
            .map(|(n, y)| parse_recipe(y, format!("images/{n}.yaml").into()).unwrap())
            .collect();
        inv
    }

    #[test]
    fn layers_merge_base_first() {
        let inv = with_recipes(&[
            ("base", "base: bookworm\npackages: [systemd]\nexclude: [docs]\nrun: [a]\nkernel: linux-image-amd64\n"),
            ("compute", "parent: base\npackages: [openssh-server, systemd]\nrun: [b]\ninitramfs: live-boot\ncloud_init: true\nfiles:\n- path: /etc/motd\n  source: motd\n  mode: '0600'\n"),
        ]);
        let s = Spec::of(&inv, "compute", &[]).unwrap();
        assert_eq!(s.suite, "bookworm");
        assert_eq!(s.parent.as_deref(), Some("base"));
        assert_eq!(
            s.packages,
            [
                "systemd",
                "linux-image-amd64",
                "openssh-server",
                "live-boot",
                "initramfs-tools",
                "cloud-init"
            ]
        );
        let layers = Spec::layers(&inv, "compute").unwrap();
        assert_eq!(layers[0].packages, ["systemd", "linux-image-amd64"]);
        assert_eq!(layers[0].parent, None);
        assert_eq!(layers[1].parent.as_deref(), Some("base"));
        assert_eq!(layers[1].suite, "bookworm");
        assert_eq!(layers[1].run, ["b"]);
        assert_eq!(layers[1].files.len(), 2, "motd and the NoCloud setting");
        assert_eq!(s.run, ["a", "b"]);
        assert_eq!(s.excludes, ["/usr/share/doc/*"]);
        assert_eq!(
            s.files[0].source,
            FileSource::Inventory("/inv/images/files/motd".into())
        );
        assert_eq!(s.files[0].mode, 0o600);
        assert_eq!(s.files[1].path, NOCLOUD_CFG.0);
    }

    #[test]
    fn broken_chains_are_errors() {
        let inv = with_recipes(&[
            ("a", "parent: b\n"),
            ("b", "parent: a\n"),
            ("c", "parent: x\n"),
        ]);
        assert!(matches!(
            Spec::of(&inv, "a", &[]),
            Err(ImageError::BadChain { .. })
        ));
        let e = Spec::of(&inv, "c", &[]).unwrap_err().to_string();
        assert!(e.contains("parent image `x` does not exist"), "{e}");
        let e = Spec::of(&inv, "nosuch", &[]).unwrap_err().to_string();
        assert!(
            e.contains("images/nosuch.yaml") && e.contains("a, b, c"),
            "{e}"
        );
    }

    #[test]
    fn the_recipe_hash_covers_every_layer() {
        let inv = with_recipes(&[("a", "base: bookworm\n")]);
        let one = Spec::of(&inv, "a", &[b"x".to_vec()]).unwrap().recipe_sha256;
        let two = Spec::of(&inv, "a", &[b"y".to_vec()]).unwrap().recipe_sha256;
        assert_ne!(one, two);
        assert_eq!(one.len(), 64);
    }
}
