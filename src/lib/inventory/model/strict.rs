//! Maps that refuse duplicate keys. serde_yaml keeps the last of two equal keys in a free
//! map (labels, vars) without a word; in an inventory that is a typo waiting to bite, so
//! these fields are read through [`map`], which makes it an error naming the key.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Deserializes a string-keyed map, failing on a repeated key.
pub fn map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Strict<V>(PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for Strict<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = access.next_entry::<String, V>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format_args!(
                        "duplicate key `{k}`: each key may appear once (the second would silently win)"
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Strict(PhantomData))
}

#[cfg(test)]
mod tests {
    use crate::inventory::model::Node;

    #[test]
    fn duplicate_label_or_var_is_an_error() {
        for text in [
            "name: a\nlabels:\n  rack: r1\n  rack: r2\n",
            "name: a\nvars:\n  x: 1\n  x: 2\n",
        ] {
            let e = crate::yaml::from_str::<Node>(text).unwrap_err();
            assert!(e.message.contains("duplicate key"), "{e:?}");
        }
        let ok: Node = crate::yaml::from_str("name: a\nlabels:\n  rack: r1\n  row: 2\n").unwrap();
        assert_eq!(ok.labels.len(), 2);
    }
}
