#!/usr/bin/env bash
# The kernel commands on the cos-net of arXiv:2112.04527 (sin/cos, normal(0, σ_W) weights, a uniform phase):
# `nnft integrate`'s λ term of G4_con against an independent closed form, sin = cos, `nnft fit` runs on exact
# data, `nnft beta`/`nnft rg` agree (β = 0), and networks without a kernel closed form are refused (exit 2, the message
# names the fix).
# Usage: cosnet_kernel_cli.sh <nnft binary> <repo root>
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"
g4=(--points 4 --order lambda=1 --connected --tuples 0,1,2,3 --json)

# The λ term is −24 ∫ Π_i K_EFT(x_i, y) dy with K_EFT = A exp(−a|x−y|²), A = ½ Var(output weights),
# a = σ_W²/(2 d_in): a Gaussian integral (numeric/closed_forms.hpp's Gauss-net form with σ_W² → A), −24 A⁴ times,
# per dimension, exp(−a[Σ x_i² − (Σ x_i)²/4]) ∫_{−Λ}^{Λ} exp(−4a(y − m)²) dy, m = Σ x_i/4 (erf for finite Λ).
check() {  # file, inputs 'x1;x2;...' (comma-separated coordinates), A, σ_W, Λ
  python3 - "$@" <<'PY' || fail "integrate: cos-net λ term $*"
import json, math, sys
path, inputs, A, sw, cut = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
pts = [[float(c) for c in p.split(",")] for p in inputs.split(";")]
d = len(pts[0]); a = sw * sw / (2 * d); c = 4 * a
ref = -24 * A ** 4
for k in range(d):
    xs = [p[k] for p in pts]; m = sum(xs) / 4
    line = 0.5 * math.sqrt(math.pi / c) * (math.erf(math.sqrt(c) * (cut - m)) - math.erf(math.sqrt(c) * (-cut - m)))
    ref *= math.exp(-a * (sum(x * x for x in xs) - sum(xs) ** 2 / 4)) * line
t = json.load(open(path))["tuples"][0]["terms"][0]
print("integrate", inputs, "value", t["value"], "closed form", ref)
assert t["status"] == "ok" and abs(t["value"] - ref) <= 1e-9 * abs(ref) + 3 * t["error"], (t, ref)
PY
}
in1='0.1;-0.3;0.5;0.2'
"$nnft" integrate --activation cos --biases 'uniform(-pi,pi)' "${g4[@]}" --inputs "$in1" --cutoff 5 > "$tmp/c5.json"
check "$tmp/c5.json" "$in1" 0.5 1 5
grep -q '"form": "uniform_phase"' "$tmp/c5.json" || fail "integrate: the kernel form is missing from the document"
"$nnft" integrate --activation cos --biases 'uniform(-pi,pi)' "${g4[@]}" --inputs "$in1" --cutoff inf > "$tmp/cinf.json"
check "$tmp/cinf.json" "$in1" 0.5 1 inf
"$nnft" integrate --activation sin --biases 'uniform(-pi,pi)' "${g4[@]}" --inputs "$in1" --cutoff 5 > "$tmp/s5.json"
check "$tmp/s5.json" "$in1" 0.5 1 5
in2='0.1,0.4;-0.3,0.2;0.5,-0.6;0.2,0.0'  # d_in 2, σ_W 1.3, uniform(−2, 2) output weights: A = ½ · 4/3
"$nnft" integrate --activation cos --din 2 --weights 'normal(0,1.3)' --biases 'uniform(-pi,pi)' \
  --out-weights 'uniform(-2,2)' --out-bias zero "${g4[@]}" --inputs "$in2" --cutoff inf > "$tmp/d2.json"
check "$tmp/d2.json" "$in2" "$(python3 -c 'print(2/3)')" 1.3 inf

# nnft fit on nnft exact's data (the laws reach both the data and the vertex kernel).
"$nnft" fit --activation cos --biases 'uniform(-pi,pi)' --models M1 --json > "$tmp/fit.json"
python3 - "$tmp/fit.json" <<'PY' || fail "fit: cos-net M1"
import json, sys
doc = json.load(open(sys.argv[1]))
text = json.dumps(doc)
assert "lambda0" in text, text[:400]
print("fit cos-net M1 ok")
PY

# nnft beta: the symbolic kernel (no measurement), β = 0 as for Gauss-net.
"$nnft" beta --activation cos --biases 'uniform(-pi,pi)' --json > "$tmp/beta.json"
grep -q '"method": "symbolic"' "$tmp/beta.json" && grep -q '"beta": "0"' "$tmp/beta.json" || fail "beta: cos-net $(cat "$tmp/beta.json")"
# nnft rg: the Gaussian kernel's λ term converges, so λ(Λ) is flat (slope 0 = the β prediction).
"$nnft" rg --activation cos --biases 'uniform(-pi,pi)' --cutoffs 10,100,1000 --min-cutoff 10 --json > "$tmp/rg.json"
python3 - "$tmp/rg.json" <<'PY' || fail "rg: cos-net"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["predicted"] == 0 and d["beta_method"] == "symbolic" and abs(d["slope"]["value"]) < 1e-10, d
PY

# Refusals: no kernel for a weight mean of a deep network (no N -> infinity limit) or other laws of the Gauss-net, and a
# law given together with the σ it replaces (other laws have the quadrature kernel: tests/cli/law_kernel_cli.sh; deep
# nets over any bias law: tests/unit/numeric/bias_mixture_test.cpp).
for args in "--depth 2 --weights uniform(-0.5,1.5)" "--depth 3 --weights uniform(-0.5,1.5) --biases uniform(-pi,pi)"; do
  echo keep > "$tmp/out.json"
  # shellcheck disable=SC2086
  expect_bad 'use a zero-mean --weights law' integrate --activation cos $args "${g4[@]}" --inputs "$in1"
done
echo keep > "$tmp/out.json"
expect_bad 'use nnft sample or nnft exact' fit --net gauss --biases 'uniform(-1,1)' --models M1
echo keep > "$tmp/out.json"
expect_bad 'excludes' integrate --activation cos --sigma-w 2 --weights 'normal(0,2)' "${g4[@]}" --inputs "$in1"
echo "cosnet kernel CLI: ok"
