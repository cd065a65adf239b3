//! `chami inventory add|set|rm --kind K` for every kind but nodes (groups, BMCs, tenants,
//! networks, boot profiles, image recipes, cluster settings): add writes the record and
//! `show` answers it, set keeps a file's leading comment, a bad value names its key and
//! writes nothing, rm of a record in use names its users, --dry-run prints a diff.

use crate::harness::stdout;
use crate::inventory_commands::{
    assert_no_tmp, assert_unchanged, json_of, ok, refused, three_nodes,
};

/// One kind's walk through add, set and rm.
struct Case {
    kind: &'static str,
    name: &'static str,
    /// KEY=VALUE of `add`.
    add: &'static [&'static str],
    /// The file that holds the record.
    file: &'static str,
    /// Text the file holds after `add`.
    added: &'static str,
    /// One KEY=VALUE of `set`, and the text the file then holds.
    set: &'static str,
    set_text: &'static str,
    /// A KEY=VALUE the record refuses, and what the error says.
    bad: &'static str,
    bad_says: &'static str,
    /// A command that makes another record use this one, and the user `rm` then names.
    use_it: &'static [&'static str],
    user: &'static str,
}

const COMMENT: &str = "# kept: a comment above the records\n";

fn walk(c: &Case) {
    let inv = three_nodes();
    let kind = ["--kind", c.kind];
    let with = |verb: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["inventory", verb].iter().map(|s| s.to_string()).collect();
        v.extend(kind.iter().map(|s| s.to_string()));
        v.push(c.name.to_string());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run_ok = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&inv, &a)
    };
    let run_refused = |args: Vec<String>, needles: &[&str]| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&inv, &a, needles)
    };

    // add --dry-run: a diff, nothing written.
    let before = inv.snapshot();
    let mut args = c.add.to_vec();
    args.push("--dry-run");
    let diff = run_ok(with("add", &args));
    assert!(diff.contains(&format!("+++ b/{}\n", c.file)), "{diff}");
    let first_added = c.added.lines().next().unwrap();
    assert!(diff.contains(&format!("+{first_added}\n")), "{diff}");
    assert_unchanged(&before, &inv.snapshot());

    // add: the file holds the record; show answers it.
    run_ok(with("add", c.add));
    let text = inv.read(c.file);
    assert!(text.contains(c.added), "{}:\n{text}", c.file);
    let shown = json_of(&run_ok(with("show", &["-o", "json"])));
    assert_eq!(shown["name"], c.name, "{shown}");

    // set keeps the file's leading comment; --dry-run first writes nothing.
    inv.write(c.file, &format!("{COMMENT}{}", inv.read(c.file)));
    let before = inv.snapshot();
    let diff = run_ok(with("set", &[c.set, "--dry-run"]));
    let first_set = c.set_text.lines().last().unwrap();
    assert!(diff.contains(&format!("+{first_set}\n")), "{diff}");
    assert_unchanged(&before, &inv.snapshot());
    run_ok(with("set", &[c.set]));
    let text = inv.read(c.file);
    assert!(text.starts_with(COMMENT), "{text}");
    assert!(text.contains(c.set_text), "{text}");

    // A bad value: the key and the reason, nothing written.
    run_refused(with("set", &[c.bad]), &[c.bad_says]);

    // rm of a record in use names its user, unless --force.
    ok(&inv, c.use_it);
    run_refused(with("rm", &[]), &[c.user, "--force"]);
    run_ok(with("rm", &["--force"]));
    let out = inv.chami(
        &with("show", &[])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_ne!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_no_tmp(&inv);
}

#[test]
fn group_add_set_rm() {
    walk(&Case {
        kind: "group",
        name: "gpu",
        add: &["description=GPU nodes", "vars.ntp=10.0.0.1"],
        file: "groups/gpu.yaml",
        added: "name: gpu\ndescription: GPU nodes\nvars:\n  ntp: 10.0.0.1\n",
        set: "profile=diskless",
        set_text: "boot:\n  profile: diskless\n",
        bad: "priority=high",
        bad_says: "priority: `high` is not valid: invalid type: string \"high\", expected i32",
        use_it: &["inventory", "set", "b", "groups+=gpu"],
        user: "group `gpu` is used by node b (`groups`)",
    });
}

#[test]
fn bmc_add_set_rm() {
    walk(&Case {
        kind: "bmc",
        name: "d-bmc",
        add: &["kind=ipmi", "ip=10.1.0.9", "network=bmc"],
        file: "bmcs/d-bmc.yaml",
        added: "name: d-bmc\nkind: ipmi\nip: 10.1.0.9\nnetwork: bmc\n",
        set: "port=623",
        set_text: "port: 623\n",
        bad: "ip=10.1.0.999",
        bad_says: "ip: `10.1.0.999` is not valid",
        use_it: &["inventory", "set", "b", "bmc=d-bmc"],
        user: "bmc `d-bmc` is used by node b (`bmc`)",
    });
}

#[test]
fn tenant_add_set_rm() {
    walk(&Case {
        kind: "tenant",
        name: "physics",
        add: &["owners=ops@example.org,hpc@example.org"],
        file: "tenants/physics.yaml",
        added: "owners:\n- ops@example.org\n- hpc@example.org\n",
        set: "description=the physics department",
        set_text: "description: the physics department\n",
        bad: "colour=red",
        bad_says: "colour: no such key: unknown field `colour`",
        use_it: &[
            "inventory",
            "set",
            "--kind",
            "group",
            "compute",
            "tenant=physics",
        ],
        user: "tenant `physics` is used by group compute (`tenant`)",
    });
}

#[test]
fn network_add_set_rm() {
    walk(&Case {
        kind: "network",
        name: "ib",
        add: &["cidr=10.2.0.0/16", "fabric=infiniband"],
        file: "cluster.yaml",
        added: "- name: ib\n  cidr: 10.2.0.0/16\n  fabric: infiniband\n",
        set: "mtu=65520",
        set_text: "  mtu: 65520\n",
        bad: "cidr=10.2.0.0/33",
        bad_says: "cidr: `10.2.0.0/33` is not valid",
        use_it: &[
            "inventory",
            "set",
            "a",
            "interfaces.ib0.network=ib",
            "interfaces.ib0.ip=10.2.0.2",
        ],
        user: "network `ib` is used by node a (`interfaces.*.network`)",
    });
}

#[test]
fn boot_profile_add_set_rm() {
    walk(&Case {
        kind: "profile",
        name: "rocky",
        add: &["kind=local"],
        file: "cluster.yaml",
        added: "- name: rocky\n  kind: local\n",
        set: "params=quiet",
        set_text: "  params: quiet\n",
        bad: "kind=floppy",
        bad_says: "kind: `floppy` is not valid: unknown variant `floppy`",
        use_it: &[
            "inventory",
            "set",
            "--kind",
            "group",
            "compute",
            "profile=rocky",
        ],
        user: "profile `rocky` is used by group compute (`boot.profile`)",
    });
}

#[test]
fn image_recipe_add_set_rm() {
    walk(&Case {
        kind: "image",
        name: "base9",
        add: &["base=bookworm", "packages=chrony,openssh-server"],
        file: "images/base9.yaml",
        added: "base: bookworm\npackages:\n- chrony\n- openssh-server\n",
        set: "kernel=linux-image-amd64",
        set_text: "kernel: linux-image-amd64\n",
        bad: "cloud_init=maybe",
        bad_says: "cloud_init: `maybe` is not valid",
        use_it: &[
            "inventory",
            "add",
            "--kind",
            "profile",
            "p9",
            "kind=diskless",
            "image=base9",
        ],
        user: "image `base9` is used by profile p9 (`image`)",
    });
}

#[test]
fn cluster_settings_and_outputs() {
    let inv = three_nodes();
    // A comment inside the file (not only above it) stays where it was.
    let inner = "# the boot server of every profile\nboot_server:\n";
    let text = inv.read("cluster.yaml").replace("boot_server:\n", inner);
    inv.write("cluster.yaml", &format!("{COMMENT}{text}"));
    ok(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "outputs+={kind: bootgen, path: out/boot}",
            "defaults.vars.ntp=10.0.0.1",
        ],
    );
    let text = inv.read("cluster.yaml");
    assert!(text.starts_with(COMMENT), "{text}");
    assert!(text.contains(inner), "{text}");
    assert!(
        text.contains("outputs:\n- kind: bootgen\n  path: out/boot\n"),
        "{text}"
    );
    assert!(text.contains("\n  vars:\n    ntp: 10.0.0.1\n"), "{text}");

    // An output by its kind; --dry-run prints the diff and writes nothing.
    let before = inv.snapshot();
    let diff = ok(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "outputs.bootgen.path=/srv/boot",
            "-n",
        ],
    );
    assert!(
        diff.contains("-  path: out/boot\n+  path: /srv/boot\n"),
        "{diff}"
    );
    assert_unchanged(&before, &inv.snapshot());
    ok(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "outputs.bootgen.path=/srv/boot",
        ],
    );
    let shown = json_of(&ok(
        &inv,
        &["inventory", "show", "--kind", "cluster", "-o", "json"],
    ));
    assert_eq!(shown["outputs"][0]["path"], "/srv/boot", "{shown}");

    refused(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "boot_server.http_port=http",
        ],
        &["boot_server.http_port: `http` is not valid", "expected u16"],
    );
    refused(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "outputs.render.path=x",
        ],
        &["outputs.render.path: no item `render`"],
    );
    refused(
        &inv,
        &["inventory", "rm", "--kind", "cluster", "test"],
        &["--unset"],
    );
    ok(
        &inv,
        &[
            "inventory",
            "set",
            "--kind",
            "cluster",
            "--unset",
            "outputs.bootgen",
        ],
    );
    let text = inv.read("cluster.yaml");
    assert!(!text.contains("outputs:"), "{text}");
    assert!(text.starts_with(COMMENT) && text.contains(inner), "{text}");
}

#[test]
fn set_or_rm_of_another_kind_says_which_kind() {
    let inv = three_nodes();
    refused(
        &inv,
        &["inventory", "set", "a-bmc", "kind=ipmi"],
        &[
            "`a-bmc` is a bmc, not a node",
            "chami inventory set --kind bmc a-bmc",
        ],
    );
    refused(
        &inv,
        &["inventory", "rm", "compute"],
        &["`compute` is a group, not a node", "--kind group"],
    );
    refused(
        &inv,
        &["inventory", "set", "--kind", "group", "a-bmc", "priority=1"],
        &["`a-bmc` is a bmc, not a group", "--kind bmc"],
    );
    refused(
        &inv,
        &[
            "inventory",
            "add",
            "--kind",
            "bmc",
            "e-bmc",
            "--ip",
            "10.1.0.5",
        ],
        &["--ip applies to nodes only"],
    );
}

#[test]
fn add_counts_up_for_every_kind_and_nodes_take_key_value() {
    let inv = three_nodes();
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "--kind",
            "bmc",
            "x[1-3]-bmc",
            "ip=10.1.0.21+",
            "network=bmc",
        ],
    );
    assert!(inv.read("bmcs/x3-bmc.yaml").contains("ip: 10.1.0.23\n"));
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "d",
            "--ip",
            "10.0.0.5",
            "labels.rack=r7",
            "role=Service",
        ],
    );
    let d = inv.read("nodes/d.yaml");
    assert!(
        d.contains("role: Service\n") && d.contains("rack: r7\n"),
        "{d}"
    );
}

#[test]
fn rm_of_a_recipe_with_its_child_recipe_is_not_refused() {
    let inv = three_nodes();
    ok(
        &inv,
        &[
            "inventory",
            "add",
            "--kind",
            "image",
            "base",
            "base=bookworm",
        ],
    );
    ok(
        &inv,
        &["inventory", "add", "--kind", "image", "hpc", "parent=base"],
    );
    refused(
        &inv,
        &["inventory", "rm", "--kind", "image", "base"],
        &["image `base` is used by image hpc (`parent`)"],
    );
    ok(&inv, &["inventory", "rm", "--kind", "image", "base,hpc"]);
    assert!(!inv.exists("images/base.yaml") && !inv.exists("images/hpc.yaml"));
}
