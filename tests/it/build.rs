//! `chami build`, the cron job: every output of cluster.yaml `outputs:` written in one go,
//! only what changed, reload commands only for outputs that changed, nothing written when
//! the inventory has lint errors or an output cannot be produced.

use crate::harness::{
    assert_code, chami, node_yaml, run, set_mtime, stderr, stdout, TestInventory, CLUSTER_YAML,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;

/// Every kind of output, each with a reload command that logs the output's path.
const OUTPUTS: &str = "\
outputs:
- kind: render
  target: hosts, genders
  path: out/etc
  reload: echo \"$CHAMI_OUTPUT\" >> reloads.log
- kind: dhcp-export
  target: dnsmasq
  path: out/dhcp/dnsmasq.conf
  reload: echo \"$CHAMI_OUTPUT\" >> reloads.log
- kind: dhcp-export
  target: kea
  path: out/dhcp/kea-dhcp4.json
- kind: bootgen
  path: out/boot
  reload: echo \"$CHAMI_OUTPUT\" >> reloads.log
";

/// Three nodes and every kind of output.
fn inventory(outputs: &str) -> TestInventory {
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", &format!("{CLUSTER_YAML}{outputs}"));
    for (name, n) in [("n1", 11), ("n2", 12), ("n3", 13)] {
        inv.write(&format!("nodes/{name}.yaml"), &node_yaml(name, n));
    }
    inv
}

/// The reload log, one output path per line (empty when none ran).
fn reloads(inv: &TestInventory) -> Vec<String> {
    if !inv.exists("reloads.log") {
        return Vec::new();
    }
    inv.read("reloads.log").lines().map(String::from).collect()
}

/// Every file under out/ (relative path) with its content.
fn outputs(inv: &TestInventory) -> BTreeMap<PathBuf, Vec<u8>> {
    inv.snapshot()
        .into_iter()
        .filter(|(p, _)| p.starts_with("out"))
        .collect()
}

#[test]
fn writes_every_output_then_nothing_and_reloads_only_what_changed() {
    let inv = inventory(OUTPUTS);
    let first = inv.chami(&["build"]);
    assert_code(&first, 0);
    assert!(inv.read("out/etc/hosts").contains("10.0.0.11"));
    assert!(inv.read("out/etc/genders").contains("n1"));
    assert!(inv
        .read("out/dhcp/dnsmasq.conf")
        .contains("02:00:00:00:00:0b"));
    let kea: serde_json::Value =
        serde_json::from_str(&inv.read("out/dhcp/kea-dhcp4.json")).expect("Kea JSON");
    assert!(kea.is_object());
    assert!(inv.exists("out/boot/default.ipxe"));
    assert!(
        !inv.exists("out/etc/slurm-nodes.conf"),
        "only the listed targets"
    );
    let path = |rel: &str| inv.path().join(rel).display().to_string();
    assert_eq!(
        reloads(&inv),
        [
            path("out/etc"),
            path("out/dhcp/dnsmasq.conf"),
            path("out/boot")
        ]
    );
    let table = stderr(&first);
    for word in [
        "OUTPUT",
        "render hosts,genders",
        "dhcp-export kea",
        "bootgen",
        "ok",
    ] {
        assert!(table.contains(word), "{word} missing from\n{table}");
    }
    assert!(
        stdout(&first).is_empty(),
        "stdout is data: {}",
        stdout(&first)
    );

    let before = outputs(&inv);
    assert!(before.len() > 10, "{:?}", before.keys());
    let second = inv.chami(&["build"]);
    assert_code(&second, 0);
    assert_eq!(outputs(&inv), before);
    assert_eq!(reloads(&inv).len(), 3, "no reload the second time");
    assert!(stderr(&second).contains("build: 0 of 4 output(s) changed"));
    assert!(stderr(&second).contains("not needed"));

    // A new node changes the hosts file, the DHCP configs and the boot tree, so their
    // reloads run again; genders changes too but shares the render output.
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    let third = inv.chami(&["build"]);
    assert_code(&third, 0);
    assert_eq!(reloads(&inv).len(), 6, "{}", stderr(&third));
    assert!(inv.read("out/etc/hosts").contains("10.0.0.14"));
    assert!(inv
        .read("out/dhcp/dnsmasq.conf")
        .contains("02:00:00:00:00:0e"));
}

#[test]
fn a_lint_error_aborts_and_leaves_every_output_as_it_was() {
    let inv = inventory(OUTPUTS);
    assert_code(&inv.chami(&["build"]), 0);
    let before = outputs(&inv);
    // n4 takes n1's address: a lint error.
    inv.write("nodes/n4.yaml", &node_yaml("n4", 11));
    let out = inv.chami(&["build"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(outputs(&inv), before);
    assert_eq!(reloads(&inv).len(), 3, "no reload after a refused build");
}

#[test]
fn an_output_that_cannot_be_produced_writes_nothing_at_all() {
    let inv = inventory(OUTPUTS);
    assert_code(&inv.chami(&["build"]), 0);
    let before = outputs(&inv);
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    // The DHCP outputs and the boot tree would change, but a broken site template in
    // the render output stops the whole build before anything is written.
    inv.write(
        "cluster.yaml",
        &format!(
            "{CLUSTER_YAML}{}",
            OUTPUTS.replace("target: hosts, genders", "target: hosts, broken")
        ),
    );
    inv.write("templates/broken.j2", "{{ cluster.nmae }}\n");
    let out = inv.chami(&["build"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("output 1 (render hosts,broken)"), "{err}");
    assert!(err.contains("broken.j2:1"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(outputs(&inv), before);
}

#[test]
fn check_and_dry_run_write_nothing() {
    let inv = inventory(OUTPUTS);
    let check = inv.chami(&["build", "--check"]);
    assert_code(&check, 1);
    assert!(stdout(&check).contains("create "), "{}", stdout(&check));
    assert!(stderr(&check).contains("would run"), "{}", stderr(&check));
    assert!(outputs(&inv).is_empty());
    assert!(reloads(&inv).is_empty());
    let dry = inv.chami(&["build", "--dry-run"]);
    assert_code(&dry, 0);
    assert!(outputs(&inv).is_empty());
    assert_code(&inv.chami(&["build", "--no-reload"]), 0);
    assert!(reloads(&inv).is_empty(), "--no-reload runs none");
    assert_code(&inv.chami(&["build", "--check"]), 0);
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    let diff = inv.chami(&["build", "--check", "--diff"]);
    assert_code(&diff, 1);
    assert!(stdout(&diff).contains("+10.0.0.14"), "{}", stdout(&diff));
}

#[test]
fn a_failed_reload_is_reported_and_exits_1() {
    let inv = inventory(
        "outputs:\n- kind: render\n  target: hosts\n  path: out/etc\n  reload: echo oops >&2; exit 3\n",
    );
    let out = inv.chami(&["build"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("oops"), "the command's own output: {err}");
    assert!(
        err.contains("reload `echo oops >&2; exit 3` failed (exit 3)"),
        "{err}"
    );
    assert!(inv.exists("out/etc/hosts"), "the outputs are written");
}

#[test]
fn outputs_are_checked_before_anything_runs() {
    let inv = inventory("");
    let out = inv.chami(&["build"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("lists no `outputs:`"),
        "{}",
        stderr(&out)
    );

    let inv = inventory("outputs:\n- kind: dhcp-export\n  target: bind\n  path: x\n");
    let out = inv.chami(&["build"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("outputs[1] (dhcp-export): unknown DHCP server `bind`"),
        "{}",
        stderr(&out)
    );

    let inv = inventory("outputs:\n- kind: render\n  target: hots\n  path: x\n");
    let out = inv.chami(&["build"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("hots"), "{}", stderr(&out));
    assert!(!inv.exists("x"));
}

/// With two boot servers, each dhcp-export output may say which replica's DHCP server it
/// is for: its config sends iPXE to that replica first; an unknown replica stops the build
/// before anything is written.
#[test]
fn a_dhcp_output_names_the_boot_server_replica_it_sits_beside() {
    let servers = CLUSTER_YAML.replace(
        "boot_server:\n  address: 10.0.0.1\n  http_port: 8080\n",
        "boot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- {address: 10.0.0.2, http_port: 8080}\n",
    );
    assert_ne!(
        servers, CLUSTER_YAML,
        "the shared cluster.yaml has one boot_server"
    );
    let outputs = "outputs:\n- kind: dhcp-export\n  target: dnsmasq\n  path: out/one.conf\n\
                   - kind: dhcp-export\n  target: dnsmasq\n  path: out/two.conf\n  boot_server: '2'\n";
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", &format!("{servers}{outputs}"));
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    assert_code(&inv.chami(&["build"]), 0);
    assert!(inv
        .read("out/one.conf")
        .contains("http://10.0.0.1:8080/default.ipxe"));
    let two = inv.read("out/two.conf");
    assert!(two.contains("http://10.0.0.2:8080/default.ipxe"), "{two}");
    assert!(!two.contains("10.0.0.1:8080"), "{two}");
    inv.write(
        "cluster.yaml",
        &format!("{servers}{}", outputs.replace("'2'", "'10.0.0.9'")),
    );
    let bad = inv.chami(&["build"]);
    assert_code(&bad, 2);
    assert!(stderr(&bad).contains("10.0.0.9"), "{}", stderr(&bad));
    assert_eq!(inv.read("out/two.conf"), two, "nothing was written");
}

#[test]
fn an_output_marked_in_place_keeps_its_folder_and_the_others_are_switched() {
    use std::os::unix::fs::MetadataExt;
    let outputs = "outputs:\n- kind: bootgen\n  path: out/kept\n  in_place: true\n\
                   - kind: bootgen\n  path: out/switched\n";
    let inv = inventory(outputs);
    assert_code(&inv.chami(&["build"]), 0);
    let inode = |rel: &str| std::fs::metadata(inv.path().join(rel)).unwrap().ino();
    let (kept, switched) = (inode("out/kept"), inode("out/switched"));
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    let second = inv.chami(&["build"]);
    assert_code(&second, 0);
    let err = stderr(&second);
    assert!(
        err.contains("written in place, file by file, because its output says `in_place: true`"),
        "{err}"
    );
    assert_eq!(inode("out/kept"), kept, "the marked folder is the same one");
    assert_ne!(
        inode("out/switched"),
        switched,
        "the other is a new version"
    );
    assert_eq!(
        inv.read("out/kept/default.ipxe"),
        inv.read("out/switched/default.ipxe")
    );
    let names = |rel: &str| {
        let mut v: Vec<_> = std::fs::read_dir(inv.path().join(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("out/kept"),
        names("out/switched"),
        "same files, no stray ones"
    );
    assert!(
        names("out").iter().all(|n| n == "kept" || n == "switched"),
        "{:?}",
        names("out")
    );
}

#[test]
fn json_summary_says_per_output_what_changed_and_how_its_reload_went() {
    let inv = inventory(
        "outputs:\n- kind: render\n  target: hosts\n  path: out/etc\n  reload: exit 3\n\
         - kind: dhcp-export\n  target: dnsmasq\n  path: out/dnsmasq.conf\n",
    );
    let json = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
    };
    let check = inv.chami(&["build", "--check", "-o", "json"]);
    assert_code(&check, 1);
    let v = json(&check);
    assert_eq!(v["written"], false);
    assert_eq!(v["changed"], 2);
    assert_eq!(v["outputs"][0]["reload_state"], "would-run");
    assert!(outputs(&inv).is_empty());

    let first = inv.chami(&["build", "-o", "json"]);
    assert_code(&first, 1);
    let v = json(&first);
    assert_eq!(
        (v["written"].clone(), v["changed"].clone()),
        (true.into(), 2.into())
    );
    assert_eq!(v["reload_failures"], 1);
    let hosts = &v["outputs"][0];
    assert_eq!(hosts["output"], "render hosts");
    assert_eq!(
        hosts["path"],
        inv.path().join("out/etc").display().to_string()
    );
    assert_eq!(hosts["written"], 1, "{hosts}");
    assert_eq!(hosts["reload_state"], "failed");
    assert_eq!(hosts["reload_detail"], "failed (exit 3)");
    assert_eq!(v["outputs"][1]["reload_state"], "none");
    assert!(
        !stderr(&first).contains("WRITTEN"),
        "no table: {}",
        stderr(&first)
    );

    let again = inv.chami(&["build", "-o", "json"]);
    assert_code(&again, 0);
    let v = json(&again);
    assert_eq!(v["changed"], 0);
    assert_eq!(v["outputs"][0]["changed"], false);
    assert_eq!(v["outputs"][0]["unchanged"], 1);
    assert_eq!(v["outputs"][0]["reload_state"], "unchanged");
    let both = inv.chami(&["build", "-o", "json", "--diff"]);
    assert_code(&both, 2);
}

/// `build` with the caches on, in `cache`.
fn build_cached(inv: &TestInventory, cache: &std::path::Path, args: &[&str]) -> Output {
    run(chami()
        .env("CHAMI_CACHE", "on")
        .env("XDG_CACHE_HOME", cache)
        .arg("-C")
        .arg(inv.path())
        .arg("build")
        .args(args))
}

#[test]
fn the_stat_index_never_hides_an_edit_made_behind_chamis_back() {
    use std::io::{Seek, Write};
    let inv = inventory(OUTPUTS);
    let cache = tempfile::tempdir().unwrap();
    assert_code(&build_cached(&inv, cache.path(), &[]), 0);
    // Files written less than 2 s ago are never indexed: make them old, as after a while.
    age_outputs(&inv);
    let files = crate::harness::files_below(&inv.path().join("out"));
    // Their ctime, which cannot be set back, must be 2 s old too.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_code(&build_cached(&inv, cache.path(), &["--check"]), 0);
    let indexed: u64 = std::fs::read_dir(cache.path().join("chami"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(indexed > 100, "the outputs were indexed ({indexed} bytes)");
    // An edit in place that keeps the size and the inode: only the mtime tells.
    let script = files
        .iter()
        .find(|f| {
            f.extension().is_some_and(|x| x == "ipxe") && f.to_string_lossy().contains("/nodes/")
        })
        .unwrap_or_else(|| panic!("a node's boot script among {files:?}"));
    let mut f = std::fs::File::options().write(true).open(script).unwrap();
    f.seek(std::io::SeekFrom::Start(0)).unwrap();
    f.write_all(b"X").unwrap();
    drop(f);
    let check = build_cached(&inv, cache.path(), &["--check"]);
    assert_code(&check, 1);
    let name = script.file_name().unwrap().to_string_lossy();
    assert!(stdout(&check).contains(&*name), "{}", stdout(&check));
    // A file removed by hand is seen too, and `build` puts both back.
    std::fs::remove_file(inv.path().join("out/etc/hosts")).unwrap();
    let check = build_cached(&inv, cache.path(), &["--check"]);
    assert_code(&check, 1);
    assert!(stdout(&check).contains("hosts"), "{}", stdout(&check));
    assert_code(&build_cached(&inv, cache.path(), &[]), 0);
    assert_code(&build_cached(&inv, cache.path(), &["--check"]), 0);
}

/// Sets the mtime of every file under out/ a minute back, as after a while (files changed
/// in the last 2 s are never trusted by the stat index or the build stamp).
fn age_outputs(inv: &TestInventory) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for f in crate::harness::files_below(&inv.path().join("out")) {
        set_mtime(&f, old);
    }
    // The folders a switch made anew.
    for d in ["out/etc", "out/boot"] {
        set_mtime(&inv.path().join(d), old);
    }
}

/// Changes the first byte of `file` (same size) and sets its mtime back, as an edit
/// meant to go unseen; returns the content it had.
fn edit_behind_chamis_back(file: &std::path::Path) -> Vec<u8> {
    let good = std::fs::read(file).unwrap();
    let mtime = std::fs::metadata(file).unwrap().modified().unwrap();
    let mut bad = good.clone();
    bad[0] = b'X';
    std::fs::write(file, &bad).unwrap();
    set_mtime(file, mtime);
    good
}

const SKIPPED: &str = "nothing changed since the last build";
const KEPT: &str = "build: stamp kept";

#[test]
fn a_build_with_nothing_changed_skips_the_work_but_sees_every_edit() {
    let inv = inventory(OUTPUTS);
    let cache = tempfile::tempdir().unwrap();
    // The inputs and outputs changed less than 2 s ago, but the build read the ones and
    // wrote the others: it keeps their content hashes with the stamp.
    let first = build_cached(&inv, cache.path(), &["-v"]);
    assert_code(&first, 0);
    assert!(stderr(&first).contains(KEPT), "{}", stderr(&first));
    // An input rewritten with the same content: a full compare, nothing written.
    inv.write("nodes/n1.yaml", &inv.read("nodes/n1.yaml"));
    let slow = build_cached(&inv, cache.path(), &["-v", "-o", "json"]);
    assert_code(&slow, 0);
    assert!(stderr(&slow).contains(KEPT), "{}", stderr(&slow));
    let fast = build_cached(&inv, cache.path(), &["-v", "-o", "json"]);
    assert_code(&fast, 0);
    assert!(stderr(&fast).contains(SKIPPED), "{}", stderr(&fast));
    assert!(!stderr(&fast).contains("load took"), "{}", stderr(&fast));
    assert_eq!(stdout(&fast), stdout(&slow), "the same report");
    let check = build_cached(&inv, cache.path(), &["--check", "-v"]);
    assert_code(&check, 0);
    assert!(stderr(&check).contains(SKIPPED), "{}", stderr(&check));
    // A staged version a killed run left beside an output goes, as in a full build.
    let leftover = inv.path().join("out/.etc.chami-gen-1-1");
    std::fs::create_dir_all(leftover.join("sub")).unwrap();
    std::fs::write(leftover.join("sub/hosts"), "old").unwrap();
    let swept = build_cached(&inv, cache.path(), &["-v"]);
    assert!(stderr(&swept).contains(SKIPPED), "{}", stderr(&swept));
    assert!(!leftover.exists(), "swept");
    let reloads_before = reloads(&inv);

    // An output edited in place, same size, its mtime set back: the ctime tells.
    let script = inv.path().join("out/boot/nodes/n1.ipxe");
    let files = crate::harness::files_below(&inv.path().join("out/boot"));
    assert!(files.contains(&script), "{files:?}");
    let good = edit_behind_chamis_back(&script);
    let check = build_cached(&inv, cache.path(), &["--check", "-v"]);
    assert_code(&check, 1);
    assert!(!stderr(&check).contains(SKIPPED), "{}", stderr(&check));
    let build = build_cached(&inv, cache.path(), &["-v"]);
    assert_code(&build, 0);
    assert_eq!(std::fs::read(&script).unwrap(), good, "put back");
    // Just written, by this build, which knows what it wrote: the stamp is kept with
    // those files' content hashes, and the next build reads them again.
    assert!(stderr(&build).contains(KEPT), "{}", stderr(&build));
    let again = build_cached(&inv, cache.path(), &["-v"]);
    assert!(stderr(&again).contains(SKIPPED), "{}", stderr(&again));

    // A file removed by hand.
    std::fs::remove_file(inv.path().join("out/etc/hosts")).unwrap();
    let build = build_cached(&inv, cache.path(), &["-v"]);
    assert!(!stderr(&build).contains(SKIPPED), "{}", stderr(&build));
    assert!(stderr(&build).contains(KEPT), "{}", stderr(&build));
    assert!(inv.exists("out/etc/hosts"), "put back");

    // An input edited, its mtime set back.
    let node = inv.path().join("nodes/n1.yaml");
    let mtime = std::fs::metadata(&node).unwrap().modified().unwrap();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 99));
    set_mtime(&node, mtime);
    let build = build_cached(&inv, cache.path(), &["-v"]);
    assert!(!stderr(&build).contains(SKIPPED), "{}", stderr(&build));
    assert!(
        inv.read("out/etc/hosts").contains(".99"),
        "{}",
        inv.read("out/etc/hosts")
    );
    let reloads_after = reloads(&inv);
    assert!(
        reloads_after.len() > reloads_before.len(),
        "outputs changed: reloads ran"
    );
    // The edited input is racy too: the build read it and keeps the hash of what it read.
    assert!(stderr(&build).contains(KEPT), "{}", stderr(&build));
    let again = build_cached(&inv, cache.path(), &["-v"]);
    assert!(stderr(&again).contains(SKIPPED), "{}", stderr(&again));
    assert_eq!(reloads(&inv), reloads_after, "nothing changed: no reload");
    // Edited again at once: seen.
    inv.write("nodes/n1.yaml", &node_yaml("n1", 98));
    let build = build_cached(&inv, cache.path(), &["-v"]);
    assert!(!stderr(&build).contains(SKIPPED), "{}", stderr(&build));
    assert!(inv.read("out/etc/hosts").contains(".98"));
}

/// 1,000 nodes (n0001…, boot MACs 02:00:00:00:10:01…) and a boot tree written in place
/// (over 4,096 files), then the `outputs:` entries `more`.
fn thousand_nodes(more: &str) -> TestInventory {
    let inv = TestInventory::empty();
    let cluster = CLUSTER_YAML.replace("cidr: 10.0.0.0/24", "cidr: 10.0.0.0/20");
    inv.write(
        "cluster.yaml",
        &format!("{cluster}outputs:\n- kind: bootgen\n  path: out/boot\n  in_place: true\n{more}"),
    );
    let add = run(chami().arg("-C").arg(inv.path()).args([
        "inventory",
        "add",
        "n[0001-1000]",
        "--ip",
        "10.0.1.1+",
        "--mac",
        "02:00:00:00:10:01+",
    ]));
    assert_code(&add, 0);
    inv
}

/// A boot tree of more than 4,096 files (1,000 nodes) written in place (as a one-node change
/// to a tree of over 20,000 files is, or any tree with `in_place: true`): the stamp a build keeps for it rests on the folder's stat index (no
/// stat of every file at the end of the build), and still sees every edit.
#[test]
fn a_large_folder_written_in_place_is_vouched_for_by_its_stat_index() {
    const INDEXED: &str = "vouched for by their stat index";
    let inv = thousand_nodes("");
    let cache = tempfile::tempdir().unwrap();
    let build = |args: &[&str]| build_cached(&inv, cache.path(), args);
    // 5,000 files just written, too many to keep hashes of: no stamp.
    let first = build(&["-v"]);
    assert_code(&first, 0);
    assert!(!stderr(&first).contains(KEPT), "{}", stderr(&first));
    // Once they are older than 2 s, a build finds them all right and indexes them.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let full = build(&["-v"]);
    assert!(stderr(&full).contains(INDEXED), "{}", stderr(&full));
    assert!(stderr(&build(&["-v"])).contains(SKIPPED));

    // One node changed: its files are written in place, the stamp rests on the index.
    let set = run(chami().arg("-C").arg(inv.path()).args([
        "inventory",
        "set",
        "n0007",
        "interfaces.eth0.mac=02:00:00:00:ff:07",
    ]));
    assert_code(&set, 0);
    let one = build(&["-v"]);
    assert!(
        stderr(&one).contains("written in place"),
        "{}",
        stderr(&one)
    );
    assert!(stderr(&one).contains(INDEXED), "{}", stderr(&one));
    assert!(stderr(&build(&["-v"])).contains(SKIPPED));

    // A file the index vouches for, edited behind chami's back (same size, mtime set back),
    // and one the last build wrote: each is seen, and put back.
    for name in ["n0500", "n0007"] {
        let script = inv.path().join(format!("out/boot/nodes/{name}.ipxe"));
        let good = edit_behind_chamis_back(&script);
        let check = build(&["--check", "-v"]);
        assert_code(&check, 1);
        assert!(
            !stderr(&check).contains(SKIPPED),
            "{name}: {}",
            stderr(&check)
        );
        let fix = build(&["-v"]);
        assert_code(&fix, 0);
        assert_eq!(std::fs::read(&script).unwrap(), good, "{name}: put back");
        assert!(stderr(&fix).contains(INDEXED), "{name}: {}", stderr(&fix));
        assert!(stderr(&build(&["-v"])).contains(SKIPPED), "{name}");
    }
    // A file the last build wrote, chmod'ed since: its content still hashes right, but it
    // changed after that build was over.
    use std::os::unix::fs::PermissionsExt;
    let script = inv.path().join("out/boot/nodes/n0007.ipxe");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o600)).unwrap();
    let check = build(&["--check", "-v"]);
    assert_code(&check, 1);
    assert!(!stderr(&check).contains(SKIPPED), "{}", stderr(&check));
    assert_code(&build(&[]), 0);
    let mode = std::fs::metadata(&script).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "its mode back");
    // A file removed by hand.
    std::fs::remove_file(inv.path().join("out/boot/nodes/n0999.ipxe")).unwrap();
    let check = build(&["--check"]);
    assert_code(&check, 1);
    assert_code(&build(&[]), 0);
    assert!(inv.exists("out/boot/nodes/n0999.ipxe"), "put back");
}

/// Every file below `dir` (relative path) with its content and mode.
fn tree_of(dir: &std::path::Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    crate::harness::files_below(dir)
        .into_iter()
        .map(|p| {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            (rel, (std::fs::read(&p).unwrap(), mode))
        })
        .collect()
}

/// After a build in which only node records changed, the boot tree is patched (only the
/// changed nodes' files made again) and is exactly the tree `bootgen` makes from scratch:
/// a node edited, disabled, removed, added; anything else changed, or a boot file edited
/// behind chami's back, and the whole tree is compared again.
#[test]
fn a_build_after_node_edits_redoes_only_their_boot_files_and_matches_a_fresh_tree() {
    const PATCHED: &str = "patched: the files of";
    let inv = thousand_nodes("- kind: render\n  target: hosts\n  path: out/etc\n");
    let cli = |args: &[&str]| {
        let out = run(chami().arg("-C").arg(inv.path()).args(args));
        assert_code(&out, 0);
    };
    let cache = tempfile::tempdir().unwrap();
    let build = |args: &[&str]| build_cached(&inv, cache.path(), args);
    // What bootgen makes from scratch now, and the build's tree beside it.
    let fresh = || {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("boot");
        let bootgen = run(chami()
            .env("CHAMI_CACHE", "off")
            .arg("-C")
            .arg(inv.path())
            .args(["-q", "bootgen", "--out"])
            .arg(&out));
        assert_code(&bootgen, 0);
        tree_of(&out)
    };
    let same_as_fresh = |step: &str| {
        let (got, want) = (tree_of(&inv.path().join("out/boot")), fresh());
        let differ: Vec<&PathBuf> = got
            .keys()
            .chain(want.keys())
            .filter(|p| got.get(*p) != want.get(*p))
            .collect();
        assert!(differ.is_empty(), "{step}: the tree differs in {differ:?}");
    };
    // A build of `step` that must succeed, patched or not, and leave the fresh tree.
    let build_and_compare = |step: &str, patched: bool| {
        let out = build(&["-v"]);
        assert_code(&out, 0);
        let says = stderr(&out).contains(PATCHED);
        assert_eq!(says, patched, "{step}: patched? {}", stderr(&out));
        same_as_fresh(step);
        stderr(&out)
    };
    assert_code(&build(&[]), 0);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_code(&build(&[]), 0);

    // One node's boot MAC: its old script goes, its new one comes, nothing else moves.
    cli(&[
        "inventory",
        "set",
        "n0007",
        "interfaces.eth0.mac=02:00:00:00:ff:07",
    ]);
    let one = build(&["-v"]);
    assert_code(&one, 0);
    assert!(
        stderr(&one).contains(&format!("{PATCHED} 1 node(s)")),
        "{}",
        stderr(&one)
    );
    assert!(
        !inv.exists("out/boot/ipxe/02-00-00-00-10-07.ipxe"),
        "old MAC"
    );
    same_as_fresh("a MAC changed");
    assert!(inv.read("out/etc/hosts").contains("n0007"));

    // One node disabled, one removed (its files go), one added; the files the last build
    // wrote are vouched for by their hashes.
    cli(&["inventory", "set", "n0011", "enabled=false"]);
    cli(&["inventory", "rm", "n0010"]);
    cli(&[
        "inventory",
        "add",
        "n1001",
        "--ip",
        "10.0.9.1",
        "--mac",
        "02:00:00:00:20:01",
    ]);
    build_and_compare("a node disabled, one removed, one added", true);
    assert!(
        !inv.exists("out/boot/nodes/n0010.ipxe"),
        "a removed node's files go"
    );
    assert!(
        !inv.exists("out/boot/cloud-init/n0011"),
        "a disabled node's files go"
    );
    assert!(inv.exists("out/boot/nodes/n1001.ipxe"));
    let check = build(&["--check"]);
    assert_code(&check, 0);

    // A file the last build wrote (its content vouched for by its hash), chmod'ed since:
    // the whole tree is compared and the file gets its mode back.
    use std::os::unix::fs::PermissionsExt;
    let written = inv.path().join("out/boot/nodes/n1001.ipxe");
    std::fs::set_permissions(&written, std::fs::Permissions::from_mode(0o600)).unwrap();
    cli(&[
        "inventory",
        "set",
        "n0012",
        "interfaces.eth0.mac=02:00:00:00:ff:12",
    ]);
    build_and_compare("a file the last build wrote, chmod'ed", false);

    // A boot file of an unchanged node edited behind chami's back, and a node changed:
    // the folder is not as the last build left it, so every file is compared again.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let script = inv.path().join("out/boot/nodes/n0500.ipxe");
    let good = edit_behind_chamis_back(&script);
    cli(&[
        "inventory",
        "set",
        "n0008",
        "interfaces.eth0.mac=02:00:00:00:ff:08",
    ]);
    build_and_compare("an edit behind chami's back", false);
    assert_eq!(std::fs::read(&script).unwrap(), good, "put back");

    // Anything but node records changed: the whole tree again.
    inv.write(
        "groups/late.yaml",
        "name: late\nmembers: n[0001-0100]\nboot:\n  overrides:\n    params: quiet\n",
    );
    cli(&[
        "inventory",
        "set",
        "n0009",
        "interfaces.eth0.mac=02:00:00:00:ff:09",
    ]);
    build_and_compare("a group added", false);
    assert!(
        inv.read("out/boot/nodes/n0050.ipxe").contains("quiet"),
        "the group's parameters reach its members"
    );
}
