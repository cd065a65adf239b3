//! Reading Redfish JSON: links, collection members, optional strings and numbers, error
//! messages. Lenient by design: vendors leave out, null or misspell optional fields.

use serde_json::Value;

/// `v["@odata.id"]`.
pub fn odata_id(v: &Value) -> Option<&str> {
    v.get("@odata.id")?.as_str()
}

/// The `@odata.id` of the link `v[key]`.
pub fn link<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    odata_id(v.get(key)?)
}

/// A non-empty string field, trimmed.
pub fn text(v: &Value, key: &str) -> Option<String> {
    let s = v.get(key)?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A non-negative integer field (some services send `8.0`).
pub fn count(v: &Value, key: &str) -> Option<u64> {
    let f = v.get(key)?;
    f.as_u64()
        .or_else(|| f.as_f64().filter(|x| *x >= 0.0).map(|x| x as u64))
}

/// True when a collection member carries more than its link (it was expanded).
pub fn is_expanded(member: &Value) -> bool {
    member
        .as_object()
        .is_some_and(|o| o.keys().any(|k| k != "@odata.id"))
}

/// True when `Status.State` says the part is not there.
pub fn is_absent(v: &Value) -> bool {
    v.pointer("/Status/State").and_then(Value::as_str) == Some("Absent")
}

/// True for an interface that is a real network port: not a VLAN or other virtual
/// interface, and not the internal BMC–host link (a Redfish host interface).
pub fn is_network_port(v: &Value) -> bool {
    v.get("EthernetInterfaceType").and_then(Value::as_str) != Some("Virtual")
        && v.pointer("/Links/HostInterface").is_none()
}

/// True when the service root says `$expand` with levels works.
pub fn supports_expand(root: &Value) -> bool {
    let q = root.pointer("/ProtocolFeaturesSupported/ExpandQuery");
    q.and_then(|q| q.get("Levels"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
        && q.and_then(|q| q.get("NoLinks").or_else(|| q.get("ExpandAll")))
            .and_then(Value::as_bool)
            .unwrap_or(false)
}

/// The message of a Redfish error body.
pub fn error_message(v: &Value) -> Option<String> {
    let e = v.get("error")?;
    e.pointer("/@Message.ExtendedInfo/0/Message")
        .and_then(Value::as_str)
        .or_else(|| e.get("message").and_then(Value::as_str))
        .map(str::to_string)
}

/// A MAC address in lower-case colon form, or None for an empty or zero one.
pub fn mac(v: &Value) -> Option<String> {
    let raw = text(v, "PermanentMACAddress")
        .filter(|m| !is_zero_mac(m))
        .or_else(|| text(v, "MACAddress"))?;
    let hex: String = raw.chars().filter(char::is_ascii_hexdigit).collect();
    if hex.len() != 12 || is_zero_mac(&hex) {
        return None;
    }
    let lower = hex.to_ascii_lowercase();
    let parts: Vec<&str> = (0..6).map(|i| &lower[2 * i..2 * i + 2]).collect();
    Some(parts.join(":"))
}

fn is_zero_mac(m: &str) -> bool {
    m.chars()
        .all(|c| c == '0' || c == ':' || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn macs_are_normalised() {
        assert_eq!(
            mac(&json!({"MACAddress": "12:44:6A:3B:04:11"})).as_deref(),
            Some("12:44:6a:3b:04:11")
        );
        assert_eq!(
            mac(&json!({"PermanentMACAddress": "00:00:00:00:00:00", "MACAddress": "AA-BB-CC-DD-EE-0F"})).as_deref(),
            Some("aa:bb:cc:dd:ee:0f")
        );
        assert_eq!(mac(&json!({"MACAddress": ""})), None);
        assert_eq!(mac(&json!({"MACAddress": "junk"})), None);
    }

    #[test]
    fn error_messages_and_expansion() {
        let e = json!({"error": {"code": "x", "message": "generic", "@Message.ExtendedInfo": [{"Message": "The property Foo is read-only."}]}});
        assert_eq!(error_message(&e).unwrap(), "The property Foo is read-only.");
        assert!(!is_expanded(&json!({"@odata.id": "/x"})));
        assert!(is_expanded(&json!({"@odata.id": "/x", "Id": "1"})));
        assert_eq!(count(&json!({"n": 8.0}), "n"), Some(8));
        assert!(is_network_port(
            &json!({"EthernetInterfaceType": "Physical"})
        ));
        assert!(!is_network_port(
            &json!({"EthernetInterfaceType": "Virtual"})
        ));
        assert!(!is_network_port(
            &json!({"Links": {"HostInterface": {"@odata.id": "/h"}}})
        ));
    }
}
