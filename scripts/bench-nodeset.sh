#!/usr/bin/env bash
# Benchmark: `chami hostlist -f` against ClusterShell's `nodeset -f` on the same input, in
# the same run: 857,143 one-dimensional names (n1 … n857143) and about 10,300 scattered
# HPE-style xnames (x1000c0s0b0n0 … with a fifth of them missing, four axes that vary),
# one name a line on stdin. Prints each time, the ratio, whether both printed the same
# fold, and a CPU-speed reference (this VM's speed drifts). chami's time is the best of
# RUNS runs (it takes milliseconds, so one run is mostly noise); ClusterShell's is one run.
# Usage: scripts/bench-nodeset.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
source scripts/bench-common.sh
bench_setup
command -v nodeset > /dev/null || { echo "bench-nodeset: ClusterShell's nodeset is missing (apt-get install clustershell)" >&2; exit 2; }

# The inputs.
seq -f 'n%.0f' 1 857143 > "$W/flat.txt"
awk 'BEGIN { srand(22); for (x = 1000; x < 1050; x++) for (c = 0; c < 8; c++)
      for (s = 0; s < 8; s++) for (n = 0; n < 4; n++)
        if (rand() < 0.80375) printf "x%dc%ds%db0n%d\n", x, c, s, n }' > "$W/xnames.txt"

# seconds FILE COMMAND…: wall time of one run of COMMAND < FILE (its output in $W/out).
seconds() {
  local in=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" < "$in" > "$W/out"
  t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.4f", ns / 1e9 }'
}

# compare LABEL FILE: chami (best of $RUNS) and nodeset (one run) on FILE.
compare() {
  local label=$1 in=$2 best="" t
  for _ in $(seq "$RUNS"); do
    t=$(seconds "$in" "$B" hostlist -f)
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  cp "$W/out" "$W/chami.out"
  /usr/bin/time -f "%M" -o "$W/rss" "$B" hostlist -f < "$in" > /dev/null
  local cs
  cs=$(seconds "$in" nodeset -f)
  local same=no
  cmp -s "$W/out" "$W/chami.out" && same=yes
  printf '%-44s chami %7.4f s (peak RSS %4d MiB)   nodeset %7.2f s   %6.0f×   same fold: %s (%s)\n' \
    "$label ($(wc -l < "$in") names)" "$best" $(($(cat "$W/rss") / 1024)) "$cs" \
    "$(awk -v a="$cs" -v b="$best" 'BEGIN { print a / b }')" "$same" "$(head -c 60 "$W/chami.out" | tr -d '\n')"
}

echo "chami $("$B" --version | cut -d' ' -f2), $(nodeset --version), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
cpu_reference
compare "fold 1-D names (hostlist -f < names)" "$W/flat.txt"
compare "fold scattered 4-D xnames" "$W/xnames.txt"
