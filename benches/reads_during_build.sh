#!/usr/bin/env bash
# Readers during a build, again and again: runs the kill test
# `reads_during_a_build_never_fail_and_stay_small` (a build of 300 articles
# committed every 100 while the test opens the store read-only every 20 ms)
# RUNS times in a row, default 20, each under a 12 GB address-space cap so a
# reader that grows cannot take the machine down. Prints each run's reads
# and the reader's peak memory; exits 1 if any run failed or passed 1 GB.
#
#   bash benches/reads_during_build.sh [RUNS]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-20}
cargo test --release --locked --test kill --no-run >&2
failed=0
worst=0
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  if (ulimit -v 12582912; cargo test --release --locked --test kill -q -- --exact reads_during_a_build_never_fail_and_stay_small --nocapture) >"$log" 2>&1; then
    status=passed
  else
    status=FAILED
    failed=$((failed + 1))
  fi
  line=$(grep -o '[0-9]* reads during the build.*' "$log" | head -1 || true)
  peak=$(grep -o 'peak memory of the reader [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  [ "${peak:-0}" -gt "$worst" ] && worst=$peak
  echo "run $run: $status; ${line:-$(tail -3 "$log" | tr '\n' ' ')}"
  rm -f "$log"
done
echo "runs: $runs, failed: $failed, highest reader peak: $worst kB"
[ "$failed" -eq 0 ] && [ "$worst" -lt 1048576 ]
