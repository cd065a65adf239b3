# Shared parts of the benchmark scripts (sourced): setup, the 100k-node cluster.yaml,
# timing of one step, and the CPU-speed reference (this VM's speed drifts).

# bench_setup: builds chami (release), sets $B to it and $W to a scratch folder that is
# removed on exit.
bench_setup() {
  cargo build --release --quiet
  B=$PWD/${CARGO_TARGET_DIR:-target}/release/chami
  [[ ${CARGO_TARGET_DIR:-} = /* ]] && B=$CARGO_TARGET_DIR/release/chami
  W=$(mktemp -d "${TMPDIR:-/tmp}/chami-bench.XXXXXX")
  trap 'rm -rf "$W"' EXIT
}

# write_cluster DIR: a cluster.yaml with /14 networks, room for 100,000+ nodes and BMCs.
write_cluster() {
  cat > "$1/cluster.yaml" <<YAML
format: 1
name: bench
domain: bench.example.org
networks:
- name: mgmt
  cidr: 10.0.0.0/14
  gateway: 10.0.0.1
- name: bmc
  cidr: 10.4.0.0/14
  gateway: 10.4.0.1
boot_profiles:
- name: diskless
  kind: diskless
  kernel: vmlinuz
  initrd: initrd.img
  rootfs: rootfs.squashfs
defaults:
  role: Compute
  boot:
    profile: diskless
YAML
}

# measure LABEL COMMAND…: wall time and peak RSS of one step (needs $W).
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/time" "$@" > /dev/null || true
  read -r wall kb < "$W/time"
  printf '%-55s wall %6.2f s   peak RSS %6d MiB\n' "$label" "$wall" $((kb / 1024))
}

# cpu_reference: sha256 of 200 MB, to compare runs on a drifting VM (needs $W).
cpu_reference() {
  head -c 200000000 /dev/zero > "$W/ref"
  /usr/bin/time -f "%e" -o "$W/time" sha256sum "$W/ref" > /dev/null; rm -f "$W/ref"
  echo "CPU reference: sha256 of 200 MB in $(cat "$W/time") s (1.1 s on a quiet machine)"
}

# write_outputs DIR: DHCP on the mgmt network, a boot server, and cluster.yaml outputs for
# every kind: all render targets, the dnsmasq, Kea and ISC configs, the boot tree (in
# DIR/out/).
write_outputs() {
  grep -q 'dhcp: true' "$1/cluster.yaml" || sed -i 's|^  cidr: 10.0.0.0/14$|&\n  dhcp: true|' "$1/cluster.yaml"
  grep -q '^boot_server:' "$1/cluster.yaml" || printf 'boot_server:\n  address: 10.0.0.1\n' >> "$1/cluster.yaml"
  cat >> "$1/cluster.yaml" <<YAML
outputs:
- kind: render
  path: out/etc
- kind: dhcp-export
  target: dnsmasq
  path: out/dhcp/dnsmasq.conf
- kind: dhcp-export
  target: kea
  path: out/dhcp/kea-dhcp4.json
- kind: dhcp-export
  target: isc
  path: out/dhcp/dhcpd.conf
- kind: bootgen
  path: out/boot
YAML
}
