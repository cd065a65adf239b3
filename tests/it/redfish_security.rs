//! Issue 17, the Redfish part, against the project's mock fleet on loopback: a rogue
//! BMC's links and redirects to another listener carry no credential there (and are
//! reported), a chassis listing 3,000 systems is cut by the crawl budget within its
//! deadline (and the cut reported), and no secret is printed: not from an error body
//! that echoes the request, nor from a readable password file, nor from a secrets
//! entry of the wrong shape.

use super::harness::{assert_code, chami, stderr, stdout, TestInventory};
use super::redfish_mock::{
    free_port, private_file, Fault, Fleet, FleetConfig, Foreign, Member, Recorder,
};
use serde_json::Value;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::{Duration, Instant};

const RACK: &str = "public-rackmount1";
const USER: &str = "admin";
const PASSWORD: &str = "Fleet-S3cret!";

fn fleet(members: &[(Ipv4Addr, Fault)], latency: Duration) -> Fleet {
    Fleet::start(FleetConfig {
        members: members
            .iter()
            .map(|(addr, fault)| Member {
                addr: *addr,
                bundle: RACK.to_string(),
                fault: Some(*fault),
            })
            .collect(),
        tls: false,
        latency,
        auth: Some((USER.to_string(), PASSWORD.to_string())),
        port: 0,
    })
}

/// `discover collect` of `addrs` with the fleet's credentials and `extra` flags.
fn collect(fleet: &Fleet, addrs: &[Ipv4Addr], extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let pw = private_file(dir.path(), "pw", &format!("{PASSWORD}\n"));
    let mut args: Vec<String> = ["discover", "collect", "-u", USER, "--password-file"]
        .iter()
        .map(ToString::to_string)
        .collect();
    args.push(pw.to_str().unwrap().to_string());
    args.extend(extra.iter().map(ToString::to_string));
    args.extend(addrs.iter().map(|a| format!("http://{a}:{}", fleet.port())));
    chami().args(&args).output().unwrap()
}

fn lines(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn by_address<'a>(lines: &'a [Value], addr: &Ipv4Addr) -> &'a Value {
    lines
        .iter()
        .find(|l| l["address"] == addr.to_string())
        .unwrap_or_else(|| panic!("no line for {addr}: {lines:?}"))
}

#[test]
fn links_and_redirects_off_the_bmc_get_no_credentials_and_are_reported() {
    let recorder = Recorder::start(SocketAddrV4::new(Ipv4Addr::new(127, 76, 0, 99), 0));
    let to = recorder.addr();
    let kinds = [
        Foreign::OdataId,
        Foreign::Members,
        Foreign::SessionLocation,
        Foreign::Redirect,
    ];
    let addrs: Vec<Ipv4Addr> = (0..kinds.len() as u8)
        .map(|i| Ipv4Addr::new(127, 76, 0, 10 + i))
        .collect();
    let members: Vec<(Ipv4Addr, Fault)> = addrs
        .iter()
        .zip(kinds)
        .map(|(a, k)| (*a, Fault::Foreign(k, to)))
        .collect();
    let fleet = fleet(&members, Duration::ZERO);
    for auth in ["session", "basic"] {
        let out = collect(&fleet, &addrs, &["--auth", auth]);
        let heads = recorder.heads();
        for h in &heads {
            let h = h.to_ascii_lowercase();
            assert!(
                !h.contains("x-auth-token") && !h.contains("authorization"),
                "--auth {auth}: credentials reached the other listener:\n{h}"
            );
        }
        assert!(heads.is_empty(), "--auth {auth}: {heads:?}");
        let lines = lines(&out);
        assert_eq!(lines.len(), kinds.len(), "{}", stdout(&out));
        for (addr, kind) in addrs.iter().zip(kinds) {
            let line = by_address(&lines, addr);
            assert_eq!(line["ok"], true, "--auth {auth} {kind:?}: {line}");
            if kind == Foreign::SessionLocation && auth == "basic" {
                continue; // no session, so no Location to refuse
            }
            let warnings = line["warnings"].to_string();
            if kind == Foreign::OdataId {
                let given = format!("a link points at http://{to}/redfish/v1/Systems,");
                assert!(warnings.contains(&given), "{warnings}");
            }
            assert!(
                warnings.contains("not followed") && warnings.contains(&to.to_string()),
                "--auth {auth} {kind:?}: {line}"
            );
        }
        // The bundle's own systems are still read where only a link was foreign.
        let members = by_address(&lines, &addrs[1]);
        assert_eq!(members["systems"].as_array().unwrap().len(), 1, "{members}");
    }
    // The one session whose Location pointed away cannot be deleted, and says so.
    assert_eq!(fleet.sessions_open(), 1);
}

#[test]
fn bmc_commands_send_no_credentials_off_the_bmc_and_mask_echoes() {
    let recorder = Recorder::start(SocketAddrV4::new(Ipv4Addr::new(127, 79, 0, 99), 0));
    let to = recorder.addr();
    let faults = [
        Fault::Foreign(Foreign::OdataId, to),
        Fault::Foreign(Foreign::Redirect, to),
        Fault::EchoRequest,
    ];
    let addrs: Vec<Ipv4Addr> = (0..3).map(|i| Ipv4Addr::new(127, 79, 0, 10 + i)).collect();
    let members: Vec<(Ipv4Addr, Fault)> = addrs.iter().copied().zip(faults).collect();
    let fleet = fleet(&members, Duration::ZERO);
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        "format: 1\nname: lab\nnetworks:\n  - {name: bmc, cidr: 127.0.0.0/8}\n",
    );
    for (i, a) in addrs.iter().enumerate() {
        let bmc = format!(
            "name: b{i}\nip: {a}\nport: {}\nnetwork: bmc\n",
            fleet.port()
        );
        inv.write(&format!("bmcs/b{i}.yaml"), &bmc);
        let node = format!("name: n{i}\nenabled: false\nbmc: b{i}\n");
        inv.write(&format!("nodes/n{i}.yaml"), &node);
    }
    let dir = tempfile::tempdir().unwrap();
    let entry = format!("default: {{username: {USER}, password: \"{PASSWORD}\"}}\n");
    let secrets = private_file(dir.path(), "secrets.yaml", &entry);
    let secrets = secrets.to_str().unwrap();
    for auth in ["session", "basic"] {
        let args = ["bmc", "power", "on", "n[0-2]", "--http", "--auth", auth];
        let mut args = args.to_vec();
        args.extend(["--secrets", secrets]);
        let out = inv.chami(&args);
        assert_code(&out, 1);
        assert!(recorder.heads().is_empty(), "{:?}", recorder.heads());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains(PASSWORD), "--auth {auth}: {all}");
        let lines = lines(&out);
        let error = |node: &str| {
            let l = lines.iter().find(|l| l["node"] == node).unwrap();
            l["error"].as_str().unwrap_or_default().to_string()
        };
        for node in ["n0", "n1"] {
            let e = error(node);
            assert!(
                e.contains("not followed") && e.contains(&to.to_string()),
                "{e}"
            );
        }
        assert!(
            error("n2").contains("***"),
            "--auth {auth}: {}",
            error("n2")
        );
    }
}

#[test]
fn a_chassis_listing_3000_systems_is_cut_by_the_budget_and_says_so() {
    let addr = Ipv4Addr::new(127, 77, 0, 10);
    let big = fleet(&[(addr, Fault::ManySystems(3000))], Duration::ZERO);
    let started = Instant::now();
    let out = collect(&big, &[addr], &[]);
    let took = started.elapsed();
    assert_code(&out, 1);
    let line = &lines(&out)[0];
    assert_eq!(line["ok"], true, "{line}");
    let cut = &line["cut"];
    assert!(
        cut.as_array().unwrap().contains(&serde_json::json!(
            {"budget": "members", "collection": format!("http://{addr}:{}/redfish/v1/Systems", big.port()), "listed": 3000, "limit": 1024}
        )),
        "{cut}"
    );
    assert!(
        cut.as_array()
            .unwrap()
            .contains(&serde_json::json!({"budget": "requests", "limit": 2000})),
        "{cut}"
    );
    let systems = line["systems"].as_array().unwrap().len();
    assert!(systems > 0 && systems < 1024, "{systems} systems");
    // The requests the BMC saw: the 2,000 of the budget and the session's POST…DELETE.
    let seen = big.requests(addr);
    assert!(seen <= 2001, "{seen} requests");
    assert!(
        stderr(&out).contains("--max-requests") && stderr(&out).contains("cut short"),
        "{}",
        stderr(&out)
    );
    eprintln!("3,000 systems, default budget: {seen} requests, {systems} systems, {took:?}");
    assert!(took < Duration::from_secs(60), "{took:?}");

    // A slow BMC: the deadline cuts it, and the run ends by then.
    let slow_addr = Ipv4Addr::new(127, 77, 0, 11);
    let slow = fleet(
        &[(slow_addr, Fault::ManySystems(3000))],
        Duration::from_millis(20),
    );
    let started = Instant::now();
    let out = collect(&slow, &[slow_addr], &["--deadline", "2s"]);
    let took = started.elapsed();
    assert_code(&out, 1);
    let line = &lines(&out)[0];
    assert!(
        line["cut"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"budget": "deadline", "secs": 2.0})),
        "{line}"
    );
    assert!(
        line["warnings"].to_string().contains("--deadline"),
        "{line}"
    );
    eprintln!(
        "3,000 systems at 20 ms, --deadline 2s: {} requests, {took:?}",
        slow.requests(slow_addr)
    );
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(slow.sessions_open(), 0, "logged out after the cut");
}

#[test]
fn an_error_body_echoing_the_request_is_printed_masked() {
    let addr = Ipv4Addr::new(127, 78, 0, 10);
    let echo_all = fleet(&[(addr, Fault::EchoRequest)], Duration::ZERO);
    // user:password as basic auth sends it.
    let basic = "YWRtaW46RmxlZXQtUzNjcmV0IQ==";
    for auth in ["session", "basic"] {
        let out = collect(&echo_all, &[addr], &["--auth", auth, "-vvv"]);
        assert_code(&out, 1);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !all.contains(PASSWORD) && !all.contains(basic),
            "--auth {auth}: {all}"
        );
        let error = lines(&out)[0]["error"].as_str().unwrap().to_string();
        let echoed = match auth {
            "session" => "\"Password\":\"***\"",
            _ => "Authorization=Basic ***",
        };
        assert!(error.contains(echoed), "--auth {auth}: {error}");
    }
    // The session token is a secret too.
    let addr = Ipv4Addr::new(127, 78, 0, 11);
    let echoing = fleet(&[(addr, Fault::EchoAfterLogin)], Duration::ZERO);
    let out = collect(&echoing, &[addr], &["--auth", "session"]);
    assert_code(&out, 1);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("X-Auth-Token=***"), "{all}");
    assert!(
        !all.contains("token-"),
        "the mock's tokens are token-N-…: {all}"
    );
}

#[test]
fn a_password_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pw = private_file(dir.path(), "pw", &format!("{PASSWORD}\n"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let target = listener.local_addr().unwrap().to_string();
    let out = chami()
        .args([
            "discover",
            "collect",
            "--http",
            "-u",
            USER,
            "--password-file",
        ])
        .arg(&pw)
        .arg(&target)
        .output()
        .unwrap();
    assert_code(&out, 2);
    let e = stderr(&out);
    assert!(
        e.contains(pw.to_str().unwrap()) && e.contains("mode 0644") && e.contains("chmod 600"),
        "{e}"
    );
    assert!(!e.contains(PASSWORD), "{e}");
    assert!(listener.accept().is_err(), "nothing was sent");
}

#[test]
fn a_secrets_entry_of_the_wrong_shape_does_not_print_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    for (text, want) in [
        (
            format!("default: {{username: {USER}, password: {PASSWORD}}}\nbmc1: \"{USER}:{PASSWORD}\"\n"),
            "entry `bmc1` (line 2) is a string, not a mapping",
        ),
        (
            format!("default: {{username: {USER}, password: [{PASSWORD}]}}\n"),
            "entry `default` (line 1): password is a list",
        ),
        (
            "default: {username: admin, password: 20261202}\n".to_string(),
            "password is a number, not a string: quote it",
        ),
    ] {
        let secrets = private_file(dir.path(), "secrets.yaml", &text);
        let out = chami()
            .args(["discover", "collect", "--http", "--secrets"])
            .arg(&secrets)
            .arg(format!("127.0.0.1:{port}"))
            .output()
            .unwrap();
        assert_code(&out, 2);
        let e = stderr(&out);
        assert!(e.contains(want), "{e}");
        assert!(!e.contains(PASSWORD) && !e.contains("20261202"), "{e}");
    }
}
