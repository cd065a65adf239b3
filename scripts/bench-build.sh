#!/usr/bin/env bash
# Benchmark: `chami build` (the cron job) for a 100,000-node inventory with every kind of
# output: all render targets, the dnsmasq, Kea and ISC DHCP configs, and the boot tree.
# Steps: first build into empty folders, a build with nothing changed (what cron runs
# most of the time), and a build after one node changed. Prints wall time and peak memory
# of each (load and lint included), a CPU-speed reference (this VM's speed drifts) and
# `cp -a` of the finished tree (what the first build should beat).
# Usage: scripts/bench-build.sh [NODES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
source scripts/bench-common.sh
bench_setup
write_cluster "$W"
write_outputs "$W"
mkdir -p "$W/groups"
printf 'name: compute\nmembers: nid[000001-%06d]\n' "$N" > "$W/groups/compute.yaml"

echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(nproc) cores"
cpu_reference
"$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+ --group compute --bmc-ip 10.4.0.10+
"$B" -q -C "$W" inventory lint > /dev/null # fills the parse cache
measure "build (empty output folders)" "$B" -q -C "$W" build
sleep 2 # a stamp never vouches for files changed in the 2 s before a build began
measure "build (nothing changed: full compare, keeps the stamp)" "$B" -q -C "$W" build
measure "build (nothing changed: the stamp matches)" "$B" -q -C "$W" build
measure "build --check (nothing changed: the stamp matches)" "$B" -q -C "$W" build --check
# A new MAC on one node: its hosts line stays, its DHCP reservations and boot scripts change.
"$B" -q -C "$W" inventory set nid000001 interfaces.eth0.mac=02:ff:00:00:00:01 > /dev/null
measure "build (one node changed)" "$B" -q -C "$W" build
# Where a one-node build spends its time: `build -v` prints each phase (wall, CPU, memory).
"$B" -q -C "$W" inventory set nid000001 interfaces.eth0.mac=02:fe:00:00:00:01 > /dev/null
echo "phases of another one-node build (build -v):"
"$B" -v -C "$W" build 2>&1 >/dev/null | sed -n 's/^build: \(.* took .*\|.*patched: .*\)$/  \1/p'
sleep 2
# The one-node build kept a stamp with the hashes of the files it wrote: read again here.
measure "build (nothing changed, after one changed: stamp)" "$B" -q -C "$W" build
measure "build (nothing changed: the stamp matches again)" "$B" -q -C "$W" build
echo "outputs: $(find "$W/out" -type f | wc -l) files, $(du -sh "$W/out" | cut -f1)"
# The physical reference for the first build: copying the finished tree.
sync
measure "cp -a of the finished output tree (reference)" cp -a "$W/out" "$W/out-copy"
