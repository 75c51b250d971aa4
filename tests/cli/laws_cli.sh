#!/usr/bin/env bash
# nnft sample / exact with parameter laws: determinism across threads, the laws survive the JSON round trip
# (shards merged = one run), sampled vs exact agree, and bad laws are refused (exit 2, files intact).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"
laws=(--biases 'uniform(-pi,pi)' --out-weights 'rademacher(1)' --out-bias 'student_t(10,0.5)')

"$nnft" sample --net tanh --width 3 --inputs "-1;0.3;1.2" "${laws[@]}" --networks 40000 --seed 5 --threads 1 --out "$tmp/t1.json" 2>/dev/null
"$nnft" sample --net tanh --width 3 --inputs "-1;0.3;1.2" "${laws[@]}" --networks 40000 --seed 5 --threads 2 --out "$tmp/t2.json" 2>/dev/null
cmp -s "$tmp/t1.json" "$tmp/t2.json" || fail "results differ between 1 and 2 threads"
grep -q '"biases": "uniform(-3.141592653589793,3.141592653589793)"' "$tmp/t1.json" || fail "laws missing from the config"
for i in 0 1; do
  "$nnft" sample --net tanh --width 3 --inputs "-1;0.3;1.2" "${laws[@]}" --networks 40000 --seed 5 --shard $i/2 \
    --out "$tmp/part$i.json" 2>/dev/null
done
"$nnft" merge "$tmp/part0.json" "$tmp/part1.json" --out "$tmp/merged.json" 2>/dev/null
cmp -s "$tmp/t1.json" "$tmp/merged.json" || fail "merged shards differ from one run (laws lost in the JSON round trip?)"
"$nnft" exact --net tanh --width 3 --inputs "-1;0.3;1.2" "${laws[@]}" --out "$tmp/e.json"
python3 - "$tmp/t1.json" "$tmp/e.json" <<'PY' || fail "sampled and exact disagree"
import json, math, sys
s, e = (json.load(open(f))["correlators"] for f in sys.argv[1:3])
for name in ("g2_connected", "g4_connected"):
    worst = max(abs(a["value"] - b["value"]) / math.hypot(a["error"], b["error"]) for a, b in zip(s[name], e[name]))
    print(name, "max |pull|", round(worst, 2))
    assert worst < 5, name
PY

echo keep > "$tmp/out.json"
expect_bad "--biases: uniform(1,0)" sample --net erf --width 3 --inputs "1" --biases 'uniform(1,0)' --networks 100
expect_bad "unknown parameter law 'cauchy(0,1)'" exact --net erf --width 3 --inputs "1" --out-weights 'cauchy(0,1)'
expect_bad "excludes" sample --net erf --width 3 --inputs "1" --weights 'normal(0,2)' --sigma-w 2 --networks 100
expect_bad "use --estimator plain" sample --net erf --width 3 --inputs "1" --out-weights 'rademacher(1)' --estimator conditioned --networks 100
expect_bad "student_t needs nu > 6" exact --net erf --width 3 --inputs "1" --out-weights 'student_t(5,1)'
expect_bad "overflow double precision" exact --net erf --width 2 --inputs 0.1 --out-weights 'normal(0,1e200)' --max-n 4
expect_bad "Gaussian first-layer" exact --net gauss --width 3 --inputs "1" --biases 'uniform(-1,1)'
echo "laws_cli: ok"
