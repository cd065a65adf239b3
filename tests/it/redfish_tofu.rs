//! Trust on first use against the mock BMC over TLS with a self-signed `CA:TRUE`
//! certificate (what many BMCs ship): refused without --tofu; `collect --write --tofu`
//! pins its fingerprint in the BMC record; later commands need neither -k nor --ca-cert;
//! a BMC that comes back with another certificate is refused before any request, with
//! both fingerprints and `--repin`, which then accepts (and with --write records) it.

use super::discover::{discovery_inventory, json_lines, RACK};
use super::harness::{assert_code, stderr, stdout, TestInventory};
use super::redfish_mock::{loopback_addrs, private_file, Fleet, FleetConfig, Member, Pki};
use std::net::Ipv4Addr;
use std::path::Path;
use std::time::Duration;

fn start(addr: Ipv4Addr, port: u16) -> Fleet {
    Fleet::start_with(
        FleetConfig {
            members: vec![Member {
                addr,
                bundle: RACK.to_string(),
                fault: None,
            }],
            tls: true,
            latency: Duration::ZERO,
            auth: Some(("admin".to_string(), "mock-pw".to_string())),
            port,
        },
        Pki::SelfSignedCa,
    )
}

/// `sha256:AB:…` of the certificate in a PEM file, as openssl prints it.
fn fingerprint(pem: &Path) -> String {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    use sha2::Digest;
    let der = CertificateDer::from_pem_file(pem).unwrap();
    let hex: Vec<String> = sha2::Sha256::digest(der.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("sha256:{}", hex.join(":"))
}

fn pinned(inv: &TestInventory, bmc: &str) -> Option<String> {
    inv.read(&format!("bmcs/{bmc}.yaml"))
        .lines()
        .find_map(|l| l.strip_prefix("tls_fingerprint: ").map(str::to_string))
}

#[test]
fn collect_pins_the_certificate_and_a_changed_one_is_refused_until_repinned() {
    let addrs = loopback_addrs(2, "127.77.0.10".parse().unwrap());
    let a = addrs[0];
    let fleet = start(a, 0);
    let port = fleet.port();
    // A second BMC, whose certificate stays the same throughout.
    let steady = start(addrs[1], 0);
    let steady_url = format!("https://{}:{}", addrs[1], steady.port());
    let inv = discovery_inventory();
    let scratch = tempfile::tempdir().unwrap();
    let secrets = private_file(
        scratch.path(),
        "secrets.yaml",
        "default: {username: admin, password: mock-pw}\n",
    );
    let url = format!("https://{a}:{port}");
    let run = |args: &[&str]| {
        let mut v = args.to_vec();
        v.extend(["--secrets", secrets.to_str().unwrap(), "--timeout", "2s"]);
        inv.chami(&v)
    };
    let bmc = "bmc-127-77-0-10";
    let node = "node-127-77-0-10";

    // scan sees a Redfish service there only with --tofu (or -k).
    let scan = |extra: &[&str]| {
        let p = port.to_string();
        let mut args = vec!["discover", "scan", "-p", &p, "--timeout", "2s"];
        args.extend(extra);
        args.push("127.77.0.10/32");
        json_lines(&inv.chami(&args))
    };
    assert!(scan(&[]).is_empty());
    let found = scan(&["--tofu"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["redfish"], true, "{}", found[0]);

    // First contact without --tofu: refused as before, and the error says how.
    let out = run(&["discover", "collect", "--write", &url]);
    assert_code(&out, 1);
    let e = json_lines(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(e.contains("--tofu") && e.contains("certificate"), "{e}");
    assert!(!inv.exists(&format!("bmcs/{bmc}.yaml")));

    // --tofu: accepted, and its fingerprint pinned in the record.
    let out = run(&[
        "discover",
        "collect",
        "--write",
        "--tofu",
        &url,
        &steady_url,
    ]);
    assert_code(&out, 0);
    let first = fingerprint(fleet.ca_pem_path());
    let line = json_lines(&out)
        .into_iter()
        .find(|l| l["address"] == a.to_string())
        .unwrap();
    assert_eq!(line["tls_fingerprint"], first.as_str());
    assert_eq!(pinned(&inv, bmc).as_deref(), Some(first.as_str()));
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    // (The mock serves the same system on both: its node is written by hand.)
    inv.write(
        "nodes/steady.yaml",
        "name: steady\nenabled: false\nbmc: bmc-127-77-0-11\n",
    );

    // Later commands verify it: no -k, no --ca-cert, no --tofu.
    let out = run(&["bmc", "power", "status", node]);
    assert_code(&out, 0);
    assert_eq!(json_lines(&out)[0]["power_state"], "On", "{}", stdout(&out));
    let out = run(&["discover", "collect", "--write", &url]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("nothing to write"),
        "{}",
        stderr(&out)
    );

    // The BMC comes back on the same address with another certificate.
    drop(fleet);
    let fleet = start(a, port);
    let second = fingerprint(fleet.ca_pem_path());
    assert_ne!(first, second);
    // Powering both off: the changed one is refused, the other is not held up.
    let out = run(&["bmc", "power", "off", &format!("{node},steady")]);
    assert_code(&out, 1);
    let lines = json_lines(&out);
    let of = |n: &str| lines.iter().find(|l| l["node"] == n).unwrap().clone();
    let e = of(node)["error"].as_str().unwrap().to_string();
    for part in [bmc, &first, &second, "--repin"] {
        assert!(e.contains(part), "`{part}` missing from: {e}");
    }
    assert_eq!(fleet.requests(a), 0, "nothing was sent to the changed BMC");
    assert_eq!(of("steady")["ok"], true, "{lines:?}");
    let sys = "/redfish/v1/Systems/437XR1138R2";
    assert_eq!(steady.power_state(addrs[1], sys).as_deref(), Some("Off"));
    let out = run(&["discover", "collect", "--write", &url]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains("--repin"), "{}", stdout(&out));
    assert_eq!(pinned(&inv, bmc).as_deref(), Some(first.as_str()));
    assert_eq!(fleet.requests(a), 0);

    // --repin accepts it; with collect --write it is recorded, and then it is the pin.
    let out = run(&["bmc", "power", "status", node, "--repin"]);
    assert_code(&out, 0);
    let out = run(&["discover", "collect", "--write", "--repin", &url]);
    assert_code(&out, 0);
    assert_eq!(pinned(&inv, bmc).as_deref(), Some(second.as_str()));
    let out = run(&["bmc", "power", "status", node]);
    assert_code(&out, 0);
    assert_eq!(fleet.sessions_open(), 0);

    // The same address answering plain HTTP (on another port) gets nothing: the record
    // pins a certificate, so neither collect nor a bmc command sends it the credentials.
    let plain = Fleet::start_with(
        FleetConfig {
            members: vec![Member {
                addr: a,
                bundle: RACK.to_string(),
                fault: None,
            }],
            tls: false,
            latency: Duration::ZERO,
            auth: Some(("admin".to_string(), "mock-pw".to_string())),
            port: 0,
        },
        Pki::SelfSignedCa,
    );
    let plain_url = format!("http://{a}:{}", plain.port());
    let out = run(&["discover", "collect", "--write", &plain_url]);
    assert_code(&out, 1);
    let e = json_lines(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(
        e.contains("plain HTTP is refused") && e.contains(bmc),
        "{e}"
    );
    let out = run(&["bmc", "power", "status", node, "--http"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("plain HTTP is refused"),
        "{}",
        stdout(&out)
    );
    assert_eq!(plain.requests(a), 0, "nothing was sent over plain HTTP");
    assert_eq!(pinned(&inv, bmc).as_deref(), Some(second.as_str()));

    // A fingerprint that is not one is a lint error naming the file and the fix.
    let yaml = inv.read(&format!("bmcs/{bmc}.yaml"));
    inv.write(
        &format!("bmcs/{bmc}.yaml"),
        &yaml.replace(&second, "sha256:12:34"),
    );
    let out = inv.chami(&["inventory", "lint"]);
    assert_code(&out, 1);
    let text = stdout(&out) + &stderr(&out);
    assert!(
        text.contains("tls-fingerprint") && text.contains(&format!("bmcs/{bmc}.yaml")),
        "{text}"
    );
}
