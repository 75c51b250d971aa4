#!/usr/bin/env bash
# nnft expand (the deep 1/N expansion, issue 12) and nnft exact --depth for deep ReLU: the documents, the order
# recorded, agreement with nnft exact at one hidden layer and with the exact deep ReLU's large-N behaviour,
# nnft fit --depth/--data expand, and the refusals (exit 2, output untouched).
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../support/cli_expect_bad.sh"

# One hidden layer: the expansion is exact, so it reproduces nnft exact (tanh: quadrature on both sides).
"$nnft" expand --net tanh --width 6 --inputs '0.3;-0.8;1.1' --max-n 4 --out "$tmp/e1.json"
"$nnft" exact --net tanh --width 6 --inputs '0.3;-0.8;1.1' --max-n 4 --out "$tmp/x1.json"
python3 - "$tmp/e1.json" "$tmp/x1.json" <<'PY' || fail "expand at depth 1 differs from exact"
import json, sys
e, x = (json.load(open(p)) for p in sys.argv[1:3])
assert e["config"]["order"] == "1/N" and e["config"]["method"] == "1/N expansion", e["config"]
assert e["networks"] == 0 and "g4_connected_first_order" in e["coefficients"]
for t in ("g2", "g4_connected"):
    for a, b in zip(e["correlators"][t], x["correlators"][t]):
        assert a["indices"] == b["indices"]
        assert abs(a["value"] - b["value"]) <= a["error"] + b["error"] + 1e-13, (t, a, b)
PY
# Deep ReLU without biases: exact at depth 3 (closed form 3[(1/4 + 5/(4N))^3 - 1/64] at x = 1, N = 10) and the
# expansion's coefficient 3·3·(1/16)·(5/4) = 45/64 (hand-checked case of the deep-networks reference).
"$nnft" exact --net relu --depth 3 --width 10 --inputs '1' --max-n 4 --out "$tmp/x3.json"
"$nnft" expand --net relu --depth 3 --width 10 --inputs '1' --json --out "$tmp/e3.json"
python3 - "$tmp/x3.json" "$tmp/e3.json" <<'PY' || fail "deep ReLU exact or expansion off its closed form"
import json, sys
x, e = (json.load(open(p)) for p in sys.argv[1:3])
g4 = x["correlators"]["g4_connected"][0]["value"]
assert abs(g4 - 3 * ((0.25 + 0.125) ** 3 - 0.25 ** 3)) < 1e-14, g4
c = e["coefficients"]["g4_connected_first_order"][0]
assert abs(c["value"] - 45 / 64) < 1e-9 and c["error"] < 1e-8, c
PY
# The fit across depth takes deep data (exact for ReLU without biases, or the expansion).
"$nnft" fit --net relu --depth 2 --models M1 --json --out "$tmp/f.json"
grep -q '"lambda0"' "$tmp/f.json" || fail "fit --depth 2 has no lambda0"
"$nnft" fit --net erf --depth 2 --models M1 --data expand --json --out "$tmp/fe.json"
grep -q '"data": "expand"' "$tmp/fe.json" || fail "fit --data expand does not say so"

# The running in the cutoff across depth: deep ReLU without biases stays homogeneous, so λ(Λ) ∝ Λ^-5 at d_in 1
# (β = −(d_in + 4)λ, the kernel exponent now measured on K^(3)).
"$nnft" rg --net relu --depth 3 --cutoffs 100,300,1000 --json --out "$tmp/rg.json"
python3 - "$tmp/rg.json" <<'PY' || fail "rg --depth 3 slope is not -5"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["depth"] == 3 and abs(d["slope"]["value"] + 5) < 1e-9 and d["predicted"] == -5, d
PY
"$nnft" beta --net erf --depth 2 | grep -q 'beta(lambda) = -lambda .*measured' || fail "beta --depth 2 erf is not -lambda (measured)"

# Unequal hidden widths (--widths): the exact deep ReLU (product of one χ² factor per layer) at widths (3, 7)
# has G4_con = 3 x⁴ [Π_ℓ (1/4 + 5/(4N_ℓ)) − 1/16] at one input; equal widths listed are --width N --depth L; the
# expansion's coefficient (per 1/N_L) is (N_L/N_1 + 1)·(5/16)·3 for ReLU, whose layers each give 5/(4N_ℓ).
"$nnft" exact --net relu --widths 3,7 --inputs '1' --max-n 4 --out "$tmp/xw.json"
"$nnft" expand --net relu --widths 3,7 --inputs '1' --out "$tmp/ew.json"
"$nnft" expand --net relu --widths 10,10,10 --inputs '1' --out "$tmp/ew3.json"
python3 - "$tmp/xw.json" "$tmp/ew.json" "$tmp/ew3.json" "$tmp/e3.json" <<'PY' || fail "--widths results off their closed forms"
import json, sys
x, e, e3, e_ref = (json.load(open(p)) for p in sys.argv[1:5])
assert x["config"]["widths"] == [3, 7] and x["config"]["depth"] == 2 and x["config"]["width"] == 7, x["config"]
g4 = x["correlators"]["g4_connected"][0]["value"]
want = 3 * ((0.25 + 5 / 12) * (0.25 + 5 / 28) - 1 / 16)
assert abs(g4 - want) < 1e-14, (g4, want)
c = e["coefficients"]["g4_connected_first_order"][0]["value"]
assert abs(c - 3 * (7 / 3 + 1) * 5 / 4 / 4) < 1e-9, c
assert "widths" not in e3["config"] and e3["correlators"] == e_ref["correlators"], "equal --widths differ from --width"
PY
"$nnft" sample --net relu --widths 3,7 --inputs '1' --max-n 4 --networks 2e5 --seed 3 --out "$tmp/sw.json"
python3 - "$tmp/sw.json" "$tmp/xw.json" <<'PY' || fail "sampled --widths 3,7 disagrees with exact"
import json, sys
s, x = (json.load(open(p)) for p in sys.argv[1:3])
assert s["config"]["widths"] == [3, 7], s["config"]
for t in ("g2", "g4_connected"):
    a, b = s["correlators"][t][0], x["correlators"][t][0]
    assert abs(a["value"] - b["value"]) < 4.5 * a["error"], (t, a, b)
PY

# A non-Gaussian output layer: G4_con gains κ₄(b_out) + κ₄(w_out) E[σσσσ]/N. One hidden layer: equal to nnft exact
# (quadrature over the first layer, its own non-Gaussian output terms); κ₄ of student_t(6, 0.5) is 6·0.5⁴/2 = 0.1875.
law=(--out-weights 'rademacher(1)' --out-bias 'student_t(6,0.5)')
"$nnft" expand --net tanh --width 6 --inputs '0.3;-0.8;1.1' --max-n 4 "${law[@]}" --out "$tmp/ng_e.json"
"$nnft" exact --net tanh --width 6 --inputs '0.3;-0.8;1.1' --max-n 4 "${law[@]}" --out "$tmp/ng_x.json"
python3 - "$tmp/ng_e.json" "$tmp/ng_x.json" <<'PY' || fail "non-Gaussian output layer: expand differs from exact at depth 1"
import json, sys
e, x = (json.load(open(p)) for p in sys.argv[1:3])
assert e["coefficients"]["g4_connected_order_one"] == 0.1875, e["coefficients"].get("g4_connected_order_one")
for t in ("g2", "g4_connected"):
    for a, b in zip(e["correlators"][t], x["correlators"][t]):
        assert abs(a["value"] - b["value"]) <= a["error"] + b["error"] + 1e-13, (t, a, b)
PY
# Deep (erf, depth 2, N = 30, Rademacher output weights, κ₄ = −2): sampled networks agree with the prediction
# (|pull| < 3.5) and reject the Gaussian-output one (> 4σ) — the same-unit term is resolved.
deep=(--net erf --depth 2 --width 30 --inputs '0.5;-1.2' --max-n 4)
"$nnft" expand "${deep[@]}" --out-weights 'rademacher(1)' --out "$tmp/r_e.json"
"$nnft" expand "${deep[@]}" --out "$tmp/g_e.json"
"$nnft" sample "${deep[@]}" --out-weights 'rademacher(1)' --networks 2e6 --seed 5 --out "$tmp/r_s.json" 2>/dev/null
"$nnft" compare "$tmp/r_s.json" "$tmp/r_e.json" --tables g4_connected --max-pull 3.5 >/dev/null \
  || fail "sampled Rademacher-output network disagrees with the expansion"
"$nnft" compare "$tmp/r_s.json" "$tmp/g_e.json" --tables g4_connected --json --out "$tmp/rg.json"
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['tables'][0]['max_abs_pull'] > 4" "$tmp/rg.json" \
  || fail "the Rademacher output term is not resolved"

# Non-Gaussian hidden weights (Rademacher, every hidden layer): the expansion takes the first layer's law exactly and
# the hidden weights' fourth cumulant at O(1/N); sampled networks (explicit weights) agree on G2 and G4_con.
ng=(--net tanh --depth 2 --width 12 --inputs '0.4;-1.1' --weights 'rademacher(1.2)' --sigma-b 0.4)
"$nnft" expand "${ng[@]}" --out "$tmp/ng_e.json"
# The plain estimator: the conditioned one (auto's choice here) has ~40x smaller errors on G4_con, which resolve
# the expansion's O(1/N^2) remainder at N = 12 (about 1 %, pulls up to 9).
"$nnft" sample "${ng[@]}" --networks 1e6 --seed 3 --estimator plain --out "$tmp/ng_s.json" 2>/dev/null
"$nnft" compare "$tmp/ng_s.json" "$tmp/ng_e.json" --tables g2,g4_connected --max-pull 3.5 >/dev/null \
  || fail "sampled Rademacher-weight network disagrees with the expansion"

echo keep > "$tmp/out.json"
expect_bad "fourth cumulant does not exist" expand --net erf --depth 2 --width 10 --inputs '0.5;1' --out-weights 'student_t(3,1)'
expect_bad "one width per hidden layer" expand --net erf --depth 3 --widths 10,20 --inputs '0.5;1'
expect_bad "at least one neuron" sample --net erf --widths 10,0 --inputs '0.5;1'
expect_bad "width is missing" sample --net erf --inputs '0.5;1'
expect_bad "use --max-n 2 or 4" expand --net erf --depth 2 --width 10 --inputs '0.5;1' --max-n 6
expect_bad "zero-mean laws" expand --net erf --depth 2 --width 10 --inputs '0.5;1' --weights 'normal(0.5,1)'
expect_bad "non-Gaussian at O(1)" expand --net erf --depth 2 --width 10 --inputs '0.5;1' --biases 'uniform(-1,1)'
expect_bad "non-collinear" expand --net erf --depth 2 --width 10 --inputs '0.5;0.5'
expect_bad "depth 0" expand --net erf --depth 0 --width 10 --inputs '0.5;1'
expect_bad "nnft expand" exact --net erf --depth 2 --width 10 --inputs '0.5;1'
expect_bad "not positive" exact --net relu --depth 2 --width 10 --inputs '0.5;-1'
echo "expand CLI: ok"
