#!/usr/bin/env bash
# The kernel commands for any activation (issue 11): nnft integrate, fit and beta take --activation; the
# quadrature kernel's value against a closed form; an expression equal to a built-in gives its numbers;
# second-order terms of kinked activations not linear on each side of 0 and clashing options are refused (exit 2).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

common=(--points 4 --order lambda=1 --connected --inputs '0.1;-0.2;0.3;0.05' --tuples 0,1,2,3 --cutoff 2)
# linear (σ(x) = x, σ_W = σ_b = 1): K_EFT(x, y) = 1 + x y, so the connected λ term is
# −24 ∫_{−2}^{2} Π_i (1 + x_i y) dy = −90.78784 (the polynomial integrated by hand, exact to the digits shown).
"$nnft" integrate --activation linear "${common[@]}" --json --out "$tmp/lin.json" 2>/dev/null
python3 - "$tmp/lin.json" <<'PY' || fail "linear activation: the quadrature kernel misses the closed form"
import json, sys
d = json.load(open(sys.argv[1]))
v = d["tuples"][0]["by_coupling"][0]
assert d["kernel"]["method"] == "hermite_quadrature", d["kernel"]
assert 0 < d["kernel"]["relative_error"] < 1e-10, d["kernel"]
assert v["status"] == "ok" and abs(v["value"] + 90.78784) < 1e-9, v
PY
# An expression equal to a built-in is the built-in: byte-identical output.
"$nnft" integrate --activation 'erf(x)' "${common[@]}" --out "$tmp/e1.txt"
"$nnft" integrate --net erf "${common[@]}" --out "$tmp/e2.txt"
cmp -s "$tmp/e1.txt" "$tmp/e2.txt" || fail "integrate --activation 'erf(x)' differs from --net erf"
# tanh and presets through the quadrature kernel, deep kernels of them too.
"$nnft" integrate --net tanh "${common[@]}" --depth 2 --json --out "$tmp/t.json"
grep -q '"status": "ok"' "$tmp/t.json" || fail "integrate --net tanh --depth 2 has no ok value"
# β-functions: measured exponents (tanh bounded: a = 0; gelu ~ relu: a = 1; sin decays: β = 0).
"$nnft" beta --activation tanh | grep -q 'beta(lambda) = -lambda .*measured' || fail "beta tanh is not -lambda (measured)"
"$nnft" beta --activation gelu | grep -q 'beta(lambda) = -5\*lambda' || fail "beta gelu is not -5 lambda"
"$nnft" beta --activation sin --json | grep -q '"method": "measured"' || fail "beta --json lacks the measured label"
"$nnft" beta --activation sin | grep -q 'beta(lambda) = 0 ' || fail "beta sin is not 0"
# The fit runs end to end for a new activation (M1 only, to keep the suite short).
"$nnft" fit --activation gelu --models M1 --json --out "$tmp/fit.json"
grep -q '"net": "gelu"' "$tmp/fit.json" || fail "fit --activation gelu does not name the net"
grep -q '"lambda0"' "$tmp/fit.json" || fail "fit --activation gelu has no lambda0"

# The action from correlators and the symmetry suite take any activation too.
"$nnft" action --activation tanh --cutoff 3 --grid 16 --json --out "$tmp/action.json"
grep -q '"net": "tanh"' "$tmp/action.json" || fail "action --activation tanh does not name the net"
"$nnft" symmetry --activation gelu --tests input --networks 16384 --out "$tmp/sym.txt"
grep -q 'ALL 4 SYMMETRY TESTS AS PREDICTED' "$tmp/sym.txt" || fail "symmetry --activation gelu: a test failed"

echo keep > "$tmp/out.json"
expect_bad "need a smooth activation" integrate --activation 'max(0,x)^2' --points 4 --order lambda=2 --connected --no-self-energy \
  --inputs '0.1;-0.2' --tuples 0,1,0,1 --cutoff 5
expect_bad "excludes" integrate --net erf --activation gelu "${common[@]}"
expect_bad "Gauss-net" integrate --net gauss --depth 2 "${common[@]}"
echo "kernel activation CLI: ok"
