//! Merging cloud-init fragments: maps merge key by key (recursively), lists append (an
//! earlier fragment's items first), anything else is replaced by the later fragment.
//! `packages: [a]` in one group and `packages: [b]` in a later one give `[a, b]`.

use crate::inventory::model::Vars;
use serde_json::Value;

/// Merges `add` into `into`.
pub fn merge_into(into: &mut Vars, add: &Vars) {
    for (k, v) in add {
        match into.get_mut(k) {
            Some(slot) => merge_value(slot, v),
            None => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

fn merge_value(slot: &mut Value, add: &Value) {
    match (slot, add) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(s) => merge_value(s, v),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b.iter().cloned()),
        (slot, add) => *slot = add.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars(v: serde_json::Value) -> Vars {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn maps_merge_lists_append_scalars_replace() {
        let mut m = vars(json!({
            "packages": ["a"],
            "ntp": {"enabled": true, "servers": ["s1"]},
            "timezone": "UTC",
            "runcmd": [["echo", "1"]],
        }));
        merge_into(
            &mut m,
            &vars(json!({
                "packages": ["b"],
                "ntp": {"servers": ["s2"], "pools": ["p"]},
                "timezone": "Europe/Paris",
                "runcmd": "not a list",
            })),
        );
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({
                "ntp": {"enabled": true, "servers": ["s1", "s2"], "pools": ["p"]},
                "packages": ["a", "b"],
                "runcmd": "not a list",
                "timezone": "Europe/Paris",
            })
        );
    }
}
