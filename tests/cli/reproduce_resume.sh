#!/usr/bin/env bash
# `nnft reproduce` on a tiny configuration: a run killed with SIGKILL and resumed ends with the same
# report numbers as an uninterrupted run (cost figures aside); finished units are reused; an existing
# run is not overwritten without --resume; bad input exits 2 with a message.
# Usage: reproduce_resume.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
args=(--nets erf --widths 2,3,4 --networks 16384 --din none --threads 1 --gnuplot none --no-predictions)

"$nnft" reproduce "${args[@]}" --out "$tmp/ref" > "$tmp/ref.md" 2> "$tmp/ref.err" || { echo "FAIL: reference run"; cat "$tmp/ref.err"; exit 1; }
grep -q "estimated" "$tmp/ref.err" || { echo "FAIL: no job-size estimate printed"; fail=1; }
grep -q "Width scaling" "$tmp/ref.md" || { echo "FAIL: report.md lacks the width-scaling section"; fail=1; }

"$nnft" reproduce "${args[@]}" --out "$tmp/run" --checkpoint-every 0.02 > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 500); do
  [ -n "$(ls "$tmp/run/units" 2>/dev/null)" ] && break
  sleep 0.01
done
sleep 0.3
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
[ -n "$(ls "$tmp/run/units" 2>/dev/null)" ] || { echo "FAIL: no unit checkpoint was written"; exit 1; }
[ -e "$tmp/run/report.json" ] && echo "warning: the run finished before it was killed; resume test is weaker" >&2

expect 2 'pass --resume' reproduce "${args[@]}" --out "$tmp/run"
expect 2 'different run (differs in: networks)' reproduce "${args[@]/16384/20000}" --out "$tmp/run" --resume
"$nnft" reproduce "${args[@]}" --out "$tmp/run" --resume > /dev/null 2> "$tmp/resume.err" || { echo "FAIL: resume"; cat "$tmp/resume.err"; exit 1; }
python3 - "$tmp/ref/report.json" "$tmp/run/report.json" <<'PY' || fail=1
import json, sys
a, b = (json.load(open(p))["data"] for p in sys.argv[1:3])
for d in (a, b):
    d.pop("cost")
assert a == b, "resumed report differs from the uninterrupted run"
PY
# A second resume reuses every unit and samples nothing.
"$nnft" reproduce "${args[@]}" --out "$tmp/run" --resume > /dev/null 2> "$tmp/again.err"
grep -q "5/5.*reused" "$tmp/again.err" || { echo "FAIL: finished units were not reused"; cat "$tmp/again.err"; fail=1; }

expect 2 'increasing order' reproduce --nets erf --widths 2,2,3 --out "$tmp/bad"
expect 2 "unknown net 'tanh'" reproduce --nets tanh --out "$tmp/bad"
expect 2 'at least 3 widths' reproduce --nets erf --widths 2,3 --out "$tmp/bad"
expect 2 'core-hours (limit 300)' reproduce --networks 1e10 --out "$tmp/bad" --dry-run
expect 2 'limit 1e10' reproduce --networks 2e10 --out "$tmp/bad" --dry-run --max-core-hours 1e9
expect 0 '"core_seconds"' reproduce --out "$tmp/bad" --dry-run --json
[ $fail = 0 ] && echo "reproduce CLI: all checks passed"
exit $fail
