//! The one place chami touches a YAML library.
//!
//! serde_yaml is unmaintained, so every YAML parse and emit in chami goes through this
//! module: swapping the implementation (for a benchmark, or for good) changes this file only.
//! Errors carry the 1-based line and column of the problem. Documents for YAML 1.1 readers
//! (cloud-init's PyYAML) are written by chami's own writer, `emit` ([`to_string_typed`]).

mod depth;
mod emit;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use depth::MAX_DEPTH;
pub use emit::string_scalar;

/// A YAML parse or type error, with the position the parser reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// What is wrong, as the parser or the type said it.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let location = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; the position is reported separately.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        YamlError {
            message,
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
        }
    }
}

/// Parses one YAML document into `T`. A document nesting deeper than [`MAX_DEPTH`] is
/// refused before the parser sees it (see `depth`), so parsing stays linear in the text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    depth::check(text).map_err(|at| YamlError {
        message: format!(
            "nested deeper than {MAX_DEPTH} levels (the most chami reads): flatten this value"
        ),
        line: Some(at.line),
        column: Some(at.column),
    })?;
    Ok(serde_yaml::from_str(text)?)
}

/// Whether a document's top level is a sequence (a list of records) rather than one record.
/// Looks at the first line that is not blank, a comment or a document marker.
pub fn is_top_level_list(text: &str) -> bool {
    first_content_line(text).is_some_and(|(_, l)| l.starts_with('-') || l.starts_with('['))
}

/// True when the document holds nothing but blank lines, comments and markers.
pub fn is_empty_document(text: &str) -> bool {
    first_content_line(text).is_none()
}

/// The 1-based number and text of the first line with content.
pub fn first_content_line(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim_start();
        let is_marker = line.starts_with("---") || line.starts_with("%");
        (!(t.is_empty() || t.starts_with('#') || is_marker)).then_some((i + 1, t))
    })
}

/// Parses a document holding either one `T` or a list of them.
pub fn from_str_one_or_many<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, YamlError> {
    if is_empty_document(text) {
        Ok(Vec::new())
    } else if is_top_level_list(text) {
        from_str::<Vec<T>>(text)
    } else {
        from_str::<T>(text).map(|one| vec![one])
    }
}

/// The 1-based start line of each item of a top-level block sequence: lines whose `-`
/// stands at the indent of the first item (usually column 0).
pub fn list_item_lines(text: &str) -> Vec<usize> {
    let Some((_, first)) = first_content_line(text) else {
        return Vec::new();
    };
    let indent = text
        .lines()
        .find(|l| l.trim_start() == first)
        .map_or(0, |l| l.len() - l.trim_start().len());
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let (lead, rest) = l.split_at(l.len() - l.trim_start().len());
            lead.len() == indent && !lead.contains('\t') && (rest == "-" || rest.starts_with("- "))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Serializes a value as a YAML document (no leading `---`).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    Ok(serde_yaml::to_string(value)?)
}

/// Serializes a value as a YAML document that YAML 1.1 readers (PyYAML, so cloud-init) read
/// with the same types as YAML 1.2 readers: every string that either would take for
/// another type (`no`, `1:20`, `2001-12-14`, a `<<` key …) is quoted (see `emit`).
pub fn to_string_typed<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    let value = serde_json::to_value(value).map_err(|e| YamlError {
        message: e.to_string(),
        line: None,
        column: None,
    })?;
    Ok(emit::to_string(&value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn error_has_position() {
        let e = from_str::<BTreeMap<String, u32>>("a: 1\nb: [x\n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn one_or_many() {
        let one: Vec<BTreeMap<String, u32>> = from_str_one_or_many("# c\na: 1\n").unwrap();
        assert_eq!(one.len(), 1);
        let many: Vec<BTreeMap<String, u32>> =
            from_str_one_or_many("---\n- a: 1\n- b: 2\n").unwrap();
        assert_eq!(many.len(), 2);
        let none: Vec<BTreeMap<String, u32>> = from_str_one_or_many("# only\n\n").unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn what_yaml_cannot_carry_raw_is_escaped_by_both_writers() {
        let v = BTreeMap::from([("d", "GPU\u{fffe}\u{ffff}\u{85}\u{2028}\u{7f}")]);
        for text in [to_string(&v).unwrap(), to_string_typed(&v).unwrap()] {
            assert!(!text.contains(|c: char| c > '\u{7e}'), "{text}");
            let back: BTreeMap<String, String> = from_str(&text).unwrap();
            assert_eq!(back["d"], v["d"], "{text}");
        }
    }

    #[test]
    fn list_lines() {
        assert_eq!(list_item_lines("# x\n- a: 1\n  b: 2\n- a: 3\n"), vec![2, 4]);
        assert_eq!(
            list_item_lines("  - a: 1\n    l:\n    - x\n  - a: 3\n"),
            vec![1, 4]
        );
    }
}
