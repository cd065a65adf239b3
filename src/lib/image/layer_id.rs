//! Content addresses of image layers: a layer's id is the sha256 of its parent's id and
//! of everything its recipe adds (suite, packages, files with their content, modes and
//! owners, commands, excludes), so an unchanged layer has the same id and any change to a
//! layer changes its id and those of every layer above it.

use super::error::{io_err, ImageError};
use super::spec::{hex, FileSource, Spec};
use crate::inventory::confine::Confined;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Bumped when the way layers are built changes, so old cached trees are not reused.
const LAYER_FORMAT: &str = "chami-image-layer-1";

/// One layer of an image: its recipe's specification and its id.
#[derive(Debug, Clone)]
pub struct Layer {
    /// What the layer adds.
    pub spec: Spec,
    /// Its content address (64 hex digits).
    pub id: String,
    /// The id of the layer below (`None` for the base).
    pub parent_id: Option<String>,
}

/// The layers of `specs` (base first, from [`Spec::layers`]) with their ids; files from
/// the inventory are read (confined to `root`) for their content.
pub fn with_ids(specs: Vec<Spec>, root: &Path) -> Result<Vec<Layer>, ImageError> {
    let mut out: Vec<Layer> = Vec::with_capacity(specs.len());
    for spec in specs {
        let parent_id = out.last().map(|l| l.id.clone());
        let id = layer_id(&spec, parent_id.as_deref(), root)?;
        out.push(Layer {
            spec,
            id,
            parent_id,
        });
    }
    Ok(out)
}

fn layer_id(spec: &Spec, parent: Option<&str>, root: &Path) -> Result<String, ImageError> {
    let mut h = Sha256::new();
    let mut put = |tag: &str, bytes: &[u8]| {
        h.update(tag.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    put("format", LAYER_FORMAT.as_bytes());
    put("parent", parent.unwrap_or("").as_bytes());
    put("suite", spec.suite.as_bytes());
    for p in &spec.packages {
        put("package", p.as_bytes());
    }
    for f in &spec.files {
        put("file", f.path.as_bytes());
        put("mode", &f.mode.to_le_bytes());
        put("owner", f.owner.as_bytes());
        match &f.source {
            FileSource::Inline(text) => put("content", text.as_bytes()),
            FileSource::Inventory(path) => {
                let bytes = Confined::new(root)
                    .read_bytes(path)
                    .map_err(|e| io_err("read", path)(e.into_io()))?;
                put("content", &bytes);
            }
        }
    }
    for r in &spec.run {
        put("run", r.as_bytes());
    }
    for x in &spec.excludes {
        put("exclude", x.as_bytes());
    }
    Ok(hex(&h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::spec::tests::with_recipes;

    fn ids(base: &str, leaf: &str) -> Vec<String> {
        let inv = with_recipes(&[("base", base), ("leaf", leaf)]);
        let specs = Spec::layers(&inv, "leaf").unwrap();
        with_ids(specs, &inv.root)
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect()
    }

    #[test]
    fn a_change_to_a_layer_changes_its_id_and_those_above_only() {
        let base = "base: bookworm\npackages: [systemd]\n";
        let leaf = "parent: base\nrun: [echo a]\n";
        let first = ids(base, leaf);
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].len(), 64);
        assert_eq!(ids(base, leaf), first, "stable");
        assert_eq!(
            ids(&format!("# a comment\n{base}"), leaf),
            first,
            "what the layer holds, not how the file is written"
        );
        let leaf2 = ids(base, "parent: base\nrun: [echo b]\n");
        assert_eq!(leaf2[0], first[0], "the base is reused");
        assert_ne!(leaf2[1], first[1]);
        let base2 = ids("base: trixie\npackages: [systemd]\n", leaf);
        assert_ne!(base2[0], first[0]);
        assert_ne!(base2[1], first[1], "a new base rebuilds what is above it");
        let inline = ids(
            base,
            "parent: base\nrun: [echo a]\nfiles: [{path: /etc/x, content: one}]\n",
        );
        let other = ids(
            base,
            "parent: base\nrun: [echo a]\nfiles: [{path: /etc/x, content: two}]\n",
        );
        assert_ne!(inline[1], other[1], "file content counts");
    }

    #[test]
    fn a_source_file_leading_outside_the_inventory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("images/files");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(files.join("motd"), "hi").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", files.join("evil")).unwrap();
        let mut inv = with_recipes(&[
            (
                "ok",
                "base: bookworm\nfiles: [{path: /etc/motd, source: motd}]\n",
            ),
            (
                "bad",
                "base: bookworm\nfiles: [{path: /etc/x, source: evil}]\n",
            ),
        ]);
        inv.root = dir.path().to_path_buf();
        let ids = |name: &str| with_ids(Spec::layers(&inv, name).unwrap(), &inv.root);
        assert!(ids("ok").is_ok());
        let e = ids("bad").unwrap_err().to_string();
        assert!(e.contains("images/files/evil"), "{e}");
        assert!(!e.contains("root:"), "{e}");
    }
}
