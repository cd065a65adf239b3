//! VMs powered and discovered through Redfish like bare metal: a session libvirtd the
//! test starts (QEMU driver, TCG) holds two VMs defined from chami's `libvirt` target,
//! sushy-tools serves them with its libvirt driver, and both VM nodes have the emulator
//! as their `bmc:`. `bmc power` finds each VM's system by the UUID chami gave its domain;
//! `discover collect --write` merges the systems into the VM records, adding no node.

use super::harness::{
    assert_code, free_port, interop_program, run, skip_or_fail, stderr, stdout, venv_program,
    TestInventory, CLUSTER_YAML,
};
use super::libvirtd::Libvirtd;
use super::redfish_interop::{lines, Sushy};
use super::vms::{hv_and_vm, render_domains};
use chami::inventory::model::{derived_mac, derived_uuid};
use std::path::PathBuf;
use std::process::Command;

/// Two TCG VMs, network boot only (no disk to create), one NIC each.
const TINY_VM: &str = "  accel: tcg\n  vcpus: 1\n  memory_mib: 128\n  boot: [network]\n  nics:\n  - interface: eth0\n";

/// The inventory: BMC network 127.0.0.0/8, hypervisor `hv`, VMs `vm` and `vm2` whose
/// `bmc:` is the emulator `hv-emu` on 127.0.0.1:`port`.
fn inventory(port: u16) -> TestInventory {
    let inv = TestInventory::new();
    let cluster = CLUSTER_YAML.replace(
        "cidr: 10.1.0.0/24\n  gateway: 10.1.0.1\n",
        "cidr: 127.0.0.0/8\n",
    );
    assert_ne!(cluster, CLUSTER_YAML);
    let (hv, vm) = hv_and_vm(TINY_VM);
    let vm = format!("{vm}bmc: hv-emu\n");
    let vm2 = vm
        .replace("name: vm\nnid: 3", "name: vm2\nnid: 4")
        .replace("10.0.0.3", "10.0.0.4");
    inv.write("cluster.yaml", &cluster)
        .write("nodes/hv.yaml", &hv)
        .write("nodes/vm.yaml", &vm)
        .write("nodes/vm2.yaml", &vm2)
        .write(
            "bmcs/hv-emu.yaml",
            &format!("name: hv-emu\nnetwork: bmc\nip: 127.0.0.1\nport: {port}\n"),
        );
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    inv
}

/// The domain XML as rendered, with its NIC on QEMU's user-mode network: an unprivileged
/// session daemon has neither the hypervisor's bridge nor its libvirt network.
fn user_mode_nic(xml: &str, network: &str) -> String {
    let source = format!("      <source network=\"{network}\"/>\n");
    assert!(xml.contains(&source), "{xml}");
    xml.replace("<interface type=\"network\">", "<interface type=\"user\">")
        .replace(&source, "")
}

fn files_in(inv: &TestInventory, dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(inv.path().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// sushy-emulator from the venv, when its Python has the `libvirt` module its libvirt
/// driver needs; else `None` through [`skip_or_fail`].
fn sushy_with_libvirt(test: &str) -> Option<PathBuf> {
    let emulator = venv_program(test, "sushy-emulator")?;
    let python = emulator.with_file_name("python3");
    let import = run(Command::new(&python).args(["-c", "import libvirt"]));
    if !import.status.success() {
        skip_or_fail(
            test,
            &format!(
                "{} has no `libvirt` module for sushy-tools' libvirt driver ({})",
                python.display(),
                stderr(&import).trim()
            ),
        );
        return None;
    }
    Some(emulator)
}

#[test]
fn vms_power_on_off_and_are_discovered_through_sushy_libvirt() {
    let test = "vm_redfish::power_and_discovery";
    let Some(libvirtd) = interop_program(test, "libvirtd") else {
        return;
    };
    let Some(virsh) = interop_program(test, "virsh") else {
        return;
    };
    let Some(emulator) = sushy_with_libvirt(test) else {
        return;
    };
    let port = free_port();
    let inv = inventory(port);
    let daemon = Libvirtd::start(&libvirtd);
    let out = tempfile::tempdir().unwrap();
    for f in render_domains(inv.path(), out.path()) {
        let xml = user_mode_nic(&std::fs::read_to_string(&f).unwrap(), "mgmt");
        daemon.define(&virsh, f.file_name().unwrap().to_str().unwrap(), &xml);
    }
    let scratch = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(&emulator);
    cmd.env("TMPDIR", scratch.path())
        .args(["--libvirt-uri", &daemon.uri(), "--interface", "127.0.0.1"])
        .args(["--port", &port.to_string()]);
    let _sushy = Sushy::spawn(cmd, scratch.path(), port);

    let domstate = |vm: &str| {
        stdout(&daemon.virsh(&virsh, &["domstate", vm]))
            .trim()
            .to_string()
    };
    // on and off --wait: the domain is in the state by the time chami returns.
    let power = |action: &str, vm: &str| -> serde_json::Value {
        let mut args = vec!["bmc", "power", action, vm, "--http"];
        if action != "status" {
            args.extend(["--wait", "--poll", "200ms", "--wait-timeout", "60s"]);
        }
        let out = inv.chami(&args);
        assert_code(&out, 0);
        lines(&out).remove(0)
    };
    let status = |vm: &str| {
        power("status", vm)["power_state"]
            .as_str()
            .unwrap()
            .to_string()
    };

    // Power: each VM's own system among the emulator's two, by the UUID in its domain.
    assert_eq!(
        (domstate("vm"), domstate("vm2")),
        ("shut off".into(), "shut off".into())
    );
    assert_eq!(status("vm"), "Off");
    let on = power("on", "vm");
    assert_eq!(on["reached"], "On", "{on}");
    assert_eq!(
        on["system"],
        format!("/redfish/v1/Systems/{}", derived_uuid("vm")),
        "{on}"
    );
    assert_eq!(
        (domstate("vm"), domstate("vm2")),
        ("running".into(), "shut off".into())
    );
    assert_eq!(status("vm"), "On");
    assert_eq!(status("vm2"), "Off");
    let off = power("off", "vm");
    assert_eq!(off["reached"], "Off", "{off}");
    assert_eq!(domstate("vm"), "shut off");
    assert_eq!(status("vm"), "Off");

    // Discovery: the two systems, each with the UUID and derived MAC chami gave it.
    let url = format!("http://127.0.0.1:{port}");
    let out = inv.chami(&["discover", "collect", "--http", &url]);
    assert_code(&out, 0);
    let rec = lines(&out).remove(0);
    let found = crate::redfish_interop::uuids_and_first_macs(&rec);
    let mut want: Vec<(String, String)> = ["vm", "vm2"]
        .iter()
        .map(|v| (derived_uuid(v), derived_mac(v, 0).to_string()))
        .collect();
    want.sort();
    assert_eq!(found, want, "{rec}");

    // --write merges them into the VM records: no stray node or BMC, the UUID recorded,
    // the derived MAC still left out of the file.
    let out = inv.chami(&["discover", "collect", "--write", "--http", &url]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("0 new BMC(s) and 0 new node(s)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files_in(&inv, "nodes"), ["hv.yaml", "vm.yaml", "vm2.yaml"]);
    assert_eq!(files_in(&inv, "bmcs"), ["hv-emu.yaml"]);
    for vm in ["vm", "vm2"] {
        let text = inv.read(&format!("nodes/{vm}.yaml"));
        assert!(
            text.contains(&format!("uuid: {}", derived_uuid(vm))),
            "{text}"
        );
        assert!(!text.contains("52:54:00"), "{text}");
    }
    assert_code(&inv.chami(&["inventory", "lint"]), 0);
    // Still its own system after the merge.
    assert_eq!(power("on", "vm2")["reached"], "On");
    assert_eq!(
        (domstate("vm"), domstate("vm2")),
        ("shut off".into(), "running".into())
    );
    assert_eq!(power("off", "vm2")["reached"], "Off");
}

/// The whole loop, in scripts/vm-netboot.sh (also run by hand): a VM defined from the
/// libvirt target in a session libvirtd inside a network namespace, powered on with
/// `chami bmc power on` through sushy-tools, network-boots from chami's DHCP config and
/// boot tree (dnsmasq, `chami serve`) to a marker on its console, then powered off.
#[test]
fn a_vm_network_boots_from_chamis_outputs_through_libvirt() {
    let test = "vm_redfish::network_boot";
    if unsafe { libc::geteuid() } != 0 {
        skip_or_fail(test, "needs root (network namespace, tap device)");
        return;
    }
    for p in [
        "libvirtd",
        "virsh",
        "qemu-system-x86_64",
        "dnsmasq",
        "busybox",
        "curl",
    ] {
        if interop_program(test, p).is_none() {
            return;
        }
    }
    let Some(emulator) = sushy_with_libvirt(test) else {
        return;
    };
    let kernels = super::netboot::guest::kernel_root().join("boot");
    if !std::fs::read_dir(&kernels).is_ok_and(|mut d| {
        d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("vmlinuz-")))
    }) {
        skip_or_fail(test, &format!("no kernel in {}", kernels.display()));
        return;
    }
    let path = std::env::join_paths(
        std::iter::once(emulator.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let out = run(Command::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scripts/vm-netboot.sh"
    ))
    .env("CHAMI", env!("CARGO_BIN_EXE_chami"))
    .env("PATH", path)
    .env(
        "CHAMI_E2E_KERNEL_ROOT",
        super::netboot::guest::kernel_root(),
    )
    .arg("240"));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{all}");
    for want in [
        "chami bmc power on vm01: running",
        "vm01 booted: VMNB-BOOTED",
        "chami.node=vm01",
        "chami bmc power off vm01: shut off",
    ] {
        assert!(all.contains(want), "{want}\n{all}");
    }
    eprintln!("{all}");
}
