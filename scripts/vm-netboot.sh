#!/usr/bin/env bash
# A VM network-boots from chami's outputs, through libvirt and Redfish, end to end
# (issue 25; about 50 s under TCG):
#   a temporary inventory with a hypervisor and one TCG VM whose bmc is a sushy-tools
#   emulator; `chami build` (boot tree) and `chami dhcp-export` (dnsmasq); a network
#   namespace with a bridge, dnsmasq and `chami serve`; a session libvirtd (as nobody)
#   inside the namespace; the VM defined from `chami render libvirt`; sushy-emulator
#   (libvirt driver) on 127.0.0.1; `chami bmc power on`; the VM gets its DHCP reservation,
#   iPXE fetches chami's script, kernel and initrd, and its init prints a marker on the
#   serial console; `chami bmc power off`.
# Needs root (network namespace, tap), the packages and venv of scripts/test-all.sh
# (libvirt-daemon, qemu, ipxe-qemu, dnsmasq, busybox-static, sushy-tools and
# libvirt-python in .venv) and the Debian kernel it downloads into .cache/e2e-kernel
# (or $CHAMI_E2E_KERNEL_ROOT, as for tests/it/netboot). tests/it/vm_redfish.rs runs it.
# Changes nothing outside its temporary folder: the namespace is removed at exit, and
# /dev/net/tun is opened by the unprivileged qemu through a 0666 copy of the device node
# bind-mounted in a private mount namespace (the host's node keeps its mode).
# Usage: scripts/vm-netboot.sh [seconds to wait for the boot, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIMIT=${1:-300}
CHAMI=${CHAMI:-$ROOT/target/debug/chami}
export PATH="$ROOT/.venv/bin:$PATH"

die() { echo "vm-netboot: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespace, tap device)"
[ -x "$CHAMI" ] || die "no $CHAMI: run cargo build (or set CHAMI=)"
command -v sushy-emulator > /dev/null || die "no sushy-emulator: run scripts/test-all.sh"
python3=$(dirname "$(command -v sushy-emulator)")/python3
"$python3" -c 'import libvirt' 2> /dev/null || die "no libvirt module in sushy-emulator's venv: run scripts/test-all.sh"
kroot=${CHAMI_E2E_KERNEL_ROOT:-$ROOT/.cache/e2e-kernel/root}
kernel=$(ls "$kroot"/boot/vmlinuz-* 2> /dev/null | head -n 1)
[ -n "$kernel" ] || die "no kernel in $kroot/boot: run scripts/test-all.sh once"

W=$(mktemp -d /tmp/chami-vmnb.XXXXXX)
chmod 0711 "$W" # libvirtd (nobody) reaches its folder below
NS=chami-vmnb-$$
PIDS=()
URI=
cleanup() {
  # A session daemon's VMs outlive it: stop the VM first.
  [ -z "$URI" ] || virsh -q -c "$URI" destroy vm01 > /dev/null 2>&1 || true
  for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
  # Whatever else still runs in this script's own namespace (its processes only).
  for p in $(ip netns pids "$NS" 2> /dev/null); do kill "$p" 2> /dev/null || true; done
  ip netns del "$NS" 2> /dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MAC=52:54:00:7e:00:01 # given, so that the log lines are easy to find
step() { awk -v now="$(date +%s.%N)" -v t0="$T0" -v what="$*" 'BEGIN { printf "%6.1f s  %s\n", now - t0, what }'; }
T0=$(date +%s.%N)

# The inventory.
inv=$W/inv
mkdir -p "$inv/nodes" "$inv/bmcs"
cat > "$inv/cluster.yaml" << EOF
format: 1
name: vmnb
domain: vmnb.test
networks:
- {name: boot, cidr: 10.78.0.0/24, gateway: 10.78.0.1, dhcp: true, dynamic_range: {start: 10.78.0.200, end: 10.78.0.220}}
- {name: bmc, cidr: 127.0.0.0/8}
boot_servers:
- {address: 10.78.0.1, http_port: 8080}
boot_profiles:
- name: install
  kind: diskful
  kernel: images/vmnb/vmlinuz
  initrd: images/vmnb/initrd.img
  install: ks/vmnb.ks
  installer: kickstart
  params: console=ttyS0,115200 panic=1
defaults:
  role: Compute
  boot: {profile: install}
outputs:
- {kind: bootgen, path: out/boot}
EOF
cat > "$inv/nodes/hv01.yaml" << EOF
name: hv01
nid: 1
interfaces: [{name: eth0, network: boot, ip: 10.78.0.10, mac: '02:00:00:78:00:0a', boot: true}]
hypervisor: {vcpus: 4, memory_mib: 4096}
EOF
cat > "$inv/nodes/vm01.yaml" << EOF
name: vm01
nid: 2
bmc: hv-emu
interfaces: [{name: eth0, network: boot, ip: 10.78.0.21, mac: '$MAC', boot: true}]
vm:
  host: hv01
  accel: tcg
  vcpus: 1
  memory_mib: 512
  boot: [network]
  nics: [{interface: eth0}]
EOF
printf 'name: hv-emu\nnetwork: bmc\nip: 127.0.0.1\nport: %s\n' "$PORT" > "$inv/bmcs/hv-emu.yaml"
"$CHAMI" -C "$inv" inventory lint
"$CHAMI" -C "$inv" build
"$CHAMI" -C "$inv" dhcp-export --format dnsmasq -o "$W/dnsmasq-chami.conf"
"$CHAMI" -C "$inv" render libvirt -o "$W/render"
step "inventory linted; boot tree, DHCP config and domain XML written"

# What chami serve hands out: the kernel, an initramfs whose init prints a marker and
# the command line it got, and the kickstart file the profile names.
files=$W/files
mkdir -p "$files/images/vmnb" "$files/ks" "$W/initrd/bin" "$W/initrd/proc"
cp "$kernel" "$files/images/vmnb/vmlinuz"
cp /bin/busybox "$W/initrd/bin/busybox"
cat > "$W/initrd/init" << 'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox echo "VMNB-BOOTED cmdline: $(/bin/busybox cat /proc/cmdline)"
while :; do /bin/busybox sleep 3600; done
EOF
chmod +x "$W/initrd/init"
(cd "$W/initrd" && find . | busybox cpio -o -H newc 2> /dev/null | gzip -1) > "$files/images/vmnb/initrd.img"
echo "# chami vm-netboot kickstart" > "$files/ks/vmnb.ks"

# The network: a namespace with a bridge (the boot server's address) and the VM's tap,
# which the unprivileged qemu opens.
ip netns add "$NS"
ipn() { ip -n "$NS" "$@"; }
ipn link set lo up
ipn link add br0 type bridge
ipn addr add 10.78.0.1/24 dev br0
ipn link set br0 up
ipn tuntap add dev tap-vm01 mode tap user 65534
ipn link set tap-vm01 master br0
ipn link set tap-vm01 up
nsx() { ip netns exec "$NS" "$@"; }
cat > "$W/dnsmasq.conf" << EOF
port=0
interface=br0
bind-interfaces
enable-ra
dhcp-range=::,constructor:br0,ra-only
log-dhcp
log-facility=$W/dnsmasq.log
dhcp-leasefile=$W/leases
pid-file=
conf-file=$W/dnsmasq-chami.conf
EOF
# Not through `nsx`: a background shell function is a subshell whose PID is not the
# program's, and killing it left dnsmasq and serve running. `ip netns exec` execs.
ip netns exec "$NS" dnsmasq -k -u root -C "$W/dnsmasq.conf" & PIDS+=($!)
ip netns exec "$NS" env CHAMI_CACHE=off CHAMI_STATE_DIR="$W/state" "$CHAMI" -C "$inv" serve --no-watch --listen 10.78.0.1:8080 \
  --files "$files" > "$W/serve.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do nsx curl -sf http://10.78.0.1:8080/healthz > /dev/null && break; sleep 0.1; done
nsx curl -sf http://10.78.0.1:8080/healthz > /dev/null || die "chami serve did not start: $(cat "$W/serve.log")"
step "namespace $NS: dnsmasq and chami serve on 10.78.0.1"

# libvirtd in the namespace, as nobody, with /dev/net/tun opened up in its own mounts.
lv=$W/libvirt
mkdir -p "$lv"
chown 65534:65534 "$lv"
mknod "$W/tun" c 10 200
chmod 0666 "$W/tun"
unshare -m sh -c 'mount --bind "$1" /dev/net/tun && shift && exec "$@"' sh "$W/tun" \
  ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
  env HOME="$lv" XDG_RUNTIME_DIR="$lv" XDG_CONFIG_HOME="$lv/config" XDG_CACHE_HOME="$lv/cache" \
  libvirtd --timeout 900 > "$W/libvirtd.log" 2>&1 & PIDS+=($!)
sock=$lv/libvirt/libvirt-sock
for _ in $(seq 300); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || die "libvirtd made no socket: $(cat "$W/libvirtd.log")"
URI="qemu+unix:///session?socket=$sock"

# The domain as chami rendered it, but for the site-specific parts: the NIC on the tap
# (the rendered one names the hypervisor's libvirt network `boot`) and the serial console
# in a file this script reads.
console=$lv/vm01-console.log
/usr/bin/python3 - "$W/render/libvirt/vm01.xml" "$lv/vm01.xml" "$console" << 'EOF'
import sys
text = open(sys.argv[1]).read()
nic = '<interface type="network">'
source = '      <source network="boot"/>\n'
serial = '    <serial type="pty">\n      <target port="0"/>\n    </serial>\n'
console = '    <console type="pty">\n      <target type="serial" port="0"/>\n    </console>\n'
for part in (nic, source, serial, console):
    assert part in text, f"the rendered domain changed: no {part!r}"
text = (text.replace(nic, '<interface type="ethernet">')
        .replace(source, '      <target dev="tap-vm01" managed="no"/>\n')
        .replace(serial, f'    <serial type="file">\n      <source path="{sys.argv[3]}"/>\n      <target port="0"/>\n    </serial>\n')
        .replace(console, ''))
open(sys.argv[2], "w").write(text)
EOF
chown 65534 "$lv/vm01.xml"
virsh -q -c "$URI" define "$lv/vm01.xml"
step "vm01 defined in libvirtd ($URI)"

sushy-emulator --libvirt-uri "$URI" --interface 127.0.0.1 --port "$PORT" > "$W/sushy.log" 2>&1 & PIDS+=($!)
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/redfish/v1/" > /dev/null && break; sleep 0.1; done
step "sushy-emulator (libvirt driver) on 127.0.0.1:$PORT"

"$CHAMI" -C "$inv" bmc power on vm01 --http --wait --wait-timeout 60s
step "chami bmc power on vm01: $(virsh -c "$URI" domstate vm01 | head -n 1)"
booted=0
for _ in $(seq "$((LIMIT * 2))"); do
  if grep -q VMNB-BOOTED "$console" 2> /dev/null; then booted=1; break; fi
  sleep 0.5
done
if [ "$booted" = 1 ]; then
  step "vm01 booted: $(grep -a VMNB-BOOTED "$console" | tr -d '\r')"
else
  step "vm01 did not boot within $LIMIT s"
fi
"$CHAMI" -C "$inv" bmc power status vm01 --http
"$CHAMI" -C "$inv" bmc power off vm01 --http --wait --wait-timeout 60s
step "chami bmc power off vm01: $(virsh -c "$URI" domstate vm01 | head -n 1)"

fail=0
grep -q "$MAC 10.78.0.21 vm01" "$W/leases" || { echo "vm-netboot: no DHCP lease for vm01" >&2; fail=1; }
for path in "/ipxe/${MAC//:/-}.ipxe" /images/vmnb/vmlinuz /images/vmnb/initrd.img; do
  grep -F "\"path\":\"$path\"" "$W/serve.log" | grep -q '"status":200' \
    || { echo "vm-netboot: chami serve did not serve $path" >&2; fail=1; }
done
if [ "$booted" = 0 ] || [ "$fail" = 1 ]; then
  echo "--- console ---"; tr -d '\r' < "$console" 2> /dev/null | tail -n 40
  echo "--- dnsmasq ---"; tail -n 30 "$W/dnsmasq.log"
  echo "--- serve ---"; tail -n 20 "$W/serve.log"
  die "failed"
fi
echo "vm-netboot: vm01 got its DHCP reservation, booted chami's kernel and initrd, powered on and off through Redfish"
