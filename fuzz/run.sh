#!/usr/bin/env bash
# Run one libFuzzer harness for a fixed number of executions (the "fuzz" ctest label; docs/testing.md):
#   run.sh FUZZER RUNS WORK CORPUS REGRESSION
# New inputs go to the scratch folder WORK (emptied first), never into the seed corpus in the source tree. Every
# regression input is replayed first, alone, so that a failure names the file; then the fuzzer runs RUNS
# executions over the corpus. Crash files land in WORK.
set -euo pipefail
fuzzer=$1 runs=$2 work=$3 corpus=$4 regression=$5
rm -rf "$work" && mkdir -p "$work/new"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# A fixed seed (NNFT_FUZZ_SEED, default 1) makes a CI run repeatable: the same inputs in the same order; a long
# search by hand should vary it (docs/testing.md).
flags=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/")
shopt -s nullglob
regressions=("$regression"/*)
if [ ${#regressions[@]} -gt 0 ]; then
  "$fuzzer" "${flags[@]}" "${regressions[@]}"
fi
"$fuzzer" "${flags[@]}" -seed="${NNFT_FUZZ_SEED:-1}" -runs="$runs" -print_final_stats=1 "$work/new" "$corpus"
