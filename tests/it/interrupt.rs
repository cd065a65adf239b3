//! Ctrl-C during a write: whenever SIGINT arrives, the inventory holds either the whole
//! change or none of it, no temporary file is left, and the exit status is 130 (or 0 when
//! the command had finished).

use crate::harness::{chami, TestInventory};

const CLUSTER: &str = "format: 1\nname: big\nnetworks:\n- name: mgmt\n  cidr: 10.0.0.0/14\n  gateway: 10.0.0.1\nboot_profiles:\n- name: local\n  kind: local\ndefaults:\n  boot:\n    profile: local\n";

fn files_below(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn add(inv: &TestInventory) -> std::process::Child {
    chami()
        .arg("-C")
        .arg(inv.path())
        .args([
            "inventory",
            "add",
            "nid[0001-2000]",
            "--ip",
            "10.0.0.10+",
            "--mac",
            "02:00:00:00:00:01+",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn sigint_during_add_leaves_all_or_nothing() {
    let n = 2_000;
    // An uninterrupted run tells how long the add takes on this machine.
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", CLUSTER);
    let started = std::time::Instant::now();
    let status = add(&inv).wait().unwrap();
    let full = started.elapsed();
    assert_eq!(status.code(), Some(0));
    assert_eq!(files_below(&inv.path().join("nodes")).len(), n);

    let mut aborted_while_staging = 0;
    for percent in [20u32, 50, 70, 85, 95] {
        let inv = TestInventory::empty();
        inv.write("cluster.yaml", CLUSTER);
        let mut child = add(&inv);
        std::thread::sleep(full * percent / 100);
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let out = {
            let status = child.wait().unwrap();
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            (status, err)
        };
        let (status, err) = out;
        let code = status.code();
        assert!(
            matches!(code, Some(0) | Some(130)),
            "at {percent}%: exit {status:?}: {err}"
        );
        let names = files_below(&inv.path().join("nodes"));
        let temps: Vec<&String> = names.iter().filter(|f| f.ends_with(".tmp")).collect();
        assert!(
            temps.is_empty(),
            "at {percent}%: temporary files left: {:?}",
            &temps[..temps.len().min(3)]
        );
        let written = names.len();
        assert!(
            written == 0 || written == n,
            "at {percent}%: {written} of {n} node files: a half-written change"
        );
        if code == Some(130) {
            assert_eq!(
                written, 0,
                "at {percent}%: interrupted, yet files were written"
            );
        }
        if err.contains("interrupted: nothing was written") {
            aborted_while_staging += 1;
        }
    }
    eprintln!("sigint test: {aborted_while_staging} of 5 runs were stopped while staging files");
}
