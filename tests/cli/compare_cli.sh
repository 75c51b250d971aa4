#!/usr/bin/env bash
# nnft compare: pulls between two correlator documents. A document against itself has pulls 0 and chi2 0; a
# sampled run against the exact values (deep ReLU at widths (2, 5), the χ² product law) has pulls within 4.5σ;
# a shifted copy is caught by --max-pull (exit 1); different inputs or a missing table are refused (exit 2).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

"$nnft" exact --net relu --widths 2,5 --inputs '0.5;1.3' --max-n 4 --out "$tmp/x.json"
"$nnft" sample --net relu --widths 2,5 --inputs '0.5;1.3' --max-n 4 --networks 2e5 --seed 4 --out "$tmp/s.json" 2>/dev/null
"$nnft" compare "$tmp/x.json" "$tmp/x.json" --json --out "$tmp/self.json"
"$nnft" compare "$tmp/s.json" "$tmp/x.json" --json --max-pull 4.5 --out "$tmp/sx.json"
python3 - "$tmp/self.json" "$tmp/sx.json" <<'PY' || fail "compare results are wrong"
import json, sys
self_, sx = (json.load(open(p)) for p in sys.argv[1:3])
for t in self_["tables"]:
    assert t["chi2"] == 0 and t["max_abs_pull"] == 0 and t["exact_mismatches"] == 0 and t["compared"] > 0, t
assert self_["config_differences"] == []
names = [t["table"] for t in sx["tables"]]
assert names == ["g2", "g2_connected", "g4", "g4_connected"], names
g4c = sx["tables"][3]
assert g4c["compared"] == 5 and g4c["dof"] == 5 and 0 <= g4c["p_value"] <= 1, g4c
w = g4c["worst"][0]
assert abs(abs((w["a"] - w["b"]) / (w["a_error"] ** 2 + w["b_error"] ** 2) ** 0.5) - g4c["max_abs_pull"]) < 1e-9, w
assert any(d.startswith("method: ") for d in sx["config_differences"]), sx["config_differences"]
PY
# A copy of the sampled document shifted by 10 errors in one entry (pull 10/√2 = 7.07 against the original, whose
# error is the same): --max-pull 5 fails (exit 1) and names it.
python3 - "$tmp/s.json" "$tmp/shifted.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["correlators"]["g4_connected"][2]
e["value"] += 10 * e["error"]
json.dump(d, open(sys.argv[2], "w"))
PY
set +e
"$nnft" compare "$tmp/shifted.json" "$tmp/s.json" --tables g4_connected --max-pull 5 > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
set -e
[ $rc -eq 1 ] || fail "--max-pull: exit code $rc, expected 1"
grep -q "above --max-pull" "$tmp/err.txt" || fail "--max-pull message missing"
grep -q "pull 7.07" "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "the shifted entry is not listed with pull 10/√2"; }
# A report folder with the pull plots (data and scripts even without gnuplot).
"$nnft" compare "$tmp/s.json" "$tmp/x.json" --out "$tmp/rep/" --gnuplot none 2>/dev/null
[ -f "$tmp/rep/report.md" ] && [ -f "$tmp/rep/plots/pulls_g4_connected.dat" ] || fail "compare report incomplete"

"$nnft" exact --net relu --widths 2,5 --inputs '0.5;1.4' --max-n 2 --out "$tmp/other.json"
echo keep > "$tmp/out.json"
expect_bad "config.inputs" compare "$tmp/s.json" "$tmp/other.json"
expect_bad "table 'g6_connected' is not in" compare "$tmp/s.json" "$tmp/x.json" --tables g6_connected
expect_bad "cannot" compare "$tmp/s.json" "$tmp/missing.json"
echo "compare CLI: ok"
