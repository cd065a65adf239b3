//! `chami serve` on a loopback port: every route, cloud-init's own NoCloud reader
//! fetching a seed from the live server, the 403 cases, Range and ETag, path traversal,
//! a bad reload that keeps the old data and a good one that takes, and SIGTERM.

use super::harness::{assert_code, chami, interop_program, stderr, TestInventory};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(super) use super::harness::free_port;

/// The running server; killed by PID on drop, its stderr printed if the test failed.
pub(super) struct Server {
    child: Child,
    log: std::path::PathBuf,
    pub(super) port: u16,
    /// The loopback address clients connect to.
    host: String,
}

impl Server {
    pub(super) fn start(inv: &TestInventory, extra: &[&str]) -> Server {
        Server::start_on(inv, "127.0.0.1", extra)
    }

    /// Listening on `host` (`127.0.0.1`, `[::]`…) and a free port.
    pub(super) fn start_on(inv: &TestInventory, host: &str, extra: &[&str]) -> Server {
        Server::start_at(inv, host, free_port(), extra)
    }

    /// Listening on `host:port`.
    pub(super) fn start_at(inv: &TestInventory, host: &str, port: u16, extra: &[&str]) -> Server {
        let log = inv
            .path()
            .join("../serve-log-")
            .with_extension(port.to_string());
        let err = std::fs::File::create(&log).unwrap();
        let listen = format!("{host}:{port}");
        let child = chami()
            .arg("-C")
            .arg(inv.path())
            .args(["serve", "--listen", &listen])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap();
        let host = if host.starts_with("127.") {
            host
        } else {
            "127.0.0.1"
        };
        let s = Server {
            child,
            log,
            port,
            host: host.to_string(),
        };
        let started = Instant::now();
        while TcpStream::connect((s.host.as_str(), port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "serve did not start: {}",
                s.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    /// The server's process id (for signals).
    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(super) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("http://{}:{}{path}", self.host, self.port)
    }

    pub(super) fn wait_log(&self, needle: &str) {
        let started = Instant::now();
        while !self.log().contains(needle) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no `{needle}` in the log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- serve log ---\n{}", self.log());
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

/// curl: (status, headers, body). `from` binds the source address.
pub(super) fn curl(url: &str, from: Option<&str>, headers: &[&str]) -> (u16, String, Vec<u8>) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-D", "-", "-o", "-", "--max-time", "10"]);
    if let Some(f) = from {
        cmd.args(["--interface", f]);
    }
    for h in headers {
        cmd.args(["-H", h]);
    }
    let out: Output = cmd.arg("--path-as-is").arg(url).output().expect("curl");
    let raw = out.stdout;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers")
        + 4;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split..].to_vec())
}

pub(super) fn body(url: &str, from: Option<&str>) -> (u16, String) {
    let (s, _, b) = curl(url, from, &[]);
    (s, String::from_utf8_lossy(&b).to_string())
}

/// Two diskless nodes: n1 (MAC …:11, 127.0.0.11, NID 1) and n2 (…:12, 127.0.0.12, NID 2).
pub(super) fn inventory(port: u16) -> TestInventory {
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        &format!(
            "format: 1\nname: storm\nnetworks:\n  - {{name: mgmt, cidr: 127.0.0.0/8, dns: [127.0.0.1]}}\n\
             boot_server: {{address: 127.0.0.1, http_port: {port}}}\n\
             boot_profiles:\n  - {{name: diskless, kind: diskless, kernel: images/vmlinuz, initrd: images/initrd.img, rootfs: images/root.squashfs}}\n\
             defaults: {{boot: {{profile: diskless}}}}\n"
        ),
    );
    for (i, (name, mac)) in [("n1", "02:00:00:00:00:11"), ("n2", "02:00:00:00:00:12")]
        .iter()
        .enumerate()
    {
        inv.write(
            &format!("nodes/{name}.yaml"),
            &format!(
                "name: {name}\nnid: {}\ngroups: [compute]\ninterfaces:\n  - {{name: eth0, mac: \"{mac}\", network: mgmt, ip: 127.0.0.{}, boot: true}}\n",
                i + 1,
                11 + i
            ),
        );
    }
    inv.write(
        "groups/compute.yaml",
        "name: compute\ncloud_init:\n  user_data:\n    packages: [htop]\n",
    );
    inv
}

/// A token secret file (mode 0600) in `dir`.
pub(super) fn secret_file(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let secret = dir.join("token-secret");
    std::fs::write(&secret, "0123456789abcdef0123456789abcdef\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    secret
}

/// `chami serve --print-token node`.
pub(super) fn token(secret: &Path, node: &str) -> String {
    let out = chami()
        .args(["serve", "--token-secret"])
        .arg(secret)
        .args(["--print-token", node])
        .output()
        .unwrap();
    let t = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(t.len(), 32, "{t}");
    t
}

#[test]
fn serve_answers_every_route_to_the_right_node_only() {
    let port_hint = free_port();
    let inv = inventory(port_hint);
    let files = tempfile::tempdir().unwrap();
    std::fs::create_dir(files.path().join("images")).unwrap();
    let kernel: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(files.path().join("images/vmlinuz"), &kernel).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", files.path().join("images/escape")).unwrap();
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_file(secret_dir.path());
    let srv = Server::start(
        &inv,
        &[
            "--files",
            files.path().to_str().unwrap(),
            "--token-secret",
            secret.to_str().unwrap(),
        ],
    );

    // Boot scripts: BSS routes and the tree's paths.
    let (s, b) = body(&srv.url("/boot/v1/bootscript?mac=02:00:00:00:00:12"), None);
    assert_eq!(s, 200);
    assert!(
        b.starts_with("#!ipxe")
            && b.contains("chami.node=n2")
            && b.contains("BOOTIF=01-02-00-00-00-00-12"),
        "{b}"
    );
    let (_, by_name) = body(&srv.url("/boot/v1/bootscript?name=n1"), None);
    assert!(by_name.contains("chami.node=n1"), "{by_name}");
    let (_, by_nid) = body(&srv.url("/boot/v1/bootscript?nid=2"), None);
    assert!(by_nid.contains("chami.node=n2"), "{by_nid}");
    let (s, unknown) = body(&srv.url("/boot/v1/bootscript?mac=02:00:00:00:00:99"), None);
    assert_eq!(s, 200, "an unknown MAC gets the retry script");
    assert!(unknown.contains("no boot script for MAC"), "{unknown}");
    let (s, _) = body(&srv.url("/boot/v1/bootscript?mac=nonsense"), None);
    assert_eq!(s, 400);
    let (_, tree) = body(&srv.url("/ipxe/02-00-00-00-00-11.ipxe"), None);
    assert!(tree.contains("chami.node=n1"));
    let (_, node_file) = body(&srv.url("/nodes/n2.ipxe"), None);
    assert!(node_file.contains("chami.node=n2"));
    let (_, def) = body(&srv.url("/default.ipxe"), None);
    assert!(def.contains("${mac:hexhyp}.ipxe"));
    let (s, params) = body(&srv.url("/boot/v1/bootparameters?name=n1"), None);
    assert_eq!(s, 200);
    let p: serde_json::Value = serde_json::from_str(&params).unwrap();
    assert_eq!(p[0]["macs"][0], "02:00:00:00:00:11");
    assert_eq!(p[0]["hosts"][0], "n1");
    assert_eq!(p[0]["nids"][0], 1);
    assert!(p[0]["kernel"]
        .as_str()
        .unwrap()
        .ends_with("/images/vmlinuz"));
    assert!(p[0]["params"].as_str().unwrap().contains("chami.node=n1"));

    // cloud-init: by source address, and never another node's.
    let (s, meta) = body(&srv.url("/cloud-init/meta-data"), Some("127.0.0.11"));
    assert_eq!(s, 200);
    assert!(meta.contains("instance-id: n1"), "{meta}");
    let (_, user) = body(&srv.url("/cloud-init/user-data"), Some("127.0.0.12"));
    assert!(
        user.starts_with("#cloud-config") && user.contains("hostname: n2") && user.contains("htop"),
        "{user}"
    );
    let (_, net) = body(&srv.url("/cloud-init/network-config"), Some("127.0.0.12"));
    assert!(
        net.contains("macaddress: \"02:00:00:00:00:12\"") && net.contains("127.0.0.12/8"),
        "{net}"
    );
    let (s, _) = body(&srv.url("/cloud-init/n1/meta-data"), Some("127.0.0.11"));
    assert_eq!(s, 200, "a node reads its own seed by name");
    let (s, _) = body(&srv.url("/cloud-init/n2/meta-data"), Some("127.0.0.11"));
    assert_eq!(s, 403, "n1 may not read n2's seed");
    let (s, _) = body(&srv.url("/cloud-init/meta-data"), Some("127.0.0.99"));
    assert_eq!(s, 404, "no node has that address");
    let token = &token(&secret, "n2");
    // n2's script carries the token in its seed URL (for n2 only: serve_security.rs);
    // bootgen with the same secret agrees.
    let (_, script) = body(&srv.url("/boot/v1/bootscript?name=n2"), Some("127.0.0.12"));
    assert!(
        script.contains(&format!("/cloud-init/n2/{token}/")),
        "{script}"
    );
    let tree = tempfile::tempdir().unwrap();
    let out = inv.chami(&[
        "bootgen",
        "-o",
        tree.path().to_str().unwrap(),
        "--token-secret",
        secret.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(tree.path().join("nodes/n2.ipxe")).unwrap(),
        script
    );
    let (s, m2) = body(&srv.url(&format!("/cloud-init/n2/{token}/meta-data")), None);
    assert_eq!(s, 200);
    assert!(m2.contains("instance-id: n2"));
    let (s, _) = body(&srv.url(&format!("/cloud-init/n1/{token}/meta-data")), None);
    assert_eq!(s, 403, "n2's token does not open n1");
    let (s, _) = body(
        &srv.url(&format!("/cloud-init/n2/meta-data?token={token}")),
        None,
    );
    assert_eq!(s, 200);
    // X-Forwarded-For is not believed from an untrusted peer.
    let (s, _, _) = curl(
        &srv.url("/cloud-init/n2/meta-data"),
        Some("127.0.0.11"),
        &["X-Forwarded-For: 127.0.0.12"],
    );
    assert_eq!(s, 403);
    srv.wait_log("\"event\":\"forbidden\"");

    // Files: whole, ranges, ETag, traversal.
    let (s, head, whole) = curl(&srv.url("/images/vmlinuz"), None, &[]);
    assert_eq!((s, whole.len()), (200, kernel.len()));
    assert_eq!(whole, kernel);
    let etag = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("etag: ")
                .or_else(|| l.strip_prefix("ETag: "))
        })
        .expect("an ETag")
        .trim()
        .to_string();
    let (s, head, part) = curl(
        &srv.url("/images/vmlinuz"),
        None,
        &["Range: bytes=1000-1999"],
    );
    assert_eq!(s, 206);
    assert_eq!(part, &kernel[1000..2000]);
    assert!(
        head.to_lowercase()
            .contains("content-range: bytes 1000-1999/100000"),
        "{head}"
    );
    let (s, _, tail) = curl(&srv.url("/images/vmlinuz"), None, &["Range: bytes=-10"]);
    assert_eq!((s, tail.as_slice()), (206, &kernel[99_990..]));
    let (s, _, _) = curl(&srv.url("/images/vmlinuz"), None, &["Range: bytes=200000-"]);
    assert_eq!(s, 416);
    // An end past any integer is clamped to the file's end (RFC 9110), not refused.
    let (s, head, tail) = curl(
        &srv.url("/images/vmlinuz"),
        None,
        &["Range: bytes=99000-999999999999999999999999999"],
    );
    assert_eq!((s, tail.as_slice()), (206, &kernel[99_000..]));
    assert!(
        head.to_lowercase()
            .contains("content-range: bytes 99000-99999/100000"),
        "{head}"
    );
    // A Range that is no byte range is ignored: the whole file.
    let (s, _, all) = curl(&srv.url("/images/vmlinuz"), None, &["Range: bytes=abc"]);
    assert_eq!((s, all.len()), (200, kernel.len()));
    let (s, _, _) = curl(
        &srv.url("/images/vmlinuz"),
        None,
        &[&format!("If-None-Match: {etag}")],
    );
    assert_eq!(s, 304);
    for bad in [
        "/../token-secret",
        "/images/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/images/escape",
    ] {
        let (s, _, b) = curl(&srv.url(bad), None, &[]);
        assert_eq!(s, 404, "{bad}: {}", String::from_utf8_lossy(&b));
    }

    // Operations.
    assert_eq!(body(&srv.url("/healthz"), None), (200, "ok\n".to_string()));
    let (_, metrics) = body(&srv.url("/metrics"), None);
    assert!(
        metrics
            .contains("chami_serve_requests_total{route=\"/boot/v1/bootscript\",status=\"200\"} 5"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chami_serve_unknown_macs_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chami_serve_forbidden_total 3"),
        "{metrics}"
    );
    assert!(
        srv.log().contains("\"route\":\"/cloud-init/{file}\""),
        "access log"
    );
    // The two routes a boot storm hits are answered before the router: still counted
    // and logged under the router's names (the % one goes through the router).
    let (s, _) = body(&srv.url("/ipxe/02%2D00-00-00-00-11.ipxe"), None);
    assert_eq!(s, 200);
    let (_, metrics) = body(&srv.url("/metrics"), None);
    assert!(
        metrics.contains("chami_serve_requests_total{route=\"/ipxe/{file}\",status=\"200\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "chami_serve_requests_total{route=\"/cloud-init/{node}/{token}/{file}\",status=\"403\"} 1"
        ),
        "{metrics}"
    );
    let log = srv.log();
    assert!(
        log.contains("\"path\":\"/ipxe/02-00-00-00-00-11.ipxe\",\"route\":\"/ipxe/{file}\""),
        "access log of a fast route: {log}"
    );
}

#[test]
fn serve_speaks_https_with_the_given_certificate() {
    use rcgen::{CertificateParams, KeyPair};
    let inv = inventory(free_port());
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (cert_pem, key_pem) = (inv.path().join("../tls.crt"), inv.path().join("../tls.key"));
    std::fs::write(&cert_pem, cert.pem()).unwrap();
    std::fs::write(&key_pem, key.serialize_pem()).unwrap();
    let srv = Server::start(
        &inv,
        &[
            "--tls-cert",
            cert_pem.to_str().unwrap(),
            "--tls-key",
            key_pem.to_str().unwrap(),
        ],
    );
    let url = format!("https://127.0.0.1:{}/boot/v1/bootscript?name=n1", srv.port);
    let fetch = |extra: &[&str], url: &str| {
        Command::new("curl")
            .args(["-sS", "--max-time", "10"])
            .args(extra)
            .arg(url)
            .output()
            .expect("curl")
    };
    let ok = fetch(&["--cacert", cert_pem.to_str().unwrap()], &url);
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success() && text.contains("chami.node=n1"),
        "{text}{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Verified against the system's roots, the self-signed certificate is refused; and
    // plain HTTP on the TLS port gets no answer.
    assert!(!fetch(&[], &url).status.success());
    let plain = fetch(&[], &url.replace("https://", "http://"));
    assert!(
        !plain.status.success() || !String::from_utf8_lossy(&plain.stdout).contains("chami.node"),
        "plain HTTP was answered on the TLS port"
    );
}

#[test]
fn a_second_server_on_the_same_port_is_refused() {
    // The workers share the port with SO_REUSEPORT; a second instance must not join them.
    let inv = inventory(free_port());
    let srv = Server::start(&inv, &[]);
    let listen = format!("127.0.0.1:{}", srv.port);
    let mut second = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["serve", "--no-watch", "--listen", &listen])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while second.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            panic!("a second serve on {listen} started");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = second.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains(&format!("cannot listen on {listen}"))
            && err.contains("in use"),
        "{err}"
    );
}

#[test]
fn a_bad_reload_keeps_the_old_data_and_a_good_one_takes() {
    let inv = inventory(free_port());
    let mut srv = Server::start(&inv, &[]);
    let (_, before) = body(&srv.url("/boot/v1/bootscript?name=n1"), None);
    assert!(before.contains("chami.node=n1"));
    // A broken record: the reload fails, n1 is still served.
    inv.write(
        "nodes/n3.yaml",
        "name: n3\ninterfaces: [{name: eth0, ip: not-an-ip}]\n",
    );
    srv.wait_log("\"event\":\"reload-failed\"");
    let (s, still) = body(&srv.url("/boot/v1/bootscript?name=n1"), None);
    assert_eq!((s, still), (200, before));
    // Fixed, with a new node: the reload takes and n3 boots.
    inv.write(
        "nodes/n3.yaml",
        "name: n3\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:13\", network: mgmt, ip: 127.0.0.13, boot: true}\n",
    );
    srv.wait_log("\"event\":\"reload\"");
    let (_, n3) = body(&srv.url("/boot/v1/bootscript?mac=02:00:00:00:00:13"), None);
    assert!(n3.contains("chami.node=n3"), "{n3}");
    // SIGHUP reloads too; SIGTERM ends the server cleanly.
    // SAFETY: signalling our own child by its PID.
    unsafe { libc::kill(srv.child.id() as i32, libc::SIGHUP) };
    srv.wait_log("\"reason\":\"SIGHUP\"");
    unsafe { libc::kill(srv.child.id() as i32, libc::SIGTERM) };
    let started = Instant::now();
    let status = loop {
        if let Some(st) = srv.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "serve ignored SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

/// Waits until `needle` appears `n` times in the server's log.
fn wait_log_count(srv: &Server, needle: &str, n: usize) {
    let started = Instant::now();
    while srv.log().matches(needle).count() < n {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "fewer than {n} `{needle}` in the log:\n{}",
            srv.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn reload_checks_what_bootgen_checks_and_survives_a_replaced_folder() {
    let inv = inventory(free_port());
    // Lint accepts a group that sets a seed key chami owns; bootgen refuses it, and so
    // does serve, at start and on reload.
    let good_group = "name: compute\ncloud_init:\n  user_data:\n    packages: [htop]\n";
    let bad_group = "name: compute\ncloud_init:\n  user_data:\n    hostname: evil\n";
    inv.write("groups/compute.yaml", bad_group);
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    let tree = inv.path().join("tree");
    let bootgen = inv.chami(&["bootgen", "--out", tree.to_str().unwrap()]);
    assert_code(&bootgen, 2);
    let mut child = chami()
        .arg("-C")
        .arg(inv.path())
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("serve started on an inventory that bootgen refuses");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 2);
    assert!(stderr(&out).contains("hostname"), "{}", stderr(&out));
    // Fixed: serve starts. The same group on a reload keeps the last good inventory; so
    // does a kernel parameter lint refuses.
    inv.write("groups/compute.yaml", good_group);
    let srv = Server::start(&inv, &[]);
    let (s, before) = body(&srv.url("/boot/v1/bootscript?name=n2"), None);
    assert_eq!(s, 200, "{before}");
    inv.write("groups/compute.yaml", bad_group);
    wait_log_count(&srv, "\"event\":\"reload-failed\"", 1);
    assert!(
        srv.log().contains("hostname"),
        "the failure says why:\n{}",
        srv.log()
    );
    inv.write("groups/compute.yaml", good_group);
    wait_log_count(&srv, "\"event\":\"reload\"", 1);
    inv.write(
        "nodes/n2.yaml",
        "name: n2\nnid: 2\nboot: {overrides: {params: \"quiet #x\"}}\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:12\", network: mgmt, ip: 127.0.0.12, boot: true}\n",
    );
    wait_log_count(&srv, "\"event\":\"reload-failed\"", 2);
    let (s, still) = body(&srv.url("/boot/v1/bootscript?name=n2"), None);
    assert_eq!((s, still), (200, before));
    // nodes/ replaced by a copy (as a checkout can do): later edits still reload.
    let nodes = inv.path().join("nodes");
    let old = inv.path().join("nodes.old");
    std::fs::rename(&nodes, &old).unwrap();
    std::fs::create_dir(&nodes).unwrap();
    for name in ["n1.yaml", "n2.yaml"] {
        std::fs::copy(old.join(name), nodes.join(name)).unwrap();
    }
    std::fs::remove_dir_all(&old).unwrap();
    let reloads = srv.log().matches("\"event\":\"reload").count();
    wait_log_count(&srv, "\"event\":\"reload", reloads + 1);
    std::thread::sleep(Duration::from_millis(500));
    let settled = srv.log().matches("\"event\":\"reload\"").count();
    inv.write(
        "nodes/n2.yaml",
        "name: n2\nnid: 2\nlabels: {edited: yes}\ninterfaces:\n  - {name: eth0, mac: \"02:00:00:00:00:12\", network: mgmt, ip: 127.0.0.12, boot: true}\n",
    );
    wait_log_count(&srv, "\"event\":\"reload\"", settled + 1);
}

#[test]
fn cloud_init_reads_a_seed_from_the_live_server() {
    let test = "cloud_init_reads_a_seed_from_the_live_server";
    // Debian's Python: cloud-init's module is not in the test venv that PATH may start with.
    let Some(python) = interop_program(test, "/usr/bin/python3") else {
        return;
    };
    let probe = Command::new(&python)
        .args(["-c", "import cloudinit.sources.DataSourceNoCloud"])
        .output()
        .unwrap();
    if !probe.status.success() {
        super::harness::skip_or_fail(
            test,
            "cloud-init's Python module is not installed (apt-get install cloud-init)",
        );
        return;
    }
    let inv = inventory(free_port());
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_file(secret_dir.path());
    let srv = Server::start(&inv, &["--token-secret", secret.to_str().unwrap()]);
    let seed = srv.url(&format!("/cloud-init/n2/{}/", token(&secret, "n2")));
    let script = format!(
        r##"
import sys
from unittest import mock
from cloudinit import util, helpers, distros, settings
from cloudinit.sources import DataSourceNoCloud as ds
seed = "{seed}"
md, ud, vd = util.read_seeded(seed, timeout=5)
assert md["instance-id"] == "n2", md
assert md["local-hostname"] == "n2", md
assert ud.startswith(b"#cloud-config"), ud
print("read_seeded ok", md["instance-id"])
paths = helpers.Paths({{"cloud_dir": "{tmp}", "run_dir": "{tmp}"}})
cfg = {{"datasource": {{"NoCloud": {{}}}}}}
distro = distros.fetch("debian")("debian", {{}}, paths)
src = ds.DataSourceNoCloudNet(sys_cfg=cfg, distro=distro, paths=paths)
with mock.patch.object(util, "get_cmdline", return_value="ds=nocloud-net;s=" + seed):
    assert src.get_data(), "get_data failed"
assert src.metadata["instance-id"] == "n2", src.metadata
assert b"hostname: n2" in src.userdata_raw, src.userdata_raw
print("DataSourceNoCloudNet ok", src.get_instance_id())
"##,
        tmp = secret_dir.path().display()
    );
    let out = Command::new(&python)
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cloud-init's reader failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("DataSourceNoCloudNet ok n2"), "{text}");
}

#[test]
fn scripts_point_at_the_base_url_serve_is_told_and_a_bad_one_is_refused() {
    let inv = inventory(free_port());
    let srv = Server::start(
        &inv,
        &[
            "--base-url",
            "https://boot.example:8443/chami/",
            "--base-url",
            "http://10.9.9.9",
        ],
    );
    for route in ["/nodes/n1.ipxe", "/boot/v1/bootparameters?name=n1"] {
        let (s, b) = body(&srv.url(route), Some("127.0.0.11"));
        assert_eq!(s, 200, "{route}: {b}");
        assert!(
            b.contains("https://boot.example:8443/chami/images/vmlinuz"),
            "{route}: {b}"
        );
        assert!(
            !b.contains(&format!("127.0.0.1:{}", srv.port)),
            "{route} still names cluster.yaml's server: {b}"
        );
    }
    let (_, script) = body(&srv.url("/nodes/n1.ipxe"), Some("127.0.0.11"));
    assert!(
        script.contains("http://10.9.9.9/"),
        "the failover base: {script}"
    );
    let bad = inv.chami(&["serve", "--base-url", "http://h/${evil}"]);
    assert_code(&bad, 2);
    assert!(
        stderr(&bad).contains("a base URL has only letters"),
        "{}",
        stderr(&bad)
    );
}
