//! Serde for values written as text in the YAML files (MAC addresses, GUIDs): serialized
//! with `Display`, read with `FromStr`, whose error becomes the parse error.

/// Implements `Serialize` (as `Display` text) and `Deserialize` (from a string, through
/// `FromStr`) for `$t`.
macro_rules! serde_as_text {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(super) use serde_as_text;
