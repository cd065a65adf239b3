//! The line `discover collect --write` prints for a record it changed: the paths of the
//! fields that differ, with old and new values for scalars.

use serde::Serialize;
use std::collections::BTreeSet;

/// `node n1: hardware.memory_mib 65536 → 98304, interfaces` — the fields that changed.
pub(super) fn change_line<T: Serialize>(kind: &str, name: &str, before: &T, after: &T) -> String {
    let (a, b) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    let mut parts = vec![];
    diff_paths("", &a, &b, 0, &mut parts);
    format!("{kind} {name}: {}", parts.join(", "))
}

fn diff_paths(
    prefix: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
    depth: usize,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if depth < 2 => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                diff_paths(
                    &p,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    depth + 1,
                    out,
                );
            }
        }
        (Value::Array(_), _)
        | (_, Value::Array(_))
        | (Value::Object(_), _)
        | (_, Value::Object(_)) => out.push(prefix.to_string()),
        _ => out.push(format!("{prefix} {} → {}", short(a), short(b))),
    }
}

fn short(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(none)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
