//! The name map of `discover collect --write --name-map FILE` (like Magellan's
//! `--bmc-id-map`): BMC address or MAC → names of the records to create.
//!
//! ```yaml
//! 10.1.0.11: x1000c0s0b0                 # a BMC xname: nodes become x1000c0s0b0n0 …
//! 10.1.0.12: {bmc: r1u12-bmc, nodes: [r1u12]}
//! "02:00:00:00:01:0c": {xname: x1000c0s2b0}
//! ```

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Names for one BMC and its systems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMapEntry {
    /// BMC record name.
    pub bmc: Option<String>,
    /// BMC xname (NodeBMC): nodes get `<xname>n<index>`.
    pub xname: Option<String>,
    /// Node names, by system index.
    pub nodes: Vec<String>,
}

/// The whole map.
#[derive(Debug, Clone, Default)]
pub struct NameMap {
    entries: BTreeMap<String, NameMapEntry>,
}

/// A name map that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("name map {}: {message}", path.display())]
pub struct NameMapError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl NameMap {
    /// Loads the file.
    pub fn load(path: &Path) -> Result<NameMap, NameMapError> {
        let err = |message: String| NameMapError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        NameMap::parse(&text).map_err(err)
    }

    /// Parses YAML text.
    pub fn parse(text: &str) -> Result<NameMap, String> {
        if crate::yaml::is_empty_document(text) {
            return Ok(NameMap::default());
        }
        let raw: BTreeMap<String, NameMapEntry> =
            crate::yaml::from_str(text).map_err(|e| e.to_string())?;
        let entries = raw
            .into_iter()
            .map(|(k, v)| (normalise_key(&k), v))
            .collect();
        Ok(NameMap { entries })
    }

    /// The entry for a BMC reached at `address`, or with one of `macs`.
    pub fn get<'a>(
        &self,
        address: &str,
        macs: impl IntoIterator<Item = &'a str>,
    ) -> Option<&NameMapEntry> {
        self.entries.get(&normalise_key(address)).or_else(|| {
            macs.into_iter()
                .find_map(|m| self.entries.get(&normalise_key(m)))
        })
    }
}

/// MACs compare in lower-case colon form; addresses as written.
fn normalise_key(k: &str) -> String {
    match k.parse::<crate::inventory::model::MacAddr>() {
        Ok(m) => m.to_string(),
        Err(_) => k.trim().to_string(),
    }
}

impl<'de> Deserialize<'de> for NameMapEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameMapEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a BMC xname, or {bmc: NAME, xname: XNAME, nodes: [NAME …]}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NameMapEntry, E> {
                Ok(NameMapEntry {
                    xname: Some(v.to_string()),
                    ..NameMapEntry::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<NameMapEntry, A::Error> {
                let mut e = NameMapEntry::default();
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "bmc" => e.bmc = Some(m.next_value()?),
                        "xname" => e.xname = Some(m.next_value()?),
                        "nodes" => e.nodes = m.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(other, &["bmc", "xname", "nodes"]))
                        }
                    }
                }
                Ok(e)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_and_mac_keys() {
        let m = NameMap::parse(
            "10.1.0.11: x1000c0s0b0\n10.1.0.12: {bmc: r1u12-bmc, nodes: [r1u12]}\n\"02-00-00-00-01-0C\": {xname: x1000c0s2b0}\n",
        )
        .unwrap();
        assert_eq!(
            m.get("10.1.0.11", []).unwrap().xname.as_deref(),
            Some("x1000c0s0b0")
        );
        assert_eq!(m.get("10.1.0.12", []).unwrap().nodes, ["r1u12"]);
        assert_eq!(
            m.get("10.9.9.9", ["02:00:00:00:01:0c"])
                .unwrap()
                .xname
                .as_deref(),
            Some("x1000c0s2b0")
        );
        assert!(m.get("10.9.9.9", []).is_none());
    }

    #[test]
    fn unknown_key_is_named() {
        let e = NameMap::parse("10.1.0.1: {bmcname: x}\n").unwrap_err();
        assert!(e.contains("bmcname"), "{e}");
    }
}
