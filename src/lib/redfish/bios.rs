//! `bmc bios`: read BIOS attributes, and stage changes by PATCHing the settings object
//! the Bios resource names (`@Redfish.Settings`), checked against the current
//! attributes first: an unknown name or a value of the wrong type is refused before
//! anything is sent. Changes apply at the next reboot.

use super::json::link;
use super::system::{find_system, SystemSelector};
use super::{Conn, RedfishError};
use serde::Serialize;
use serde_json::{Map, Value};

/// The outcome for one system.
#[derive(Debug, Clone, Serialize)]
pub struct BiosResult {
    /// The Bios resource path.
    pub bios: String,
    /// The attributes asked for (all when none were named), current values.
    pub attributes: Map<String, Value>,
    /// For `set`: the settings object that was PATCHed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staged_at: Option<String>,
}

pub(super) async fn bios_of(
    conn: &Conn,
    sel: &SystemSelector,
) -> Result<(String, Value), RedfishError> {
    let sys = find_system(conn, sel).await?;
    let path = link(&sys, "Bios").ok_or_else(|| RedfishError::Unsupported {
        url: conn.absolute(super::json::odata_id(&sys).unwrap_or("/redfish/v1/Systems")),
        what: "the system has no Bios resource".into(),
    })?;
    let bios = conn.get(path).await?;
    Ok((path.to_string(), bios))
}

/// Reads the attributes named in `keys` (all of them when empty).
pub async fn bios_get(
    conn: &Conn,
    sel: &SystemSelector,
    keys: &[String],
) -> Result<BiosResult, RedfishError> {
    let (path, bios) = bios_of(conn, sel).await?;
    let all = attributes(&bios);
    let attributes = if keys.is_empty() {
        all.clone()
    } else {
        let mut m = Map::new();
        for k in keys {
            let v = all.get(k).ok_or_else(|| unknown(conn, &path, k))?;
            m.insert(k.clone(), v.clone());
        }
        m
    };
    Ok(BiosResult {
        bios: path,
        attributes,
        staged_at: None,
    })
}

/// Stages `changes` (values already typed) for the next boot.
pub async fn bios_set(
    conn: &Conn,
    sel: &SystemSelector,
    changes: &Map<String, Value>,
) -> Result<BiosResult, RedfishError> {
    let (path, bios) = bios_of(conn, sel).await?;
    check_changes(conn, &path, &attributes(&bios), changes)?;
    let settings = bios
        .pointer("/@Redfish.Settings/SettingsObject/@odata.id")
        .and_then(Value::as_str)
        .unwrap_or(&path)
        .to_string();
    let body = serde_json::json!({ "Attributes": changes });
    conn.patch(&settings, &body, None).await?;
    Ok(BiosResult {
        bios: path,
        attributes: changes.clone(),
        staged_at: Some(settings),
    })
}

/// Turns `KEY=VALUE` text into a JSON value: integers, `true`/`false`, else a string.
pub fn typed_value(raw: &str) -> Value {
    if let Ok(i) = raw.parse::<i64>() {
        return Value::from(i);
    }
    match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(raw.to_string()),
    }
}

pub(super) fn attributes(bios: &Value) -> Map<String, Value> {
    bios.get("Attributes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn unknown(conn: &Conn, path: &str, key: &str) -> RedfishError {
    RedfishError::Unsupported {
        url: conn.absolute(path),
        what: unknown_text(key),
    }
}

fn unknown_text(key: &str) -> String {
    format!("no BIOS attribute `{key}` (names are case-sensitive; `chami bmc bios get NODE` lists them)")
}

/// Refuses `changes` when a name is not among the `current` attributes or a value is
/// not of the current value's type; the error lists every such attribute.
pub(super) fn check_changes(
    conn: &Conn,
    path: &str,
    current: &Map<String, Value>,
    changes: &Map<String, Value>,
) -> Result<(), RedfishError> {
    let mut problems = vec![];
    for (k, v) in changes {
        let Some(cur) = current.get(k) else {
            problems.push(unknown_text(k));
            continue;
        };
        let same_type = matches!(
            (cur, v),
            (Value::String(_), Value::String(_))
                | (Value::Number(_), Value::Number(_))
                | (Value::Bool(_), Value::Bool(_))
                | (Value::Null, _)
        );
        if !same_type {
            problems.push(format!(
                "BIOS attribute {k} is {} ({cur}); `{v}` is not",
                kind(cur)
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(RedfishError::Unsupported {
        url: conn.absolute(path),
        what: problems.join("; "),
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_get_types() {
        assert_eq!(typed_value("42"), Value::from(42));
        assert_eq!(typed_value("true"), Value::Bool(true));
        assert_eq!(typed_value("Uefi"), Value::from("Uefi"));
        assert_eq!(typed_value("0x1F"), Value::from("0x1F"));
    }
}
