//! cloud-init reads every string of the groups' fragments as that string. cloud-init uses
//! PyYAML (YAML 1.1), which reads a plain `no` as a boolean, `1:20` as 80, `2001-12-14`
//! as a date and `<<` as a merge key; `bootgen` must quote them. Each seed file is loaded
//! with cloud-init's own loader (`cloudinit.util.load_yaml`) and compared, types
//! included, with the fragment the group wrote; then `cloud-init schema` checks the
//! user-data and vendor-data. Both skip when cloud-init is missing, unless
//! `CHAMI_REQUIRE_INTEROP=1`.

use crate::bootgen::cloudinit_python;
use crate::harness::{assert_code, interop_program, node_yaml, run, stderr, stdout, TestInventory};
use serde_json::{json, Value};
use std::process::Command;

/// A group whose fragments hold, as quoted strings, every scalar YAML 1.1 retypes, a
/// `<<` key, a multi-line script, real booleans and numbers, and characters YAML cannot
/// carry raw (U+FFFE, NEL, U+2028, DEL; lint lets them through in free-form fragments).
const GPU: &str = r##"name: gpu
members: n1
cloud_init:
  user_data:
    ssh_pwauth: "no"
    timezone: "1:20"
    note: "2001-12-14"
    write_files:
    - {path: /etc/x, permissions: "0644", content: "yes"}
    - {path: /etc/y, content: "#!/bin/sh\necho on: off # 1:20\n\n  done\n"}
    "<<": {bootcmd: [echo merged]}
    runcmd: ["on", "OFF", "y", "0o17", "~", "1_000", "0x1F", "012", "12:30:45", "=", "null",
             "", ".inf", "1e3", "Yes please", "2001-12-14t21:59:43.10-05:00", "- x", "a: b"]
    package_upgrade: true
    ntp: {enabled: false}
    motd: "GPU\uFFFE \x85 \u2028 \x7F"
  vendor_data:
    bootcmd: ["off", "-.inf", ".5", "1.0"]
    n: 3
    f: 1.5
  meta_data:
    "<<": {rack: merged}
    day: "2001-12-14"
    total: 2
"##;

/// Each seed file of n1 as cloud-init's loader reads it, as JSON; a value of a type JSON
/// has not (a date) is written as `<date>`, so it differs from the string it was.
fn load_seed(python: &str, dir: &std::path::Path) -> Value {
    let reader = r#"
import json, sys
from cloudinit import util
out = {}
for f in ("user-data", "vendor-data", "meta-data"):
    with open(sys.argv[1] + "/" + f, "rb") as fh:
        out[f] = util.load_yaml(fh.read())
print(json.dumps(out, default=lambda o: "<%s>" % type(o).__name__))
"#;
    let r = run(Command::new(python)
        .args(["-c", reader])
        .arg(dir.join("cloud-init/n1")));
    assert!(r.status.success(), "{}\n{}", stdout(&r), stderr(&r));
    serde_json::from_str(stdout(&r).trim()).unwrap()
}

/// n1 in group `gpu`, its seed written by `bootgen` into `out/`.
fn inventory() -> TestInventory {
    let inv = TestInventory::new();
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    inv.write("groups/gpu.yaml", GPU);
    let out = inv.path().join("out").display().to_string();
    assert_code(&inv.chami(&["bootgen", "-o", &out]), 0);
    inv
}

#[test]
fn cloud_init_reads_every_fragment_string_as_the_string_written() {
    let Some(python) = cloudinit_python("cloud_init_types::loader") else {
        return;
    };
    let inv = inventory();
    assert_code(&inv.chami(&["inventory", "lint", "-q"]), 0);
    let got = load_seed(python, &inv.path().join("out"));
    let group: Value = chami::yaml::from_str(GPU).unwrap();
    let mut user = group["cloud_init"]["user_data"].clone();
    user["hostname"] = json!("n1");
    user["fqdn"] = json!("n1.test.local");
    assert_eq!(
        got["user-data"],
        user,
        "{}",
        inv.read("out/cloud-init/n1/user-data")
    );
    assert_eq!(user["motd"], json!("GPU\u{fffe} \u{85} \u{2028} \u{7f}"));
    assert_eq!(got["vendor-data"], group["cloud_init"]["vendor_data"]);
    let meta = &got["meta-data"];
    assert_eq!(meta["<<"], json!({"rack": "merged"}), "{meta}");
    assert_eq!(meta["day"], "2001-12-14");
    assert_eq!(meta["total"], 2);
    assert_eq!(meta["instance-id"], "n1");
    assert!(meta.get("rack").is_none(), "{meta}");
}

#[test]
fn cloud_init_schema_accepts_the_retyped_values_as_strings() {
    let test = "cloud_init_types::schema";
    let Some(cloud_init) = interop_program(test, "cloud-init") else {
        return;
    };
    let inv = inventory();
    // `timezone: 1:20` would be 80 and `content: yes` True: not of type 'string'.
    for f in ["user-data", "vendor-data"] {
        let doc = inv.path().join("out/cloud-init/n1").join(f);
        let r = run(Command::new(&cloud_init)
            .args(["schema", "--config-file"])
            .arg(&doc));
        assert!(
            r.status.success() && stdout(&r).contains("Valid cloud-config"),
            "{f}: {}\n{}\n{}\n{}",
            r.status,
            stdout(&r),
            stderr(&r),
            inv.read(&format!("out/cloud-init/n1/{f}"))
        );
    }
}
