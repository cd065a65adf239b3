#!/usr/bin/env bash
# Benchmark: `chami bootgen` for a 100,000-node inventory (one file per node, diskless,
# one boot MAC each, two groups with cloud-init fragments): the tree is 500,002 files
# (per node: ipxe/<mac>.ipxe, nodes/<name>.ipxe and three seed files). Times the first
# run into an empty folder, a second run (nothing changes), `--check`, and a run after one
# node changed; then tree() alone (the library, in memory). Prints wall time and peak
# memory of each step (load and lint included) and a CPU-speed reference (this VM drifts).
# Usage: scripts/bench-bootgen.sh [NODES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
source scripts/bench-common.sh
bench_setup
write_cluster "$W"
printf 'boot_server:\n  address: 10.0.0.1\n  http_port: 8080\n' >> "$W/cluster.yaml"
mkdir -p "$W/groups"
printf 'name: compute\nmembers: nid[000001-%06d]\ncloud_init:\n  user_data:\n    packages: [slurm-slurmd]\n  vendor_data:\n    ntp: {enabled: true}\n' "$N" > "$W/groups/compute.yaml"
printf 'name: gpu\npriority: 10\nmembers: nid[000001-%06d]\ncloud_init:\n  user_data:\n    packages: [nvidia-driver]\n' $((N / 10)) > "$W/groups/gpu.yaml"

echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores"
cpu_reference
"$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+
"$B" -q -C "$W" inventory lint > /dev/null # fills the parse cache
measure "inventory lint (parse cache warm)" "$B" -q -C "$W" inventory lint
measure "bootgen -o OUT (empty folder)" "$B" -q -C "$W" bootgen -o "$W/out"
measure "bootgen -o OUT (nothing changed)" "$B" -q -C "$W" bootgen -o "$W/out"
measure "bootgen --check (nothing changed)" "$B" -q -C "$W" bootgen --check -o "$W/out"
"$B" -q -C "$W" inventory set nid000001 'boot.overrides.params=console=ttyS1' > /dev/null
measure "bootgen -o OUT (one node changed)" "$B" -q -C "$W" bootgen -o "$W/out"
echo "tree: $(find "$W/out" -type f | wc -l) files, $(du -sh "$W/out" | cut -f1)"
echo "tree() alone, in memory (cargo test --release --lib boot::scale):"
CHAMI_SCALE_NODES=$N cargo test --release --quiet --lib boot::scale -- --ignored --nocapture 2>&1 \
  | grep '^round'
