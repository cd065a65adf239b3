#!/usr/bin/env bash
# Benchmark: `chami render` of every built-in target for a 100,000-node inventory (one
# file per node and per BMC), into an empty folder, then again (nothing changes), then
# `--check`. Prints wall time and peak memory of each step (load and lint included), the
# size of each output, and a CPU-speed reference (this VM's speed drifts).
# Usage: scripts/bench-render.sh [NODES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
source scripts/bench-common.sh
bench_setup
write_cluster "$W"
mkdir -p "$W/groups" "$W/tenants"
printf 'name: compute\nmembers: nid[000001-%06d]\nvars:\n  slurm_partition: batch\n' "$N" > "$W/groups/compute.yaml"
printf 'name: gpu\nmembers: nid[000001-%06d]\ntenant: physics\n' $((N / 10)) > "$W/groups/gpu.yaml"
printf 'name: physics\nowners:\n- "@org/physics"\n' > "$W/tenants/physics.yaml"


echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores"
cpu_reference
"$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+ --group compute --bmc-ip 10.4.0.10+
# The 200,000 files just written are still going to disk: let that end before timing,
# and let them age past the parse cache's racy window (2 s) so that all are cached.
sync
sleep 2
"$B" -q -C "$W" inventory lint > /dev/null # fills the parse cache
measure "inventory lint (parse cache warm)" "$B" -q -C "$W" inventory lint
measure "render --context > /dev/null" "$B" -q -C "$W" render --context
# Three runs of each: this VM's timings wander by a few tenths of a second.
for i in 1 2 3; do
  measure "render all targets -o OUT (empty folder) #$i" "$B" -q -C "$W" render -o "$W/out$i"
done
for i in 1 2 3; do
  measure "render all targets -o OUT (nothing changed) #$i" "$B" -q -C "$W" render -o "$W/out1"
done
for i in 1 2 3; do
  measure "render --check (nothing changed) #$i" "$B" -q -C "$W" render --check -o "$W/out1"
done
"$B" -q -C "$W" render --list | awk 'NR>1 {print $1}' | while read -r t; do
  measure "render $t > /dev/null" "$B" -q -C "$W" render "$t"
done
echo "outputs:"; (cd "$W/out1" && ls -la | awk 'NR>1 && $NF != "." && $NF != ".." {printf "  %-28s %10d bytes\n", $NF, $5}')
