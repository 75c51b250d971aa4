#!/usr/bin/env bash
# nnft sample / exact --activation: presets and expressions, the built-in mapping (same document as --net),
# bits independent of the thread count, and every refusal (exit 2, a message naming it, output untouched).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

run() { "$nnft" "$@" 2>/dev/null; }
run sample --activation 'x/(1+exp(-x))' --width 5 --inputs "0.5;-1" --networks 20000 --seed 4 --threads 1 --out "$tmp/t1.json"
run sample --activation 'x/(1+exp(-x))' --width 5 --inputs "0.5;-1" --networks 20000 --seed 4 --threads 2 --out "$tmp/t2.json"
cmp -s "$tmp/t1.json" "$tmp/t2.json" || fail "expression results differ between 1 and 2 threads"
grep -q '"net": "x/(1+exp(-x))"' "$tmp/t1.json" || fail "the net key does not hold the expression"
grep -q '"sigma_b": 1.0' "$tmp/t1.json" || fail "expression default sigma_b is not 1"
run sample --activation 'x/(1+exp(-x))' --width 5 --depth 2 --inputs "0.5;-1" --networks 2000 --threads 2 --out "$tmp/d.json"
# An expression equal to a built-in is that built-in: the same document as --net.
run sample --activation 'erf(x)' --width 5 --inputs "0.5;-1" --networks 20000 --seed 4 --out "$tmp/e1.json"
run sample --net erf --width 5 --inputs "0.5;-1" --networks 20000 --seed 4 --out "$tmp/e2.json"
cmp -s "$tmp/e1.json" "$tmp/e2.json" || fail "--activation 'erf(x)' differs from --net erf"
# Shards of an expression run merge into the whole run's document (the merge reads the net back by its text).
for i in 0 1; do
  run sample --activation 'sin(x)+x/4' --width 5 --inputs "0.5;-1" --max-n 4 --networks 20000 --shard $i/2 --out "$tmp/s$i.json"
done
"$nnft" merge "$tmp/s0.json" "$tmp/s1.json" --out "$tmp/m.json" 2>/dev/null
run sample --activation 'sin(x)+x/4' --width 5 --inputs "0.5;-1" --max-n 4 --networks 20000 --out "$tmp/w.json"
cmp -s "$tmp/m.json" "$tmp/w.json" || fail "merged shards of an expression run differ from the whole run"
run exact --activation gelu --width 5 --inputs "0.5;-1" --max-n 4 --out "$tmp/x.json"
grep -q '"net": "gelu"' "$tmp/x.json" || fail "exact: the net key does not hold the preset name"
run exact --activation 'max(0,x)' --width 5 --inputs "0.5;-1" --max-n 4 --out "$tmp/r1.json"
run exact --net relu --width 5 --inputs "0.5;-1" --max-n 4 --out "$tmp/r2.json"
cmp -s "$tmp/r1.json" "$tmp/r2.json" || fail "--activation 'max(0,x)' differs from --net relu"
# leaky_relu:0.1 at d_in = 1 with bias (rank 2): the exact kink-aware path, G2 = the closed-form kernel
# σ_b² + σ_W²((1 − a)² J + a C) (mpmath, 20 digits: 1.8255763715392725155) with error 0; before, the trapezoid gave
# 1.825582497 ± 1.9e-5.
run exact --activation leaky_relu:0.1 --width 3 --inputs '-1.5;-0.4;0.3;1.2;2' --max-n 2 --out "$tmp/l.json"
python3 - "$tmp/l.json" <<'PY' || fail "exact leaky_relu:0.1: G2(0,1) is not the closed-form kernel with error 0"
import json, sys
e = [g for g in json.load(open(sys.argv[1]))["correlators"]["g2"] if g["indices"] == [0, 1]][0]
sys.exit(0 if abs(e["value"] - 1.8255763715392725155) <= 1e-12 * 1.8255763715392725 and e["error"] == 0.0 else 1)
PY

echo keep > "$tmp/out.json"
common=(--width 3 --inputs "1;2" --networks 100)
expect_bad "does not parse at position 5" sample --activation 'x*(1+' "${common[@]}"
expect_bad "uses the symbol 'y'" sample --activation 'x+y' "${common[@]}"
expect_bad "not finite at x = 0" sample --activation '1/x' "${common[@]}"
expect_bad "not finite at x = 0" exact --activation 'log(x)' --width 3 --inputs "1;2"
expect_bad "grows too fast" sample --activation 'exp(x^2)' "${common[@]}"
expect_bad "both name the activation" sample --net erf --activation gelu "${common[@]}"
expect_bad "no activation" sample "${common[@]}"
echo "activation_cli: ok"
