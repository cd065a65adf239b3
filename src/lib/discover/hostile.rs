//! What a BMC reported that no inventory field may hold: a control character (lint's
//! `unsafe-value`). Such a BMC is left out of the merge with a warning naming the field,
//! so that one hostile BMC does not stop the write of every other BMC's records (lint
//! refuses a write as a whole).

use crate::redfish::Collected;
use serde_json::Value;

/// Parts of a result that are chami's own words about the crawl, not merged.
const NOT_MERGED: [&str; 3] = ["error", "warnings", "cut"];

/// The JSON path of the first value (or key) of `rec` that holds a control character.
pub(super) fn control_field(rec: &Collected) -> Option<String> {
    let Ok(Value::Object(top)) = serde_json::to_value(rec) else {
        return None;
    };
    top.iter()
        .filter(|(k, _)| !NOT_MERGED.contains(&k.as_str()))
        .find_map(|(k, v)| find(v, k.clone()))
}

fn find(v: &Value, path: String) -> Option<String> {
    let bad = |s: &str| crate::escape::first_control(s).is_some();
    match v {
        Value::String(s) => bad(s).then_some(path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| find(x, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            if bad(k) {
                return Some(format!("{path} (a key)"));
            }
            find(x, format!("{path}.{k}"))
        }),
        _ => None,
    }
}
