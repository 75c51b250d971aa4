#!/usr/bin/env bash
# --shard i/n + nnft merge reproduce one run; incomplete, mixed or old-stream parts are refused with exit code 2.
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
args=(--net tanh --width 4 --din 2 --dout 2 --inputs "0.5,-1;1,0.3" --networks 30000 --threads 2)

"$nnft" sample "${args[@]}" --seed 5 --out "$tmp/one.json" 2>/dev/null
for i in 0 1 2; do
  "$nnft" sample "${args[@]}" --seed 5 --shard $i/3 --out "$tmp/part$i.json" 2>/dev/null
done
"$nnft" merge "$tmp/part2.json" "$tmp/part0.json" "$tmp/part1.json" --out "$tmp/merged.json"
cmp -s "$tmp/one.json" "$tmp/merged.json" || fail "merged shards differ from one run"

set +e
"$nnft" merge "$tmp/part0.json" "$tmp/part1.json" --out "$tmp/x.json" 2> "$tmp/err.txt"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q missing "$tmp/err.txt" || fail "missing shard not refused (exit $rc)"
"$nnft" sample "${args[@]}" --seed 6 --shard 2/3 --out "$tmp/other.json" 2>/dev/null
set +e
"$nnft" merge "$tmp/part0.json" "$tmp/part1.json" "$tmp/other.json" --out "$tmp/x.json" 2> "$tmp/err.txt"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "different run" "$tmp/err.txt" || fail "parts of different runs not refused (exit $rc)"
[ ! -e "$tmp/x.json" ] || fail "a refused merge wrote output"
# A part of an old random stream (state format 2, before the float32 Box–Muller) is refused by name.
grep -q 'nnft-sampler-state-3' "$tmp/part1.json" || fail "part state format is not nnft-sampler-state-3"
sed 's/nnft-sampler-state-3/nnft-sampler-state-2/' "$tmp/part1.json" > "$tmp/old1.json"
set +e
"$nnft" merge "$tmp/part0.json" "$tmp/old1.json" "$tmp/part2.json" --out "$tmp/x.json" 2> "$tmp/err.txt"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "old1.json.*written by an older nnft whose random stream differs" "$tmp/err.txt" ||
  fail "old-stream part not refused (exit $rc): $(cat "$tmp/err.txt")"
[ ! -e "$tmp/x.json" ] || fail "a refused merge wrote output"
echo "sample_shard: ok"
