#!/usr/bin/env bash
# Second- and third-order (λ², λ³) terms of nnft integrate with a quadrature kernel (issue 11; docs/methods/kernels.md, "Near
# |ρ| = 1"): the quadrature path against the closed form, the two integration rules agree for gelu and tanh, and a
# kinked activation that is not linear on each side of 0 is refused (exit 2) with a message that names the fix.
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

lam2=(--din 1 --points 4 --order lambda=2 --connected --no-self-energy --inputs '0.1;0.2;0.3;-0.1' --tuples 0,1,2,3
      --cutoff 2 --json --quiet)
# '-erf(-x)' is erf, but not mapped to the built-in: it runs through the quadrature kernel (Hermite expansion,
# nested rule near |ρ| = 1). Reference: the closed-form erf kernel (Williams 1997), the same integrals.
"$nnft" integrate --activation='-erf(-x)' "${lam2[@]}" --out "$tmp/quad.json"
"$nnft" integrate --net erf "${lam2[@]}" --out "$tmp/closed.json"
for a in gelu tanh; do "$nnft" integrate --activation "$a" "${lam2[@]}" --out "$tmp/$a.json"; done
# Order λ³ (the multi-vertex tensor-network contraction) through the same kernel, against the closed form.
lam3=(--points 4 --order lambda=3 --connected --no-self-energy --inputs '0.1;-0.2;0.3;0.05' --tuples 0,1,2,3 --cutoff 2
      --json --quiet)
"$nnft" integrate --activation='-erf(-x)' "${lam3[@]}" --out "$tmp/quad3.json"
"$nnft" integrate --net erf "${lam3[@]}" --out "$tmp/closed3.json"
python3 - "$tmp" <<'PY' || fail "second-order terms with a quadrature kernel"
import json, sys
d = sys.argv[1]
quad, closed = (json.load(open(f"{d}/{n}.json")) for n in ("quad", "closed"))
assert quad["kernel"]["method"] == "hermite_quadrature", quad["kernel"]
assert "method" not in closed["kernel"], closed["kernel"]
tq, tc = quad["tuples"][0]["terms"], closed["tuples"][0]["terms"]
assert len(tq) == len(tc) == 3, (tq, tc)
for q, c in zip(tq, tc):
    assert q["status"] == c["status"] == "ok", (q, c)
    # Combined error bars (each includes its kernel's error, once per line); |value| ~ 10: a relative 1e-10 is 1e-9.
    assert abs(q["value"] - c["value"]) <= q["error"] + c["error"], (q, c)
    assert 0 < q["error"] < 1e-8 * abs(q["value"]), q
q3, c3 = (json.load(open(f"{d}/{n}.json"))["tuples"][0]["by_coupling"][0] for n in ("quad3", "closed3"))
assert q3["status"] == c3["status"] == "ok" and abs(q3["value"] - c3["value"]) <= q3["error"] + c3["error"], (q3, c3)
for a in ("gelu", "tanh"):
    doc = json.load(open(f"{d}/{a}.json"))
    assert 0 < doc["kernel"]["relative_error"] < 1e-10, doc["kernel"]
    for t in doc["tuples"][0]["terms"]:  # ok: the second rule agreed within the combined error estimates
        assert t["status"] == "ok" and 0 < t["error"] < 1e-8 * abs(t["value"]), (a, t)
PY

echo keep > "$tmp/out.json"
# Kinked but not linear on each side of 0 (the piecewise-linear ones have a closed form: kinked_second_order_cli.sh).
expect_bad "--order lambda=1 (or kappa=1)" integrate --activation 'step(x)*tanh(x)' --points 4 --order lambda=2 --connected \
  --no-self-energy --inputs '0.1;-0.2' --tuples 0,1,0,1 --cutoff 2
expect_bad "has a kink" integrate --activation 'max(0,x)^2' --points 4 --order lambda=3 --connected --no-self-energy \
  --inputs '0.1;-0.2' --tuples 0,1,0,1 --cutoff 2
expect_bad "leaky_relu:a, abs(x)" integrate --activation 'max(0,x-1)' --points 4 --order lambda=2 --connected \
  --no-self-energy --inputs '0.1;-0.2' --tuples 0,1,0,1 --cutoff 2
echo "second-order quadrature CLI: ok"
