//! `chami build` killed with SIGKILL at moments spread over its whole run: each output is
//! always wholly its old or wholly its new version (never a mix of files, never a torn
//! file), a commit killed between two switches is finished by the next run, and no staged
//! version or journal outlives the next run.

use crate::harness::{assert_code, chami, files_below, stderr, TestInventory, CLUSTER_YAML};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A folder output, a file output and the boot tree (a folder per node).
const OUTPUTS: [&str; 3] = ["out/etc", "out/dnsmasq.conf", "out/boot"];

/// How many nodes: enough that the build's commit takes a while in a debug build.
const NODES: &str = "n[0001-0500]";

/// How many times the build is killed.
const KILLS: usize = 12;

fn cluster(domain: &str) -> String {
    let mut yaml = CLUSTER_YAML
        .replace("cidr: 10.0.0.0/24", "cidr: 10.0.0.0/16")
        .replace("domain: test.local", &format!("domain: {domain}"));
    yaml.push_str(
        "outputs:\n- kind: render\n  path: out/etc\n- kind: dhcp-export\n  target: dnsmasq\n  \
         path: out/dnsmasq.conf\n- kind: bootgen\n  path: out/boot\n",
    );
    yaml
}

/// An output's content: every file below it (or the file itself), by relative path.
type Version = BTreeMap<PathBuf, Vec<u8>>;

fn version(path: &Path) -> Version {
    if path.is_file() {
        return BTreeMap::from([(PathBuf::new(), std::fs::read(path).unwrap())]);
    }
    files_below(path)
        .into_iter()
        .map(|f| {
            (
                f.strip_prefix(path).unwrap().to_path_buf(),
                std::fs::read(&f).unwrap(),
            )
        })
        .collect()
}

fn versions(inv: &TestInventory) -> Vec<Version> {
    OUTPUTS
        .iter()
        .map(|o| version(&inv.path().join(o)))
        .collect()
}

/// Which of `old` and `new` the output is, or what makes it neither.
fn which(now: &Version, old: &Version, new: &Version) -> Result<&'static str, String> {
    if now == old {
        return Ok("old");
    }
    if now == new {
        return Ok("new");
    }
    let from_old = now.iter().filter(|(p, c)| old.get(*p) == Some(c)).count();
    let from_new = now.iter().filter(|(p, c)| new.get(*p) == Some(c)).count();
    Err(format!(
        "{} files: {from_old} as in the old version, {from_new} as in the new one",
        now.len()
    ))
}

/// The names in out/ that are not outputs (staged versions, temporary files).
fn leftovers(inv: &TestInventory) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(inv.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["etc", "dnsmasq.conf", "boot"].contains(&n.as_str()))
        .collect();
    if inv.exists(chami::build::JOURNAL) {
        names.push(chami::build::JOURNAL.to_string());
    }
    names
}

/// Runs `chami -C INV -q ARGS…` with the fault point `at` (`POINT:N`) and asserts that it
/// killed itself there.
fn run_killed_at(inv: &TestInventory, args: &[&str], at: &str) {
    let killed = crate::harness::run(
        chami()
            .arg("-C")
            .arg(inv.path())
            .arg("-q")
            .args(args)
            .env("CHAMI_KILL_AT", at),
    );
    assert_eq!(
        killed.status.code(),
        None,
        "killed by a signal at {at}: {}",
        stderr(&killed)
    );
}

/// Adds the nodes `names` with addresses from 10.0.1.1 and MACs from 02:00:00:01:00:01.
fn add_nodes(inv: &TestInventory, names: &str) {
    let args = [
        "inventory",
        "add",
        names,
        "--ip",
        "10.0.1.1+",
        "--mac",
        "02:00:00:01:00:01+",
    ];
    assert_code(&inv.chami(&args), 0);
}

fn build(inv: &TestInventory) -> Duration {
    let start = Instant::now();
    assert_code(&inv.chami(&["build"]), 0);
    start.elapsed()
}

#[test]
fn a_build_killed_at_any_moment_leaves_each_output_whole_and_the_next_run_finishes_it() {
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", &cluster("a.local"));
    add_nodes(&inv, NODES);
    build(&inv);
    let a = versions(&inv);
    inv.write("cluster.yaml", &cluster("b.local"));
    let took = build(&inv);
    let b = versions(&inv);
    for (i, o) in OUTPUTS.iter().enumerate() {
        assert_ne!(
            a[i], b[i],
            "{o}: the domain change must change every output"
        );
    }
    let seed = fastrand::u64(..);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // Each round starts from the whole version `from` and kills a build towards `to`.
    for round in 0..KILLS {
        let (from, to, domain) = if round % 2 == 0 {
            (&b, &a, "a.local")
        } else {
            (&a, &b, "b.local")
        };
        inv.write("cluster.yaml", &cluster(domain));
        // Kill moments spread over the whole run, each with some jitter.
        let at = took.mul_f64((round as f64 + rng.f64()) / KILLS as f64 * 1.2);
        let mut child = chami()
            .arg("-C")
            .arg(inv.path())
            .args(["-q", "build"])
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = versions(&inv);
        let states: Vec<&str> = OUTPUTS
            .iter()
            .enumerate()
            .map(|(i, o)| {
                which(&now[i], &from[i], &to[i]).unwrap_or_else(|e| {
                    panic!("seed {seed}, round {round}, killed after {at:?}: {o} is neither version: {e}")
                })
            })
            .collect();
        let journal = inv.exists(chami::build::JOURNAL);
        if states.contains(&"old") && states.contains(&"new") {
            assert!(
                journal,
                "seed {seed}, round {round}: outputs {states:?} mixed and no journal"
            );
        }
        let phase = match (
            status.success(),
            journal,
            states.iter().all(|s| *s == "new"),
        ) {
            (true, ..) => "finished",
            (false, true, _) => "between switches",
            (false, false, true) => "after the switches",
            (false, false, false) => "before the switches",
        };
        *seen.entry(phase.to_string()).or_default() += 1;
        // The next run finishes the commit, then builds (nothing left to change).
        let next = inv.chami(&["build"]);
        assert_code(&next, 0);
        if journal {
            assert!(
                stderr(&next).contains("finished the commit of an interrupted build"),
                "{}",
                stderr(&next)
            );
        }
        assert_eq!(
            versions(&inv),
            *to,
            "seed {seed}, round {round}: the next build gives the new version"
        );
        assert_eq!(
            leftovers(&inv),
            Vec::<String>::new(),
            "seed {seed}, round {round}"
        );
    }
    // Killed exactly between two switches (where chance seldom lands): the first output
    // is new, the others old, and the journal makes the next run switch them too.
    // The random rounds end on version b (KILLS is even).
    for (n, (from, to, domain)) in [(1, (&b, &a, "a.local")), (2, (&a, &b, "b.local"))] {
        inv.write("cluster.yaml", &cluster(domain));
        run_killed_at(&inv, &["build"], &format!("switch:{n}"));
        let now = versions(&inv);
        for (i, o) in OUTPUTS.iter().enumerate() {
            let want = if i < n { "new" } else { "old" };
            assert_eq!(
                which(&now[i], &from[i], &to[i]),
                Ok(want),
                "{o} after {n} switch(es)"
            );
        }
        assert!(inv.exists(chami::build::JOURNAL));
        // Any writing command finishes the commit first, before it reads the inventory.
        let next = inv.chami(&["inventory", "fmt"]);
        assert_code(&next, 0);
        assert!(
            stderr(&next).contains(&format!("{} output(s) switched now", OUTPUTS.len() - n)),
            "{}",
            stderr(&next)
        );
        assert_eq!(versions(&inv), *to);
        assert_eq!(leftovers(&inv), Vec::<String>::new());
    }
    eprintln!("build_killed: seed {seed}, a build takes {took:?}; kills landed: {seen:?}");
}

/// A tmpfs mounted by the test, unmounted (lazily) when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Mounts a tmpfs at `dir` (made), or `None` (skipped, or failed under
/// `CHAMI_REQUIRE_INTEROP=1`) when this process may not mount.
fn tmpfs(test: &str, dir: &Path) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m", "chami-test"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        crate::harness::skip_or_fail(test, "mounting a tmpfs needs root");
        return None;
    }
    Some(Mount(dir.to_path_buf()))
}

#[test]
fn an_output_on_a_mount_point_is_written_in_place_and_a_kill_while_renaming_is_finished_next() {
    let test = "build_killed::an_output_on_a_mount_point_is_written_in_place";
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", &cluster("a.local"));
    add_nodes(&inv, "n[001-040]");
    let Some(_mount) = tmpfs(test, &inv.path().join("out/boot")) else {
        return;
    };
    let first = inv.chami(&["build"]);
    assert_code(&first, 0);
    assert!(
        stderr(&first).contains("written in place, file by file, because it is a mount point"),
        "{}",
        stderr(&first)
    );
    let old = version(&inv.path().join("out/boot"));
    inv.write("cluster.yaml", &cluster("b.local"));
    run_killed_at(&inv, &["build"], "rename:3");
    let mixed = version(&inv.path().join("out/boot"));
    assert_ne!(mixed, old, "three files were renamed before the kill");
    assert!(inv.exists(chami::build::JOURNAL));
    // The next writing command finishes the renames and the switches of the other outputs:
    // the build then has nothing left to do.
    let next = inv.chami(&["inventory", "fmt"]);
    assert_code(&next, 0);
    assert!(
        stderr(&next).contains("finished the commit of an interrupted build"),
        "{}",
        stderr(&next)
    );
    assert_code(&inv.chami(&["build", "--check"]), 0);
    let stages: Vec<_> = std::fs::read_dir(inv.path().join("out/boot"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chami-stage-"))
        .collect();
    assert_eq!(stages, Vec::<String>::new());
    assert_eq!(leftovers(&inv), Vec::<String>::new());
}

#[test]
fn an_inventory_edit_killed_while_renaming_its_files_is_finished_by_the_next_command() {
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", &cluster("a.local"));
    add_nodes(&inv, "n[01-10]");
    run_killed_at(
        &inv,
        &["inventory", "set", "n[01-10]", "role=Service"],
        "rename:4",
    );
    let with_role = |inv: &TestInventory| {
        (1..=10)
            .filter(|i| {
                inv.read(&format!("nodes/n{i:02}.yaml"))
                    .contains("role: Service")
            })
            .count()
    };
    assert_eq!(with_role(&inv), 4, "killed after four renames");
    assert!(inv.exists(chami::build::JOURNAL));
    let next = inv.chami(&["inventory", "fmt"]);
    assert_code(&next, 0);
    assert_eq!(with_role(&inv), 10, "the next command finished the edit");
    assert!(!inv.exists(chami::build::JOURNAL));
    let stray: Vec<_> = files_below(inv.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".chami-stage-"))
        .collect();
    assert_eq!(stray, Vec::<PathBuf>::new());
}
