#!/usr/bin/env bash
# Run the ctest tests that the given ctest selection names (e.g. -L default), JOBS at a time, each started only
# while the clock is before DEADLINE (seconds since the epoch). A test that starts runs to its end; a test not
# started by then is listed as "not run (time budget)" — never reported as passed. Exit 1 when any test that ran
# failed, 0 otherwise. Used by scripts/sanitize.sh when NNFT_DEADLINE is set (CI: .ci/run; docs/testing.md).
# Usage (in a build folder): bash ctest_until.sh DEADLINE JOBS [ctest selection arguments...]
set -euo pipefail
deadline=$1 jobs=$2
shift 2
mapfile -t names < <(ctest -N "$@" | awk '/^ *Test +#[0-9]+:/ {print $3}')
[ ${#names[@]} -gt 0 ] || { echo "ctest_until: no test matches: $*" >&2; exit 1; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run_one() {  # run_one NAME: one test, its verdict on one line, its output kept for a failure
  local name=$1 start
  if [ "$(date +%s)" -ge "$DEADLINE" ]; then echo "not run (time budget): $name"; touch "$LOGS/$name.skipped"; return 0; fi
  start=$(date +%s)
  if ctest --output-on-failure -R "^${name}\$" >"$LOGS/$name.log" 2>&1; then
    echo "passed ($(( $(date +%s) - start )) s): $name"
  else
    echo "FAILED ($(( $(date +%s) - start )) s): $name"; cat "$LOGS/$name.log"; touch "$LOGS/$name.failed"
  fi
}
export -f run_one
export DEADLINE=$deadline LOGS=$logs
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {}
failed=$(find "$logs" -name '*.failed' | wc -l)
skipped=$(find "$logs" -name '*.skipped' | wc -l)
echo "ctest_until: ${#names[@]} tests: $(( ${#names[@]} - failed - skipped )) passed, $failed failed, $skipped not run (time budget)"
[ "$failed" -eq 0 ]
