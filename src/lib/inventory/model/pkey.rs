//! InfiniBand partition keys, as a group or tenant names its partition.

use std::fmt;

/// A partition key: the low 15 bits of an InfiniBand P_Key, 0x0001–0x7fff (the top bit is
/// the membership bit OpenSM sets per port; 0x7fff is the default partition). Written as
/// a YAML number (`0x8001` is out of range: write `0x0001`) or a string `"0x0001"`;
/// printed `0x0001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pkey(pub u16);

/// The default partition's key: every port is a member, OpenSM's own port a full one.
pub const DEFAULT_PKEY: Pkey = Pkey(0x7fff);

impl Pkey {
    /// The key for a number, when it is in 0x0001–0x7fff.
    pub fn new(v: u64) -> Option<Pkey> {
        (1..=0x7fff)
            .contains(&v)
            .then(|| Pkey(u16::try_from(v).unwrap_or_default()))
    }
}

fn out_of_range(what: impl fmt::Display) -> String {
    format!(
        "`{what}` is not a partition key: write a number from 0x0001 to 0x7fff (15 bits; \
         the top bit is the membership bit, which OpenSM sets per port)"
    )
}

impl fmt::Display for Pkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:04x}", self.0)
    }
}

impl serde::Serialize for Pkey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Pkey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Pkey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a partition key such as 0x0001")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Pkey, E> {
                Pkey::new(v).ok_or_else(|| E::custom(out_of_range(format!("{v:#06x}"))))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Pkey, E> {
                u64::try_from(v)
                    .ok()
                    .and_then(Pkey::new)
                    .ok_or_else(|| E::custom(out_of_range(v)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Pkey, E> {
                let t = s.trim();
                let n = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16).ok(),
                    None => t.parse().ok(),
                };
                n.and_then(Pkey::new)
                    .ok_or_else(|| E::custom(out_of_range(s)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_strings_in_range() {
        for (text, want) in [("0x0001", 1), ("\"0x7ffe\"", 0x7ffe), ("32767", 0x7fff)] {
            let p: Pkey = crate::yaml::from_str(text).unwrap();
            assert_eq!(p, Pkey(want), "{text}");
        }
        assert_eq!(Pkey(0x12).to_string(), "0x0012");
    }

    #[test]
    fn refuses_out_of_range() {
        for text in ["0", "0x8001", "\"0x10000\"", "-1", "\"ab\""] {
            let e = crate::yaml::from_str::<Pkey>(text).unwrap_err();
            assert!(
                e.message.contains("is not a partition key"),
                "{text}: {e:?}"
            );
        }
    }
}
