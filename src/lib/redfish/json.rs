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

/// The `Members` of a collection (empty when it has none or is not an object).
pub fn members(coll: &Value) -> &[Value] {
    coll.get("Members")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The members of a collection, taken out of it (no copy).
pub fn into_members(coll: Value) -> Vec<Value> {
    match coll {
        Value::Object(mut m) => match m.remove("Members") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// At most this many JSON values in one answer. Parsed, a value takes tens of bytes
/// where its text may take two (`{}`, `0,`): without a cap, a 16 MiB answer of empty
/// members took a gigabyte. A Redfish answer, even expanded, holds thousands.
pub const MAX_VALUES: usize = 250_000;

/// Whether the JSON text `body` holds more than `limit` values (arrays, objects and
/// their items), counted in one pass over its bytes without parsing: commas and opening
/// brackets outside strings.
pub fn holds_more_values_than(body: &[u8], limit: usize) -> bool {
    let (mut count, mut in_string, mut escaped) = (1usize, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' | b'[' | b'{' => {
                count += 1;
                if count > limit {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
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
        // The BMC's words end up in a message line: on one line, controls escaped.
        .map(|m| crate::escape::comment(m).into_owned())
}

/// The MAC address an interface uses on the wire (`MACAddress`: what DHCP sees), in
/// lower-case colon form; the burned-in `PermanentMACAddress` when the service gives no
/// usable `MACAddress`. None when neither is a real address (empty, zero, junk).
pub fn mac(v: &Value) -> Option<String> {
    mac_field(v, "MACAddress").or_else(|| mac_field(v, "PermanentMACAddress"))
}

/// The burned-in `PermanentMACAddress`, when it differs from [`mac`] (the address was
/// changed, or is a virtual one); None when they are the same or there is none.
pub fn permanent_mac(v: &Value) -> Option<String> {
    let p = mac_field(v, "PermanentMACAddress")?;
    (mac(v).as_ref() != Some(&p)).then_some(p)
}

/// The MAC in `v[key]`, normalised, or None for an empty, zero or malformed one.
fn mac_field(v: &Value, key: &str) -> Option<String> {
    let raw = text(v, key)?;
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
    fn the_address_in_use_wins_and_the_permanent_one_is_kept_when_it_differs() {
        // As in the DMTF public-rackmount1 mockup's second NIC.
        let changed =
            json!({"MACAddress": "AA:BB:CC:DD:EE:00", "PermanentMACAddress": "12:44:6A:3B:88:90"});
        assert_eq!(mac(&changed).as_deref(), Some("aa:bb:cc:dd:ee:00"));
        assert_eq!(
            permanent_mac(&changed).as_deref(),
            Some("12:44:6a:3b:88:90")
        );
        // The same address in two spellings: no permanent one to keep.
        let same =
            json!({"MACAddress": "12:44:6a:3b:04:11", "PermanentMACAddress": "12-44-6A-3B-04-11"});
        assert_eq!(mac(&same).as_deref(), Some("12:44:6a:3b:04:11"));
        assert_eq!(permanent_mac(&same), None);
        // No usable address in use: the permanent one is the address, and not repeated.
        for v in [
            json!({"PermanentMACAddress": "12:44:6A:3B:88:90"}),
            json!({"MACAddress": "00:00:00:00:00:00", "PermanentMACAddress": "12:44:6A:3B:88:90"}),
            json!({"MACAddress": null, "PermanentMACAddress": "12:44:6A:3B:88:90"}),
        ] {
            assert_eq!(mac(&v).as_deref(), Some("12:44:6a:3b:88:90"), "{v}");
            assert_eq!(permanent_mac(&v), None, "{v}");
        }
        assert_eq!(
            permanent_mac(
                &json!({"MACAddress": "AA:BB:CC:DD:EE:00", "PermanentMACAddress": "junk"})
            ),
            None
        );
    }

    #[test]
    fn values_are_counted_outside_strings_only() {
        assert!(!holds_more_values_than(br#"{"a": [1, 2, 3]}"#, 5));
        assert!(holds_more_values_than(br#"{"a": [1, 2, 3]}"#, 4));
        assert!(!holds_more_values_than(br#"{"a": "x,y,[z{,\",,"}"#, 2));
        let members = format!("{{\"Members\":[{}{{}}]}}", "{},".repeat(1000));
        assert!(holds_more_values_than(members.as_bytes(), 1000));
        assert!(!holds_more_values_than(members.as_bytes(), 2004));
        assert_eq!(
            into_members(serde_json::from_str(&members).unwrap()).len(),
            1001
        );
        assert!(into_members(json!({"Members": 3})).is_empty());
    }

    #[test]
    fn error_messages_and_expansion() {
        let e = json!({"error": {"code": "x", "message": "generic", "@Message.ExtendedInfo": [{"Message": "The property Foo is read-only."}]}});
        assert_eq!(error_message(&e).unwrap(), "The property Foo is read-only.");
        let e = json!({"error": {"message": "bad\u{1b}[2K\rpower: 1 of 1 succeeded\nfake"}});
        assert_eq!(
            error_message(&e).unwrap(),
            "bad\\u{1b}[2K\\rpower: 1 of 1 succeeded\\nfake"
        );
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
