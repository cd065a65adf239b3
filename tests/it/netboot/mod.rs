//! End to end: two virtual machines network-boot from nothing but an inventory folder and
//! chami's own outputs: `chami build` writes the boot tree, dnsmasq and two `chami serve`
//! replicas (cluster.yaml `boot_servers:` 10.77.0.1 then 10.77.0.2) run in a network
//! namespace of the test's own, and qemu boots one UEFI VM with an e1000 NIC (a node whose
//! profile is a kickstart installer; a busybox initramfs reports what it got) from the
//! first replica; then the first replica is killed (SIGKILL, by PID) and one BIOS VM with a
//! virtio NIC (a diskless node) boots all the same, through the failover of chami's iPXE
//! scripts, from the second: a Debian image built by `chami image build` from the test
//! inventory's recipe, whose live-boot initramfs fetches the squashfs root over HTTP, whose
//! systemd starts cloud-init, which reads chami's NoCloud seed and runs the group's
//! `runcmd`. dnsmasq runs the second replica's DHCP config (`dhcp-export --boot-server
//! 2`), as in an HA pair where the first replica's DHCP went down with it. Needs root,
//! qemu-system-x86, ovmf, ipxe-qemu, busybox-static, squashfs-tools, mmdebstrap, the Debian
//! archive (for the image, cached in `.cache/e2e-image/`) and a Debian kernel package (the
//! test command installs them); uses KVM when /dev/kvm opens; prints the serial, dnsmasq
//! and serve logs when it fails.

mod checks;
mod debian;
pub(super) mod guest;
mod lab;
mod vm;

use super::harness::{chami, interop_program, skip_or_fail, TestInventory};
use checks::{check, phases, served, text};
use lab::Lab;
use std::path::Path;
use std::time::{Duration, Instant};
use vm::{Firmware, Spec, Vm};

const SERVER: &str = "10.77.0.1";
/// The second boot server (replica), on the same bridge.
const SERVER2: &str = "10.77.0.2";
const PORT: u16 = 8080;

/// What a VM runs once its kernel is loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guest {
    /// The busybox initramfs of `guest.rs`, which prints `E2E …` lines and powers off.
    Busybox,
    /// The chami-built Debian image of `debian.rs`: live-boot, systemd, cloud-init.
    Debian,
}

/// The two nodes: name, MAC, reserved IP, profile, firmware, NIC, group marker.
struct Node {
    name: &'static str,
    mac: &'static str,
    ip: &'static str,
    profile: &'static str,
    firmware: Firmware,
    nic: &'static str,
    tap: &'static str,
    /// What only this node's group's user-data makes appear on a console.
    marker: &'static str,
    guest: Guest,
    /// The folder of its kernel, initrd (and root) under the boot server's `images/`.
    images: &'static str,
}

/// In boot order: svc01 boots while both replicas run, cn01 after the first is killed.
const NODES: [Node; 2] = [
    Node {
        name: "svc01",
        mac: "52:54:00:77:00:12",
        ip: "10.77.0.12",
        profile: "install",
        firmware: Firmware::Uefi,
        nic: "e1000",
        tap: "tap-svc01",
        marker: "e2e-service-fragment",
        guest: Guest::Busybox,
        images: "e2e",
    },
    Node {
        name: "cn01",
        mac: "52:54:00:77:00:11",
        ip: "10.77.0.11",
        profile: "diskless",
        firmware: Firmware::Bios,
        nic: "virtio-net-pci",
        tap: "tap-cn01",
        marker: "E2E RUNCMD",
        guest: Guest::Debian,
        images: debian::NAME,
    },
];

/// The image the diskless profile boots.
const IMAGE: &str = debian::NAME;

/// The diskless node's group: its `runcmd` prints [`checks::runcmd_line`] (hostname and
/// instance-id from the meta-data, the address from DHCP) and asks for the other node's
/// seed, which must be refused.
const COMPUTE: &str = r#"name: compute
members: cn01
cloud_init:
  user_data:
    runcmd:
    - echo "E2E RUNCMD host=$(hostname) instance=$(cat /var/lib/cloud/data/instance-id) addr=$(ip -4 -o addr show scope global | awk '{print $4}' | paste -sd,)"
    - |
      seed=$(sed -n 's/.*ds=nocloud-net;s=\([^ ]*\).*/\1/p' /proc/cmdline)
      other=${seed%cn01/}svc01/meta-data
      if python3 -c 'import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=10)' "$other" 2>/tmp/err
      then echo "E2E CROSS svc01 LEAKED"
      else echo "E2E CROSS svc01 refused: $(tail -n 1 /tmp/err)"
      fi
"#;

fn inventory() -> TestInventory {
    let inv = TestInventory::empty();
    inv.write(
        "cluster.yaml",
        &format!(
            "format: 1
name: e2e
domain: e2e.test
networks:
- name: boot
  cidr: 10.77.0.0/24
  gateway: {SERVER}
  dynamic_range: {{start: 10.77.0.200, end: 10.77.0.220}}
  dhcp: true
boot_servers:
- {{address: {SERVER}, http_port: {PORT}}}
- {{address: {SERVER2}, http_port: {PORT}}}
boot_profiles:
- name: diskless
  kind: diskless
  image: {IMAGE}
  params: console=ttyS0,115200 panic=1
- name: install
  kind: diskful
  kernel: images/e2e/vmlinuz
  initrd: images/e2e/initrd.img
  install: ks/e2e.ks
  installer: kickstart
  params: console=ttyS0,115200 panic=1
defaults:
  role: Compute
  arch: x86_64
  boot:
    profile: diskless
outputs:
- kind: bootgen
  path: out/boot
"
        ),
    );
    inv.write(&format!("images/{IMAGE}.yaml"), debian::RECIPE);
    inv.write("groups/compute.yaml", COMPUTE);
    inv.write(
        "groups/service.yaml",
        "name: service\nmembers: svc01\nboot:\n  profile: install\ncloud_init:\n  user_data:\n    runcmd:\n    - echo e2e-service-fragment\n",
    );
    for (i, n) in NODES.iter().enumerate() {
        inv.write(
            &format!("nodes/{}.yaml", n.name),
            &format!(
                "name: {}\nnid: {}\ninterfaces:\n- name: eth0\n  mac: {}\n  network: boot\n  ip: {}\n  boot: true\n",
                n.name,
                i + 1,
                n.mac,
                n.ip
            ),
        );
    }
    inv
}

/// Everything the test needs, or why it cannot run.
fn prerequisites() -> Option<(std::path::PathBuf, String)> {
    const TEST: &str = "netboot::two_vms_boot_from_chamis_outputs";
    if unsafe { libc::geteuid() } != 0 {
        skip_or_fail(TEST, "needs root (network namespaces, tap devices)");
        return None;
    }
    for program in [
        "qemu-system-x86_64",
        "dnsmasq",
        "mksquashfs",
        "mmdebstrap",
        "curl",
        "ip",
    ] {
        interop_program(TEST, program)?;
    }
    for file in [
        "/usr/share/OVMF/OVMF_CODE_4M.fd",
        "/usr/lib/ipxe/qemu/efi-virtio.rom",
        "/usr/lib/ipxe/qemu/efi-e1000.rom",
    ] {
        if !Path::new(file).exists() {
            skip_or_fail(
                TEST,
                &format!("{file} is missing (packages ovmf, ipxe-qemu)"),
            );
            return None;
        }
    }
    let busybox_static = std::process::Command::new("file")
        .args(["-L", "/bin/busybox"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("statically linked"));
    if !busybox_static {
        skip_or_fail(TEST, "/bin/busybox is not static (package busybox-static)");
        return None;
    }
    let kroot = guest::kernel_root();
    let Some(version) = guest::kernel_version(&kroot) else {
        skip_or_fail(
            TEST,
            &format!("no extracted Debian kernel package in {}", kroot.display()),
        );
        return None;
    };
    Some((kroot, version))
}

#[test]
fn two_vms_boot_from_chamis_outputs() {
    let Some((kroot, version)) = prerequisites() else {
        return;
    };
    let inv = inventory();
    let out = chami()
        .arg("-C")
        .arg(inv.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chami build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The second replica's DHCP config: it names itself.
    let chami_conf = inv.path().join("out/dnsmasq-chami.conf");
    let out = chami()
        .arg("-C")
        .arg(inv.path())
        .args([
            "dhcp-export",
            "--format",
            "dnsmasq",
            "--boot-server",
            "2",
            "-o",
        ])
        .arg(&chami_conf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chami dhcp-export: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The files chami serve hands out: the Debian image (built by chami, or from the
    // cache), the installer's kernel and busybox initramfs, and a kickstart.
    // Beside the inventory, in a folder of this run's own (removed at the end).
    let work = tempfile::tempdir().unwrap();
    let files = work.path().join("files");
    let (image, build_time) = debian::image(&inv);
    debian::install(&image, &files.join("images").join(IMAGE));
    eprintln!(
        "netboot: the {IMAGE} image {}",
        build_time.map_or("was up to date".to_string(), |t| format!(
            "was built in {:.0} s",
            t.as_secs_f64()
        ))
    );
    let names: Vec<&str> = NODES.iter().map(|n| n.name).collect();
    let scratch = work.path().join("guest");
    guest::build(
        &kroot,
        &version,
        &names,
        &scratch,
        &files.join("images/e2e"),
    );
    std::fs::create_dir_all(files.join("ks")).unwrap();
    std::fs::write(files.join("ks/e2e.ks"), "# chami e2e kickstart\ntext\n").unwrap();

    let taps: Vec<&str> = NODES.iter().map(|n| n.tap).collect();
    let mut lab = Lab::new(&format!("{SERVER}/24"), &taps);
    lab.add_address(&format!("{SERVER2}/24"));

    // dnsmasq: the site's part of the configuration (interface, logging, IPv6 RAs so that
    // iPXE does not wait for them) includes chami's generated DHCP file unchanged.
    let conf = lab.path("dnsmasq.conf");
    std::fs::write(
        &conf,
        format!(
            "port=0\ninterface=br0\nbind-interfaces\nenable-ra\ndhcp-range=::,constructor:br0,ra-only\n\
             log-dhcp\nlog-facility={}\ndhcp-leasefile={}\npid-file=\nconf-file={}\n",
            lab.path("dnsmasq.log").display(),
            lab.path("leases").display(),
            chami_conf.display()
        ),
    )
    .unwrap();
    let mut dnsmasq = lab.exec("dnsmasq");
    dnsmasq.args(["-k", "-u", "root", "-C"]).arg(&conf);
    lab.start("dnsmasq", dnsmasq);

    // One replica per boot server, same inventory and files.
    for (name, address) in [("serve", SERVER), ("serve2", SERVER2)] {
        let mut serve = lab.exec(env!("CARGO_BIN_EXE_chami"));
        serve
            .env("CHAMI_CACHE", "off")
            .arg("-C")
            .arg(inv.path())
            .args([
                "serve",
                "--no-watch",
                "--listen",
                &format!("{address}:{PORT}"),
                "--files",
            ])
            .arg(&files);
        lab.start(name, serve);
        lab.wait_http(&format!("http://{address}:{PORT}/healthz"), name);
    }

    // The script both replicas answer is the one bootgen wrote.
    for n in &NODES {
        let mac = n.mac.replace(':', "-");
        for address in [SERVER, SERVER2] {
            let served = lab
                .exec("curl")
                .args(["-sf", &format!("http://{address}:{PORT}/ipxe/{mac}.ipxe")])
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&served.stdout),
                inv.read(&format!("out/boot/ipxe/{mac}.ipxe")),
                "serve on {address} and bootgen disagree on {}",
                n.name
            );
        }
    }

    let disk = lab.path("svc01-disk.img");
    std::fs::File::create(&disk)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let accel = vm::accel(&image.join("vmlinuz"));
    // A Debian boot with systemd takes seconds under KVM, minutes under emulation.
    let vm_limit = Duration::from_secs(if accel == "kvm" { 300 } else { 900 });
    eprintln!("netboot: qemu runs with -accel {accel}");
    let started = Instant::now();
    let mut problems = Vec::new();
    let mut vms: Vec<Vm> = Vec::new();
    for (i, n) in NODES.iter().enumerate() {
        let server = if i == 0 { SERVER } else { SERVER2 };
        if i == 1 {
            // The first replica dies before the second VM boots.
            lab.kill("serve");
            let refused = lab
                .exec("curl")
                .args(["-s", "-o", "/dev/null", "--max-time", "5"])
                .arg(format!("http://{SERVER}:{PORT}/healthz"))
                .status()
                .unwrap();
            assert!(!refused.success(), "the first replica still answers");
        }
        let spec = Spec {
            name: n.name,
            firmware: n.firmware,
            nic: n.nic,
            mac: n.mac,
            tap: n.tap,
            disk: (n.profile == "install").then_some(disk.as_path()),
            accel,
        };
        let vm_started = Instant::now();
        let mut vm = Vm::start(&lab, &spec, lab.dir.path());
        let deadline = vm_started + vm_limit;
        match n.guest {
            Guest::Busybox if !vm.wait(deadline) => problems.push(format!(
                "{}: did not power off within {} s",
                vm.name,
                vm_limit.as_secs()
            )),
            Guest::Debian => {
                // cloud-init's final stage prints its "finished" line last; then the VM
                // has done all the test asks of it.
                if !vm.wait_for(checks::FINISHED, deadline) {
                    problems.push(format!(
                        "{}: cloud-init did not finish within {} s",
                        vm.name,
                        vm_limit.as_secs()
                    ));
                }
                vm.kill();
                let log = lab.log(if server == SERVER {
                    "serve.log"
                } else {
                    "serve2.log"
                });
                for path in [
                    format!("/images/{}/rootfs.squashfs", n.images),
                    format!("/cloud-init/{}/user-data", n.name),
                ] {
                    if !served(&log, n.ip, &path) {
                        problems.push(format!(
                            "{}: {server} did not serve {path} to {} (live-boot, cloud-init)",
                            n.name, n.ip
                        ));
                    }
                }
            }
            Guest::Busybox => {}
        }
        let lines = vm.lines();
        problems.extend(check(n, &NODES[1 - i], server, &lines));
        eprintln!("--- {} serial console ---\n{}", vm.name, text(&lines));
        eprintln!("phases (s since qemu start) {}", phases(&lines, n));
        vms.push(vm);
    }
    let leases = lab.log("leases");
    for n in &NODES {
        if !leases.contains(&format!("{} {} {}", n.mac, n.ip, n.name)) {
            problems.push(format!(
                "dnsmasq leases have no {} {} {}",
                n.mac, n.ip, n.name
            ));
        }
    }
    if !problems.is_empty() {
        let mut report = format!("network boot failed:\n  {}\n", problems.join("\n  "));
        for vm in &vms {
            let (name, log) = (&vm.name, vm.log.display());
            report += &format!(
                "\n--- {name} serial console (was {log}) ---\n{}",
                text(&vm.lines())
            );
        }
        report += &format!("\n--- dnsmasq log ---\n{}", lab.log("dnsmasq.log"));
        for name in ["serve", "serve2"] {
            report += &format!("\n--- {name} log ---\n{}", lab.log(&format!("{name}.log")));
        }
        panic!("{report}");
    }
    drop(vms);
    eprintln!(
        "both VMs booted, one after the other, in {:.1} s (qemu -accel {accel})",
        started.elapsed().as_secs_f64()
    );
}
