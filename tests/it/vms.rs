//! VM nodes: lint on hypervisors and shapes (file and line), derived NIC MACs that DHCP
//! reserves and that are never written back, and the `libvirt` target's domain XML as
//! libvirt itself reads it: its RNG schema (`virt-xml-validate`), its test driver, and a
//! real session-mode libvirtd with the QEMU driver that the test starts (TCG).

use super::harness::{
    assert_code, chami, interop_program, node_yaml, run, stderr, stdout, TestInventory,
};
use super::libvirtd::Libvirtd;
use super::lint_rules::expect_lint;
use std::path::{Path, PathBuf};
use std::process::Command;

const FABRIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/fabric");

/// Hypervisor `hv` (node 2, 8 vCPUs, 16 GiB) and VM `vm` (node 3) on it with `shape`
/// lines added under `vm:` (lines 10 on), NIC on eth0, no MAC written.
pub(super) fn hv_and_vm(shape: &str) -> (String, String) {
    let hv = format!(
        "{}hypervisor:\n  vcpus: 8\n  memory_mib: 16384\n",
        node_yaml("hv", 2)
    );
    let vm = format!(
        "name: vm\nnid: 3\ninterfaces:\n- name: eth0\n  network: mgmt\n  ip: 10.0.0.3\n  boot: true\nvm:\n  host: hv\n{shape}"
    );
    (hv, vm)
}

const SMALL_VM: &str =
    "  vcpus: 2\n  memory_mib: 2048\n  disks:\n  - size_gib: 8\n  nics:\n  - interface: eth0\n";

// ---------------------------------------------------------------------------------------
// Lint.

#[test]
fn vm_on_an_unknown_or_plain_host_is_named() {
    let (_, vm) = hv_and_vm(SMALL_VM);
    let elsewhere = vm.replace("host: hv", "host: nosuch");
    expect_lint(
        &[("nodes/vm.yaml", &elsewhere)],
        "vm-host",
        &["nodes/vm.yaml:9:", "unknown hypervisor nosuch"],
    );
    let plain = node_yaml("hv", 2);
    expect_lint(
        &[("nodes/hv.yaml", &plain), ("nodes/vm.yaml", &vm)],
        "vm-host",
        &["nodes/vm.yaml:9:", "not a hypervisor", "hypervisor: {vcpus"],
    );
}

#[test]
fn over_committed_hypervisor_is_named() {
    let (hv, vm) = hv_and_vm(SMALL_VM);
    let big = vm
        .replace("name: vm\nnid: 3", "name: vm2\nnid: 4")
        .replace("10.0.0.3", "10.0.0.4")
        .replace("vcpus: 2", "vcpus: 7");
    expect_lint(
        &[
            ("nodes/hv.yaml", &hv),
            ("nodes/vm.yaml", &vm),
            ("nodes/vm2.yaml", &big),
        ],
        "vm-overcommit",
        &[
            "nodes/hv.yaml:10:",
            "hypervisor hv is over-committed",
            "(vm, vm2) take 9 vcpus, it has 8",
        ],
    );
}

#[test]
fn bad_vm_shapes_are_named() {
    let (hv, _) = hv_and_vm("");
    for (shape, needles) in [
        (
            "  vcpus: 0\n  memory_mib: 2048\n",
            &["nodes/vm.yaml:10:", "0 vcpus"][..],
        ),
        (
            "  vcpus: 1\n  memory_mib: 2048\n  nics:\n  - interface: eth9\n",
            &[
                "nodes/vm.yaml:13:",
                "interface eth9, which the node does not have",
            ],
        ),
        (
            "  vcpus: 1\n  memory_mib: 2048\n  nics:\n  - interface: eth0\n",
            &["VM vm boots from disk but has no disk"],
        ),
    ] {
        let (_, vm) = hv_and_vm(shape);
        expect_lint(
            &[("nodes/hv.yaml", &hv), ("nodes/vm.yaml", &vm)],
            "vm-shape",
            needles,
        );
    }
}

#[test]
fn vm_uuid_that_libvirt_would_refuse_is_named() {
    let (hv, vm) = hv_and_vm(SMALL_VM);
    let vm = format!("{vm}hardware:\n  uuid: not-a-uuid\n");
    expect_lint(
        &[("nodes/hv.yaml", &hv), ("nodes/vm.yaml", &vm)],
        "vm-shape",
        &[
            "nodes/vm.yaml:17:",
            "hardware.uuid `not-a-uuid` is not a UUID",
        ],
    );
}

#[test]
fn derived_mac_is_reserved_and_never_written_back() {
    let inv = TestInventory::new();
    let (hv, vm) = hv_and_vm(SMALL_VM);
    inv.write("nodes/hv.yaml", &hv).write("nodes/vm.yaml", &vm);
    let mac = chami::inventory::model::derived_mac("vm", 0).to_string();
    assert!(mac.starts_with("52:54:00:"), "{mac}");
    let dhcp = inv.chami(&["dhcp-export", "--format", "dnsmasq"]);
    assert_code(&dhcp, 0);
    assert!(
        stdout(&dhcp).contains(&format!("dhcp-host={mac},10.0.0.3,vm")),
        "{}",
        stdout(&dhcp)
    );
    // A write through chami leaves the derived MAC out of the file.
    assert_code(&inv.chami(&["inventory", "set", "vm", "vars.x=1"]), 0);
    assert_code(&inv.chami(&["inventory", "fmt"]), 0);
    let text = inv.read("nodes/vm.yaml");
    assert!(!text.contains("52:54:00"), "{text}");
    // A second VM whose given MAC is another VM's derived one collides.
    let twin = vm
        .replace("name: vm\nnid: 3", "name: vm2\nnid: 4")
        .replace("10.0.0.3", "10.0.0.4")
        .replace("  network: mgmt", &format!("  mac: {mac}\n  network: mgmt"));
    expect_lint(
        &[
            ("nodes/hv.yaml", &hv),
            ("nodes/vm.yaml", &vm),
            ("nodes/vm2.yaml", &twin),
        ],
        "duplicate-mac",
        &[&mac],
    );
}

// ---------------------------------------------------------------------------------------
// The libvirt target.

/// `chami render libvirt -o DIR` in `inv`: the domain files, sorted.
pub(super) fn render_domains(inv: &Path, out: &Path) -> Vec<PathBuf> {
    let r = run(chami()
        .arg("-C")
        .arg(inv)
        .args(["render", "libvirt", "-o"])
        .arg(out));
    assert_code(&r, 0);
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.join("libvirt"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

#[test]
fn libvirt_domains_pass_libvirt_schema_and_parser() {
    let out = tempfile::tempdir().unwrap();
    let files = render_domains(Path::new(FABRIC), out.path());
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["vm01.xml", "vm02.xml"], "one file per VM node only");
    let vm01 = std::fs::read_to_string(&files[0]).unwrap();
    let mac = chami::inventory::model::derived_mac("vm01", 0).to_string();
    for want in [
        "<domain type=\"kvm\">",
        "<memory unit=\"MiB\">8192</memory>",
        "<vcpu>4</vcpu>",
        "<boot dev=\"network\"/>\n    <boot dev=\"hd\"/>",
        "<target dev=\"vda\" bus=\"virtio\"/>",
        &format!("<mac address=\"{mac}\"/>"),
        &format!(
            "<uuid>{}</uuid>",
            chami::inventory::model::derived_uuid("vm01")
        ),
        "<source bridge=\"br-mgmt\"/>",
        "qemu-img create -f qcow2 /var/lib/libvirt/images/vm01-0.qcow2 20G",
    ] {
        assert!(vm01.contains(want), "{want}\n{vm01}");
    }
    let vm02 = std::fs::read_to_string(&files[1]).unwrap();
    assert!(vm02.contains("<os firmware=\"efi\">"), "{vm02}");
    assert!(
        vm02.contains("<target dev=\"sda\" bus=\"scsi\"/>"),
        "{vm02}"
    );

    let test = "vms::libvirt_schema";
    let Some(validate) = interop_program(test, "virt-xml-validate") else {
        return;
    };
    let Some(virsh) = interop_program(test, "virsh") else {
        return;
    };
    for f in &files {
        let v = run(Command::new(&validate).arg(f).arg("domain"));
        assert!(
            v.status.success() && format!("{}{}", stdout(&v), stderr(&v)).contains("validates"),
            "{}: {}{}",
            f.display(),
            stdout(&v),
            stderr(&v)
        );
        // libvirt's own parser, in its daemon-less test driver.
        let d = run(Command::new(&virsh)
            .args(["-c", "test:///default", "define"])
            .arg(f));
        assert!(d.status.success(), "{}: {}", f.display(), stderr(&d));
    }
    // The schema check can fail: a vCPU count that is no number is refused.
    let bad = out.path().join("bad.xml");
    std::fs::write(&bad, vm01.replace("<vcpu>4</vcpu>", "<vcpu>four</vcpu>")).unwrap();
    assert!(!run(Command::new(&validate).arg(&bad).arg("domain"))
        .status
        .success());
}

#[test]
fn libvirtd_defines_the_domains_chami_renders() {
    let test = "vms::libvirtd_defines";
    let Some(libvirtd) = interop_program(test, "libvirtd") else {
        return;
    };
    let Some(virsh) = interop_program(test, "virsh") else {
        return;
    };
    // Two TCG VMs (no KVM needed), BIOS and UEFI.
    let inv = TestInventory::new();
    let (hv, vm) = hv_and_vm(&format!("  accel: tcg\n{SMALL_VM}"));
    let uefi = vm
        .replace("name: vm\nnid: 3", "name: vmu\nnid: 4")
        .replace("10.0.0.3", "10.0.0.4")
        .replace("  accel: tcg\n", "  accel: tcg\n  firmware: uefi\n");
    inv.write("nodes/hv.yaml", &hv)
        .write("nodes/vm.yaml", &vm)
        .write("nodes/vmu.yaml", &uefi);
    let daemon = Libvirtd::start(&libvirtd);
    let out = tempfile::tempdir().unwrap();
    let files = render_domains(inv.path(), out.path());
    assert_eq!(files.len(), 2);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        daemon.define(&virsh, name, &std::fs::read_to_string(f).unwrap());
    }
    let list = daemon.virsh(&virsh, &["list", "--all", "--name"]);
    let names: Vec<&str> = std::str::from_utf8(&list.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(names, ["vm", "vmu"], "{}", stderr(&list));
    let xml = daemon.virsh(&virsh, &["dumpxml", "vm"]);
    let mac = chami::inventory::model::derived_mac("vm", 0).to_string();
    assert!(
        stdout(&xml).contains(&format!("<mac address='{mac}'/>")),
        "{}",
        stdout(&xml)
    );
}
