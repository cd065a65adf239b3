//! JSON strings that are also YAML double-quoted scalars of the same string. serde_json
//! escapes C0, `"` and `\`, and leaves everything else raw; YAML (1.1 and 1.2) reads a few
//! of those raw characters as line breaks or refuses the whole file for them. These
//! writers add `\uXXXX` for those, which JSON and YAML both read back as the character, so
//! one text serves JSON outputs, the JSON-in-YAML of Warewulf and ClusterShell, and the
//! cloud-init seeds.

/// Whether serde_json leaves `c` raw but YAML cannot carry it raw: DEL and C1 (not in
/// YAML's printable set, except NEL, which YAML 1.1 reads as a line break), U+2028/U+2029
/// (line breaks in YAML 1.1), U+FEFF (a byte-order mark) and the noncharacters of the
/// Basic Multilingual Plane (U+FDD0–U+FDEF, U+FFFE, U+FFFF: PyYAML, libyaml and Go's yaml
/// refuse the file). The noncharacters of other planes are in YAML's printable set and
/// stay raw: JSON would need a surrogate pair for them, which YAML does not read.
fn needs_escape_beyond_json(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
        || ((c as u32) < 0x10000 && super::control::is_noncharacter(c))
}

/// `s` as a JSON string literal that YAML 1.1 and 1.2 read as the same string: quoted as
/// is when `s` is printable ASCII without `"` or `\` (the common case, and a tenth of the
/// cost), else as serde_json writes it with [`yaml_safe_json`] applied.
pub fn json_string(s: &str) -> String {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        out
    } else {
        yaml_safe_json(serde_json::to_string(s).expect("a string serializes"))
    }
}

/// A JSON text serde_json wrote, with the characters of `needs_escape_beyond_json`
/// written as `\uXXXX`. Outside strings serde_json writes only ASCII, so every such
/// character is inside a string, where the escape reads back as the character.
pub fn yaml_safe_json(json: String) -> String {
    if !json.contains(needs_escape_beyond_json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 12);
    for c in json.chars() {
        if needs_escape_beyond_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_are_only_quoted() {
        assert_eq!(json_string("nid01 a/b"), "\"nid01 a/b\"");
        assert_eq!(json_string(""), "\"\"");
        assert_eq!(json_string("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(json_string("é😀"), "\"é😀\"");
    }

    #[test]
    fn what_yaml_cannot_carry_raw_is_escaped() {
        assert_eq!(
            json_string("GPU nodes\u{fffe}\u{ffff}"),
            "\"GPU nodes\\ufffe\\uffff\""
        );
        assert_eq!(
            json_string("a\nb\u{7f}\u{85}\u{9f}\u{2028}\u{2029}\u{feff}\u{fdd0}"),
            "\"a\\nb\\u007f\\u0085\\u009f\\u2028\\u2029\\ufeff\\ufdd0\""
        );
        // Printable in YAML (and a surrogate pair in JSON escapes): raw.
        assert_eq!(json_string("\u{1fffe}"), "\"\u{1fffe}\"");
        for s in ["x\u{fffe}", "\u{85}\u{2028}", "a\u{7f}"] {
            let back: String = serde_json::from_str(&json_string(s)).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn whole_documents_keep_their_layout() {
        let v = serde_json::json!({"a": ["x\u{fffe}"], "b": 1});
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let safe = yaml_safe_json(pretty.clone());
        assert_eq!(safe, pretty.replace('\u{fffe}', "\\ufffe"));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
    }
}
