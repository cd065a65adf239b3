//! What the installer node boots: a Debian kernel (from the package the test command
//! downloads) and an initramfs of busybox and the few modules its NIC and disk need. Its
//! scripts print `E2E …` lines on the serial console for the test to read. (The diskless
//! node boots a chami-built Debian image instead: see `debian.rs`.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// Modules loaded by /init, in dependency order (all are `=m` in Debian's kernel).
const MODULES: &[&str] = &[
    "drivers/virtio/virtio_ring",
    "drivers/virtio/virtio",
    "drivers/virtio/virtio_pci_modern_dev",
    "drivers/virtio/virtio_pci_legacy_dev",
    "drivers/virtio/virtio_pci",
    "drivers/net/ethernet/intel/e1000/e1000",
    "drivers/block/virtio_blk",
];

/// The initramfs's /init: NIC up, DHCP, then `inst.ks=URL` (an installer profile): fetches
/// the kickstart and looks for a disk to install to.
const INIT: &str = r#"#!/bin/busybox sh
/bin/busybox --install -s /bin; export PATH=/bin
mount -t devtmpfs dev /dev; exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc; mount -t sysfs sys /sys
up() { cut -d' ' -f1 /proc/uptime; }
echo "E2E INIT-START uptime=$(up)"
for m in /lib/modules/*.ko; do insmod $m 2>/dev/null || echo "E2E insmod $m failed"; done
n=0; while [ ! -e /sys/class/net/eth0 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done
ip link set lo up; ip link set eth0 up
udhcpc -i eth0 -s /bin/e2e-dhcp-hook -n -q -t 10 -T 2 || echo "E2E DHCP-FAILED"
KS=$(sed -n 's/.*inst\.ks=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$KS" ]; then
  echo "E2E INSTALLER ks=$KS"
  timeout 10 wget -q -O - "$KS" | sed 's/^/E2E KS /'
  for b in /sys/block/vd* /sys/block/sd*; do
    [ -e "$b" ] || continue
    d=${b##*/}
    if [ -n "$(head -c 512 /dev/$d | tr -d '\0')" ]; then s=not-empty; else s=empty; fi
    echo "E2E INSTALLER disk=$d sectors=$(cat $b/size) $s: nothing to install in this test"
  done
fi
/bin/e2e-report
"#;

/// udhcpc's hook: sets the address and says what it got.
const DHCP_HOOK: &str = r#"#!/bin/sh
case "$1" in bound|renew)
  ip addr add $ip/$mask dev $interface
  [ -n "$router" ] && ip route add default via ${router%% *}
  echo "E2E DHCP-OK ip=$ip/$mask hostname=$hostname server=$serverid uptime=$(cut -d' ' -f1 /proc/uptime)";;
esac
"#;

/// Fetches this node's NoCloud seed from the `ds=` URL the boot script gave, tries every
/// other node's seed (which must be refused), powers off.
const REPORT: &str = r#"#!/bin/sh
export PATH=/bin
NODE=$(sed -n 's/.*chami\.node=\([^ ]*\).*/\1/p' /proc/cmdline)
SEED=$(sed -n 's/.*ds=nocloud-net;s=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "E2E NODE $NODE seed=$SEED"
for f in meta-data user-data; do
  timeout 10 wget -q -O /tmp/$f "${SEED}$f" || echo "E2E SEED-FAILED $f"
  sed "s/^/E2E $f: /" /tmp/$f
done
BASE=${SEED%$NODE/}
for other in $(cat /etc/e2e-nodes); do
  [ "$other" = "$NODE" ] && continue
  if timeout 10 wget -q -O /tmp/other "${BASE}$other/meta-data" 2>/tmp/err; then
    echo "E2E CROSS $other LEAKED: $(tr '\n' ' ' < /tmp/other)"
  else
    echo "E2E CROSS $other refused: $(tr '\n' ' ' < /tmp/err)"
  fi
done
echo "E2E DONE uptime=$(cut -d' ' -f1 /proc/uptime)"
sync; poweroff -f
"#;

/// The extracted kernel package: `.cache/e2e-kernel/root` in the repository (made by the
/// test command), or `$CHAMI_E2E_KERNEL_ROOT`.
pub fn kernel_root() -> PathBuf {
    std::env::var_os("CHAMI_E2E_KERNEL_ROOT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/e2e-kernel/root"),
        PathBuf::from,
    )
}

/// The kernel version found under `root/lib/modules`, if any.
pub fn kernel_version(root: &Path) -> Option<String> {
    let dir = std::fs::read_dir(root.join("lib/modules")).ok()?;
    dir.flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|v| root.join(format!("boot/vmlinuz-{v}")).is_file())
}

fn write_exec(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn sh(script: &str) {
    let out = Command::new("sh").args(["-ec", script]).output().unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A busybox tree at `dir` with the scripts and the node list.
fn busybox_tree(dir: &Path, busybox: &Path, nodes: &[&str]) {
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::fs::copy(busybox, dir.join("bin/busybox")).unwrap();
    for d in ["dev", "proc", "sys", "tmp", "etc"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    write_exec(&dir.join("bin/e2e-report"), REPORT);
    write_exec(&dir.join("bin/e2e-dhcp-hook"), DHCP_HOOK);
    std::fs::write(dir.join("etc/e2e-nodes"), nodes.join("\n") + "\n").unwrap();
}

/// Writes `vmlinuz` and `initrd.img` into `out`. `work` is scratch space.
pub fn build(kroot: &Path, version: &str, nodes: &[&str], work: &Path, out: &Path) {
    std::fs::create_dir_all(out).unwrap();
    std::fs::copy(
        kroot.join(format!("boot/vmlinuz-{version}")),
        out.join("vmlinuz"),
    )
    .unwrap();
    let busybox = Path::new("/bin/busybox");

    let rd = work.join("initramfs");
    busybox_tree(&rd, busybox, nodes);
    std::fs::create_dir_all(rd.join("lib/modules")).unwrap();
    let kernel = kroot.join(format!("lib/modules/{version}/kernel"));
    for (i, m) in MODULES.iter().enumerate() {
        let name = Path::new(m).file_name().unwrap().to_string_lossy();
        std::fs::copy(
            kernel.join(format!("{m}.ko")),
            rd.join(format!("lib/modules/{:02}-{name}.ko", 10 + i)),
        )
        .unwrap_or_else(|e| panic!("module {m}: {e}"));
    }
    write_exec(&rd.join("init"), INIT);
    sh(&format!(
        "cd '{}' && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1 > '{}'",
        rd.display(),
        out.join("initrd.img").display()
    ));
}
