//! A mockup bundle in memory: "short form" folders (`X/Y/index.json` is
//! `/redfish/v1/X/Y`) read once into a map from path to JSON.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The DMTF mockups: `$CHAMI_REDFISH_MOCKUPS`, else `../shared/redfish-mockups` beside
/// the repository, else the workplace's copy in /work/shared (for clones made elsewhere).
pub fn mockups_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("CHAMI_REDFISH_MOCKUPS") {
        return PathBuf::from(p);
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/redfish-mockups");
    if beside.is_dir() {
        return beside;
    }
    PathBuf::from("/work/shared/redfish-mockups")
}

/// One bundle: resource path (no trailing slash) → JSON.
pub struct Bundle {
    pub resources: HashMap<String, Value>,
    pub expand: bool,
}

impl Bundle {
    /// Reads the bundle folder `name` under [`mockups_dir`].
    pub fn load(name: &str) -> Bundle {
        let root = mockups_dir().join(name);
        assert!(
            root.is_dir(),
            "no mockup bundle at {} (set CHAMI_REDFISH_MOCKUPS to the folder holding the DMTF bundles)",
            root.display()
        );
        let mut resources = HashMap::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.file_name().is_some_and(|n| n == "index.json") {
                    let rel = p.parent().unwrap().strip_prefix(&root).unwrap();
                    let mut path = String::from("/redfish/v1");
                    for c in rel.components() {
                        path.push('/');
                        path.push_str(&c.as_os_str().to_string_lossy());
                    }
                    let text = std::fs::read_to_string(&p).unwrap();
                    let v: Value = serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                    resources.insert(path, v);
                }
            }
        }
        let expand = resources["/redfish/v1"]
            .pointer("/ProtocolFeaturesSupported/ExpandQuery/Levels")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Bundle { resources, expand }
    }
}
