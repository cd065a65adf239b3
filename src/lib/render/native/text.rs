//! What the native generators share: the template language's truth and display rules for
//! context values, JSON strings as the `to_json` filter writes them, and grouping in
//! order of first appearance as the `group_by` filter does.

use serde_json::Value as Json;

/// The marker a generator returns when a value is outside what it reproduces exactly
/// (a var holding a list, say): the caller then renders the built-in template instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

/// A generator's result.
pub type Generated = Result<String, Unsupported>;

/// A value an escaping writer refuses: the template then renders and reports it, with the
/// template line, as the built-in template's escaping filter refuses it the same way.
impl From<crate::escape::Unsafe> for Unsupported {
    fn from(_: crate::escape::Unsafe) -> Unsupported {
        Unsupported
    }
}

/// `{{ text }}` of a value the template writes without a filter: refused, as the
/// template's formatter refuses it, when it holds a control character.
pub fn line(text: &str) -> Result<&str, Unsupported> {
    Ok(crate::escape::single_line("a generated file", text)?)
}

/// `{% if s %}` of an optional string.
pub fn truthy<S: AsRef<str>>(s: &Option<S>) -> bool {
    s.as_ref().is_some_and(|s| !s.as_ref().is_empty())
}

/// `{% if v %}` of a var value.
pub fn json_truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

/// `{{ v }}` of a var value, for the kinds whose display is certain: strings, integers,
/// booleans and null.
pub fn display(v: &Json) -> Result<String, Unsupported> {
    match v {
        Json::String(s) => Ok(s.clone()),
        Json::Bool(b) => Ok(b.to_string()),
        Json::Null => Ok("none".to_string()),
        Json::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        _ => Err(Unsupported),
    }
}

/// `{{ text|to_json }}`: a JSON string that YAML also reads as `text` (the Warewulf and
/// ClusterShell outputs are YAML).
pub use crate::escape::json_string as json;

/// Items grouped by a key, in order of first appearance.
pub fn group_by<T, K: std::hash::Hash + Eq + Clone>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Vec<(K, Vec<T>)> {
    let mut index: foldhash::HashMap<K, usize> = foldhash::HashMap::default();
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match index.get(&k) {
            Some(&i) => groups[i].1.push(item),
            None => {
                index.insert(k.clone(), groups.len());
                groups.push((k, vec![item]));
            }
        }
    }
    groups
}

/// A var as a grouping key: its JSON text (`null` when unset), as `group_by` compares.
pub fn var_key(vars: &std::collections::BTreeMap<String, Json>, name: &str) -> String {
    vars.get(name)
        .map_or_else(|| "null".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_truth_follow_the_template_rules() {
        assert_eq!(display(&Json::from("x")), Ok("x".into()));
        assert_eq!(display(&Json::from(22)), Ok("22".into()));
        assert_eq!(display(&Json::Null), Ok("none".into()));
        assert_eq!(display(&Json::from(1.5)), Err(Unsupported));
        assert!(!json_truthy(&Json::from(0)) && json_truthy(&Json::from("a")));
        assert_eq!(json("a\"b"), "\"a\\\"b\"");
        // As the `to_json` filter writes it: serde_json, then what YAML cannot carry raw.
        for s in [
            "plain",
            "tab\there",
            "ü and \u{7f}",
            "back\\slash",
            "nl\n",
            "x\u{fffe}",
        ] {
            let filter = crate::escape::yaml_safe_json(serde_json::to_string(s).unwrap());
            assert_eq!(json(s), filter, "{s:?}");
        }
        assert_eq!(json("GPU nodes\u{fffe}"), "\"GPU nodes\\ufffe\"");
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let g = group_by(["b1", "a1", "b2"], |s| s.chars().next());
        assert_eq!(
            g,
            vec![(Some('b'), vec!["b1", "b2"]), (Some('a'), vec!["a1"])]
        );
    }
}
