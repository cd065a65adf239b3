//! Image recipes: `base` or `parent` (one of them), parents that exist and form no cycle,
//! valid Debian package names, files that stay inside the inventory, octal modes, known
//! `exclude` words; and boot profiles that name an existing recipe.

use super::context::LintContext;
use crate::inventory::confine::{ConfineError, Confined};
use crate::inventory::model::{exclude_globs, is_package_name, Image, ImageFile, FILES_DIR};
use crate::inventory::records::{Kind, Record, RecordType};
use std::collections::HashMap;
use std::path::{Component, Path};

const RULE: &str = "image-recipe";

pub(super) fn check(cx: &mut LintContext<'_>) {
    let inv = cx.inv;
    let by_name: HashMap<&str, &Record<Image>> =
        inv.images.iter().map(|r| (r.name.as_str(), r)).collect();
    let check_refs = !cx.failed.contains(&Kind::Image);
    for r in &inv.images {
        check_origin(cx, r, &by_name, check_refs);
        check_packages(cx, r);
        let confined = Confined::new(&inv.root);
        for f in &r.files {
            check_file(cx, r, f, &confined);
        }
        for word in r.exclude.iter().filter(|w| !is_exclude(w)) {
            cx.error(
                RULE,
                r,
                Some(word),
                format!("`exclude: {word}` is neither a keyword nor an absolute path glob"),
                "write `docs`, `man`, `locales`, or a glob starting with `/` (`/usr/share/doc/*`)",
            );
        }
    }
    if check_refs {
        check_profiles(cx, &by_name);
    }
}

fn is_exclude(word: &str) -> bool {
    exclude_globs(word).is_some() || (word.starts_with('/') && !word.contains(['\n', '\0']))
}

fn check_origin(
    cx: &mut LintContext<'_>,
    r: &Record<Image>,
    by_name: &HashMap<&str, &Record<Image>>,
    check_refs: bool,
) {
    match (&r.base, &r.parent) {
        (Some(_), Some(_)) => cx.error(
            RULE,
            r,
            Some("parent:"),
            "the recipe has both `base` and `parent`".to_string(),
            "keep `base: SUITE` for a recipe that starts from Debian, or `parent: RECIPE` for one that adds to another recipe",
        ),
        (None, None) => cx.error(
            RULE,
            r,
            None,
            "the recipe has neither `base` nor `parent`".to_string(),
            "add `base: bookworm` (a Debian suite) or `parent: RECIPE` (another file of images/)",
        ),
        _ => {}
    }
    let Some(parent) = r.parent.as_deref().filter(|_| check_refs) else {
        return;
    };
    if !by_name.contains_key(parent) {
        let mut names: Vec<&str> = by_name.keys().copied().collect();
        names.sort_unstable();
        cx.error(
            "unknown-reference",
            r,
            Some(parent),
            format!("parent image `{parent}` does not exist"),
            &format!(
                "create images/{parent}.yaml or fix the name; recipes: {}",
                names.join(", ")
            ),
        );
    } else if let Some(cycle) = cycle_from(r, by_name) {
        cx.error(
            "image-cycle",
            r,
            Some(parent),
            format!(
                "the parents of image `{}` loop: {}",
                r.name,
                cycle.join(" → ")
            ),
            "one recipe of the loop must start from `base:` instead of `parent:`",
        );
    }
}

/// The parent chain from `r` back to itself, when it loops through `r`.
fn cycle_from<'a>(
    r: &'a Record<Image>,
    by_name: &HashMap<&str, &'a Record<Image>>,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![r.name.as_str()];
    let mut cur = r;
    while let Some(p) = cur.parent.as_deref() {
        chain.push(p);
        if p == r.name {
            return Some(chain);
        }
        if chain.len() > by_name.len() + 1 {
            return None; // a loop that does not pass through `r`: reported on its members
        }
        cur = by_name.get(p)?;
    }
    None
}

fn check_packages(cx: &mut LintContext<'_>, r: &Record<Image>) {
    for p in r.packages.iter().chain(&r.kernel) {
        if !is_package_name(p) {
            cx.error(
                "image-package",
                r,
                Some(p),
                format!("`{p}` is not a Debian package name"),
                "package names are lower-case letters, digits, `+`, `-` and `.`, at least two characters (`apt-cache search` finds the right one)",
            );
        }
    }
}

fn check_file(cx: &mut LintContext<'_>, r: &Record<Image>, f: &ImageFile, confined: &Confined) {
    let at = Some(f.path.as_str());
    if !f.path.starts_with('/') || has_parent_dir(&f.path) {
        cx.error(
            RULE,
            r,
            at,
            format!(
                "file path `{}` is not an absolute path in the image",
                f.path
            ),
            "write the path the file gets in the image, starting with `/` and without `..`",
        );
    }
    if f.mode_bits().is_none() {
        let mode = f.mode.as_deref().unwrap_or_default();
        cx.error(
            RULE,
            r,
            Some(mode),
            format!("mode `{mode}` of {} is not octal permissions", f.path),
            "write the mode as an octal string, e.g. \"0644\" or \"0755\"",
        );
    }
    if let Some(owner) = f.owner.as_deref().filter(|o| !is_owner(o)) {
        cx.error(
            RULE,
            r,
            Some(owner),
            format!(
                "owner `{owner}` of {} is not `user` or `user:group`",
                f.path
            ),
            "write a user name or `user:group` (names or numeric ids)",
        );
    }
    match (&f.source, &f.content) {
        (Some(_), Some(_)) | (None, None) => cx.error(
            RULE,
            r,
            at,
            format!(
                "file {} needs exactly one of `source` and `content`",
                f.path
            ),
            "`source:` names a file under images/files/, `content:` gives the text inline",
        ),
        (Some(src), None) => check_source(cx, r, src, confined),
        (None, Some(_)) => {}
    }
}

fn check_source(cx: &mut LintContext<'_>, r: &Record<Image>, src: &str, confined: &Confined) {
    let at = format!("source: {src}");
    let help =
        "put the file under images/files/ in the inventory and name it relative to that folder";
    if Path::new(src).is_absolute() || has_parent_dir(src) {
        cx.error(
            "outside-inventory",
            r,
            Some(&at),
            format!("file source `{src}` leaves images/{FILES_DIR}/"),
            help,
        );
        return;
    }
    let rel = Path::new(Image::KIND.dir()).join(FILES_DIR).join(src);
    let (rule, message) = match confined.check(&cx.inv.root.join(&rel)) {
        Ok(_) => return,
        Err(ConfineError::Io(_, e)) if e.kind() == std::io::ErrorKind::NotFound => (
            RULE,
            format!("file source {} does not exist", rel.display()),
        ),
        Err(e) => (e.to_diagnostic().rule, e.to_string()),
    };
    cx.error(rule, r, Some(&at), message, help);
}

fn has_parent_dir(path: &str) -> bool {
    Path::new(path)
        .components()
        .any(|c| matches!(c, Component::ParentDir))
}

fn is_owner(owner: &str) -> bool {
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    match owner.split_once(':') {
        Some((u, g)) => part(u) && part(g),
        None => part(owner),
    }
}

fn check_profiles(cx: &mut LintContext<'_>, by_name: &HashMap<&str, &Record<Image>>) {
    for p in &cx.inv.cluster.boot_profiles {
        let Some(image) = p.image.as_deref().filter(|i| !by_name.contains_key(i)) else {
            continue;
        };
        cx.cluster_error_after(
            "unknown-reference",
            (&format!("name: {}", p.name), &format!("image: {image}"), 0),
            format!(
                "boot profile `{}` names image `{image}`, which does not exist",
                p.name
            ),
            &format!("create images/{image}.yaml or fix the name"),
        );
    }
}
