//! The mock's own checks: the bundle comes back as the files say, and writes stick.

use super::*;
use std::time::Duration;

fn get(url: &str) -> (u16, String) {
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "-", "-w", "\n%{http_code}", url])
        .output()
        .expect("curl");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, code) = text.rsplit_once('\n').unwrap();
    (code.parse().unwrap_or(0), body.to_string())
}

#[test]
fn serves_bundles_on_several_addresses() {
    let addrs = loopback_addrs(2, "127.91.0.1".parse().unwrap());
    let fleet = Fleet::start(FleetConfig {
        members: vec![
            Member {
                addr: addrs[0],
                bundle: "public-rackmount1".into(),
                fault: None,
            },
            Member {
                addr: addrs[1],
                bundle: "public-pdu".into(),
                fault: None,
            },
        ],
        tls: false,
        latency: Duration::ZERO,
        auth: None,
        port: 0,
    });
    let p = fleet.port();
    let (code, body) = get(&format!("http://{}:{p}/redfish/v1/", addrs[0]));
    assert_eq!(code, 200);
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(mockups_dir().join("public-rackmount1/index.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        file
    );
    let (code, _) = get(&format!("http://{}:{p}/redfish/v1/Systems", addrs[1]));
    assert_eq!(code, 404, "the PDU has no systems");
    assert_eq!(fleet.requests(addrs[0]), 1);
    assert_eq!(fleet.total_requests(), 2);
}
