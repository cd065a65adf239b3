#!/usr/bin/env bash
# Fault injection: kills `chami build` with SIGKILL at moments spread over its run, KILLS
# times, on an inventory of NODES nodes whose every output changes each time (the
# cluster's domain flips between two values: all render targets, the dnsmasq, Kea and ISC
# configs and the boot tree are rewritten). After each kill it checks that every output
# is wholly the old or wholly the new version (diff -r against copies of both), that
# outputs of both versions at once come with the commit journal, and that the next build
# finishes the commit and leaves no staged version, temporary file or journal behind.
# Prints where the kills landed and the failures (goal: 0).
# Usage: scripts/kill-build.sh [NODES] [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
KILLS=${2:-50}
source scripts/bench-common.sh
bench_setup
write_cluster "$W"
write_outputs "$W"
OUTPUTS=(etc dhcp/dnsmasq.conf dhcp/kea-dhcp4.json dhcp/dhcpd.conf boot)
domain() { sed -i "s/^domain: .*/domain: $1/" "$W/cluster.yaml"; }
"$B" -q -C "$W" inventory add "nid[000001-$(printf %06d "$N")]" \
  --ip 10.0.0.10+ --mac 02:00:00:00:00:01+ --nid 1+ --bmc-ip 10.4.0.10+
"$B" -q -C "$W" inventory lint > /dev/null
domain a.example.org; "$B" -q -C "$W" build; cp -a "$W/out" "$W/snap-a"
domain b.example.org
start=$(date +%s.%N); "$B" -q -C "$W" build; took=$(echo "$(date +%s.%N) - $start" | bc)
cp -a "$W/out" "$W/snap-b"
echo "chami $("$B" --version | cut -d' ' -f2), $N nodes, $(find "$W/out" -type f | wc -l) files in 5 outputs; a build that rewrites them all takes ${took} s"
same() { diff -rq "$W/out/$1" "$2/$1" > /dev/null 2>&1; }
declare -A landed=()
failures=0
for ((k = 0; k < KILLS; k++)); do
  if ((k % 2 == 0)); then from=b; to=a; else from=a; to=b; fi
  domain "$to.example.org"
  # Moments spread over 1.2 × the build's duration, with jitter.
  at=$(echo "scale=3; $took * 1.2 * ($k + $RANDOM / 32768) / $KILLS" | bc)
  "$B" -q -C "$W" build > /dev/null 2>&1 & pid=$!
  sleep "$at"; kill -9 "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null && finished=1 || finished=0
  states=()
  for o in "${OUTPUTS[@]}"; do
    if same "$o" "$W/snap-$from"; then states+=(old)
    elif same "$o" "$W/snap-$to"; then states+=(new)
    else states+=(MIXED); echo "kill $k after ${at}s: $o is neither version" >&2; failures=$((failures + 1)); fi
  done
  journal=0; [ -e "$W/.chami-journal.json" ] && journal=1
  s=" ${states[*]} "
  if [[ $s == *" old "* && $s == *" new "* && $journal == 0 ]]; then
    echo "kill $k: outputs of both versions (${states[*]}) and no journal" >&2; failures=$((failures + 1))
  fi
  if ((finished)); then phase=finished
  elif ((journal)); then phase="between switches"
  elif [[ $s != *" old "* ]]; then phase="after the switches"
  else phase="before the switches"; fi
  landed[$phase]=$(( ${landed[$phase]:-0} + 1 ))
  printf 'kill %2d at %6.2f s: %-20s outputs: %s\n' "$k" "$at" "$phase" "${states[*]}"
  "$B" -q -C "$W" build > /dev/null
  for o in "${OUTPUTS[@]}"; do
    same "$o" "$W/snap-$to" || { echo "kill $k: the next build left $o not new" >&2; failures=$((failures + 1)); }
  done
  strays=$(find "$W/out" "$W" -maxdepth 2 \( -name '*.chami-gen-*' -o -name '*.tmp' -o -name '.chami-journal.json' \) | wc -l)
  ((strays == 0)) || { echo "kill $k: $strays staged or temporary files left" >&2; failures=$((failures + 1)); }
done
for p in "before the switches" "between switches" "after the switches" finished; do
  printf '%-22s %3d kills\n' "$p" "${landed[$p]:-0}"
done
echo "kills: $KILLS, failures: $failures"
((failures == 0))
