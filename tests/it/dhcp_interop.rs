//! `chami dhcp-export` against the real DHCP servers: each generated config passes the
//! server's own check, and each server, run from chami's config in a private network
//! namespace, hands a real DHCP client (busybox udhcpc) its reserved address and host
//! name, the TFTP boot file for PXE firmware by architecture, the HTTP script URL for
//! iPXE, and a dynamic address to an unknown MAC — or nothing when the network has no
//! dynamic range.

use crate::harness::{
    assert_code, interop_program, node_yaml, skip_or_fail, stdout, TestInventory, CLUSTER_YAML,
};
use crate::netns::{Lease, Link};
use std::path::{Path, PathBuf};
use std::process::Command;

/// n1 (10.0.0.11, 02:00:00:00:00:0b), n2 (10.0.0.12), and n3 disabled (10.0.0.13).
fn inventory(cluster: &str) -> TestInventory {
    let inv = TestInventory::empty();
    inv.write("cluster.yaml", cluster);
    inv.write("nodes/n1.yaml", &node_yaml("n1", 11));
    inv.write("nodes/n2.yaml", &node_yaml("n2", 12));
    inv.write(
        "nodes/n3.yaml",
        &format!("{}enabled: false\n", node_yaml("n3", 13)),
    );
    inv
}

/// The harness cluster without its dynamic range.
fn no_range_cluster() -> String {
    CLUSTER_YAML.replace(
        "  dynamic_range:\n    start: 10.0.0.200\n    end: 10.0.0.250\n",
        "",
    )
}

fn export(inv: &TestInventory, format: &str) -> String {
    let out = inv.chami(&["dhcp-export", "--format", format]);
    assert_code(&out, 0);
    stdout(&out)
}

/// Programs a live exchange needs: root (namespaces), `ip`, busybox and the server.
fn live_tools(test: &str, server: &str) -> Option<(PathBuf, PathBuf)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        skip_or_fail(test, "network namespaces need root");
        return None;
    }
    interop_program(test, "ip")?;
    let busybox = interop_program(test, "busybox")?;
    let server = interop_program(test, server)?;
    Some((busybox, server))
}

const PXE_BIOS: &[&str] = &["-x", "0x5d:0000"];
const PXE_EFI64: &[&str] = &["-x", "0x5d:0007"];
const PXE_EFI_BC: &[&str] = &["-x", "0x5d:0009"];
const PXE_ARM64: &[&str] = &["-x", "0x5d:000b"];
const IPXE_175: &[&str] = &["-x", "0xaf:01", "-x", "0x5d:0007"];
const IPXE_USER_CLASS: &[&str] = &["-x", "77:69505845"];

/// The checks every server must pass on the harness network (server at 10.0.0.1).
fn exchange(link: &Link, busybox: &Path, log: &str) {
    let get = |mac: &str, extra: &[&str]| -> Lease {
        link.dhcp(busybox, mac, extra, 5).unwrap_or_else(|| {
            panic!(
                "no lease for {mac} {extra:?}\n--- server log\n{}",
                link.server_log(log)
            )
        })
    };
    let plain = get("02:00:00:00:00:0b", &[]);
    assert_eq!(plain.ip, "10.0.0.11", "{plain:?}");
    assert_eq!(plain.hostname, "n1", "{plain:?}");
    assert_eq!(
        plain.boot_file, "",
        "no boot file for a client that does not boot"
    );

    let bios = get("02:00:00:00:00:0b", PXE_BIOS);
    assert_eq!(bios.ip, "10.0.0.11");
    assert_eq!(bios.boot_file, "undionly.kpxe", "{bios:?}");
    assert_eq!(bios.siaddr, "10.0.0.1", "{bios:?}");

    let efi = get("02:00:00:00:00:0c", PXE_EFI64);
    assert_eq!(efi.ip, "10.0.0.12");
    assert_eq!(efi.hostname, "n2", "{efi:?}");
    assert_eq!(efi.boot_file, "ipxe.efi", "{efi:?}");
    assert_eq!(efi.siaddr, "10.0.0.1", "{efi:?}");
    let efi_bc = get("02:00:00:00:00:0c", PXE_EFI_BC);
    assert_eq!(efi_bc.boot_file, "ipxe.efi", "{efi_bc:?}");
    let arm = get("02:00:00:00:00:0c", PXE_ARM64);
    assert_eq!(arm.boot_file, "ipxe-arm64.efi", "{arm:?}");
    assert_eq!(arm.siaddr, "10.0.0.1", "{arm:?}");

    let ipxe = get("02:00:00:00:00:0b", IPXE_175);
    assert_eq!(
        ipxe.boot_file, "http://10.0.0.1:8080/default.ipxe",
        "{ipxe:?}"
    );
    let ipxe = get("02:00:00:00:00:0c", IPXE_USER_CLASS);
    assert_eq!(
        ipxe.boot_file, "http://10.0.0.1:8080/default.ipxe",
        "{ipxe:?}"
    );

    // A machine not in the inventory yet network-boots too (bootgen's unknown.ipxe).
    let newcomer = get("02:aa:00:00:00:03", PXE_BIOS);
    assert_eq!(newcomer.boot_file, "undionly.kpxe", "{newcomer:?}");
    assert!(newcomer.ip.starts_with("10.0.0.2"), "{newcomer:?}");

    // An unknown MAC, and the disabled node's MAC, get an address from the range.
    for mac in ["02:aa:00:00:00:01", "02:00:00:00:00:0d"] {
        let dynamic = get(mac, &[]);
        let last: u8 = dynamic.ip.rsplit('.').next().unwrap().parse().unwrap();
        assert!(
            dynamic.ip.starts_with("10.0.0.") && (200..=250).contains(&last),
            "{mac}: {dynamic:?}"
        );
    }
}

/// With no dynamic range, an unknown MAC gets nothing while a known one still does.
fn no_lease_for_unknown(link: &Link, busybox: &Path, log: &str) {
    assert_eq!(
        link.dhcp(busybox, "02:00:00:00:00:0b", &[], 5)
            .unwrap_or_else(|| panic!("no lease for n1\n{}", link.server_log(log)))
            .ip,
        "10.0.0.11"
    );
    assert_eq!(link.dhcp(busybox, "02:aa:00:00:00:02", &[], 2), None);
}

fn start_dnsmasq(link: &mut Link, dnsmasq: &Path, export: &str) {
    std::fs::write(link.path("chami.conf"), export).unwrap();
    let main = format!(
        "port=0\nno-resolv\nno-hosts\ninterface={}\nbind-interfaces\ndhcp-leasefile={}\nconf-file={}\n",
        link.server_if,
        link.path("leases").display(),
        link.path("chami.conf").display()
    );
    std::fs::write(link.path("dnsmasq.conf"), main).unwrap();
    let conf = link.path("dnsmasq.conf");
    let pid = link.path("dnsmasq.pid");
    link.start_server(
        "dnsmasq",
        dnsmasq,
        &[
            "-k",
            "--log-dhcp",
            "--user=root",
            &format!("--conf-file={}", conf.display()),
            &format!("--pid-file={}", pid.display()),
        ],
        &[],
    );
}

#[test]
fn dnsmasq_serves_reservations_boot_chain_and_range() {
    let test = "dnsmasq_serves_reservations_boot_chain_and_range";
    let Some((busybox, dnsmasq)) = live_tools(test, "dnsmasq") else {
        return;
    };
    let inv = inventory(CLUSTER_YAML);
    let mut link = Link::new("10.0.0.1/24");
    start_dnsmasq(&mut link, &dnsmasq, &export(&inv, "dnsmasq"));
    exchange(&link, &busybox, "dnsmasq");
    drop(link);

    let inv = inventory(&no_range_cluster());
    let mut link = Link::new("10.0.0.1/24");
    start_dnsmasq(&mut link, &dnsmasq, &export(&inv, "dnsmasq"));
    no_lease_for_unknown(&link, &busybox, "dnsmasq");
}

fn start_kea(link: &mut Link, kea: &Path, export: &str) {
    let mut conf: serde_json::Value = serde_json::from_str(export).expect("Kea JSON");
    let d = &mut conf["Dhcp4"];
    d["interfaces-config"]["interfaces"] = serde_json::json!([link.server_if]);
    d["lease-database"] = serde_json::json!({"type": "memfile", "persist": false});
    let path = link.path("kea.json");
    std::fs::write(&path, serde_json::to_string_pretty(&conf).unwrap()).unwrap();
    let dir = link.dir.path().to_path_buf();
    link.start_server(
        "kea",
        kea,
        &["-c", path.to_str().unwrap()],
        &[("KEA_LOCKFILE_DIR", &dir), ("KEA_PIDFILE_DIR", &dir)],
    );
}

#[test]
fn kea_serves_reservations_boot_chain_and_range() {
    let test = "kea_serves_reservations_boot_chain_and_range";
    let Some((busybox, kea)) = live_tools(test, "kea-dhcp4") else {
        return;
    };
    let inv = inventory(CLUSTER_YAML);
    let mut link = Link::new("10.0.0.1/24");
    start_kea(&mut link, &kea, &export(&inv, "kea"));
    exchange(&link, &busybox, "kea");
    drop(link);

    let inv = inventory(&no_range_cluster());
    let mut link = Link::new("10.0.0.1/24");
    start_kea(&mut link, &kea, &export(&inv, "kea"));
    no_lease_for_unknown(&link, &busybox, "kea");
}

fn start_dhcpd(link: &mut Link, dhcpd: &Path, export: &str) {
    let conf = link.path("dhcpd.conf");
    std::fs::write(&conf, export).unwrap();
    let leases = link.path("dhcpd.leases");
    std::fs::write(&leases, "").unwrap();
    let pid = link.path("dhcpd.pid");
    let iface = link.server_if.clone();
    link.start_server(
        "dhcpd",
        dhcpd,
        &[
            "-4",
            "-f",
            "-d",
            "-cf",
            conf.to_str().unwrap(),
            "-lf",
            leases.to_str().unwrap(),
            "-pf",
            pid.to_str().unwrap(),
            &iface,
        ],
        &[],
    );
}

#[test]
fn isc_dhcpd_serves_reservations_boot_chain_and_range() {
    let test = "isc_dhcpd_serves_reservations_boot_chain_and_range";
    let Some((busybox, dhcpd)) = live_tools(test, "dhcpd") else {
        return;
    };
    let inv = inventory(CLUSTER_YAML);
    let mut link = Link::new("10.0.0.1/24");
    start_dhcpd(&mut link, &dhcpd, &export(&inv, "isc"));
    exchange(&link, &busybox, "dhcpd");
    drop(link);

    let inv = inventory(&no_range_cluster());
    let mut link = Link::new("10.0.0.1/24");
    start_dhcpd(&mut link, &dhcpd, &export(&inv, "isc"));
    no_lease_for_unknown(&link, &busybox, "dhcpd");
}

/// The configs of the example cluster and of the test inventory (with and without a
/// range) pass each server's own check.
#[test]
fn configs_pass_each_servers_check() {
    let test = "configs_pass_each_servers_check";
    let example = TestInventory::empty();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/small");
    let exported = |inv: &TestInventory, root: Option<&Path>, format: &str| {
        let out = match root {
            Some(r) => crate::harness::run(crate::harness::chami().arg("-C").arg(r).args([
                "dhcp-export",
                "--format",
                format,
            ])),
            None => inv.chami(&["dhcp-export", "--format", format]),
        };
        assert_code(&out, 0);
        stdout(&out)
    };
    let inventories = [
        (inventory(CLUSTER_YAML), None),
        (inventory(&no_range_cluster()), None),
        (example, Some(src.as_path())),
    ];
    let dir = tempfile::tempdir().unwrap();
    if let Some(dnsmasq) = interop_program(test, "dnsmasq") {
        for (inv, root) in &inventories {
            let f = dir.path().join("d.conf");
            std::fs::write(&f, exported(inv, *root, "dnsmasq")).unwrap();
            let out = crate::harness::run(
                Command::new(&dnsmasq)
                    .arg("--test")
                    .arg(format!("--conf-file={}", f.display())),
            );
            assert_code(&out, 0);
        }
    }
    if let Some(kea) = interop_program(test, "kea-dhcp4") {
        for (inv, root) in &inventories {
            let f = dir.path().join("k.json");
            std::fs::write(&f, exported(inv, *root, "kea")).unwrap();
            let out = crate::harness::run(
                Command::new(&kea)
                    .arg("-t")
                    .arg(&f)
                    .env("KEA_LOCKFILE_DIR", dir.path())
                    .env("KEA_PIDFILE_DIR", dir.path()),
            );
            assert_code(&out, 0);
        }
    }
    if let Some(dhcpd) = interop_program(test, "dhcpd") {
        for (inv, root) in &inventories {
            let f = dir.path().join("i.conf");
            std::fs::write(&f, exported(inv, *root, "isc")).unwrap();
            let out = crate::harness::run(Command::new(&dhcpd).args(["-t", "-q", "-cf"]).arg(&f));
            assert_code(&out, 0);
        }
    }
}

/// Kea's listening interface, control socket and logger from the inventory pass
/// `kea-dhcp4 -t`, and Kea does check them: an interface the host lacks fails.
#[test]
fn kea_interfaces_control_socket_and_logging_pass_kea_check() {
    let test = "kea_interfaces_control_socket_and_logging_pass_kea_check";
    let Some(kea) = interop_program(test, "kea-dhcp4") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cluster = format!(
        "{}dhcp:\n  control_socket: {}/kea4-ctrl-socket\n  log_output: {}/kea-dhcp4.log\n  \
         log_severity: DEBUG\n",
        CLUSTER_YAML.replace("  dhcp: true\n", "  dhcp: true\n  dhcp_interface: lo\n"),
        dir.path().display(),
        dir.path().display()
    );
    let config = export(&inventory(&cluster), "kea");
    let v: serde_json::Value = serde_json::from_str(&config).unwrap();
    let d = &v["Dhcp4"];
    assert_eq!(
        d["interfaces-config"]["interfaces"],
        serde_json::json!(["lo"])
    );
    assert_eq!(d["subnet4"][0]["interface"], "lo");
    assert_eq!(d["control-socket"]["socket-type"], "unix");
    assert_eq!(d["loggers"][0]["severity"], "DEBUG");
    let check = |text: &str| {
        let f = dir.path().join("k.json");
        std::fs::write(&f, text).unwrap();
        crate::harness::run(
            Command::new(&kea)
                .arg("-t")
                .arg(&f)
                .env("KEA_LOCKFILE_DIR", dir.path())
                .env("KEA_PIDFILE_DIR", dir.path()),
        )
    };
    assert_code(&check(&config), 0);
    // Kea does look: at the interfaces (they must exist on the host) and the logger.
    for (from, to) in [("\"lo\"", "\"nosuch9\""), ("output_options", "outputs")] {
        let broken = config.replace(from, to);
        assert_ne!(broken, config);
        let out = check(&broken);
        assert_ne!(
            out.status.code(),
            Some(0),
            "kea -t with {to}: {}",
            stdout(&out)
        );
    }
}

/// The harness cluster with two boot servers, 10.0.0.1:8080 then 10.0.0.2:8080.
fn replicas_cluster() -> String {
    CLUSTER_YAML.replace(
        "boot_server:\n  address: 10.0.0.1\n  http_port: 8080\n",
        "boot_servers:\n- {address: 10.0.0.1, http_port: 8080}\n- {address: 10.0.0.2, http_port: 8080}\n",
    )
}

/// `dhcp-export --boot-server` writes the config of the second replica's DHCP server:
/// each format names 10.0.0.2 (as number or address) and passes its server's check; a
/// server not in the list is a usage error that lists them.
#[test]
fn replica_configs_name_their_own_boot_server_and_pass_each_check() {
    let test = "replica_configs_name_their_own_boot_server_and_pass_each_check";
    let inv = inventory(&replicas_cluster());
    let dir = tempfile::tempdir().unwrap();
    for (format, program) in [
        ("dnsmasq", "dnsmasq"),
        ("kea", "kea-dhcp4"),
        ("isc", "dhcpd"),
    ] {
        let by_number = inv.chami(&["dhcp-export", "--format", format, "--boot-server", "2"]);
        assert_code(&by_number, 0);
        let config = stdout(&by_number);
        let by_address = inv.chami(&[
            "dhcp-export",
            "--format",
            format,
            "--boot-server",
            "10.0.0.2",
        ]);
        assert_eq!(stdout(&by_address), config);
        assert!(
            config.contains("http://10.0.0.2:8080/default.ipxe"),
            "{config}"
        );
        assert!(!config.contains("10.0.0.1:8080"), "{config}");
        assert_eq!(
            export(&inv, format),
            export(&inventory(CLUSTER_YAML), format)
        );
        let Some(path) = interop_program(test, program) else {
            continue;
        };
        let f = dir.path().join(format);
        std::fs::write(&f, &config).unwrap();
        let mut cmd = Command::new(&path);
        match format {
            "dnsmasq" => cmd
                .arg("--test")
                .arg(format!("--conf-file={}", f.display())),
            "kea" => cmd
                .arg("-t")
                .arg(&f)
                .env("KEA_LOCKFILE_DIR", dir.path())
                .env("KEA_PIDFILE_DIR", dir.path()),
            _ => cmd.args(["-t", "-q", "-cf"]).arg(&f),
        };
        assert_code(&crate::harness::run(&mut cmd), 0);
    }
    let out = inv.chami(&["dhcp-export", "--format", "kea", "--boot-server", "3"]);
    assert_code(&out, 2);
    let err = crate::harness::stderr(&out);
    assert!(
        err.contains("boot server `3` is not in cluster.yaml")
            && err.contains("1. 10.0.0.1 port 8080, 2. 10.0.0.2 port 8080"),
        "{err}"
    );
}

/// A live dnsmasq from the second replica's config sends PXE firmware to 10.0.0.2's
/// TFTP and iPXE to 10.0.0.2's default script.
#[test]
fn dnsmasq_of_a_replica_sends_clients_to_that_replica() {
    let test = "dnsmasq_of_a_replica_sends_clients_to_that_replica";
    let Some((busybox, dnsmasq)) = live_tools(test, "dnsmasq") else {
        return;
    };
    let inv = inventory(&replicas_cluster());
    let out = inv.chami(&["dhcp-export", "--format", "dnsmasq", "--boot-server", "2"]);
    assert_code(&out, 0);
    let mut link = Link::new("10.0.0.1/24");
    start_dnsmasq(&mut link, &dnsmasq, &stdout(&out));
    let get = |mac: &str, extra: &[&str]| -> Lease {
        link.dhcp(&busybox, mac, extra, 5)
            .unwrap_or_else(|| panic!("no lease\n{}", link.server_log("dnsmasq")))
    };
    let bios = get("02:00:00:00:00:0b", PXE_BIOS);
    assert_eq!(
        (bios.ip.as_str(), bios.siaddr.as_str()),
        ("10.0.0.11", "10.0.0.2"),
        "{bios:?}"
    );
    let ipxe = get("02:00:00:00:00:0b", IPXE_175);
    assert_eq!(
        ipxe.boot_file, "http://10.0.0.2:8080/default.ipxe",
        "{ipxe:?}"
    );
}
