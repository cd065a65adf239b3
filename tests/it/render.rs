//! `chami render`: writing (only what changed, manifest-guarded removal, --check, --diff,
//! --dry-run, stdout), site templates (headers, fan-out, overrides) and the errors of
//! broken templates. What the real consumers think of each built-in target is in
//! `render_interop`.

use crate::harness::{assert_code, node_yaml, stderr, stdout, TestInventory};

/// An inventory with three nodes (n1-n3, n1 and n2 in group `compute`).
fn inventory() -> TestInventory {
    let inv = TestInventory::new();
    for (name, n) in [("n1", 11), ("n2", 12), ("n3", 13)] {
        inv.write(&format!("nodes/{name}.yaml"), &node_yaml(name, n));
    }
    inv.write("groups/compute.yaml", "name: compute\nmembers: n[1-2]\n");
    inv
}

fn out_dir(inv: &TestInventory) -> String {
    inv.path().join("out").display().to_string()
}

#[test]
fn writes_every_target_then_nothing_the_second_time() {
    let inv = inventory();
    let out = out_dir(&inv);
    let first = inv.chami(&["render", "-o", &out]);
    assert_code(&first, 0);
    assert!(
        stderr(&first).contains("15 written, 0 removed, 0 unchanged"),
        "{}",
        stderr(&first)
    );
    assert!(inv
        .read("out/hosts")
        .contains("10.0.0.11\tn1.test.local n1 n1-eth0"));
    let mtime = std::fs::metadata(inv.path().join("out/hosts"))
        .unwrap()
        .modified()
        .unwrap();
    let second = inv.chami(&["render", "-o", &out]);
    assert_code(&second, 0);
    assert!(
        stderr(&second).contains("0 written, 0 removed, 15 unchanged"),
        "{}",
        stderr(&second)
    );
    let again = std::fs::metadata(inv.path().join("out/hosts"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(mtime, again, "an unchanged file is not rewritten");
}

#[test]
fn check_diff_and_dry_run_write_nothing() {
    let inv = inventory();
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out]), 0);
    assert_code(&inv.chami(&["render", "--check", "-o", &out]), 0);
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    let before = inv.snapshot();
    let check = inv.chami(&["render", "--check", "-o", &out, "hosts", "genders"]);
    assert_code(&check, 1);
    assert_eq!(
        stdout(&check),
        format!("update {out}/genders\nupdate {out}/hosts\n")
    );
    let diff = inv.chami(&["render", "--check", "--diff", "-o", &out, "hosts"]);
    assert_code(&diff, 1);
    assert!(
        stdout(&diff).contains("--- a/hosts\n+++ b/hosts\n"),
        "{}",
        stdout(&diff)
    );
    assert!(stdout(&diff).contains("+10.0.0.14\tn4.test.local n4 n4-eth0\n"));
    let dry = inv.chami(&["render", "--dry-run", "-o", &out]);
    assert_code(&dry, 0);
    assert!(stderr(&dry).contains("nothing written"), "{}", stderr(&dry));
    assert_eq!(
        before,
        inv.snapshot(),
        "check, diff and dry-run changed files"
    );
    assert_code(&inv.chami(&["render", "-o", &out]), 0);
    assert!(inv.read("out/hosts").contains("n4-eth0"));
}

#[test]
fn one_target_goes_to_stdout() {
    let inv = inventory();
    let implicit = inv.chami(&["render", "genders"]);
    assert_code(&implicit, 0);
    assert!(
        stdout(&implicit).contains("\nn1 role=Compute,nid=11,compute\n"),
        "{}",
        stdout(&implicit)
    );
    let dash = inv.chami(&["render", "-o", "-", "genders"]);
    assert_eq!(stdout(&dash), stdout(&implicit));
    let many = inv.chami(&["render", "hosts", "genders"]);
    assert_code(&many, 2);
    assert!(stderr(&many).contains("give -o DIR"), "{}", stderr(&many));
    let unknown = inv.chami(&["render", "hots"]);
    assert_code(&unknown, 2);
    assert!(
        stderr(&unknown).contains("unknown render target hots"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn site_template_fans_out_per_node_and_removes_only_what_it_wrote() {
    let inv = inventory();
    inv.write(
        "templates/motd.j2",
        "{#- chami\noutput: \"motd/{{ node.name }}\"\nfor: node\nselect: \"@compute\"\n-#}\nWelcome to {{ node.name }} ({{ node.ip }}) of {{ cluster.name }}\n",
    );
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out, "motd"]), 0);
    assert_eq!(
        inv.read("out/motd/n1"),
        "Welcome to n1 (10.0.0.11) of test\n"
    );
    assert!(inv.exists("out/motd/n2") && !inv.exists("out/motd/n3"));
    // A file chami did not write, in the same folder, is never removed.
    inv.write("out/motd/README", "mine\n");
    inv.write("groups/compute.yaml", "name: compute\nmembers: n1\n");
    let out2 = inv.chami(&["render", "-o", &out, "motd"]);
    assert_code(&out2, 0);
    assert!(
        stderr(&out2).contains("0 written, 1 removed, 1 unchanged"),
        "{}",
        stderr(&out2)
    );
    assert!(
        !inv.exists("out/motd/n2"),
        "n2 left the selection: its file goes"
    );
    assert!(inv.exists("out/motd/README"));
}

#[test]
fn per_group_fan_out_and_builtin_override() {
    let inv = inventory();
    inv.write(
        "templates/members.j2",
        "{#- chami\noutput: \"groups/{{ group.name }}.txt\"\nfor: group\n-#}\n{{ group.members|join(\" \") }}\n",
    );
    inv.write(
        "templates/hosts.j2",
        "# site hosts\n{% for n in nodes %}{{ n.ip }} {{ n.name }}\n{% endfor %}",
    );
    let list = inv.chami(&["render", "--list"]);
    assert_code(&list, 0);
    assert!(
        stdout(&list).contains("templates/hosts.j2"),
        "{}",
        stdout(&list)
    );
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out, "members", "hosts"]), 0);
    assert_eq!(inv.read("out/groups/compute.txt"), "n1 n2\n");
    assert!(inv
        .read("out/hosts")
        .starts_with("# site hosts\n10.0.0.11 n1\n"));
}

#[test]
fn a_typo_in_a_template_names_file_line_and_expression_and_writes_nothing() {
    let inv = inventory();
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out]), 0);
    let before = inv.snapshot();
    inv.write(
        "templates/bad.j2",
        "line one\n{% for n in nodes %}{{ n.nmae }}\n{% endfor %}\n",
    );
    let bad = inv.chami(&["render", "-o", &out]);
    assert_code(&bad, 2);
    let err = stderr(&bad);
    assert!(err.contains("templates/bad.j2:2"), "{err}");
    assert!(err.contains("n.nmae"), "{err}");
    assert!(err.contains("render --context"), "{err}");
    let mut after = inv.snapshot();
    after.retain(|p, _| !p.starts_with("templates"));
    let mut expected = before;
    expected.retain(|p, _| !p.starts_with("templates"));
    assert_eq!(expected, after, "a failed render changed files");

    inv.write("templates/bad.j2", "{% for n in nodes %}\n{{ n.name }\n");
    let syntax = inv.chami(&["render", "-o", &out]);
    assert_code(&syntax, 2);
    assert!(
        stderr(&syntax).contains("templates/bad.j2:2"),
        "{}",
        stderr(&syntax)
    );
    assert!(
        stderr(&syntax).contains("syntax error"),
        "{}",
        stderr(&syntax)
    );

    inv.write("templates/bad.j2", "{# chami\nfor: rack\n#}\n");
    let header = inv.chami(&["render", "--list"]);
    assert_code(&header, 2);
    assert!(
        stderr(&header).contains("templates/bad.j2: bad header"),
        "{}",
        stderr(&header)
    );
}

#[test]
fn a_failed_render_leaves_nothing_of_the_files_it_began_writing() {
    // Targets that render before the broken one start writing their changed files
    // ahead (temporary files beside them); the failure must take all of them back.
    let inv = inventory();
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out]), 0);
    let before = inv.snapshot();
    inv.write("nodes/n4.yaml", &node_yaml("n4", 14));
    inv.write("templates/zz-bad.j2", "{{ nodes[0].nmae }}\n");
    let bad = inv.chami(&["render", "-o", &out]);
    assert_code(&bad, 2);
    let mut after = inv.snapshot();
    after.retain(|p, _| p.starts_with("out"));
    let mut expected = before;
    expected.retain(|p, _| p.starts_with("out"));
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no temporary file is left in the output folder"
    );
    assert_eq!(expected, after, "a failed render changed files");

    // Into a folder that does not exist yet: it is not left behind either.
    let fresh = inv.path().join("fresh/out").display().to_string();
    assert_code(&inv.chami(&["render", "-o", &fresh]), 2);
    assert!(
        !inv.exists("fresh"),
        "the folder made for writing ahead is gone"
    );

    // Without the broken template, the same run writes the changed files.
    std::fs::remove_file(inv.path().join("templates/zz-bad.j2")).unwrap();
    let good = inv.chami(&["render", "-o", &fresh]);
    assert_code(&good, 0);
    assert!(inv.read("fresh/out/hosts").contains("n4"));
}

#[test]
fn an_inventory_with_lint_errors_renders_nothing() {
    let inv = inventory();
    inv.write("nodes/n4.yaml", &node_yaml("n4", 11)); // same IP and MAC as n1
    let out = inv.chami(&["render", "-o", &out_dir(&inv)]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!inv.exists("out"));
}

#[test]
fn context_is_json_with_resolved_nodes_and_no_disabled_ones() {
    let inv = inventory();
    inv.write(
        "nodes/n3.yaml",
        &format!("{}enabled: false\n", node_yaml("n3", 13)),
    );
    let out = inv.chami(&["render", "--context"]);
    assert_code(&out, 0);
    let ctx: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = ctx["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["n1", "n2"]);
    assert_eq!(ctx["disabled_nodes"], serde_json::json!(["n3"]));
    let n1 = &ctx["nodes"][0];
    assert_eq!(n1["role"], "Compute");
    assert_eq!(n1["groups"], serde_json::json!(["compute"]));
    assert_eq!(n1["boot"]["kernel"], "images/vmlinuz");
    assert_eq!(n1["interfaces"][0]["netmask"], "255.255.255.0");
    assert_eq!(
        n1["xname"],
        serde_json::Value::Null,
        "absent values are present as null"
    );
    assert_eq!(ctx["groups"][0]["nodeset"], "n[1-2]");
}

#[test]
fn every_example_renders_every_target() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for ex in std::fs::read_dir(examples)
        .unwrap()
        .flatten()
        .map(|e| e.path())
    {
        if !ex.join("cluster.yaml").is_file() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = crate::harness::run(
            crate::harness::chami()
                .arg("-C")
                .arg(&ex)
                .args(["render", "-o"])
                .arg(dir.path()),
        );
        assert_code(&out, 0);
        for b in ["hosts", "genders", "slurm-nodes.conf", "powerman.conf"] {
            let text = std::fs::read_to_string(dir.path().join(b)).unwrap();
            assert!(
                text.lines().any(|l| !l.starts_with('#')),
                "{}: {b} is empty",
                ex.display()
            );
        }
    }
}

#[test]
fn a_deleted_site_template_takes_its_files_along_when_all_targets_run() {
    let inv = inventory();
    inv.write(
        "templates/motd.j2",
        "{#- chami\noutput: \"motd/{{ node.name }}\"\nfor: node\n-#}\nhi\n",
    );
    let out = out_dir(&inv);
    assert_code(&inv.chami(&["render", "-o", &out]), 0);
    assert!(inv.exists("out/motd/n3"));
    std::fs::remove_file(inv.path().join("templates/motd.j2")).unwrap();
    // Rendering one other target leaves them alone …
    assert_code(&inv.chami(&["render", "-o", &out, "hosts"]), 0);
    assert!(inv.exists("out/motd/n3"));
    // … rendering everything removes them.
    let all = inv.chami(&["render", "-o", &out]);
    assert_code(&all, 0);
    assert!(stderr(&all).contains("3 removed"), "{}", stderr(&all));
    assert!(!inv.exists("out/motd"));
}
