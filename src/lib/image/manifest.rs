//! `manifest.json` of a built image: where it came from and what it holds.

use serde::{Deserialize, Serialize};

/// One artifact of the image folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Artifact {
    /// File name in the image folder.
    pub name: String,
    /// sha256, hex.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

/// One installed package.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Package {
    /// Package name.
    pub name: String,
    /// Installed version.
    pub version: String,
}

/// One layer of the image.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LayerRef {
    /// The recipe.
    pub recipe: String,
    /// The layer's id.
    pub id: String,
}

/// The manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The image (recipe) name.
    pub name: String,
    /// The image's id: the id of its top layer (see the layer cache), which changes
    /// when anything the recipes put in the image changes.
    #[serde(default)]
    pub id: String,
    /// The layers, base first.
    #[serde(default)]
    pub layers: Vec<LayerRef>,
    /// sha256 of the recipe files of the chain.
    pub recipe_sha256: String,
    /// The parent recipe, when there is one.
    pub parent: Option<String>,
    /// The Debian suite.
    pub suite: String,
    /// vmlinuz, initrd.img, rootfs.squashfs.
    pub artifacts: Vec<Artifact>,
    /// Installed packages, sorted by name.
    pub packages: Vec<Package>,
    /// When the build finished (seconds since the epoch, UTC).
    pub built_at: u64,
    /// How long the build took, in seconds.
    pub build_seconds: f64,
    /// The chami that built it.
    pub chami_version: String,
}

/// Parses `dpkg-query -W -f '${Package}\t${Version}\n'` output.
pub fn parse_packages(text: &str) -> Vec<Package> {
    let mut out: Vec<Package> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(n, v)| Package {
            name: n.to_string(),
            version: v.to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpkg_query_output_is_parsed_and_sorted() {
        let p = parse_packages("zlib1g\t1:1.2.13\nbash\t5.2.15-2+b2\nbroken line\n");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "bash");
        assert_eq!(p[1].version, "1:1.2.13");
    }
}
