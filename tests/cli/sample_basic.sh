#!/usr/bin/env bash
# nnft sample / exact: JSON shape, determinism across threads, bad input (exit 2, files left intact).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

"$nnft" sample --net erf --width 5 --inputs paper:erf --networks 20000 --seed 3 --threads 1 --out "$tmp/t1.json" 2>/dev/null
"$nnft" sample --net erf --width 5 --inputs paper:erf --networks 20000 --seed 3 --threads 2 --out "$tmp/t2.json" 2>/dev/null
cmp -s "$tmp/t1.json" "$tmp/t2.json" || fail "results differ between 1 and 2 threads"
"$nnft" exact --net erf --width 5 --inputs paper:erf --out "$tmp/e.json"
for f in "$tmp/t1.json" "$tmp/e.json"; do
  for key in '"config"' '"networks"' '"correlators"' '"g2"' '"g4"' '"g4_connected"' '"g6"' '"g6_connected"' '"indices"' '"error"'; do
    grep -q "$key" "$f" || fail "$f lacks $key"
  done
done
grep -q '"networks": 20000' "$tmp/t1.json" || fail "network count missing"
# 462 six-point tuples of 6 inputs in each of g6 and g6_connected, 126 four-point, 21 two-point (+ g2_connected).
n=$(grep -c '"indices"' "$tmp/e.json"); [ "$n" -eq $((2 * (21 + 126 + 462))) ] || fail "expected 1218 entries, got $n"
"$nnft" sample --net relu --width 20 --inputs "0.2;1" --networks 1000 --max-n 4 --out - 2>/dev/null > "$tmp/relu.json"
grep -q '"sigma_b": 0.0' "$tmp/relu.json" || fail "ReLU default sigma_b is not 0"
grep -q '"g6"' "$tmp/relu.json" && fail "--max-n 4 wrote six-point tables"

# Bad input: exit code 2, a message naming the problem, the existing output untouched.
echo keep > "$tmp/out.json"
expect_bad "width 0" sample --net erf --width 0 --inputs "1" --networks 100
expect_bad "negative" sample --net erf --width 3 --inputs "1" --sigma-w -1 --networks 100
expect_bad "not finite" sample --net erf --width 3 --inputs "1;nan" --networks 100
expect_bad "GB" sample --net erf --width 3 --inputs paper:erf --dout 60 --networks 100
expect_bad "unknown network" sample --net sigmoid --width 3 --inputs "1" --networks 100
expect_bad "networks" sample --net erf --width 3 --inputs "1" --networks 0.5
expect_bad "width 0" exact --net erf --width 0 --inputs "1"
expect_bad "mu-w" exact --net erf --width 3 --inputs "1" --mu-w 0.5
expect_bad "overflow" sample --net relu --width 5 --inputs "1e60;2e60" --networks 1000
expect_bad "entries" exact --net erf --width 3 --inputs paper:erf --dout 20
echo "sample_basic: ok"
