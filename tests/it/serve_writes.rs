//! `chami serve`'s write routes on a live server: BSS's `PUT`/`PATCH`/`POST
//! /boot/v1/bootparameters` and SMD's `POST /hsm/v2/Inventory/RedfishEndpoints`, with
//! bearer JWTs (ES256 keys made by rcgen, RS256 keys by `openssl`) verified against a
//! JWKS file: every bad token refused with nothing written, good ones edit the inventory
//! (lint-checked, git-committed) and the next read answers the change.

use super::harness::{stderr, TestInventory};
use super::serve::{free_port, Server};
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The signing keys of a test, and the JWKS with their public halves (each test its own
/// folder: tests run in parallel).
struct Keys {
    ec: EncodingKey,
    rsa: EncodingKey,
    /// The RSA public key in PEM (what a confused verifier would take as an HMAC secret).
    rsa_public_pem: Vec<u8>,
    ec_jwk: Value,
    rsa_jwk: Value,
}

impl Keys {
    fn new(dir: &Path) -> Keys {
        let ec = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let point = ec.public_key_raw();
        assert_eq!(point.len(), 65);
        let ec_jwk = json!({"kty": "EC", "crv": "P-256", "kid": "ec1", "use": "sig",
            "x": b64(&point[1..33]), "y": b64(&point[33..])});
        let pem = dir.join("rsa.pem");
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .output()
                .expect("openssl");
            assert!(out.status.success(), "openssl {args:?}: {}", stderr(&out));
            out.stdout
        };
        let pem_s = pem.to_str().unwrap();
        openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            pem_s,
        ]);
        let der = openssl(&["rsa", "-in", pem_s, "-traditional", "-outform", "DER"]);
        let modulus =
            String::from_utf8(openssl(&["rsa", "-in", pem_s, "-noout", "-modulus"])).unwrap();
        let hex = modulus.trim().strip_prefix("Modulus=").unwrap();
        let n: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let rsa_jwk =
            json!({"kty": "RSA", "kid": "rsa1", "alg": "RS256", "n": b64(&n), "e": "AQAB"});
        Keys {
            ec: EncodingKey::from_ec_der(&ec.serialize_der()),
            rsa: EncodingKey::from_rsa_der(&der),
            rsa_public_pem: openssl(&["rsa", "-in", pem_s, "-pubout"]),
            ec_jwk,
            rsa_jwk,
        }
    }

    /// A JWKS file with `keys`.
    fn jwks(dir: &Path, keys: &[&Value]) -> std::path::PathBuf {
        let f = dir.join("jwks.json");
        std::fs::write(&f, json!({ "keys": keys }).to_string()).unwrap();
        f
    }

    fn sign(&self, alg: Algorithm, claims: &Value) -> String {
        let (kid, key) = match alg {
            Algorithm::ES256 => ("ec1", &self.ec),
            _ => ("rsa1", &self.rsa),
        };
        let mut h = Header::new(alg);
        h.kid = Some(kid.into());
        jsonwebtoken::encode(&h, claims, key).unwrap()
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Claims serve accepts for a write (issuer https://idp, audience chami).
fn claims() -> Value {
    json!({"sub": "alice", "iss": "https://idp", "aud": "chami", "exp": now() + 300,
        "scope": "openid write"})
}

fn with(mut c: Value, key: &str, v: Value) -> Value {
    c[key] = v;
    c
}

/// n1 (x1000c0s0b0n0, NID 1), n2 (x1000c0s0b0n1, NID 2), BMC b1 (x1000c0s0b0).
fn inventory() -> TestInventory {
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        &format!(
            "format: 1\nname: writes\nnetworks:\n  - {{name: mgmt, cidr: 127.0.0.0/8, dns: [127.0.0.1]}}\n\
             boot_server: {{address: 127.0.0.1, http_port: {}}}\n\
             boot_profiles:\n  - {{name: diskless, kind: diskless, kernel: images/vmlinuz, initrd: images/initrd.img, rootfs: images/root.squashfs}}\n\
             defaults: {{boot: {{profile: diskless}}}}\n",
            free_port()
        ),
    );
    for (i, name) in ["n1", "n2"].iter().enumerate() {
        inv.write(
            &format!("nodes/{name}.yaml"),
            &format!(
                "name: {name}\nxname: x1000c0s0b0n{i}\nnid: {}\ninterfaces:\n  - {{name: eth0, mac: \"02:00:00:00:00:1{}\", network: mgmt, ip: 127.0.0.1{}, boot: true}}\n",
                i + 1,
                i + 1,
                i + 1
            ),
        );
    }
    inv.write(
        "bmcs/b1.yaml",
        "name: b1\nxname: x1000c0s0b0\nip: 127.0.0.21\nnetwork: mgmt\n",
    );
    inv
}

/// `method url` with a JSON body and, if given, a bearer token: (status, headers, body).
fn send(
    srv: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, String, Value) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-D", "-", "-o", "-", "--max-time", "20", "-X", method]);
    cmd.args(["-H", "Content-Type: application/json"]);
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    if !body.is_null() {
        cmd.args(["--data-binary", &body.to_string()]);
    }
    let out = cmd.arg(srv.url(path)).output().expect("curl");
    let raw = String::from_utf8_lossy(&out.stdout).to_string();
    let (head, rest) = raw.split_once("\r\n\r\n").expect("headers");
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let v = serde_json::from_str(rest).unwrap_or(Value::Null);
    (status, head.to_string(), v)
}

const N1_KERNEL: &str = "{\"hosts\": [\"x1000c0s0b0n0\"], \"kernel\": \"images/vmlinuz-2\"}";

#[test]
fn writes_without_a_valid_token_are_refused_and_write_nothing() {
    let inv = inventory();
    let kdir = tempfile::tempdir().unwrap();
    let keys = Keys::new(kdir.path());
    let jwks = Keys::jwks(kdir.path(), &[&keys.ec_jwk, &keys.rsa_jwk]);
    let srv = Server::start(
        &inv,
        &[
            "--jwks",
            jwks.to_str().unwrap(),
            "--jwt-issuer",
            "https://idp",
            "--jwt-audience",
            "chami",
        ],
    );
    let before = inv.snapshot();
    let good = keys.sign(Algorithm::ES256, &claims());
    let (head, rest) = good.split_once('.').unwrap();
    let sig = rest.split_once('.').unwrap().1;
    let evil_body = b64(with(claims(), "sub", "mallory".into())
        .to_string()
        .as_bytes());
    let none_token = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(claims().to_string().as_bytes())
    );
    let hs256 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(&keys.rsa_public_pem),
    )
    .unwrap();
    let cases: Vec<(&str, Option<String>, u16, &str)> = vec![
        ("no token", None, 401, "needs a bearer token"),
        (
            "bad signature",
            Some(format!("{head}.{evil_body}.{sig}")),
            401,
            "signature",
        ),
        (
            "expired",
            Some(keys.sign(
                Algorithm::ES256,
                &with(claims(), "exp", (now() - 600).into()),
            )),
            401,
            "expired",
        ),
        (
            "wrong aud",
            Some(keys.sign(Algorithm::RS256, &with(claims(), "aud", "other".into()))),
            401,
            "audience",
        ),
        (
            "wrong iss",
            Some(keys.sign(
                Algorithm::RS256,
                &with(claims(), "iss", "https://evil".into()),
            )),
            401,
            "issuer",
        ),
        (
            "no write scope",
            Some(keys.sign(
                Algorithm::ES256,
                &with(claims(), "scope", "openid read".into()),
            )),
            403,
            "`write` scope",
        ),
        (
            "alg none",
            Some(none_token),
            401,
            "not a JWT signed with RS256 or ES256",
        ),
        (
            "HS256 keyed with the public key",
            Some(hs256),
            401,
            "not a JWT signed with RS256 or ES256",
        ),
    ];
    let body: Value = serde_json::from_str(N1_KERNEL).unwrap();
    let bmc = json!({"ID": "x1000c0s1b0", "IPAddress": "127.0.0.22"});
    for (what, token, status, detail) in &cases {
        for (method, path, b) in [
            ("PUT", "/boot/v1/bootparameters", &body),
            ("PATCH", "/boot/v1/bootparameters", &body),
            ("POST", "/boot/v1/bootparameters", &body),
            ("POST", "/hsm/v2/Inventory/RedfishEndpoints", &bmc),
        ] {
            let (s, h, v) = send(&srv, method, path, token.as_deref(), b);
            assert_eq!(s, *status, "{what}: {method} {path}: {v}");
            assert!(
                v["detail"].as_str().unwrap().contains(detail),
                "{what}: {v}"
            );
            assert!(
                h.to_ascii_lowercase().contains("www-authenticate: bearer"),
                "{what}: {h}"
            );
        }
    }
    assert_eq!(
        inv.snapshot(),
        before,
        "a refused write changed the inventory"
    );
    // The good token does write; tokens never reach the log.
    let (s, _, v) = send(&srv, "PUT", "/boot/v1/bootparameters", Some(&good), &body);
    assert_eq!(s, 200, "{v}");
    assert_ne!(inv.snapshot(), before);
    let log = srv.log();
    assert!(log.contains("\"sub\":\"alice\""), "{log}");
    for token in cases.iter().filter_map(|c| c.1.as_deref()) {
        assert!(!log.contains(token), "a token is in the log:\n{log}");
    }
    assert!(!log.contains(sig), "the token is in the log");
}

/// Runs git in `dir`.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn a_valid_token_edits_boot_overrides_as_bss_does() {
    let inv = inventory();
    let dir = inv.path();
    git(dir, &["init", "-q"]);
    git(
        dir,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "start",
        ],
    );
    git(dir, &["add", "-A"]);
    git(
        dir,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "-m",
            "inventory",
        ],
    );
    git(dir, &["config", "user.name", "chami serve"]);
    git(dir, &["config", "user.email", "serve@localhost"]);
    let kdir = tempfile::tempdir().unwrap();
    let keys = Keys::new(kdir.path());
    let jwks = Keys::jwks(kdir.path(), &[&keys.ec_jwk, &keys.rsa_jwk]);
    let srv = Server::start(
        &inv,
        &[
            "--jwks",
            jwks.to_str().unwrap(),
            "--jwt-issuer",
            "https://idp",
            "--jwt-audience",
            "chami",
            "--git-commit",
        ],
    );
    let es = keys.sign(Algorithm::ES256, &claims());
    let rs = keys.sign(Algorithm::RS256, &with(claims(), "sub", "bob".into()));
    let bp = |q: &str| {
        let (s, _, v) = send(
            &srv,
            "GET",
            &format!("/boot/v1/bootparameters?{q}"),
            None,
            &Value::Null,
        );
        assert_eq!(s, 200, "{v}");
        v[0].clone()
    };

    // PUT by xname: the node file gets the overrides, show and the next GET answer them.
    let put = json!({"hosts": ["x1000c0s0b0n0"], "kernel": "images/vmlinuz-2", "params": "console=ttyS0 quiet"});
    let (s, h, v) = send(&srv, "PUT", "/boot/v1/bootparameters", Some(&es), &put);
    assert_eq!(s, 200, "{v}");
    assert!(
        h.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{h}"
    );
    let n1 = inv.read("nodes/n1.yaml");
    assert!(
        n1.contains("kernel: images/vmlinuz-2") && n1.contains("params: console=ttyS0 quiet"),
        "{n1}"
    );
    let show = super::harness::stdout(&inv.chami(&["inventory", "show", "n1"]));
    assert!(show.contains("images/vmlinuz-2"), "{show}");
    let e = bp("name=x1000c0s0b0n0");
    assert!(
        e["kernel"].as_str().unwrap().ends_with("images/vmlinuz-2"),
        "{e}"
    );
    assert!(
        e["params"]
            .as_str()
            .unwrap()
            .contains("console=ttyS0 quiet"),
        "{e}"
    );
    assert!(
        git(dir, &["log", "-1", "--format=%B"]).contains("PUT /boot/v1/bootparameters by alice")
    );
    assert_eq!(
        git(dir, &["status", "--porcelain"]),
        "",
        "the write is committed"
    );

    // PATCH by MAC with RS256 changes params only; the kernel override stays.
    let patch = json!({"macs": ["02:00:00:00:00:11"], "params": "console=tty0"});
    let (s, _, v) = send(&srv, "PATCH", "/boot/v1/bootparameters", Some(&rs), &patch);
    assert_eq!(s, 200, "{v}");
    let n1 = inv.read("nodes/n1.yaml");
    assert!(
        n1.contains("kernel: images/vmlinuz-2") && n1.contains("params: console=tty0"),
        "{n1}"
    );
    assert!(
        git(dir, &["log", "-1", "--format=%B"]).contains("PATCH /boot/v1/bootparameters by bob")
    );

    // PUT replaces: by NID with only initrd, the kernel and params overrides go.
    let (s, _, v) = send(
        &srv,
        "PUT",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"nids": [1], "initrd": "images/initrd-2"}),
    );
    assert_eq!(s, 200, "{v}");
    let n1 = inv.read("nodes/n1.yaml");
    assert!(
        !n1.contains("vmlinuz-2")
            && !n1.contains("params:")
            && n1.contains("initrd: images/initrd-2"),
        "{n1}"
    );
    assert!(bp("nid=1")["kernel"]
        .as_str()
        .unwrap()
        .ends_with("images/vmlinuz"));

    // Refusals write nothing: unknown host (PATCH 404, PUT 400), a lint error (422),
    // POST onto a node that has overrides (400).
    let before = inv.snapshot();
    let (s, _, v) = send(
        &srv,
        "PATCH",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"hosts": ["nope"], "kernel": "k"}),
    );
    assert_eq!((s, v["status"].as_u64()), (404, Some(404)), "{v}");
    let (s, _, v) = send(
        &srv,
        "PUT",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"hosts": ["x1000c0s0b0n1", "x9c0s0b0n0"], "kernel": "k"}),
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["detail"].as_str().unwrap().contains("x9c0s0b0n0"), "{v}");
    let (s, h, v) = send(
        &srv,
        "PATCH",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"hosts": ["n2"], "kernel": "images/two words"}),
    );
    assert_eq!(s, 422, "{v}");
    assert!(h.contains("application/problem+json"), "{h}");
    let errors = v["errors"].as_array().expect("the new lint errors");
    assert!(errors.iter().any(|e| e["record"] == "node n2"), "{v}");
    let (s, _, v) = send(
        &srv,
        "POST",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"hosts": ["n1"], "kernel": "k"}),
    );
    assert_eq!(s, 400, "{v}");
    assert!(
        v["detail"].as_str().unwrap().contains("Already exists: n1"),
        "{v}"
    );
    assert_eq!(
        inv.snapshot(),
        before,
        "a refused write changed the inventory"
    );

    // POST creates on a node without overrides: 201.
    let (s, _, v) = send(
        &srv,
        "POST",
        "/boot/v1/bootparameters",
        Some(&es),
        &json!({"hosts": ["n2"], "params": "quiet"}),
    );
    assert_eq!(s, 201, "{v}");
    assert!(inv.read("nodes/n2.yaml").contains("params: quiet"));
}

#[test]
fn redfish_endpoints_post_adds_bmc_records_without_secrets() {
    let inv = inventory();
    let kdir = tempfile::tempdir().unwrap();
    let keys = Keys::new(kdir.path());
    let jwks = Keys::jwks(kdir.path(), &[&keys.ec_jwk]);
    let srv = Server::start(&inv, &["--jwks", jwks.to_str().unwrap()]);
    let t = keys.sign(Algorithm::ES256, &claims());
    let path = "/hsm/v2/Inventory/RedfishEndpoints";
    let one = json!({"ID": "X1000C0S1B0", "FQDN": "bmc1.example.org", "IPAddress": "127.0.0.22",
        "MACAddr": "02:00:00:00:00:22", "User": "root", "Password": "", "Enabled": true});
    let (s, h, v) = send(&srv, "POST", path, Some(&t), &one);
    assert_eq!(s, 201, "{v}");
    assert_eq!(
        v,
        json!([{"URI": "/hsm/v2/Inventory/RedfishEndpoints/x1000c0s1b0"}])
    );
    assert!(
        h.to_ascii_lowercase()
            .contains("location: /hsm/v2/inventory/redfishendpoints/x1000c0s1b0"),
        "{h}"
    );
    let rec = inv.read("bmcs/x1000c0s1b0.yaml");
    assert_eq!(
        rec,
        "name: x1000c0s1b0\nxname: x1000c0s1b0\nip: 127.0.0.22\nfqdn: bmc1.example.org\nmac: 02:00:00:00:00:22\nnetwork: mgmt\n"
    );
    let (s, _, v) = send(
        &srv,
        "GET",
        "/hsm/v2/Inventory/RedfishEndpoints/x1000c0s1b0",
        None,
        &Value::Null,
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["FQDN"], "bmc1.example.org");

    let before = inv.snapshot();
    let (s, _, v) = send(&srv, "POST", path, Some(&t), &one);
    assert_eq!(s, 409, "{v}");
    let secret = json!({"RedfishEndpoints": [{"ID": "x1000c0s2b0", "IPAddress": "127.0.0.23"},
        {"ID": "x1000c0s3b0", "IPAddress": "127.0.0.24", "User": "root", "Password": "hunter2"}]});
    let (s, _, v) = send(&srv, "POST", path, Some(&t), &secret);
    assert_eq!(s, 400, "{v}");
    let detail = v["detail"].as_str().unwrap();
    assert!(
        detail.contains("credentials:") && !detail.contains("hunter2"),
        "{v}"
    );
    // Same address as b1: a duplicate-ip lint error.
    let (s, _, v) = send(
        &srv,
        "POST",
        path,
        Some(&t),
        &json!({"ID": "x1000c0s4b0", "IPAddress": "127.0.0.21"}),
    );
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        inv.snapshot(),
        before,
        "a refused write changed the inventory"
    );

    let two = json!({"RedfishEndpoints": [{"ID": "x1000c0s2b0", "IPAddress": "127.0.0.23"},
        {"ID": "x1000c0s3b0", "Hostname": "bmc3", "Domain": "example.org"}]});
    let (s, h, v) = send(&srv, "POST", path, Some(&t), &two);
    assert_eq!(s, 201, "{v}");
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(
        h.to_ascii_lowercase()
            .contains(&format!("location: {}", path.to_ascii_lowercase())),
        "{h}"
    );
    assert!(inv
        .read("bmcs/x1000c0s3b0.yaml")
        .contains("fqdn: bmc3.example.org"));
    assert!(
        !srv.log().contains("git-commit"),
        "no --git-commit: nothing committed"
    );
}

#[test]
fn without_jwks_writes_are_off_and_jwt_for_reads_guards_the_read_routes() {
    let inv = inventory();
    let srv = Server::start(&inv, &[]);
    let before = inv.snapshot();
    let body: Value = serde_json::from_str(N1_KERNEL).unwrap();
    for (token, status) in [(Some("x.y.z"), 403), (None, 401)] {
        let (s, _, v) = send(&srv, "PUT", "/boot/v1/bootparameters", token, &body);
        assert_eq!(s, status, "{v}");
        assert!(
            v["detail"].as_str().unwrap().contains("writes are off"),
            "{v}"
        );
    }
    assert_eq!(inv.snapshot(), before);
    drop(srv);

    let kdir = tempfile::tempdir().unwrap();
    let keys = Keys::new(kdir.path());
    let jwks = Keys::jwks(kdir.path(), &[&keys.ec_jwk]);
    let srv = Server::start(&inv, &["--jwks", jwks.to_str().unwrap(), "--jwt-for-reads"]);
    let reader = keys.sign(Algorithm::ES256, &with(claims(), "scope", "read".into()));
    let nobody = keys.sign(Algorithm::ES256, &with(claims(), "scope", "openid".into()));
    for path in [
        "/hsm/v2/State/Components",
        "/boot/v1/bootparameters",
        "/boot/v1/hosts",
    ] {
        let (s, _, v) = send(&srv, "GET", path, None, &Value::Null);
        assert_eq!(s, 401, "{path}: {v}");
        let (s, _, v) = send(&srv, "GET", path, Some(&nobody), &Value::Null);
        assert_eq!(s, 403, "{path}: {v}");
        let (s, _, v) = send(&srv, "GET", path, Some(&reader), &Value::Null);
        assert_eq!(s, 200, "{path}: {v}");
    }
    // A read token does not write; the boot path and the probes need no token.
    let (s, _, _) = send(&srv, "PUT", "/boot/v1/bootparameters", Some(&reader), &body);
    assert_eq!(s, 403);
    for path in [
        "/hsm/v2/service/ready",
        "/boot/v1/bootscript?mac=02:00:00:00:00:11",
        "/boot/v1/service/status",
    ] {
        let (s, _, v) = send(&srv, "GET", path, None, &Value::Null);
        assert_eq!(s, 200, "{path}: {v}");
    }
}

#[test]
fn the_jwks_is_checked_at_start_and_read_again_on_sighup() {
    let inv = inventory();
    let kdir = tempfile::tempdir().unwrap();
    let dir = kdir.path();
    let bad = dir.join("bad-jwks.json");
    std::fs::write(&bad, r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#).unwrap();
    let out = inv.chami(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--jwks",
        bad.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("--jwks {}: no usable key", bad.display())),
        "{err}"
    );

    let keys = Keys::new(dir);
    let jwks = Keys::jwks(dir, &[&keys.ec_jwk]);
    let srv = Server::start(&inv, &["--jwks", jwks.to_str().unwrap()]);
    let rs = keys.sign(Algorithm::RS256, &claims());
    let body: Value = serde_json::from_str(N1_KERNEL).unwrap();
    let (s, _, v) = send(&srv, "PUT", "/boot/v1/bootparameters", Some(&rs), &body);
    assert_eq!(s, 401, "the RSA key is not in the JWKS yet: {v}");
    Keys::jwks(dir, &[&keys.ec_jwk, &keys.rsa_jwk]);
    let hup = || unsafe { libc::kill(srv.pid() as libc::pid_t, libc::SIGHUP) };
    assert_eq!(hup(), 0);
    srv.wait_log("\"event\":\"jwks-reload\",\"keys\":2");
    let (s, _, v) = send(&srv, "PUT", "/boot/v1/bootparameters", Some(&rs), &body);
    assert_eq!(s, 200, "{v}");
    // A broken JWKS on SIGHUP keeps the keys in use.
    std::fs::write(&jwks, "{").unwrap();
    assert_eq!(hup(), 0);
    srv.wait_log("jwks-reload-failed");
    let (s, _, v) = send(&srv, "PATCH", "/boot/v1/bootparameters", Some(&rs), &body);
    assert_eq!(s, 200, "{v}");
}

/// `GET path` with a bearer token: (status, body as text).
fn get_text(srv: &Server, path: &str, token: Option<&str>) -> (u16, String) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-w", "\n%{http_code}", "--max-time", "20"]);
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = cmd.arg(srv.url(path)).output().expect("curl");
    let raw = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, code) = raw.rsplit_once('\n').unwrap();
    (code.parse().unwrap(), body.to_string())
}

#[test]
fn cloud_init_admin_routes_need_an_admin_token_and_answer_any_node() {
    let inv = inventory();
    inv.write(
        "groups/compute.yaml",
        "name: compute\ndescription: every node\nmembers: n[1-2]\ncloud_init:\n  user_data:\n    packages: [htop]\n  meta_data:\n    site: lab\n",
    );
    let routes = [
        "/cloud-init/admin/groups",
        "/cloud-init/admin/groups/compute",
        "/cloud-init/admin/impersonation/x1000c0s0b0n1/meta-data",
    ];
    // Without --jwks they are off.
    let srv = Server::start(&inv, &[]);
    for path in routes {
        assert_eq!(get_text(&srv, path, None).0, 401, "{path}");
    }
    drop(srv);
    let kdir = tempfile::tempdir().unwrap();
    let keys = Keys::new(kdir.path());
    let jwks = Keys::jwks(kdir.path(), &[&keys.ec_jwk]);
    let srv = Server::start(&inv, &["--jwks", jwks.to_str().unwrap()]);
    let admin = keys.sign(Algorithm::ES256, &claims());
    let reader = keys.sign(Algorithm::ES256, &with(claims(), "scope", "read".into()));
    for path in routes {
        assert_eq!(get_text(&srv, path, None).0, 401, "{path}");
        assert_eq!(get_text(&srv, path, Some(&reader)).0, 403, "{path}");
    }
    let (s, all) = get_text(&srv, routes[0], Some(&admin));
    assert_eq!(s, 200, "{all}");
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(
        all["compute"],
        json!({"name": "compute", "description": "every node", "meta-data": {"site": "lab"},
            "file": {"content": "#cloud-config\npackages:\n- htop\n", "filename": "compute.yaml",
                "encoding": "plain"}})
    );
    let (s, one) = get_text(&srv, routes[1], Some(&admin));
    assert_eq!(
        (s, serde_json::from_str::<Value>(&one).unwrap()),
        (200, all["compute"].clone())
    );
    assert_eq!(
        get_text(&srv, "/cloud-init/admin/groups/gpu", Some(&admin)).0,
        404
    );
    // Impersonation: n2's own seed, by xname or name, from anywhere.
    let (s, meta) = get_text(&srv, routes[2], Some(&admin));
    assert_eq!(s, 200, "{meta}");
    assert!(meta.contains("instance-id: n2"), "{meta}");
    let (s, group) = get_text(
        &srv,
        "/cloud-init/admin/impersonation/n1/compute.yaml",
        Some(&admin),
    );
    assert_eq!((s, group.contains("htop")), (200, true), "{group}");
    let (s, _) = get_text(
        &srv,
        "/cloud-init/admin/impersonation/x9c0s0b0n0/meta-data",
        Some(&admin),
    );
    assert_eq!(s, 404);
    srv.wait_log("/cloud-init/admin/groups");
    assert!(!srv.log().contains(&admin), "a token reached the log");
}
