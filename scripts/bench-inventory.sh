#!/usr/bin/env bash
# Benchmark: a 100,000-node inventory (one file per node) made with `chami inventory add`,
# then `inventory lint` (cold, from its memo, `--fresh`, after an edit) and `inventory
# list -o json` on it; then the same with one BMC
# record file per node as well (200,000 files). Prints wall time and peak memory of each
# step, and a CPU-speed reference (this VM's speed drifts).
# Usage: scripts/bench-inventory.sh [NODES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
source scripts/bench-common.sh
bench_setup
write_cluster "$W"
mkdir -p "$W/groups"
printf 'name: compute\nmembers: nid[000001-%06d]\nvars:\n  slurm_partition: batch\n' "$N" > "$W/groups/compute.yaml"


run() { # label, extra add flags…
  local label=$1; shift
  rm -rf "$W/nodes" "$W/bmcs"
  rm -f "${XDG_CACHE_HOME:-$HOME/.cache}"/chami/*.jsonl
  echo "== $label"
  measure "inventory add" "$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
    --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+ --group compute "$@"
  echo "files: $(find "$W/nodes" -type f | wc -l) nodes, $(find "$W/bmcs" -type f 2>/dev/null | wc -l) bmcs, $(du -sh "$W" | cut -f1)"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && echo "(page cache dropped: the first lint reads from disk)" || true
  measure "inventory lint (cold, no parse cache)" "$B" -q -C "$W" inventory lint
  for i in 1 2 3; do measure "inventory lint (nothing changed: the memo, run $i)" "$B" -q -C "$W" inventory lint; done
  measure "inventory lint --fresh (parse cache warm, no memo)" "$B" -q -C "$W" inventory lint --fresh
  CHAMI_CACHE=off measure "inventory lint (page cache warm, CHAMI_CACHE=off)" "$B" -q -C "$W" inventory lint
  measure "inventory list -o json" "$B" -q -C "$W" inventory list -o json
  measure "inventory list -o hostlist" "$B" -q -C "$W" inventory list -o hostlist
  measure "inventory set (1 node)" "$B" -q -C "$W" inventory set nid000042 labels.rack=r9
  # The lint a sysadmin runs after an edit: the memo no longer holds, every record is
  # loaded (all but the edited one from the parse cache) and every rule runs.
  for i in 1 2 3; do
    echo "# edit $i" >> "$W/nodes/nid0000$((50 + i)).yaml"
    measure "inventory lint (after a 1-node edit, run $i)" "$B" -q -C "$W" inventory lint
  done
}

echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores"
cpu_reference
run "nodes only (one file per node)"
run "nodes and BMCs (two files per node)" --bmc-ip 10.4.0.10+
