//! Site templates: the files in the inventory's templates/ folder.
//!
//! `templates/NAME.j2` is the target NAME. It may start with a header, a Jinja comment
//! whose first word is `chami`, holding YAML:
//!
//! ```text
//! {#- chami
//! output: "nodes/{{ node.name }}.conf"   # default: NAME
//! for: node                              # once (default) | group | node | vm
//! select: "@compute"                     # optional: which nodes (or groups) fan out
//! -#}
//! ```
//!
//! A file whose name starts with `_` is a partial, for `{% include %}` and
//! `{% import %}`; it is not a target. Files not ending in `.j2`, and hidden files and
//! folders, are ignored.

use super::error::RenderError;
use super::target::FanOut;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The templates folder inside an inventory.
pub const TEMPLATES_DIR: &str = "templates";

/// A template file found in templates/.
#[derive(Debug, Clone)]
pub struct SiteTemplate {
    /// Path relative to the inventory (`templates/x.j2`).
    pub path: PathBuf,
    /// Name in the environment (path relative to templates/).
    pub name: String,
    /// Its text.
    pub source: String,
    /// Target name, for non-partials.
    pub target: Option<String>,
    /// Its header.
    pub header: Header,
}

/// The header of a site template.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Output path template.
    #[serde(default)]
    pub output: Option<String>,
    /// Fan-out.
    #[serde(default, rename = "for")]
    pub fan_out: Option<FanOut>,
    /// Selection for the fan-out.
    #[serde(default)]
    pub select: Option<String>,
}

/// Reads every `.j2` file under `root/templates` (sorted by path).
pub fn load(root: &Path) -> Result<Vec<SiteTemplate>, RenderError> {
    let dir = root.join(TEMPLATES_DIR);
    let confined = crate::inventory::confine::Confined::new(root);
    let files = if dir.is_dir() {
        // An unreadable templates/ folder is an error, not an empty one.
        std::fs::read_dir(&dir).map_err(|e| RenderError::Io {
            path: dir.clone(),
            source: e,
        })?;
        crate::inventory::load::files_below(&confined, &dir, |name| name.ends_with(".j2"))
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for file in files {
        let rel_to_templates = file.strip_prefix(&dir).unwrap_or(&file).to_path_buf();
        let name = rel_to_templates.to_string_lossy().into_owned();
        let path = Path::new(TEMPLATES_DIR).join(&rel_to_templates);
        let source = confined.read(&file).map_err(|e| RenderError::Io {
            path: file.clone(),
            source: e.into_io(),
        })?;
        let header = parse_header(&source).map_err(|message| RenderError::Header {
            path: path.clone(),
            message,
        })?;
        let base = rel_to_templates
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_partial = base.starts_with('_') || rel_to_templates.components().count() > 1;
        let target = (!is_partial).then(|| base.trim_end_matches(".j2").to_string());
        out.push(SiteTemplate {
            path,
            name,
            source,
            target,
            header,
        });
    }
    Ok(out)
}

/// Parses the `{# chami … #}` header at the start of `source`, if any.
pub fn parse_header(source: &str) -> Result<Header, String> {
    let text = source.trim_start();
    let Some(rest) = text.strip_prefix("{#") else {
        return Ok(Header::default());
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.trim_start_matches([' ', '\t']);
    let Some(body) = rest.strip_prefix("chami") else {
        return Ok(Header::default());
    };
    if !body.starts_with(['\n', '\r', ' ', '\t']) {
        return Ok(Header::default());
    }
    let Some(end) = body.find("#}") else {
        return Err("the `{# chami` header is not closed with `#}`".to_string());
    };
    let yaml = body[..end].trim_end().trim_end_matches('-');
    if yaml.trim().is_empty() {
        return Ok(Header::default());
    }
    crate::yaml::from_str::<Header>(yaml).map_err(|e| {
        format!("bad header: {e} (allowed keys: output, for: once|group|node|vm, select)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_read() {
        let h = parse_header(
            "{#- chami\noutput: \"n/{{ node.name }}\"\nfor: node\nselect: \"@compute\"\n-#}\nbody",
        )
        .unwrap();
        assert_eq!(h.output.as_deref(), Some("n/{{ node.name }}"));
        assert_eq!(h.fan_out, Some(FanOut::Node));
        assert_eq!(h.select.as_deref(), Some("@compute"));
    }

    #[test]
    fn no_header_and_plain_comments() {
        assert_eq!(parse_header("hello").unwrap(), Header::default());
        assert_eq!(
            parse_header("{# just a comment #}x").unwrap(),
            Header::default()
        );
        assert_eq!(parse_header("{# chamirror #}x").unwrap(), Header::default());
    }

    #[test]
    fn bad_headers_say_what_is_wrong() {
        let e = parse_header("{# chami\nfor: rack\n#}").unwrap_err();
        assert!(e.contains("once|group|node"), "{e}");
        let e = parse_header("{# chami\noutptu: x\n#}").unwrap_err();
        assert!(e.contains("outptu"), "{e}");
        assert!(parse_header("{# chami\noutput: x\n").is_err());
    }
}
