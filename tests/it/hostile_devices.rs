//! The fabric, VM and PDU outputs of the hostile-value inventories of `hostile_values`:
//! OpenSM's partitions.conf through the grammar checker of `fabrics`, each libvirt domain
//! through `virt-xml-validate` and Python's XML parser (its element and attribute
//! structure is compared with the clean inventory's), each node's cloud-init
//! network-config as YAML, and the text values that must come
//! out exactly as the record holds them (disk path, bridge, libvirt network, VLAN link).

use crate::harness::{interop_program, run, stderr, stdout};
use crate::hostile_values::{cut, shape, Outputs};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// One JSON line per domain file: its structure and the values libvirt reads.
const READ_DOMAIN: &str = "
import json, sys, xml.etree.ElementTree as ET
for f in sys.argv[1:]:
    root = ET.parse(f).getroot()
    print(json.dumps({
        'shape': [[e.tag, sorted(e.attrib)] for e in root.iter()],
        'name': root.findtext('name'),
        'disks': [s.get('file') for s in root.iter('source') if 'file' in s.attrib],
        'networks': [s.get('network') for s in root.iter('source') if 'network' in s.attrib],
        'bridges': [s.get('bridge') for s in root.iter('source') if 'bridge' in s.attrib],
    }))
";

/// What Python's XML parser reads from each libvirt domain, by output name.
fn domains(o: &Outputs, test: &str) -> BTreeMap<String, serde_json::Value> {
    let names: Vec<&String> = o
        .files
        .keys()
        .filter(|k| k.starts_with("libvirt/"))
        .collect();
    let Some(python) = interop_program(test, "python3") else {
        return BTreeMap::new();
    };
    let mut cmd = Command::new(python);
    cmd.args(["-c", READ_DOMAIN]);
    for n in &names {
        cmd.arg(o.file(n));
    }
    let out = run(&mut cmd);
    assert!(
        out.status.success(),
        "the XML parser refused a domain: {}\n{}",
        stderr(&out),
        cut(o.get(names[0]))
    );
    let read: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    names.into_iter().cloned().zip(read).collect()
}

/// The readings of the fabric and VM outputs, compared with the clean inventory's.
pub(crate) fn readings(o: &Outputs, test: &str, r: &mut BTreeMap<String, String>) {
    let text = o.get("opensm-partitions");
    let parts = crate::fabrics::check_partitions(text)
        .unwrap_or_else(|e| panic!("partitions.conf: {e}\n{}", cut(text)));
    let parts: Vec<String> = parts
        .iter()
        .map(|(name, pkey, guids)| format!("{name}={pkey:#06x}:{}", guids.len()))
        .collect();
    r.insert("opensm partitions".into(), parts.join(" "));
    for (k, text) in o
        .files
        .iter()
        .filter(|(k, _)| k.starts_with("network-config/"))
    {
        let v: serde_json::Value = serde_yaml::from_str(text)
            .unwrap_or_else(|e| panic!("{k} is not YAML: {e}\n{}", cut(text)));
        r.insert(k.clone(), shape(&v));
    }
    let domains = domains(o, test);
    r.insert(
        "libvirt domains".into(),
        domains.keys().cloned().collect::<Vec<_>>().join(" "),
    );
    for (name, read) in &domains {
        r.insert(format!("{name} structure"), read["shape"].to_string());
        r.insert(format!("{name} name"), read["name"].to_string());
    }
    if let Some(validate) = interop_program(test, "virt-xml-validate") {
        for name in domains.keys() {
            let v = run(Command::new(&validate).arg(o.file(name)).arg("domain"));
            assert!(
                v.status.success(),
                "virt-xml-validate {name}: {}{}\n{}",
                stdout(&v),
                stderr(&v),
                cut(o.get(name))
            );
        }
    }
}

/// The text values that reach an output as a value (not a structure): each reads back
/// as the record holds it, `value` in the `hostile` fields and the clean one elsewhere.
pub(crate) fn check_values(o: &Outputs, hostile: &BTreeSet<&str>, value: &str) {
    let want = |field: &str| -> String {
        match hostile.contains(field) {
            true => value.to_string(),
            false => crate::hostile_values::clean(field).to_string(),
        }
    };
    let test = "hostile_values::check_values";
    if let Some(vm) = domains(o, test).get("libvirt/vm01.xml") {
        for (key, field) in [
            ("disks", "disk_path"),
            ("networks", "libvirt_network"),
            ("bridges", "bridge"),
        ] {
            assert_eq!(
                vm[key],
                serde_json::json!([want(field)]),
                "libvirt reads another {field}"
            );
        }
    }
    let seed = o.get("network-config/nid01");
    let v: serde_json::Value = serde_yaml::from_str(seed).unwrap();
    assert_eq!(
        v["vlans"]["vlan30"]["link"],
        serde_json::json!(want("link")),
        "cloud-init reads another VLAN link:\n{}",
        cut(seed)
    );
}
