#!/usr/bin/env bash
# End-to-end tests of jackknife coupling errors: nnft sample writes the delete-one-group estimates, nnft merge
# keeps them, nnft fit refits on them and says which error method it used; files without them get the caveat.
# Usage: fit_jackknife_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
train='0.14142135623730953;0.28284271247461906;0.4242640687119285;0.5656854249492381;0.7071067811865476;0.848528137423857'
test='0.2;0.4;0.6;0.8;1.0;1.2'
common=(--net relu --width 20 --max-n 6 --estimator conditioned --networks 16384 --threads 1)
"$nnft" sample "${common[@]}" --inputs "$train" --seed 3 --out "$tmp/tr.json" >/dev/null 2>&1
"$nnft" sample "${common[@]}" --inputs "$test" --seed 4 --out "$tmp/te.json" >/dev/null 2>&1
grep -q '"jackknife"' "$tmp/tr.json" || { echo "FAIL: nnft sample wrote no jackknife object"; fail=1; }
expect 0 '[errors: jackknife(32 groups)]' fit --net relu --models M1 --data "$tmp/tr.json" --test-data "$tmp/te.json"
expect 0 '(independent tuples: +-' fit --net relu --models M1 --weights errors --data "$tmp/tr.json" --test-data "$tmp/te.json"
expect 0 '"error_method": "jackknife(32 groups)"' fit --net relu --models M1 --json --data "$tmp/tr.json" --test-data "$tmp/te.json"
expect 0 '"covariance"' fit --net relu --models M1 --json --data "$tmp/tr.json" --test-data "$tmp/te.json"
expect 0 '"error_independent"' fit --net relu --models M1 --six-point --json --data "$tmp/tr.json" --test-data "$tmp/te.json"
# Shards merged carry the same jackknife object as the unsharded run (same bytes).
"$nnft" sample "${common[@]}" --inputs "$train" --seed 3 --shard 0/2 --out "$tmp/p0.json" >/dev/null 2>&1
"$nnft" sample "${common[@]}" --inputs "$train" --seed 3 --shard 1/2 --out "$tmp/p1.json" >/dev/null 2>&1
"$nnft" merge "$tmp/p0.json" "$tmp/p1.json" --out "$tmp/merged.json" >/dev/null 2>&1
cmp -s "$tmp/merged.json" "$tmp/tr.json" || { echo "FAIL: merged shards differ from the unsharded run"; fail=1; }
# --no-jackknife leaves the estimates out (sample and merge); the rest of the document is unchanged.
"$nnft" sample "${common[@]}" --inputs "$train" --seed 3 --no-jackknife --out "$tmp/tr-nojk.json" >/dev/null 2>&1
"$nnft" merge "$tmp/p0.json" "$tmp/p1.json" --no-jackknife --out "$tmp/merged-nojk.json" >/dev/null 2>&1
for f in tr-nojk merged-nojk; do
  grep -q '"jackknife"' "$tmp/$f.json" && { echo "FAIL: $f.json carries a jackknife object despite --no-jackknife"; fail=1; }
done
python3 - "$tmp/tr.json" "$tmp/tr-nojk.json" <<'PY' || { echo "FAIL: --no-jackknife changed more than the jackknife key"; fail=1; }
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a.pop("jackknife")
sys.exit(0 if a == b else 1)
PY
expect 0 '# caveat: the data file carries no jackknife estimates' fit --net relu --models M1 --data "$tmp/tr-nojk.json" --test-data "$tmp/te.json"
# Data without jackknife estimates (here nnft exact files): independent-tuples errors and the caveat.
"$nnft" exact --net relu --width 20 --inputs "$train" --max-n 4 --out "$tmp/ex.json" >/dev/null 2>&1
"$nnft" exact --net relu --width 20 --inputs "$test" --max-n 4 --out "$tmp/ext.json" >/dev/null 2>&1
expect 0 '# caveat: the data file carries no jackknife estimates' fit --net relu --models M1 --data "$tmp/ex.json" --test-data "$tmp/ext.json"
expect 0 '"error_caveat"' fit --net relu --models M1 --json --data "$tmp/ex.json" --test-data "$tmp/ext.json"
expect 0 '[errors: independent points (residual scatter)]' fit --net relu --models M1
[ $fail = 0 ] && echo "fit jackknife CLI: all checks passed"
exit $fail
