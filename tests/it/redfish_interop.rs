//! chami against sushy-tools, an independent Redfish emulator (PyPI, fake driver): TLS
//! with a CA of the test's own, basic auth and sessions, scan, collect --write, power.
//! The fake driver has no BIOS and no firmware versions, so there firmware update and the
//! BIOS and firmware plans must fail per host and say why (BIOS and firmware are tested
//! against the mockup server).

use super::harness::{assert_code, free_port, run, stderr, stdout, venv_program, TestInventory};
use super::redfish_mock::private_file;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const UUID_OFF: &str = "27946b59-9e44-4fa7-8e91-f3527a1ef094";
const UUID_ON: &str = "48295c7f-3e2b-4e0a-9d6e-2a1b1c0d9e8f";
const MAC_OFF: &str = "00:5c:52:31:3a:9c";
const MAC_ON: &str = "00:5c:52:31:3a:9d";

/// The emulator process; killed by PID on drop, its log printed when the test failed.
pub(super) struct Sushy {
    child: Child,
    log: std::path::PathBuf,
}

impl Sushy {
    /// Spawns `cmd` (sushy-emulator and its arguments) with its output in `dir/sushy.log`
    /// and waits until it listens on 127.0.0.1:`port`.
    pub(super) fn spawn(mut cmd: Command, dir: &Path, port: u16) -> Sushy {
        let log = dir.join("sushy.log");
        let file = std::fs::File::create(&log).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("start sushy-emulator");
        let sushy = Sushy { child, log };
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let started = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "sushy-emulator did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        sushy
    }
}

impl Drop for Sushy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- sushy-emulator log ---\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
    }
}

/// A CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem).
fn pki(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    (paths.0, paths.1, paths.2)
}

fn start_sushy(dir: &Path, python: &Path, emulator: &Path, port: u16) -> Sushy {
    let (_, cert, key) = pki(dir);
    let hash = run(Command::new(python).args([
        "-c",
        "import bcrypt; print(bcrypt.hashpw(b'redfish-pw', bcrypt.gensalt()).decode())",
    ]));
    assert!(hash.status.success(), "bcrypt: {}", stderr(&hash));
    let htpasswd = dir.join("htpasswd");
    std::fs::write(&htpasswd, format!("admin:{}", stdout(&hash).trim())).unwrap();
    let conf = dir.join("sushy.conf");
    std::fs::write(
        &conf,
        format!(
            "SUSHY_EMULATOR_LISTEN_IP = '127.0.0.1'\n\
             SUSHY_EMULATOR_LISTEN_PORT = {port}\n\
             SUSHY_EMULATOR_SSL_CERT = '{}'\n\
             SUSHY_EMULATOR_SSL_KEY = '{}'\n\
             SUSHY_EMULATOR_AUTH_FILE = '{}'\n\
             SUSHY_EMULATOR_FAKE_DRIVER = True\n\
             SUSHY_EMULATOR_FAKE_SYSTEMS = [\n\
               {{'uuid': '{UUID_OFF}', 'name': 'fake-off', 'power_state': 'Off', 'nics': [{{'mac': '{MAC_OFF}'}}]}},\n\
               {{'uuid': '{UUID_ON}', 'name': 'fake-on', 'power_state': 'On', 'nics': [{{'mac': '{MAC_ON}'}}]}},\n\
             ]\n",
            cert.display(),
            key.display(),
            htpasswd.display()
        ),
    )
    .unwrap();
    // The fake driver keeps power states in a SQLite file under $TMPDIR: a private one,
    // so that runs do not see each other's changes.
    let mut cmd = Command::new(emulator);
    cmd.env("TMPDIR", dir).arg("--config").arg(&conf);
    Sushy::spawn(cmd, dir, port)
}

/// Each system of a `discover collect` record as (UUID, first NIC's MAC), sorted.
pub(super) fn uuids_and_first_macs(rec: &serde_json::Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = rec["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["uuid"].as_str().unwrap().to_string(),
                s["interfaces"][0]["mac"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

pub(super) fn lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn sushy_tools_scan_collect_write_and_power() {
    let test = "sushy_tools_scan_collect_write_and_power";
    let Some(emulator) = venv_program(test, "sushy-emulator") else {
        return;
    };
    let python = emulator.with_file_name("python3");
    let inv = TestInventory::new();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let port = free_port();
    let _sushy = start_sushy(&dir, &python, &emulator, port);
    let ca = dir.join("ca.pem");
    let pw = private_file(&dir, "pw", "redfish-pw\n");
    let auth = ["-u", "admin", "--password-file", pw.to_str().unwrap()];
    let with_ca = ["--ca-cert", ca.to_str().unwrap()];

    // scan: found over HTTPS with the CA; without it, the open port says why.
    let target = "127.0.0.1";
    let p = port.to_string();
    let out = inv.chami(&["discover", "scan", target, "-p", &p, with_ca[0], with_ca[1]]);
    assert_code(&out, 0);
    let found = lines(&out);
    assert_eq!(found.len(), 1, "{}", stdout(&out));
    assert_eq!(found[0]["redfish"], true);
    assert_eq!(found[0]["scheme"], "https");
    let out = inv.chami(&["discover", "scan", target, "-p", &p, "--all"]);
    let l = lines(&out);
    assert_eq!(l[0]["redfish"], false);
    assert!(
        l[0]["error"].as_str().unwrap().contains("--ca-cert"),
        "{l:?}"
    );

    // collect: the two fake systems with their MACs; wrong password is a host failure.
    let url = format!("https://127.0.0.1:{port}");
    let mut args = vec!["discover", "collect", url.as_str()];
    args.extend(with_ca);
    args.extend(auth);
    let out = inv.chami(&args);
    assert_code(&out, 0);
    let rec = &lines(&out)[0];
    assert_eq!(rec["ok"], true, "{rec}");
    let macs = uuids_and_first_macs(rec);
    assert_eq!(
        macs,
        [
            (UUID_OFF.to_string(), MAC_OFF.to_string()),
            (UUID_ON.to_string(), MAC_ON.to_string())
        ]
    );
    let bad = private_file(&dir, "bad-pw", "nope\n");
    let out = inv.chami(&[
        "discover",
        "collect",
        &url,
        with_ca[0],
        with_ca[1],
        "-u",
        "admin",
        "--password-file",
        bad.to_str().unwrap(),
    ]);
    assert_code(&out, 1);
    assert!(lines(&out)[0]["error"]
        .as_str()
        .unwrap()
        .contains("credentials refused"));

    // collect --write into an inventory whose BMC network holds 127.0.0.1.
    inv.write(
        "cluster.yaml",
        "format: 1\nname: sushy\nnetworks:\n  - {name: bmc, cidr: 127.0.0.0/8}\n",
    );
    let mut args = vec!["discover", "collect", "--write", url.as_str()];
    args.extend(with_ca);
    args.extend(auth);
    assert_code(&inv.chami(&args), 0);
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    let off_node = "node-127-0-0-1";
    let nodes =
        inv.read(&format!("nodes/{off_node}.yaml")) + &inv.read("nodes/node-127-0-0-1-1.yaml");
    assert!(nodes.contains(MAC_OFF) && nodes.contains(MAC_ON), "{nodes}");

    // power: status, then on for the node whose system is off, until the emulator says On.
    let status = |node: &str| -> String {
        let mut a = vec!["bmc", "power", "status", node];
        a.extend(with_ca);
        a.extend(auth);
        let out = inv.chami(&a);
        assert_code(&out, 0);
        lines(&out)[0]["power_state"].as_str().unwrap().to_string()
    };
    let which_off = if inv
        .read(&format!("nodes/{off_node}.yaml"))
        .contains(UUID_OFF)
    {
        off_node
    } else {
        "node-127-0-0-1-1"
    };
    assert_eq!(
        status(which_off),
        "Off",
        "{}",
        inv.read(&format!("nodes/{which_off}.yaml"))
    );
    // on, then off, each --wait: the emulator reports the state by the time chami returns.
    for (action, reset_type, state) in [("on", "On", "On"), ("off", "ForceOff", "Off")] {
        let mut a = vec![
            "bmc", "power", action, which_off, "--wait", "--poll", "200ms",
        ];
        a.extend(["--wait-timeout", "30s"]);
        a.extend(with_ca);
        a.extend(auth);
        let out = inv.chami(&a);
        assert_code(&out, 0);
        let l = &lines(&out)[0];
        assert_eq!(
            (&l["reset_type"], &l["reached"]),
            (&reset_type.into(), &state.into()),
            "{l}"
        );
        assert_eq!(status(which_off), state);
    }
    // reset-types: what the emulator's system allows.
    let mut a = vec!["bmc", "power", "reset-types", which_off];
    a.extend(with_ca);
    a.extend(auth);
    let out = inv.chami(&a);
    assert_code(&out, 0);
    let types = lines(&out)[0]["reset_types"].clone();
    for t in ["On", "ForceOff", "GracefulShutdown"] {
        assert!(types.as_array().unwrap().iter().any(|x| x == t), "{types}");
    }

    // firmware: the fake driver cannot; the failure is per host, named, exit 1.
    let mut a = vec![
        "bmc",
        "firmware",
        "update",
        which_off,
        "--image-uri",
        "http://127.0.0.1/fw.bin",
        "--target",
        "system",
    ];
    a.extend(with_ca);
    a.extend(auth);
    let out = inv.chami(&a);
    assert_code(&out, 1);
    let l = &lines(&out)[0];
    assert_eq!(l["ok"], false);
    assert!(l["error"].as_str().unwrap().contains("SimpleUpdate"), "{l}");

    // Desired state set with `inventory set`: the fake driver has no Bios resource and
    // no firmware inventory; each plan fails for the host and says why.
    let set = inv.chami(&[
        "inventory",
        "set",
        which_off,
        "bios.BootMode=Uefi",
        "firmware.BMC.version=9.9",
    ]);
    assert_code(&set, 0);
    for (what, why) in [
        ("bios", "the system has no Bios resource"),
        ("firmware", "FirmwareInventory: HTTP 404"),
    ] {
        let mut a = vec!["bmc", what, "plan", which_off, "-o", "json"];
        a.extend(with_ca);
        a.extend(auth);
        let out = inv.chami(&a);
        assert_code(&out, 1);
        let l = &lines(&out)[0];
        assert_eq!(l["ok"], false, "{l}");
        assert!(l["error"].as_str().unwrap().contains(why), "{l}");
    }
}
