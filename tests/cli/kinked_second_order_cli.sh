#!/usr/bin/env bash
# Second-order (λ²) terms for kinked activations linear on each side of 0 (issue 11; docs/methods/kernels.md,
# "Piecewise-linear activations"): their closed-form kernel against an exact piecewise-polynomial integral
# (σ_b = 0), against --net relu scaled (σ_b > 0, the |y − z|³ kink on the diagonal), and the β-function exponent.
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

lam2=(--din 1 --points 4 --order lambda=2 --connected --no-self-energy --inputs '0.1;0.2;0.3;-0.1' --tuples 0,1,2,3
      --cutoff 2 --json --quiet)
# σ_b = 0, d_in = 1, σ_W = 1: the pre-activations are x·w, so K(x, y) = x y ((p² + q²)/2 for x y > 0, p q for
# x y < 0) and each λ² term 288 ∫∫ K(xa,y) K(xb,y) K(xc,z) K(xd,z) K(y,z)² over [−2, 2]² is a sum over the sign
# quadrants of products of those factors times (∫₀² t⁴ dt)² = (32/5)²: exact, computed below independently.
"$nnft" integrate --activation leaky_relu:0.1 --sigma-b 0 "${lam2[@]}" --out "$tmp/leaky0.json"
"$nnft" integrate --activation 'abs(x)' --sigma-b 0 "${lam2[@]}" --out "$tmp/abs0.json"
# σ_b = 0.5: σ = 2·max(0, x) has K_EFT = 4 K_EFT(relu) exactly, so each λ² term (six vertex lines) is 4⁶ times
# --net relu's; 'max(0,x)' itself is the built-in relu (byte-identical output).
"$nnft" integrate --activation '2*max(0,x)' --sigma-b 0.5 "${lam2[@]}" --out "$tmp/two.json"
"$nnft" integrate --net relu --sigma-b 0.5 "${lam2[@]}" --out "$tmp/relu.json"
"$nnft" integrate --activation 'max(0,x)' --sigma-b 0.5 "${lam2[@]}" --out "$tmp/max.json"
cmp -s "$tmp/relu.json" "$tmp/max.json" || fail "--activation 'max(0,x)' differs from --net relu"
"$nnft" integrate --activation leaky_relu:0.1 "${lam2[@]}" --out "$tmp/leaky1.json"
python3 - "$tmp" <<'PY' || fail "second-order terms of piecewise-linear activations"
import itertools, json, sys
d = sys.argv[1]
load = lambda n: json.load(open(f"{d}/{n}.json"))
x = [0.1, 0.2, 0.3, -0.1]
def exact(p, q):
    g = lambda s: (p * p + q * q) / 2 if s > 0 else p * q
    sgn = [1 if v > 0 else -1 for v in x]
    prod = x[0] * x[1] * x[2] * x[3] * (32 / 5) ** 2
    out = []
    for a, b, c, e in ((0, 1, 2, 3), (0, 2, 1, 3), (0, 3, 1, 2)):  # the three channels, in nnft correlator's order
        s = sum(g(sgn[a] * sy) * g(sgn[b] * sy) * g(sgn[c] * sz) * g(sgn[e] * sz) * g(sy * sz) ** 2
                for sy, sz in itertools.product((1, -1), repeat=2))
        out.append(288 * prod * s)
    return out
for name, p, q in (("leaky0", 1.0, 0.1), ("abs0", 1.0, -1.0)):
    doc = load(name)
    assert doc["kernel"]["form"] == "piecewise_linear" and doc["kernel"]["slopes"] == [p, q], doc["kernel"]
    assert "method" not in doc["kernel"], doc["kernel"]
    terms = doc["tuples"][0]["terms"]
    assert len(terms) == 3, terms
    for t, want in zip(terms, exact(p, q)):
        assert t["status"] == "ok", (name, t)
        assert abs(t["value"] - want) <= max(t["error"], 1e-14 * abs(want)), (name, t, want)
two, relu = (load(n)["tuples"][0]["terms"] for n in ("two", "relu"))
for a, b in zip(two, relu):
    assert a["status"] == b["status"] == "ok", (a, b)
    assert abs(a["value"] - 4096 * b["value"]) <= 1e-12 * abs(a["value"]), (a, b)
for t in load("leaky1")["tuples"][0]["terms"]:  # ok: the second rule agreed within the combined error estimates
    assert t["status"] == "ok" and 0 < t["error"] < 1e-9 * abs(t["value"]), t
PY
# The β-function of leaky_relu from its closed form (exponent 1, as relu's), no longer measured.
"$nnft" beta --activation leaky_relu:0.1 > "$tmp/beta.txt"
grep -q 'beta(lambda) = -5\*lambda' "$tmp/beta.txt" || fail "beta leaky_relu:0.1 is not -5 lambda"
! grep -q measured "$tmp/beta.txt" || fail "beta leaky_relu:0.1 is still measured"
echo keep > "$tmp/out.json"
expect_bad "leaky_relu:a, abs(x)" integrate --activation 'max(0,x)^2' "${lam2[@]}"
echo "kinked second-order CLI: ok"
