//! A block-style YAML writer whose output every YAML reader takes with the same types:
//! YAML 1.2 (serde_yaml, libyaml-based tools) and YAML 1.1 (PyYAML, so cloud-init).
//! serde_yaml writes a string plain whenever YAML 1.2 reads it back as a string, but YAML
//! 1.1 reads `no`/`on` as booleans, `1:20` as the integer 80, `2001-12-14` as a date, `~` as
//! null and a `<<` key as a merge key. Here a string is plain only when it starts with a
//! letter or `/` and holds letters, digits, `-`, `_`, `.`, `/` and inner spaces, and is not
//! one of the words some reader takes for a boolean or null; a multi-line string is a
//! literal block (`|`), which no reader resolves to another type; every other string is
//! double-quoted, as a JSON string with what YAML cannot carry raw escaped
//! ([`crate::escape::json_string`]). Keys are strings written the same way, so a quoted
//! `"<<"` is a plain key, not a merge. Booleans, numbers and null keep their type.

use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// `value` as a YAML document (no leading `---`), read back with the same types by YAML
/// 1.1 and 1.2 readers.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => mapping(&mut out, m, 0, false),
        Value::Array(a) if !a.is_empty() => sequence(&mut out, a, 0, false),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// `s` as a one-line YAML scalar that every reader takes as this string, in block and
/// flow context: plain when it can be (see the module), else double-quoted.
pub fn string_scalar(s: &str) -> Cow<'_, str> {
    if plain(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(crate::escape::json_string(s))
    }
}

/// The words YAML 1.1 (`y`, `yes`, `on` …) or 1.2 (`true`, `null` …) reads as another
/// type in some spelling; compared without case, so `No` and `NULL` are quoted too.
const WORDS: [&str; 11] = [
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "nan", "inf",
];

/// Whether `s` stands plain as itself. Every implicit type of YAML 1.1 and 1.2 other than
/// the words starts with a digit, a sign, `.`, `~`, `<`, `=` or an indicator; `:` and `#`,
/// which could end or comment the scalar, are not allowed; nor are leading or trailing
/// spaces, which the reader drops.
fn plain(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && !s.ends_with(' ')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b' '))
        && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// The literal block of a multi-line string: header (`|` or `|-`) and content lines, or
/// `None` when a literal block cannot carry `s` exactly (a line break other than LF, a
/// character YAML escapes, a first line that is empty or starts with a space or a tab
/// (libyaml refuses the tab), more than
/// one trailing LF); then it is double-quoted.
fn literal(s: &str) -> Option<(&'static str, &str)> {
    let carried =
        |c: char| c == '\n' || c == '\t' || !(crate::escape::is_control(c) || c == '\u{feff}');
    if !s.contains('\n')
        || s.starts_with([' ', '\t', '\n'])
        || s.ends_with("\n\n")
        || !s.chars().all(carried)
    {
        return None;
    }
    Some(match s.strip_suffix('\n') {
        Some(body) => ("|", body),
        None => ("|-", s),
    })
}

/// A scalar, or an empty map or list, on one line.
fn inline(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed("null"),
        Value::Bool(true) => Cow::Borrowed("true"),
        Value::Bool(false) => Cow::Borrowed("false"),
        Value::Number(n) => Cow::Owned(number(n)),
        Value::String(s) => string_scalar(s),
        Value::Array(_) => Cow::Borrowed("[]"),
        Value::Object(_) => Cow::Borrowed("{}"),
    }
}

/// A number as both YAML versions read it: integers as they are; floats with a `.` and a
/// signed exponent (`1.0e+20`), as YAML 1.1 reads `1e20` as a string.
fn number(n: &Number) -> String {
    let Some(f) = n.as_f64().filter(|_| n.is_f64()) else {
        return n.to_string();
    };
    let plain = f.to_string();
    if plain.len() <= 24 {
        return if plain.contains('.') {
            plain
        } else {
            plain + ".0"
        };
    }
    let e = format!("{f:e}");
    let (mantissa, exp) = e.split_once('e').expect("{:e} writes an exponent");
    let dot = if mantissa.contains('.') { "" } else { ".0" };
    let sign = if exp.starts_with('-') { "" } else { "+" };
    format!("{mantissa}{dot}e{sign}{exp}")
}

/// The entries of `m` at `indent`; the first on the current line when `inline_first`.
fn mapping(out: &mut String, m: &Map<String, Value>, indent: usize, inline_first: bool) {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        let key = string_scalar(k);
        if key.chars().count() > 128 {
            // Past 128 characters a reader may refuse an implicit key: an explicit one.
            out.push_str("? ");
            out.push_str(&key);
            out.push('\n');
            pad(out, indent);
            out.push_str(": ");
            item(out, v, indent);
        } else {
            out.push_str(&key);
            out.push(':');
            value(out, v, indent);
        }
    }
}

/// The items of `a`, their `-` at `indent`; the first on the current line when
/// `inline_first`.
fn sequence(out: &mut String, a: &[Value], indent: usize, inline_first: bool) {
    for (i, v) in a.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        out.push_str("- ");
        item(out, v, indent);
    }
}

/// The value of a `key:` at `indent`; a list's `-` stand at the key's indent.
fn value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(out, a, indent, false);
        }
        _ => {
            out.push(' ');
            scalar(out, v, indent);
        }
    }
}

/// The node after a `- ` (or `: `) at `indent`: a map or list starts on the same line.
fn item(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => mapping(out, m, indent + 2, true),
        Value::Array(a) if !a.is_empty() => sequence(out, a, indent + 2, true),
        _ => scalar(out, v, indent),
    }
}

/// A scalar whose parent stands at `indent`; a literal block's lines go 2 further.
fn scalar(out: &mut String, v: &Value, indent: usize) {
    if let Some((header, body)) = v.as_str().and_then(literal) {
        out.push_str(header);
        out.push('\n');
        for line in body.split('\n') {
            if !line.is_empty() {
                pad(out, indent + 2);
                out.push_str(line);
            }
            out.push('\n');
        }
        return;
    }
    out.push_str(&inline(v));
    out.push('\n');
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
#[path = "emit_tests.rs"]
mod tests;
