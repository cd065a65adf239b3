//! `bmc power` beyond the single reset, against the Redfish test fleet: --wait until the
//! target state (and a BMC that never gets there timing out alone), shutdown --escalate
//! to ForceOff after the grace period, reset-types, --dry-run sending nothing, and the
//! question a terminal is asked before a fleet-wide destructive action.

use super::discover::{bmc_inventory, file, fleet, json_lines, RACK};
use super::harness::{assert_code, chami, stderr, TestInventory};
use super::redfish_mock::{loopback_addrs, Fault, Fleet};
use serde_json::Value;
use std::net::Ipv4Addr;
use std::time::Duration;

const SYS: &str = "/redfish/v1/Systems/437XR1138R2";

/// `chami -C INV bmc power ARGS… --http` (the fleet is plain HTTP without auth).
fn power(inv: &TestInventory, args: &[&str]) -> std::process::Output {
    let mut v = vec!["bmc", "power"];
    v.extend(args);
    v.extend(["--http", "--timeout", "2s"]);
    inv.chami(&v)
}

fn by_node(lines: &[Value], node: &str) -> Value {
    lines
        .iter()
        .find(|l| l["node"] == node)
        .unwrap_or_else(|| panic!("no line for {node}: {lines:?}"))
        .clone()
}

fn start(addrs: &[Ipv4Addr], faults: &[Option<Fault>]) -> Fleet {
    let members: Vec<(Ipv4Addr, &str, Option<Fault>)> = addrs
        .iter()
        .zip(faults)
        .map(|(a, f)| (*a, RACK, *f))
        .collect();
    fleet(&members, false, false)
}

#[test]
fn wait_reaches_off_then_on_and_a_stuck_bmc_times_out_alone() {
    let a = loopback_addrs(3, "127.76.0.10".parse().unwrap());
    let slow = Some(Fault::PowerDelay(Duration::from_millis(400)));
    let fleet = start(&a, &[slow, slow, Some(Fault::PowerStuck)]);
    let inv = bmc_inventory(&fleet, &a);
    let out = power(
        &inv,
        &[
            "off",
            "n[0-2]",
            "--wait",
            "--wait-timeout",
            "2s",
            "--poll",
            "50ms",
        ],
    );
    assert_code(&out, 1);
    let lines = json_lines(&out);
    for n in ["n0", "n1"] {
        let l = by_node(&lines, n);
        assert_eq!(
            (&l["ok"], &l["reached"]),
            (&Value::Bool(true), &"Off".into()),
            "{l}"
        );
        let secs = l["seconds"].as_f64().unwrap();
        assert!(
            (0.4..2.0).contains(&secs),
            "waited for the delayed state: {l}"
        );
    }
    let stuck = by_node(&lines, "n2");
    assert_eq!(stuck["ok"], false, "{stuck}");
    let e = stuck["error"].as_str().unwrap();
    assert!(
        e.contains("timed out after 2 s waiting for PowerState Off (it is On)"),
        "{e}"
    );
    assert!(
        stderr(&out).contains("2 of 3 succeeded"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fleet.power_state(a[0], SYS).as_deref(), Some("Off"));
    assert_eq!(
        fleet.resets(a[2]),
        ["ForceOff"],
        "the stuck BMC was asked once"
    );

    let out = power(&inv, &["on", "n[0-1]", "--wait", "--poll", "50ms"]);
    assert_code(&out, 0);
    for l in json_lines(&out) {
        assert_eq!(
            (&l["reset_type"], &l["reached"]),
            (&"On".into(), &"On".into()),
            "{l}"
        );
        assert!(l["seconds"].as_f64().unwrap() >= 0.4, "{l}");
    }
    assert_eq!(fleet.power_state(a[1], SYS).as_deref(), Some("On"));
}

#[test]
fn shutdown_escalates_to_force_off_after_the_grace_period() {
    let a = loopback_addrs(2, "127.76.1.10".parse().unwrap());
    let fleet = start(&a, &[Some(Fault::IgnoresGraceful), None]);
    let inv = bmc_inventory(&fleet, &a);
    let out = power(
        &inv,
        &[
            "shutdown",
            "n[0-1]",
            "--escalate",
            "--grace",
            "500ms",
            "--poll",
            "50ms",
            "--wait",
        ],
    );
    assert_code(&out, 0);
    let lines = json_lines(&out);
    let hung = by_node(&lines, "n0");
    assert_eq!(
        hung["escalated"], "ForceOff sent: still On 0.5 s after GracefulShutdown",
        "{hung}"
    );
    assert_eq!(hung["reached"], "Off", "{hung}");
    assert!(hung["seconds"].as_f64().unwrap() >= 0.5, "{hung}");
    assert_eq!(fleet.resets(a[0]), ["GracefulShutdown", "ForceOff"]);
    let clean = by_node(&lines, "n1");
    assert!(clean.get("escalated").is_none(), "{clean}");
    assert_eq!(clean["reached"], "Off", "{clean}");
    assert_eq!(fleet.resets(a[1]), ["GracefulShutdown"]);
    assert_eq!(fleet.power_state(a[0], SYS).as_deref(), Some("Off"));
    // --escalate is for shutdown only.
    let out = power(&inv, &["off", "n0", "--escalate"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--escalate goes with `shutdown`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn reset_types_lists_what_each_bmc_allows_and_dry_run_sends_nothing() {
    let a = loopback_addrs(2, "127.76.2.10".parse().unwrap());
    let fleet = start(&a, &[None, None]);
    let inv = bmc_inventory(&fleet, &a);
    let allowed = file(RACK, "Systems/437XR1138R2")["Actions"]["#ComputerSystem.Reset"]
        ["ResetType@Redfish.AllowableValues"]
        .clone();
    assert!(allowed.as_array().is_some_and(|a| a.len() > 3), "{allowed}");
    let out = power(&inv, &["reset-types", "n[0-1]"]);
    assert_code(&out, 0);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["reset_types"], allowed, "{l}");
    }
    assert!(fleet.resets(a[0]).is_empty() && fleet.resets(a[1]).is_empty());

    let before = fleet.total_requests();
    let out = power(&inv, &["off", "n[0-1]", "--dry-run", "--wait"]);
    assert_code(&out, 0);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(
            (&l["dry_run"], &l["action"]),
            (&Value::Bool(true), &"off".into()),
            "{l}"
        );
        assert_eq!(l["wait_s"], 300.0, "{l}");
    }
    assert!(stderr(&out).contains("dry run: power off on 2 hosts (n[0-1]); nothing sent"));
    assert_eq!(fleet.total_requests(), before, "--dry-run sent a request");
    assert_eq!(fleet.power_state(a[0], SYS).as_deref(), Some("On"));
}

#[test]
fn a_terminal_is_asked_before_a_fleet_wide_off_and_no_is_no() {
    let Some(script) = super::harness::interop_program("power_confirmation", "script") else {
        return;
    };
    let a = loopback_addrs(2, "127.76.3.10".parse().unwrap());
    let fleet = start(&a, &[None, None]);
    let inv = bmc_inventory(&fleet, &a);
    let run = |answer: &str, extra: &str| {
        at_terminal(
            &script,
            &inv,
            &format!("bmc power off 'n[0-1]' --http {extra}"),
            answer,
        )
    };
    let out = run("n\n", "");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("power off 2 hosts (n[0-1])? [y/N]") && text.contains("not confirmed"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(fleet.resets(a[0]).is_empty() && fleet.resets(a[1]).is_empty());
    let out = run("y\n", "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(fleet.resets(a[0]), ["ForceOff"]);
    // --yes: not asked (nothing is typed).
    let out = run("", "--yes");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!text.contains("[y/N]"), "{text}");
    assert_eq!(fleet.resets(a[1]), ["ForceOff", "ForceOff"]);
}

/// Runs `chami -C INV ARGS` (a shell command line) with a terminal for stdin, through
/// script(1), and types `answer` once the question is up.
pub(super) fn at_terminal(
    script: &std::path::Path,
    inv: &TestInventory,
    args: &str,
    answer: &str,
) -> std::process::Output {
    let base = chami();
    let line = format!(
        "{} -C {} {args}",
        base.get_program().to_str().unwrap(),
        inv.path().display()
    );
    let mut cmd = std::process::Command::new(script);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = child.stdin.take().unwrap();
    // Typed once the question is up (script drops what comes before the terminal).
    std::thread::sleep(Duration::from_millis(500));
    stdin.write_all(answer.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(stdin);
    child.wait_with_output().unwrap()
}
