//! Reading the image recipes: every `images/NAME.yaml` (one recipe per file, named by the
//! file; `images/files/` holds the files recipes copy and is not read here).

// A parse error is a Diagnostic by value, as in the loader.
#![allow(clippy::result_large_err)]

use super::confine::Confined;
use super::diagnostic::Diagnostic;
use super::load::parse_diagnostic;
use super::model::Image;
use super::records::{Kind, Origin, Record, RecordType};
use crate::yaml;
use std::path::{Path, PathBuf};

/// The recipes under `root/images/`, sorted by name, and one diagnostic per broken file.
pub fn load_images(confined: &Confined, root: &Path) -> (Vec<Record<Image>>, Vec<Diagnostic>) {
    let dir = root.join(Image::KIND.dir());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_recipe_file(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut recipes = Vec::with_capacity(files.len());
    let mut diags = Vec::new();
    for path in files {
        match load_one(confined, root, &path) {
            Ok(r) => recipes.push(r),
            Err(d) => diags.push(d),
        }
    }
    (recipes, diags)
}

fn is_recipe_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with('.') && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

fn load_one(confined: &Confined, root: &Path, path: &Path) -> Result<Record<Image>, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let text = confined.read(path).map_err(|e| e.to_diagnostic())?;
    parse_recipe(&text, rel)
}

/// Parses the text of `images/NAME.yaml` (`rel`, relative to the root): one recipe, named
/// after the file.
pub fn parse_recipe(text: &str, rel: PathBuf) -> Result<Record<Image>, Diagnostic> {
    let label = Kind::Image.label();
    let mut image: Image = if yaml::is_empty_document(text) {
        Image::default()
    } else {
        yaml::from_str(text).map_err(|e| parse_diagnostic(&rel, label, &e, text))?
    };
    image.name = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line = yaml::first_content_line(text).map_or(1, |(l, _)| l);
    Ok(Record {
        value: image,
        origin: Origin {
            file: rel,
            index: 0,
            line,
            in_list: false,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_is_named_after_its_file() {
        let r = parse_recipe("# c\nbase: bookworm\n", "images/compute.yaml".into()).unwrap();
        assert_eq!(r.name, "compute");
        assert_eq!(r.origin.line, 2);
    }

    #[test]
    fn unknown_field_points_at_its_line() {
        let d = parse_recipe("base: bookworm\npackage: [x]\n", "images/c.yaml".into()).unwrap_err();
        assert_eq!(d.rule, "parse");
        assert_eq!(d.line, Some(2), "{d:?}");
        assert!(d.message.contains("invalid image record"), "{d:?}");
    }

    #[test]
    fn only_top_level_yaml_files_are_recipes() {
        let dir = tempfile::tempdir().unwrap();
        let images = dir.path().join("images");
        std::fs::create_dir_all(images.join("files")).unwrap();
        std::fs::write(images.join("a.yaml"), "base: bookworm\n").unwrap();
        std::fs::write(images.join("files/b.yaml"), "not: a recipe\n").unwrap();
        std::fs::write(images.join("README"), "x").unwrap();
        let (recs, diags) = load_images(&Confined::new(dir.path()), dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].name, "a");
    }
}
