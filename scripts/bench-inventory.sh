#!/usr/bin/env bash
# Benchmark: a 100,000-node inventory (one file per node, plus 100,000 BMC files) made
# with `chami inventory add`, then `inventory lint` and `inventory list -o json` on it.
# Prints wall time and peak memory of each step. Usage: scripts/bench-inventory.sh [NODES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --release --quiet
B=$PWD/target/release/chami
W=$(mktemp -d "${TMPDIR:-/tmp}/chami-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

cat > "$W/cluster.yaml" <<YAML
format: 1
name: bench
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
mkdir -p "$W/groups"
printf 'name: compute\nmembers: nid[000001-%06d]\nvars:\n  slurm_partition: batch\n' "$N" > "$W/groups/compute.yaml"

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/time" "$@" > /dev/null
  read -r wall kb < "$W/time"
  printf '%-34s wall %6.2f s   peak RSS %6d MiB\n' "$label" "$wall" $((kb / 1024))
}

echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores"
measure "inventory add ($N nodes + BMCs)" "$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+ --bmc-ip 10.4.0.10+ --group compute
echo "files: $(find "$W/nodes" -type f | wc -l) nodes, $(find "$W/bmcs" -type f | wc -l) bmcs, $(du -sh "$W" | cut -f1)"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && echo "(page cache dropped for the first lint: cold)" || true
measure "inventory lint (first run)" "$B" -q -C "$W" inventory lint
for i in 1 2 3; do measure "inventory lint (warm, run $i)" "$B" -q -C "$W" inventory lint; done
measure "inventory list -o json" "$B" -q -C "$W" inventory list -o json
measure "inventory list -o hostlist" "$B" -q -C "$W" inventory list -o hostlist
measure "inventory set (1 node)" "$B" -q -C "$W" inventory set nid000042 labels.rack=r9
