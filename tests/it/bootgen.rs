//! `chami bootgen` with the real binary: the tree it writes (only what changed, stale
//! scripts removed, files of others untouched, `--check`), what it refuses, insta
//! snapshots of the example's scripts and seeds (tests/it/snapshots/it__bootgen__*;
//! `INSTA_UPDATE=always` after a deliberate change, then review), iPXE syntax of every
//! script, and cloud-init 22.4 itself: its schema check on every user-data and
//! vendor-data, and its NoCloud reader fetching a seed over HTTP from the generated tree
//! at exactly the `ds=` URL of the node's iPXE kernel line.

use crate::harness::{
    assert_code, chami, files_below, interop_program, node_yaml, run, skip_or_fail, stderr, stdout,
    TestInventory, CLUSTER_YAML,
};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/small");

/// n1-n3 (MACs 02:…:0b-0d), n1 and n2 in group `compute` with cloud-init fragments.
fn inventory() -> TestInventory {
    let inv = TestInventory::new();
    for (name, n) in [("n1", 11), ("n2", 12), ("n3", 13)] {
        inv.write(&format!("nodes/{name}.yaml"), &node_yaml(name, n));
    }
    inv.write(
        "groups/compute.yaml",
        "name: compute\nmembers: n[1-2]\ncloud_init:\n  user_data:\n    packages: [slurm-slurmd]\n  vendor_data:\n    ntp: {enabled: true}\n",
    );
    inv
}

fn out_dir(inv: &TestInventory) -> String {
    inv.path().join("out").display().to_string()
}

/// Every file of the tree of examples/small, written by the real binary into `dir`.
fn bootgen_small(dir: &Path) {
    let out = run(chami().args(["-C", SMALL, "bootgen", "-o"]).arg(dir));
    assert_code(&out, 0);
}

#[test]
fn writes_the_tree_then_nothing_the_second_time() {
    let inv = inventory();
    let out = out_dir(&inv);
    let first = inv.chami(&["bootgen", "-o", &out]);
    assert_code(&first, 0);
    // 3 nodes × (MAC script, name script, 3 seed files) + default + unknown.
    assert!(
        stderr(&first).contains("bootgen: 17 written, 0 removed, 0 unchanged"),
        "{}",
        stderr(&first)
    );
    for f in [
        "default.ipxe",
        "unknown.ipxe",
        "ipxe/02-00-00-00-00-0b.ipxe",
        "nodes/n1.ipxe",
        "cloud-init/n3/meta-data",
        "cloud-init/n3/user-data",
        "cloud-init/n3/vendor-data",
    ] {
        assert!(inv.exists(&format!("out/{f}")), "{f} missing");
    }
    assert_eq!(
        inv.read("out/ipxe/02-00-00-00-00-0b.ipxe"),
        inv.read("out/nodes/n1.ipxe")
    );
    let mtime = |rel: &str| {
        std::fs::metadata(inv.path().join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = mtime("out/nodes/n1.ipxe");
    let second = inv.chami(&["bootgen", "-o", &out]);
    assert_code(&second, 0);
    assert!(
        stderr(&second).contains("bootgen: 0 written, 0 removed, 17 unchanged"),
        "{}",
        stderr(&second)
    );
    assert_eq!(before, mtime("out/nodes/n1.ipxe"), "rewritten");
    assert_code(&inv.chami(&["bootgen", "--check", "-o", &out]), 0);
}

#[test]
fn check_exits_1_after_a_change_and_writes_nothing() {
    let inv = inventory();
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["bootgen", "-o", &out]), 0);
    inv.write(
        "nodes/n2.yaml",
        &format!(
            "{}boot:\n  overrides: {{params: console=ttyS1}}\n",
            node_yaml("n2", 12)
        ),
    );
    let before = inv.snapshot();
    let check = inv.chami(&["bootgen", "--check", "-o", &out]);
    assert_code(&check, 1);
    assert_eq!(
        stdout(&check),
        format!("update {out}/ipxe/02-00-00-00-00-0c.ipxe\nupdate {out}/nodes/n2.ipxe\n")
    );
    let diff = inv.chami(&["bootgen", "--check", "--diff", "-o", &out]);
    assert_code(&diff, 1);
    assert!(
        stdout(&diff).contains("cloud-init/n2/ console=ttyS1 || goto retry\n"),
        "{}",
        stdout(&diff)
    );
    assert_eq!(before, inv.snapshot(), "--check wrote something");
    assert_code(&inv.chami(&["bootgen", "-o", &out]), 0);
    assert!(inv
        .read("out/nodes/n2.ipxe")
        .contains(" console=ttyS1 || goto retry"));
}

#[test]
fn a_removed_or_disabled_node_loses_its_files_and_files_of_others_stay() {
    let inv = inventory();
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["bootgen", "-o", &out]), 0);
    inv.write("out/images/vmlinuz", "a kernel the admin put there\n");
    inv.write("out/ipxe/custom.ipxe", "#!ipxe\nshell\n");
    std::fs::remove_file(inv.path().join("nodes/n3.yaml")).unwrap();
    inv.write(
        "nodes/n2.yaml",
        &node_yaml("n2", 12).replace("nid: 12\n", "nid: 12\nenabled: false\n"),
    );
    let again = inv.chami(&["bootgen", "-o", &out]);
    assert_code(&again, 0);
    assert!(
        stderr(&again).contains("bootgen: 0 written, 10 removed, 7 unchanged"),
        "{}",
        stderr(&again)
    );
    for gone in [
        "ipxe/02-00-00-00-00-0d.ipxe",
        "nodes/n3.ipxe",
        "cloud-init/n3/user-data",
        "ipxe/02-00-00-00-00-0c.ipxe",
        "nodes/n2.ipxe",
        "cloud-init/n2/meta-data",
    ] {
        assert!(!inv.exists(&format!("out/{gone}")), "{gone} stayed");
    }
    assert_eq!(
        inv.read("out/images/vmlinuz"),
        "a kernel the admin put there\n"
    );
    assert!(inv.exists("out/ipxe/custom.ipxe"));
    assert!(inv.exists("out/nodes/n1.ipxe"));
}

#[test]
fn an_inventory_with_lint_errors_writes_nothing() {
    let inv = inventory();
    // n3 takes n1's address: a lint error.
    inv.write(
        "nodes/n3.yaml",
        &node_yaml("n3", 13).replace("10.0.0.13", "10.0.0.11"),
    );
    let out = out_dir(&inv);
    let r = inv.chami(&["bootgen", "-o", &out]);
    assert_code(&r, 1);
    assert!(stderr(&r).contains("error[duplicate-ip]"), "{}", stderr(&r));
    assert!(stderr(&r).contains("nothing was written"), "{}", stderr(&r));
    assert!(!inv.exists("out"));
}

#[test]
fn a_missing_boot_server_is_an_error_that_says_what_to_add() {
    let inv = inventory();
    inv.write(
        "cluster.yaml",
        &CLUSTER_YAML.replace("boot_server:\n  address: 10.0.0.1\n  http_port: 8080\n", ""),
    );
    let r = inv.chami(&["bootgen", "-o", &out_dir(&inv)]);
    assert_code(&r, 2);
    assert!(
        stderr(&r).contains("cluster.yaml has no `boot_server:`")
            && stderr(&r).contains("boot_server:\n    address: "),
        "{}",
        stderr(&r)
    );
    assert!(!inv.exists("out"));
}

#[test]
fn nodes_that_cannot_network_boot_are_warned_about_and_the_tree_is_still_made() {
    let inv = inventory();
    // n4: a boot interface without a MAC yet (a lint warning, not an error).
    inv.write(
        "nodes/n4.yaml",
        "name: n4\ninterfaces:\n- name: eth0\n  network: mgmt\n  ip: 10.0.0.14\n  boot: true\n",
    );
    let r = inv.chami(&["bootgen", "-o", &out_dir(&inv)]);
    assert_code(&r, 0);
    assert!(
        stderr(&r).contains(
            "warning: bootgen: 1 node(s) have no boot interface with a MAC, so no ipxe/<mac>.ipxe script"
        ) && stderr(&r).contains(": n4 (add `mac:`"),
        "{}",
        stderr(&r)
    );
    let s = inv.read("out/nodes/n4.ipxe");
    assert!(s.contains(" BOOTIF=01-${mac:hexhyp} "), "{s}");
    assert!(inv.exists("out/cloud-init/n4/user-data"));
}

#[test]
fn every_script_of_the_example_passes_the_ipxe_syntax_check() {
    let tmp = tempfile::tempdir().unwrap();
    bootgen_small(tmp.path());
    let scripts: Vec<PathBuf> = files_below(tmp.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ipxe"))
        .collect();
    // default, unknown, 18 nodes by MAC and by name.
    assert_eq!(scripts.len(), 2 + 18 * 2);
    for p in scripts {
        let text = std::fs::read_to_string(&p).unwrap();
        let problems = chami::boot::ipxe_syntax::check(&text);
        assert!(problems.is_empty(), "{}: {problems:#?}", p.display());
    }
}

#[test]
fn snapshots_of_the_example() {
    let tmp = tempfile::tempdir().unwrap();
    bootgen_small(tmp.path());
    let read = |rel: &str| std::fs::read_to_string(tmp.path().join(rel)).unwrap();
    for (name, rel) in [
        ("default.ipxe", "default.ipxe"),
        ("unknown.ipxe", "unknown.ipxe"),
        ("diskless-nid10.ipxe", "nodes/nid10.ipxe"),
        ("diskful-admin01.ipxe", "nodes/admin01.ipxe"),
        ("nid10-user-data", "cloud-init/nid10/user-data"),
        ("nid10-vendor-data", "cloud-init/nid10/vendor-data"),
        ("login01-meta-data", "cloud-init/login01/meta-data"),
        ("login01-user-data", "cloud-init/login01/user-data"),
    ] {
        insta::assert_snapshot!(name, read(rel));
    }
    assert_eq!(
        read("ipxe/02-00-00-00-01-0a.ipxe"),
        read("nodes/nid10.ipxe"),
        "nid10's MAC script is its name script"
    );
}

// ---------------------------------------------------------------------------------------
// cloud-init 22.4.

const PYTHON: &str = "/usr/bin/python3";

/// /usr/bin/python3 when it can import cloud-init, else `None` through `skip_or_fail`.
pub(crate) fn cloudinit_python(test: &str) -> Option<&'static str> {
    interop_program(test, PYTHON)?;
    let ok = Command::new(PYTHON)
        .args([
            "-c",
            "import cloudinit.util, cloudinit.sources.DataSourceNoCloud",
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip_or_fail(
            test,
            "cloud-init's Python module is not importable by /usr/bin/python3",
        );
        return None;
    }
    Some(PYTHON)
}

#[test]
fn cloud_init_schema_accepts_every_user_data_and_vendor_data() {
    let test = "bootgen::cloud_init_schema";
    let Some(cloud_init) = interop_program(test, "cloud-init") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    bootgen_small(tmp.path());
    let docs: Vec<PathBuf> = files_below(&tmp.path().join("cloud-init"))
        .into_iter()
        .filter(|p| p.ends_with("user-data") || p.ends_with("vendor-data"))
        .collect();
    assert_eq!(docs.len(), 18 * 2);
    for doc in docs {
        let r = run(Command::new(&cloud_init)
            .args(["schema", "--config-file"])
            .arg(&doc));
        assert!(
            r.status.success() && stdout(&r).contains("Valid cloud-config"),
            "{}: {}\n{}\n{}",
            doc.display(),
            r.status,
            stdout(&r),
            stderr(&r)
        );
    }
    // The check can fail: a fragment of the wrong type is refused.
    let bad = tmp.path().join("bad");
    std::fs::write(&bad, "#cloud-config\nhostname: 12\n").unwrap();
    assert!(!run(Command::new(&cloud_init)
        .args(["schema", "--config-file"])
        .arg(&bad))
    .status
    .success());
}

/// `python3 -m http.server` on 127.0.0.1, a free port, serving a folder; killed when
/// dropped.
struct HttpServer {
    child: Child,
    port: u16,
}

impl HttpServer {
    fn start(python: &str, dir: &Path) -> HttpServer {
        let mut child = Command::new(python)
            .args([
                "-u",
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m http.server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let port = line
            .split_whitespace()
            .skip_while(|w| *w != "port")
            .nth(1)
            .and_then(|p| p.parse().ok());
        let mut server = HttpServer { child, port: 0 };
        server.port = port.unwrap_or_else(|| panic!("no port in {line:?}"));
        server
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `ds=nocloud-net;…` word and the whole kernel command line of an iPXE script.
fn kernel_cmdline(script: &str) -> String {
    let line = script
        .lines()
        .find(|l| l.starts_with("kernel "))
        .expect("a kernel line");
    let words: Vec<&str> = line
        .split_whitespace()
        .skip(2) // `kernel` and the kernel URL
        .take_while(|w| *w != "||")
        .collect();
    words.join(" ")
}

#[test]
fn nocloud_reads_the_seed_at_the_url_of_the_kernel_line() {
    let test = "bootgen::nocloud_reader";
    let Some(python) = cloudinit_python(test) else {
        return;
    };
    let inv = inventory();
    let www = inv.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let server = HttpServer::start(python, &www);
    inv.write(
        "cluster.yaml",
        &CLUSTER_YAML.replace(
            "address: 10.0.0.1\n  http_port: 8080",
            &format!("address: 127.0.0.1\n  http_port: {}", server.port),
        ),
    );
    assert_code(
        &inv.chami(&["bootgen", "-o", &www.display().to_string()]),
        0,
    );
    let script = inv.read("www/ipxe/02-00-00-00-00-0b.ipxe");
    let cmdline = kernel_cmdline(&script);
    // cloud-init parses the node's real kernel command line, then fetches what it names.
    let reader = r#"
import json, sys
from cloudinit import util
from cloudinit.sources import DataSourceNoCloud as nc
fill = {}
assert nc.load_cmdline_data(fill, sys.argv[1]), "no ds= on the command line"
md, ud, vd = util.read_seeded(fill["seedfrom"], timeout=5, retries=2)
print(json.dumps({"fill": fill, "md": md, "ud": ud.decode() if ud else None,
                  "vd": vd.decode() if vd else None}))
"#;
    let r = run(Command::new(python).args(["-c", reader, &cmdline]));
    assert!(r.status.success(), "{}\n{}", stdout(&r), stderr(&r));
    let got: serde_json::Value = serde_json::from_str(stdout(&r).trim()).unwrap();
    assert_eq!(
        got["fill"]["seedfrom"],
        format!("http://127.0.0.1:{}/cloud-init/n1/", server.port)
    );
    assert_eq!(got["fill"]["dsmode"], "net");
    assert_eq!(got["md"]["instance-id"], "n1");
    assert_eq!(got["md"]["local-hostname"], "n1");
    let ud = got["ud"].as_str().unwrap();
    assert_eq!(ud, inv.read("www/cloud-init/n1/user-data"));
    assert!(ud.starts_with("#cloud-config\n"), "{ud}");
    assert!(
        ud.contains("packages:\n- slurm-slurmd\n")
            && ud.contains("\nhostname: n1\nfqdn: n1.test.local\n"),
        "{ud}"
    );
    assert_eq!(got["vd"], inv.read("www/cloud-init/n1/vendor-data"));
    // A node whose seed is not there is an error, not an empty seed.
    let missing = cmdline.replace("/cloud-init/n1/", "/cloud-init/nobody/");
    let r = run(Command::new(python).args(["-c", reader, &missing]));
    assert!(!r.status.success(), "{}", stdout(&r));
    drop(server);
}
