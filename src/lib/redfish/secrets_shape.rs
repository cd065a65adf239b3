//! Reading the secrets file's YAML without ever quoting a value: serde's type errors
//! print the value they did not expect (`invalid type: string "hunter2"`), so the file
//! is first read into a tree that accepts anything, and its shape is then checked here
//! with messages that name the entry, its line and what is wrong, never the value.

use super::{Credentials, Password};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Any YAML value, with only the text of strings kept.
enum Loose {
    Text(String),
    Map(Vec<(Loose, Loose)>),
    Other(&'static str),
}

impl Loose {
    fn kind(&self) -> &'static str {
        match self {
            Loose::Text(_) => "a string",
            Loose::Map(_) => "a mapping",
            Loose::Other(k) => k,
        }
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other("true or false"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Loose, E> {
        Ok(Loose::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Loose, E> {
        Ok(Loose::Other("a number"))
    }
    fn visit_i128<E>(self, _: i128) -> Result<Loose, E> {
        Ok(Loose::Other("a number"))
    }
    fn visit_u128<E>(self, _: u128) -> Result<Loose, E> {
        Ok(Loose::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Loose, E> {
        Ok(Loose::Other("a number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Loose, E> {
        Ok(Loose::Other("bytes"))
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other("empty"))
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other("empty"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut pairs = vec![];
        while let Some(k) = map.next_key::<Loose>()? {
            pairs.push((k, map.next_value::<Loose>()?));
        }
        Ok(Loose::Map(pairs))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Loose, A::Error> {
        use de::VariantAccess;
        let (IgnoredAny, v) = data.variant::<IgnoredAny>()?;
        v.newtype_variant::<IgnoredAny>()?;
        Ok(Loose::Other("a tagged value"))
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

/// The entries of a secrets file's text, or what is wrong (never quoting a value).
pub fn parse_entries(text: &str) -> Result<BTreeMap<String, Credentials>, String> {
    if crate::yaml::is_empty_document(text) {
        return Ok(BTreeMap::new());
    }
    let top: Loose = crate::yaml::from_str(text).map_err(|e| match e.line {
        Some(l) => format!("line {l}: {}", e.message),
        None => e.message,
    })?;
    let Loose::Map(pairs) = top else {
        return Err(format!("the file is {}, not a mapping", top.kind()));
    };
    let mut entries = BTreeMap::new();
    for (key, value) in pairs {
        let Loose::Text(name) = key else {
            return Err(format!(
                "an entry name is {}: quote it (\"NAME\": …)",
                key.kind()
            ));
        };
        let at = match line_of(text, &name) {
            Some(l) => format!("entry `{name}` (line {l})"),
            None => format!("entry `{name}`"),
        };
        if entries.contains_key(&name) {
            return Err(format!("{at} is given twice"));
        }
        let Loose::Map(fields) = value else {
            return Err(format!("{at} is {}, not a mapping", value.kind()));
        };
        let (mut username, mut password) = (None, None);
        for (k, v) in fields {
            let field = match k {
                Loose::Text(f) => f,
                other => return Err(format!("{at}: a field name is {}", other.kind())),
            };
            let slot = match field.as_str() {
                "username" => &mut username,
                "password" => &mut password,
                _ => {
                    return Err(format!(
                        "{at}: unknown field `{field}` (only username and password)"
                    ))
                }
            };
            let Loose::Text(t) = v else {
                return Err(format!(
                    "{at}: {field} is {}, not a string: quote it ({field}: \"…\")",
                    v.kind()
                ));
            };
            *slot = Some(t);
        }
        let (Some(username), Some(password)) = (username, password) else {
            return Err(format!("{at} lacks its username or password"));
        };
        let password = Password::new(password);
        entries.insert(name, Credentials { username, password });
    }
    Ok(entries)
}

/// The 1-based line where the top-level key `name` is written.
fn line_of(text: &str, name: &str) -> Option<usize> {
    let forms = [
        format!("{name}:"),
        format!("\"{name}\":"),
        format!("'{name}':"),
    ];
    text.lines()
        .position(|l| forms.iter().any(|f| l.starts_with(f.as_str())))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_shapes_never_print_the_value() {
        let cases = [
            (
                "default: \"root:hunter2\"\n",
                "entry `default` (line 1) is a string",
            ),
            (
                "a: {username: u, password: p}\ndefault: [hunter2]\n",
                "entry `default` (line 2) is a list",
            ),
            (
                "default: {username: root, password: [hunter2]}\n",
                "password is a list",
            ),
            (
                "default: {username: root, password: 123456}\n",
                "password is a number, not a string: quote it",
            ),
            (
                "default: {username: root, pasword: hunter2}\n",
                "unknown field `pasword`",
            ),
            (
                "default: {username: root, password: !vault hunter2}\n",
                "password is a tagged value",
            ),
            (
                "default: {username: root}\n",
                "lacks its username or password",
            ),
            ("- hunter2\n", "the file is a list"),
        ];
        for (text, want) in cases {
            let e = parse_entries(text).map(|_| ()).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
            assert!(!e.contains("hunter2") && !e.contains("123456"), "{e}");
        }
        let ok = parse_entries("'10.0.0.9': {username: n, password: \"x:y\"}\n").unwrap();
        assert_eq!(ok["10.0.0.9"].password.expose(), "x:y");
    }
}
