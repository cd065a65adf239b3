//! Whether any text of a record holds `://`: the first, cheap look of the secrets rule
//! for URLs with a password in fields it does not walk one by one. A serde serializer
//! that formats nothing but the record's strings (values, map keys, and what a value
//! writes with `Display`, such as an address) and stops at the first `://`; writing every
//! record as JSON to look for it took a tenth of a second of CPU at 100,000 nodes.

use serde::ser::{self, Serialize};
use std::fmt::{self, Display, Write as _};

/// Whether some text of `value` holds `://`. JSON text holds it exactly when one of its
/// strings does (numbers and booleans cannot, and a string's quotes keep it from spanning
/// two), not counting field and variant names: those are the type's own, and none of
/// chami's (renames included) holds it.
pub fn holds_scheme_separator<T: Serialize + ?Sized>(value: &T) -> bool {
    matches!(value.serialize(Look), Err(Stop::Found))
}

/// Why the look stopped early.
#[derive(Debug)]
enum Stop {
    /// A `://` was seen.
    Found,
    /// The value refused to serialize (then JSON could not have been written either).
    Failed,
}

impl Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stop::Found => "found `://`",
            Stop::Failed => "the value does not serialize",
        })
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: Display>(_: M) -> Stop {
        Stop::Failed
    }
}

fn text(s: &str) -> Result<(), Stop> {
    if s.contains("://") {
        Err(Stop::Found)
    } else {
        Ok(())
    }
}

/// What a `Display` writes, looked at piece by piece (a `://` may straddle two pieces).
#[derive(Default)]
struct Pieces {
    found: bool,
    /// The last two bytes written.
    tail: [u8; 2],
    len: usize,
}

impl fmt::Write for Pieces {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.found || s.is_empty() {
            return Ok(());
        }
        let b = s.as_bytes();
        // The two bytes before this piece and its first two.
        let kept = self.len.min(2);
        let mut edge = [0u8; 4];
        edge[..kept].copy_from_slice(&self.tail[2 - kept..]);
        let n = b.len().min(2);
        edge[kept..kept + n].copy_from_slice(&b[..n]);
        self.found = edge[..kept + n].windows(3).any(|w| w == b"://") || s.contains("://");
        self.tail = match b {
            [.., x, y] => [*x, *y],
            [y] => [self.tail[1], *y],
            [] => self.tail,
        };
        self.len += b.len();
        Ok(())
    }
}

/// The serializer: by value, it holds nothing.
struct Look;

macro_rules! nothing_to_see {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<(), Stop> { Ok(()) })*
    };
}

impl ser::Serializer for Look {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Look;
    type SerializeTuple = Look;
    type SerializeTupleStruct = Look;
    type SerializeTupleVariant = Look;
    type SerializeMap = Look;
    type SerializeStruct = Look;
    type SerializeStructVariant = Look;

    nothing_to_see!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_bytes: &[u8],
    );

    fn serialize_char(self, c: char) -> Result<(), Stop> {
        text(c.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, s: &str) -> Result<(), Stop> {
        text(s)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Stop> {
        let mut pieces = Pieces::default();
        write!(pieces, "{value}").map_err(|_| Stop::Failed)?;
        if pieces.found {
            Err(Stop::Found)
        } else {
            Ok(())
        }
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Stop> {
        v.serialize(Look)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        v.serialize(Look)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        v.serialize(Look)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_tuple(self, _: usize) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Look, Stop> {
        Ok(Look)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Look, Stop> {
        Ok(Look)
    }
}

/// The compound serializers whose parts are values: each is looked at in turn.
macro_rules! look_at_parts {
    ($($part:ident: $method:ident),* $(,)?) => {$(
        impl ser::$part for Look {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
                v.serialize(Look)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        }
    )*};
}

look_at_parts!(
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field,
);

/// The compound serializers whose parts are named fields: the names are the type's own.
macro_rules! look_at_fields {
    ($($part:ident),*) => {$(
        impl ser::$part for Look {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                _: &'static str,
                v: &T,
            ) -> Result<(), Stop> {
                v.serialize(Look)
            }
            fn end(self) -> Result<(), Stop> {
                Ok(())
            }
        }
    )*};
}

look_at_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Look {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Stop> {
        k.serialize(Look)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        v.serialize(Look)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::holds_scheme_separator;
    use std::collections::BTreeMap;

    /// What the look answers, and what JSON text says.
    fn both<T: serde::Serialize>(v: &T) -> (bool, bool) {
        let json = serde_json::to_string(v).expect("serializes");
        (holds_scheme_separator(v), json.contains("://"))
    }

    #[test]
    fn the_look_answers_as_the_json_text_does() {
        #[derive(serde::Serialize)]
        enum Kind {
            Plain,
            Url(String),
            Pair { at: String },
        }
        #[derive(serde::Serialize)]
        struct Rec {
            name: String,
            nid: u64,
            ip: std::net::IpAddr,
            tags: Vec<Option<String>>,
            labels: BTreeMap<String, String>,
            kind: Kind,
            letter: char,
        }
        let base = || Rec {
            name: "n1".into(),
            nid: 7,
            ip: "10.0.0.1".parse().unwrap(),
            tags: vec![None, Some("a:".into()), Some("//b".into())],
            labels: BTreeMap::from([("rack".to_string(), "r1".to_string())]),
            kind: Kind::Plain,
            letter: ':',
        };
        let mut cases = vec![base()];
        let mut r = base();
        r.name = "http://u:p@h/".into();
        cases.push(r);
        let mut r = base();
        r.labels.insert("s3://key".into(), "v".into());
        cases.push(r);
        let mut r = base();
        r.kind = Kind::Url("tftp://10.0.0.1/x".into());
        cases.push(r);
        let mut r = base();
        r.kind = Kind::Pair {
            at: "nfs://h/p".into(),
        };
        cases.push(r);
        let mut r = base();
        r.tags.push(Some("x://".into()));
        cases.push(r);
        let answers: Vec<(bool, bool)> = cases.iter().map(both).collect();
        for (i, (look, json)) in answers.iter().enumerate() {
            assert_eq!(look, json, "case {i}");
        }
        assert_eq!(
            answers.iter().filter(|(look, _)| *look).count(),
            5,
            "{answers:?}"
        );
    }

    #[test]
    fn a_separator_is_seen_across_pieces() {
        use std::fmt::Write;
        for parts in [
            &["a:", "//b"][..],
            &["a", ":", "/", "/"],
            &["x://"],
            &["a:/", "/"],
            &["", "a:", "", "/", "/"],
        ] {
            let mut w = super::Pieces::default();
            for p in parts {
                w.write_str(p).unwrap();
            }
            assert!(w.found, "{parts:?}");
        }
        for parts in [&["a:", "/", "b/", "/"][..], &[":", "x", "//"], &["/", "/"]] {
            let mut w = super::Pieces::default();
            for p in parts {
                w.write_str(p).unwrap();
            }
            assert!(!w.found, "{parts:?}");
        }
    }

    #[test]
    fn a_separator_split_across_display_pieces_is_seen() {
        struct Split;
        impl std::fmt::Display for Split {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("http:")?;
                f.write_str("/")?;
                f.write_str("/host")
            }
        }
        impl serde::Serialize for Split {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        assert_eq!(both(&Split), (true, true));
        assert_eq!(
            both(&"10.0.0.1".parse::<std::net::IpAddr>().unwrap()),
            (false, false)
        );
    }
}
