//! Node state on a live server: `chami serve` records a node's script, kernel, initrd,
//! root image and seed fetched from its own address (not another node's requests, not a
//! refused one, never a token), `chami status` shows them as a table and as JSON; a torn
//! line in the state file is skipped; the file is compacted when over its limit; a state
//! folder inside the inventory is refused; `bmc power status` records power.

use super::harness::{assert_code, chami, run, stderr, stdout, TestInventory};
use super::redfish_mock::{loopback_addrs, Fault, Fleet, FleetConfig, Member};
use super::serve::{body, curl, inventory, secret_file, token, Server};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// `chami status -o json` with `state` as the state folder, by node name.
fn status_json(inv: &TestInventory, state: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "status",
        "-o",
        "json",
        "--state-dir",
        state.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = inv.chami(&args);
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn node<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["node"] == name)
        .unwrap_or_else(|| panic!("no {name} in {rows:?}"))
}

/// Waits until `done` holds for the status rows (the writer thread writes soon after).
fn wait_status(inv: &TestInventory, state: &Path, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let started = Instant::now();
    loop {
        let rows = status_json(inv, state, &[]);
        if done(&rows) {
            return rows;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not recorded: {rows:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The events of the state file, as JSON.
fn events(state: &Path) -> Vec<Value> {
    std::fs::read_to_string(state.join("events.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn boot_files(dir: &Path) {
    std::fs::create_dir(dir.join("images")).unwrap();
    for f in ["vmlinuz", "initrd.img", "root.squashfs"] {
        std::fs::write(dir.join("images").join(f), vec![7u8; 4096]).unwrap();
    }
}

#[test]
fn serve_records_a_nodes_boot_and_status_shows_it() {
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("state");
    let files = work.path().join("files");
    std::fs::create_dir(&files).unwrap();
    boot_files(&files);
    let inv = inventory(super::serve::free_port());
    // n2 is an SMD component (it has an xname): /hsm/v2 shows its recorded state.
    let n2 = format!("{}xname: x1000c0s0b0n2\n", inv.read("nodes/n2.yaml"));
    inv.write("nodes/n2.yaml", &n2);
    let secret = secret_file(work.path());
    let t1 = token(&secret, "n1");
    let srv = Server::start(
        &inv,
        &[
            "--files",
            files.to_str().unwrap(),
            "--token-secret",
            secret.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
        ],
    );
    let n1 = Some("127.0.0.11");
    let smd_state_of_n2 = || {
        let (code, text) = body(&srv.url("/hsm/v2/State/Components/x1000c0s0b0n2"), None);
        assert_eq!(code, 200, "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        v["State"].as_str().unwrap().to_string()
    };
    assert_eq!(
        smd_state_of_n2(),
        "Ready",
        "nothing recorded: the inventory's intent"
    );
    // Nothing recorded yet: unknown, and SMD's Populated.
    let rows = status_json(&inv, &state, &[]);
    assert_eq!(node(&rows, "n1")["state"], "unknown");
    assert_eq!(node(&rows, "n1")["smd"]["State"], "Populated");
    // Not recorded: n1's script asked by n2 and by a host that is no node, n1's seed
    // refused to a stranger, a HEAD, a file that is no boot file of n1.
    assert_eq!(
        body(&srv.url("/ipxe/02-00-00-00-00-11.ipxe"), Some("127.0.0.12")).0,
        200
    );
    assert_eq!(body(&srv.url("/nodes/n1.ipxe"), Some("127.0.0.1")).0, 200);
    assert_eq!(
        body(&srv.url("/cloud-init/n1/user-data"), Some("127.0.0.1")).0,
        403
    );
    // n1 boots: its script (the fast path), kernel, initrd, root image in two pieces,
    // then its seed by token.
    assert_eq!(body(&srv.url("/ipxe/02-00-00-00-00-11.ipxe"), n1).0, 200);
    assert_eq!(body(&srv.url("/images/vmlinuz"), n1).0, 200);
    assert_eq!(body(&srv.url("/images/initrd.img"), n1).0, 200);
    let root = srv.url("/images/root.squashfs");
    assert_eq!(curl(&root, n1, &["Range: bytes=0-1023"]).0, 206);
    assert_eq!(curl(&root, n1, &["Range: bytes=1024-"]).0, 206);
    let rows = wait_status(&inv, &state, |r| node(r, "n1")["state"] == "root");
    assert_eq!(node(&rows, "n1")["address"], "127.0.0.11");
    assert_eq!(
        body(&srv.url(&format!("/cloud-init/n1/{t1}/meta-data")), n1).0,
        200
    );
    assert_eq!(body(&srv.url("/cloud-init/user-data"), n1).0, 200);
    // n2 asks for its script through BSS's route.
    assert_eq!(
        body(&srv.url("/boot/v1/bootscript?name=n2"), Some("127.0.0.12")).0,
        200
    );
    let rows = wait_status(&inv, &state, |r| {
        node(r, "n1")["state"] == "configured" && node(r, "n2")["state"] == "booting"
    });
    let r1 = node(&rows, "n1");
    assert_eq!(r1["last_event"]["what"], "seed", "{r1}");
    assert_eq!(r1["last_event"]["detail"], "user-data", "{r1}");
    assert_eq!(r1["profile"], "diskless");
    assert_eq!(
        r1["smd"],
        serde_json::json!({"State": "Ready", "Flag": "OK"})
    );
    assert_eq!(node(&rows, "n2")["last_event"]["detail"], "bootscript");
    assert_eq!(smd_state_of_n2(), "On", "booting, as recorded");
    assert_eq!(node(&rows, "n2")["address"], "127.0.0.12");
    // The file: n1's steps in order, each piece once, from n1's address, no token.
    let all = events(&state);
    let n1_steps: Vec<(String, String)> = all
        .iter()
        .filter(|e| e["node"] == "n1")
        .map(|e| {
            assert_eq!(e["from"], "127.0.0.11", "{e}");
            (
                e["what"].as_str().unwrap().into(),
                e["detail"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("script", "ipxe"),
        ("kernel", "/images/vmlinuz"),
        ("initrd", "/images/initrd.img"),
        ("root", "/images/root.squashfs"),
        ("seed", "meta-data"),
        ("seed", "user-data"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(n1_steps, want);
    assert_eq!(all.len(), 7, "n2's script only besides: {all:#?}");
    let raw = std::fs::read_to_string(state.join("events.jsonl")).unwrap();
    assert!(!raw.contains(&t1), "a token was recorded: {raw}");
    // The table: one line per node, only the selected ones.
    let out = inv.chami(&["status", "n1", "--state-dir", state.to_str().unwrap()]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.starts_with("NODE"), "{text}");
    let line = text.lines().nth(1).unwrap();
    for word in [
        "n1",
        "configured",
        "seed user-data",
        "diskless",
        "127.0.0.11",
    ] {
        assert!(line.contains(word), "{word}: {text}");
    }
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn a_torn_line_is_skipped_and_said() {
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let inv = inventory(super::serve::free_port());
    let good = r#"{"node":"n1","what":"script","at":"2026-12-03T06:00:00.000Z","from":"127.0.0.11","detail":"ipxe"}"#;
    let torn = r#"{"node":"n1","what":"seed","at":"2026-12-03T06:0"#;
    std::fs::write(state.join("events.jsonl"), format!("{good}\n{torn}")).unwrap();
    let out = inv.chami(&[
        "status",
        "-o",
        "json",
        "--state-dir",
        state.to_str().unwrap(),
    ]);
    assert_code(&out, 0);
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(node(&rows, "n1")["state"], "booting");
    assert_eq!(node(&rows, "n2")["state"], "unknown");
    assert!(
        stderr(&out).contains("1 line(s) that are not events skipped"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_state_file_is_compacted_when_over_its_limit() {
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("state");
    std::fs::create_dir(&state).unwrap();
    // 2,000 old events (about 250 KB), over a 64 KiB limit.
    let mut old = String::new();
    for i in 0..2000 {
        old.push_str(&format!(
            "{{\"node\":\"n{}\",\"what\":\"kernel\",\"at\":\"2026-12-03T06:00:00.000Z\",\"detail\":\"/old/{i:0>80}\"}}\n",
            i % 2 + 1
        ));
    }
    std::fs::write(state.join("events.jsonl"), &old).unwrap();
    let port = super::serve::free_port();
    let inv = inventory(port);
    let srv = Serving::start(&inv, port, &state, "65536");
    assert_eq!(
        body(&srv.url("/cloud-init/meta-data"), Some("127.0.0.11")).0,
        200
    );
    // The append that passes the limit compacts: one line per node and kind is left.
    let started = Instant::now();
    loop {
        let evs = events(&state);
        if evs.len() == 3 {
            let size = std::fs::metadata(state.join("events.jsonl")).unwrap().len();
            assert!(size <= 32 << 10, "{size}");
            let last: Vec<(&str, &str)> = evs
                .iter()
                .map(|e| (e["node"].as_str().unwrap(), e["detail"].as_str().unwrap()))
                .collect();
            assert_eq!(
                last,
                [
                    ("n1", &*format!("/old/{:0>80}", 1998)),
                    ("n2", &*format!("/old/{:0>80}", 1999)),
                    ("n1", "meta-data")
                ]
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not compacted: {} events",
            evs.len()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let left: Vec<_> = std::fs::read_dir(&state).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    let rows = status_json(&inv, &state, &[]);
    assert_eq!(node(&rows, "n1")["state"], "configured");
    assert_eq!(node(&rows, "n2")["state"], "kernel");
}

/// `chami serve` with a state size limit in its environment; killed by PID on drop.
struct Serving {
    child: std::process::Child,
    port: u16,
}

impl Serving {
    fn start(inv: &TestInventory, port: u16, state: &Path, max_bytes: &str) -> Serving {
        let child = chami()
            .env("CHAMI_STATE_MAX_BYTES", max_bytes)
            .arg("-C")
            .arg(inv.path())
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--state-dir",
            ])
            .arg(state)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let s = Serving { child, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_state_folder_inside_the_inventory_is_refused() {
    let inv = inventory(super::serve::free_port());
    let inside = inv.path().join("state");
    for args in [vec!["status"], vec!["serve", "--listen", "127.0.0.1:0"]] {
        let mut a = args.clone();
        a.extend(["--state-dir", inside.to_str().unwrap()]);
        let out = inv.chami(&a);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("inside the inventory folder"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!inside.exists());
    // The same through the environment.
    let out = run(chami()
        .env("CHAMI_STATE_DIR", &inside)
        .arg("-C")
        .arg(inv.path())
        .arg("status"));
    assert_code(&out, 2);
}

#[test]
fn bmc_power_status_records_each_nodes_power() {
    let a = loopback_addrs(2, "127.76.0.10".parse().unwrap());
    let fleet = Fleet::start(FleetConfig {
        members: a
            .iter()
            .map(|addr| Member {
                addr: *addr,
                bundle: "public-rackmount1".to_string(),
                fault: None::<Fault>,
            })
            .collect(),
        tls: false,
        latency: Duration::ZERO,
        auth: None,
        port: 0,
    });
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        "format: 1\nname: lab\nnetworks:\n  - {name: bmc, cidr: 127.0.0.0/8}\n",
    );
    for (i, addr) in a.iter().enumerate() {
        inv.write(
            &format!("bmcs/b{i}.yaml"),
            &format!(
                "name: b{i}\nip: {addr}\nport: {}\nnetwork: bmc\n",
                fleet.port()
            ),
        );
        inv.write(
            &format!("nodes/n{i}.yaml"),
            &format!("name: n{i}\nbmc: b{i}\n"),
        );
    }
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("state");
    let st = state.to_str().unwrap();
    let out = inv.chami(&["bmc", "power", "off", "n1", "--http", "--state-dir", st]);
    assert_code(&out, 0);
    assert!(
        events(&state).is_empty(),
        "only status readings are recorded"
    );
    let out = inv.chami(&[
        "bmc",
        "power",
        "status",
        "n[0-1]",
        "--http",
        "--state-dir",
        st,
    ]);
    assert_code(&out, 0);
    let rows = status_json(&inv, &state, &[]);
    let (r0, r1) = (node(&rows, "n0"), node(&rows, "n1"));
    assert_eq!(
        (&r0["power"], &r0["state"]),
        (&Value::from("On"), &Value::from("on"))
    );
    assert_eq!(
        (&r1["power"], &r1["state"]),
        (&Value::from("Off"), &Value::from("off"))
    );
    assert_eq!(r1["smd"]["State"], "Off");
    let evs = events(&state);
    assert_eq!(evs.len(), 2);
    assert!(
        evs.iter()
            .any(|e| e["node"] == "n1" && e["from"] == a[1].to_string()),
        "{evs:?}"
    );
}
