//! Progress on a terminal: long work shows its phase and counts, short work shows
//! nothing. Runs chami under `script`, which gives it a pseudo-terminal.

use crate::harness::{chami, TestInventory, CLUSTER_YAML};

/// What chami wrote to its terminal (stdout and stderr) for `args` in `inv`.
fn on_a_terminal(inv: &TestInventory, args: &str) -> String {
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_chami"));
    let line = format!("{} -C {} {args}", exe.display(), inv.path().display());
    // chami()'s environment, with script(1) in between.
    let out = chami()
        .get_envs()
        .fold(std::process::Command::new("script"), |mut c, (k, v)| {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
            c
        })
        .args(["-qefc", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .env("COLUMNS", "200")
        .output()
        .expect("script(1) (bsdutils) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn long_work_shows_its_phase_and_short_work_shows_nothing() {
    let inv = TestInventory::empty();
    let cluster = CLUSTER_YAML.replace("cidr: 10.0.0.0/24", "cidr: 10.0.0.0/16");
    inv.write(
        "cluster.yaml",
        &format!("{cluster}outputs:\n- kind: bootgen\n  path: out/boot\n- kind: render\n  target: hosts\n  path: out/etc\n"),
    );
    for i in 0..4_000u32 {
        let (hi, lo) = (i / 250, i % 250 + 2);
        inv.write(
            &format!("nodes/n{i}.yaml"),
            &format!(
                "name: n{i}\ninterfaces:\n- name: eth0\n  mac: 02:00:00:00:{hi:02x}:{lo:02x}\n  network: mgmt\n  ip: 10.0.{}.{lo}\n  boot: true\n",
                hi + 1
            ),
        );
    }
    let long = on_a_terminal(&inv, "build");
    // Which phase is on screen when the spinner first draws (after SHOW_AFTER) depends on
    // the machine's speed: any of them, each with its count, shows the long work.
    let phases = [
        "checking 4000 node(s)",
        "output 1 of 2: bootgen for 4000 node(s)",
        "output 2 of 2: render hosts for 4000 node(s)",
        "writing 2 output(s)",
    ];
    assert!(
        phases.iter().any(|p| long.contains(p)),
        "a phase and its count, one of {phases:?}: {long}"
    );
    assert!(inv.exists("out/boot/default.ipxe"), "{long}");

    let small = TestInventory::empty();
    small.write("cluster.yaml", CLUSTER_YAML);
    small.write("nodes/n1.yaml", &crate::harness::node_yaml("n1", 11));
    let short = on_a_terminal(&small, "hostlist -c n1");
    assert_eq!(short.trim(), "1", "only the answer, no spinner: {short:?}");
}
