//! Fuzzes what chami reads of a BMC's answers: any JSON body goes through every field
//! reader without a panic, and every link in it (`@odata.id`, `Location`-like strings)
//! either resolves on the BMC's own origin or is refused, never followed elsewhere.
#![no_main]

use chami::redfish::{json, origin};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const BASE: &str = "https://10.1.0.5:8443";

fn links(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| links(x, out)),
        Value::Object(m) => m.values().for_each(|x| links(x, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        // A link alone, as a session Location header would bring it.
        if let Ok(link) = std::str::from_utf8(data) {
            check_link(link);
        }
        return;
    };
    let _ = json::odata_id(&v);
    let _ = json::link(&v, "Systems");
    let _ = json::text(&v, "SerialNumber");
    let _ = json::count(&v, "Members@odata.count");
    let _ = json::is_expanded(&v);
    let _ = json::is_absent(&v);
    let _ = json::is_network_port(&v);
    let _ = json::supports_expand(&v);
    let _ = json::error_message(&v);
    let _ = json::mac(&v);
    let mut all = Vec::new();
    links(&v, &mut all);
    for link in all.iter().take(1000) {
        check_link(link);
    }
});

fn check_link(link: &str) {
    let base = reqwest::Url::parse(BASE).unwrap();
    if let Some(url) = origin::resolve(BASE, link) {
        assert!(
            origin::same_origin(&url, &base),
            "{link:?} resolved to {url} off {BASE}"
        );
        assert!(url.username().is_empty() && url.password().is_none(), "{url}");
    }
}
