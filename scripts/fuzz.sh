#!/usr/bin/env bash
# Runs one cargo-fuzz target for a number of minutes: scripts/fuzz.sh TARGET MINUTES
# (targets: `ls fuzz/fuzz_targets`). Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Prints libFuzzer's closing figures (executions, corpus);
# a crash is saved under fuzz/artifacts/TARGET/ and the script exits non-zero: turn it into
# a regression test next to the parser, then keep the input in fuzz/regressions/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET MINUTES}
minutes=${2:?usage: scripts/fuzz.sh TARGET MINUTES}
command -v cargo-fuzz > /dev/null || { echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz" >&2; exit 2; }
mkdir -p "fuzz/corpus/$target"
# Seed the corpus with the project's own inputs of that kind, once.
if [ -z "$(ls -A "fuzz/corpus/$target")" ]; then
  case $target in
    record) find examples -name '*.yaml' -exec cp {} "fuzz/corpus/$target/" \; ;;
    redfish_json) find ../shared/redfish-mockups -name '*.json' 2>/dev/null | head -2000 \
        | while read -r f; do cp "$f" "fuzz/corpus/$target/$(echo "$f" | md5sum | cut -c1-16)"; done ;;
    nodeset) printf 'nid[001-128,200]' > "fuzz/corpus/$target/a"; printf 'r[1-2]n[01-48]!r2n[10-20]^x[1-9/2]' > "fuzz/corpus/$target/b" ;;
    xname) printf 'x1000c0s3b0n0' > "fuzz/corpus/$target/a"; printf 'x3000c0r41b0' > "fuzz/corpus/$target/b" ;;
  esac
fi
[ -d "fuzz/regressions/$target" ] && cp -n fuzz/regressions/"$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
  -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 2>&1 \
  | grep -E '^(stat::|#[0-9]+ +DONE|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true
# libFuzzer leaves a crash-*/leak-*/timeout-* file for every failure it found.
if [ -n "$(find "fuzz/artifacts/$target" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null)" ]; then
  echo "fuzz: $target found failures:" >&2; ls fuzz/artifacts/"$target"/ >&2; exit 1
fi
echo "fuzz: $target ran ${minutes} min without a failure"
