//! `KEY=VALUE` edits of any record kind (BMCs, groups, tenants, networks, boot profiles,
//! image recipes, cluster settings): the record is turned into a JSON value, the dotted key
//! edited there, and the result read back through the record's own typed parser. An
//! unknown key or a bad value so gets the parser's own error, prefixed with the key.
//!
//! Keys walk into maps by name (`vars.ntp`, `labels.rack`, `defaults.boot.profile`) and
//! into lists by item: a number (from 0), or the `name`, `kind` or `target` of exactly one
//! item, or its first word (`outputs.dhcp-export.path`, `outputs.dhcp.path`,
//! `networks.mgmt.mtu`). A value is read as YAML first
//! (`port=623` is a number, `vars.x=[1, 2]` a list), then as plain text, then as a
//! comma-separated list (`dns=10.0.0.1,10.0.0.2`), and the first the record accepts wins.

use super::edit::{Edit, Op};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// An edit that the record refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordEditError {
    /// The record's parser refused the new value.
    #[error("{key}: `{value}` is not valid: {why}")]
    BadValue {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// The parser's reason.
        why: String,
    },
    /// The key does not lead anywhere.
    #[error("{key}: {why}")]
    BadKey {
        /// The key.
        key: String,
        /// Why.
        why: String,
    },
    /// The record cannot be turned into a value (a bug).
    #[error("cannot represent the record: {0}")]
    Internal(String),
}

/// Fields of list items that name them in a key (`outputs.bootgen.path`).
const ITEM_NAMES: [&str; 3] = ["name", "kind", "target"];

/// Applies `edits` in order to `record` and returns the new record.
pub fn apply<T: Serialize + DeserializeOwned>(
    record: &T,
    edits: &[Edit],
) -> Result<T, RecordEditError> {
    let mut value =
        serde_json::to_value(record).map_err(|e| RecordEditError::Internal(e.to_string()))?;
    for e in edits {
        value = apply_one::<T>(&value, e, false)?;
    }
    serde_json::from_value(value).map_err(|e| RecordEditError::Internal(e.to_string()))
}

/// A new record: `start` (e.g. `{"name": NAME}`) with `edits` applied.
pub fn build<T: DeserializeOwned>(start: Value, edits: &[Edit]) -> Result<T, RecordEditError> {
    let mut value = start;
    for e in edits {
        value = apply_one::<T>(&value, e, true)?;
    }
    serde_json::from_value(value).map_err(|e| {
        let e = e.to_string();
        match e
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            Some(field) => RecordEditError::BadKey {
                key: field.to_string(),
                why: format!("required: give it as {field}=VALUE"),
            },
            None => RecordEditError::Internal(e),
        }
    })
}

/// One edit: every reading of the value in turn, the first the type accepts. A record
/// being built (`incomplete`) may still lack required fields: the parser reports those
/// only after every field present was read, so such an error means the value fits.
fn apply_one<T: DeserializeOwned>(
    current: &Value,
    e: &Edit,
    incomplete: bool,
) -> Result<Value, RecordEditError> {
    let path: Vec<&str> = e.key.split('.').collect();
    if path.iter().any(|s| s.is_empty()) {
        return Err(RecordEditError::BadKey {
            key: e.key.clone(),
            why: "empty part in the key".into(),
        });
    }
    let mut first_error = None;
    for candidate in candidates(e) {
        let mut v = current.clone();
        edit_at(&mut v, &path, e, candidate)?;
        match serde_json::from_value::<T>(v.clone()) {
            Ok(_) => return Ok(v),
            Err(err) if incomplete && err.to_string().starts_with("missing field") => return Ok(v),
            Err(err) => {
                first_error.get_or_insert(err.to_string());
            }
        }
    }
    let why = first_error.unwrap_or_default();
    if why.starts_with("unknown field") {
        return Err(bad_key(e, format!("no such key: {why}")));
    }
    if matches!(e.op, Op::Append | Op::Remove) && why.starts_with("invalid type: sequence") {
        return Err(bad_key(
            e,
            format!("`+=` and `-=` work on lists only ({why})"),
        ));
    }
    Err(RecordEditError::BadValue {
        key: e.key.clone(),
        value: e.value.clone(),
        why,
    })
}

/// The value read as YAML, when it is YAML.
fn yaml(text: &str) -> Option<Value> {
    crate::yaml::from_str::<Value>(text).ok()
}

fn items(text: &str, parse: bool) -> Value {
    Value::Array(
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                parse
                    .then(|| yaml(s))
                    .flatten()
                    .unwrap_or_else(|| Value::String(s.into()))
            })
            .collect(),
    )
}

/// The readings of an edit's value, most specific first (for `+=`/`-=`: lists of items).
fn candidates(e: &Edit) -> Vec<Value> {
    let text = e.value.as_str();
    let whole = yaml(text);
    let mut out = match e.op {
        Op::Unset => return vec![Value::Null],
        Op::Assign => vec![
            whole,
            Some(Value::String(text.into())),
            Some(items(text, true)),
            Some(items(text, false)),
        ],
        Op::Append | Op::Remove => vec![
            whole.map(|w| match w {
                Value::Array(_) => w,
                other => Value::Array(vec![other]),
            }),
            Some(items(text, true)),
            Some(items(text, false)),
            Some(Value::Array(vec![Value::String(text.into())])),
        ],
    };
    let mut seen = Vec::new();
    out.retain(|c| match c {
        Some(v) if !seen.contains(v) => {
            seen.push(v.clone());
            true
        }
        _ => false,
    });
    out.into_iter().flatten().collect()
}

fn bad_key(e: &Edit, why: impl Into<String>) -> RecordEditError {
    RecordEditError::BadKey {
        key: e.key.clone(),
        why: why.into(),
    }
}

/// The position of the item of `list` that `segment` names: a number, or the one item whose
/// name, kind or target it is.
fn item_index(list: &[Value], segment: &str, e: &Edit) -> Result<usize, RecordEditError> {
    if let Ok(i) = segment.parse::<usize>() {
        return if i < list.len() {
            Ok(i)
        } else {
            Err(bad_key(
                e,
                format!("item {i} does not exist (the list has {})", list.len()),
            ))
        };
    }
    // Exact names first, then a leading word (`dhcp` for the `dhcp-export` output).
    let find = |fits: &dyn Fn(&str) -> bool| -> Vec<usize> {
        list.iter()
            .enumerate()
            .filter(|(_, item)| {
                ITEM_NAMES
                    .iter()
                    .any(|f| item.get(f).and_then(Value::as_str).is_some_and(fits))
            })
            .map(|(i, _)| i)
            .collect()
    };
    let mut matches = find(&|s| s == segment);
    if matches.is_empty() {
        let word = format!("{segment}-");
        matches = find(&|s| s.starts_with(&word));
    }
    match matches.as_slice() {
        [i] => Ok(*i),
        [] => Err(bad_key(
            e,
            format!(
                "no item `{segment}` in the list; name an item by its number (from 0) or by its {}",
                ITEM_NAMES.join(", ")
            ),
        )),
        _ => Err(bad_key(
            e,
            format!(
                "{} items match `{segment}`: name the one you mean by its number (from 0)",
                matches.len()
            ),
        )),
    }
}

/// Applies the edit's operation with `new` at `path` inside `v`.
fn edit_at(v: &mut Value, path: &[&str], e: &Edit, new: Value) -> Result<(), RecordEditError> {
    let (head, rest) = path.split_first().expect("keys are never empty");
    if v.is_null() {
        if e.op == Op::Unset {
            return Ok(());
        }
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(map) => {
            if rest.is_empty() {
                return edit_field(map, head, e, new);
            }
            if e.op == Op::Unset && !map.contains_key(*head) {
                return Ok(());
            }
            let child = map.entry(head.to_string()).or_insert(Value::Null);
            edit_at(child, rest, e, new)
        }
        Value::Array(list) => {
            let i = item_index(list, head, e)?;
            if rest.is_empty() {
                match e.op {
                    Op::Unset => {
                        list.remove(i);
                    }
                    Op::Assign => list[i] = new,
                    Op::Append | Op::Remove => edit_list(&mut list[i], e, new)?,
                }
                Ok(())
            } else {
                edit_at(&mut list[i], rest, e, new)
            }
        }
        _ => Err(bad_key(
            e,
            format!("`{head}` is inside a value that is neither a map nor a list"),
        )),
    }
}

fn edit_field(
    map: &mut Map<String, Value>,
    field: &str,
    e: &Edit,
    new: Value,
) -> Result<(), RecordEditError> {
    match e.op {
        Op::Unset => {
            map.remove(field);
        }
        Op::Assign => {
            map.insert(field.to_string(), new);
        }
        Op::Append | Op::Remove => {
            edit_list(map.entry(field.to_string()).or_insert(Value::Null), e, new)?
        }
    }
    Ok(())
}

/// `+=` / `-=` on a list (a missing one is empty). Items already there are not added twice;
/// items to remove match by value or by their text.
fn edit_list(target: &mut Value, e: &Edit, new: Value) -> Result<(), RecordEditError> {
    if target.is_null() {
        *target = Value::Array(Vec::new());
    }
    let Value::Array(list) = target else {
        return Err(bad_key(e, "`+=` and `-=` work on lists only"));
    };
    let Value::Array(items) = new else {
        unreachable!("candidates of += and -= are lists")
    };
    let raw: Vec<&str> = e.value.split(',').map(str::trim).collect();
    match e.op {
        Op::Append => {
            for item in items {
                if !list.contains(&item) {
                    list.push(item);
                }
            }
        }
        _ => list.retain(|x| !items.contains(x) && !x.as_str().is_some_and(|s| raw.contains(&s))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::{Bmc, BmcKind, Cluster, Group, Network, OutputKind};

    fn edits(list: &[&str]) -> Vec<Edit> {
        list.iter().map(|s| Edit::parse(s).unwrap()).collect()
    }

    #[test]
    fn typed_values_maps_and_lists() {
        let b = Bmc {
            name: "b".into(),
            ..Bmc::default()
        };
        let b = apply(
            &b,
            &edits(&["kind=ipmi", "ip=10.1.0.11", "port=623", "labels.rack=7"]),
        )
        .unwrap();
        assert_eq!(b.kind, BmcKind::Ipmi);
        assert_eq!(b.port, Some(623));
        assert_eq!(b.labels["rack"], "7");
        let g = apply(
            &Group::default(),
            &edits(&["vars.ntp=10.0.0.1", "vars.slots=[1, 2]", "priority=5"]),
        )
        .unwrap();
        assert_eq!(g.vars["ntp"], "10.0.0.1");
        assert_eq!(g.vars["slots"], serde_json::json!([1, 2]));
        assert_eq!(g.priority, 5);
        let g = apply(&g, &[Edit::unset("vars.ntp")]).unwrap();
        assert!(!g.vars.contains_key("ntp"));
    }

    #[test]
    fn lists_take_commas_append_and_remove() {
        let n: Network = crate::yaml::from_str("name: m\ncidr: 10.0.0.0/24\n").unwrap();
        let n = apply(&n, &edits(&["dns=10.0.0.1,10.0.0.2", "dns+=10.0.0.3"])).unwrap();
        assert_eq!(n.dns.len(), 3);
        let n = apply(&n, &edits(&["dns-=10.0.0.1"])).unwrap();
        assert_eq!(n.dns.len(), 2);
        assert_eq!(n.dns[0].to_string(), "10.0.0.2");
    }

    #[test]
    fn bad_values_and_keys_name_the_key() {
        let b = Bmc::default();
        let e = apply(&b, &edits(&["port=lots"])).unwrap_err();
        assert!(
            e.to_string().starts_with("port: `lots` is not valid"),
            "{e}"
        );
        let e = apply(&b, &edits(&["kind=ipmx"])).unwrap_err();
        assert!(e.to_string().contains("redfish"), "{e}");
        let e = apply(&b, &edits(&["colour=red"])).unwrap_err();
        assert!(
            e.to_string().contains("colour") && e.to_string().contains("unknown field"),
            "{e}"
        );
        let e = apply(&b, &edits(&["ip+=10.0.0.1"])).unwrap_err();
        assert!(e.to_string().contains("lists only"), "{e}");
    }

    #[test]
    fn list_items_by_kind_name_or_number() {
        let c: Cluster = crate::yaml::from_str(
            "format: 1\nname: t\noutputs:\n- kind: bootgen\n  path: out/boot\n- kind: dhcp-export\n  target: dnsmasq\n  path: out/dnsmasq.conf\n",
        )
        .unwrap();
        let c = apply(
            &c,
            &edits(&[
                "outputs.dhcp.path=/etc/dnsmasq.d/chami.conf",
                "outputs.0.in_place=true",
            ]),
        )
        .unwrap();
        assert_eq!(c.outputs[1].path, "/etc/dnsmasq.d/chami.conf");
        assert!(c.outputs[0].in_place);
        let c = apply(&c, &edits(&["outputs+={kind: render, path: out/render}"])).unwrap();
        assert_eq!(c.outputs[2].kind, OutputKind::Render);
        let c = apply(&c, &[Edit::unset("outputs.bootgen")]).unwrap();
        assert_eq!(c.outputs.len(), 2);
        let e = apply(&c, &edits(&["outputs.nope.path=x"])).unwrap_err();
        assert!(e.to_string().contains("no item `nope`"), "{e}");
    }
}
