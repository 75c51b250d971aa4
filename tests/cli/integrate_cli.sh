#!/usr/bin/env bash
# End-to-end tests of `nnft integrate` and `nnft check`: values, statuses, exit codes and messages.
# Usage: integrate_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
g4=(--points 4 --order lambda=1 --connected)
# Gauss net, sigma_W = 1, d_in = 1, all legs at x = 0: -24 * integral of exp(-2 y^2) = -24 sqrt(pi/2) = -30.0795...
expect 0 '-30.0795' integrate --net gauss "${g4[@]}" --inputs 0 --tuples 0,0,0,0
expect 0 '"by_coupling"' integrate --net gauss "${g4[@]}" --inputs '0.002;0.006' --json
expect 0 '"status": "ok"' integrate --net relu --cutoff 100 "${g4[@]}" --inputs paper:relu --tuples 0,1,2,3 --json
# A divergent integral is reported with a status, never as a silent number, and exit code 4 (document written).
expect 4 'diverged' integrate --net erf "${g4[@]}" --inputs 0.002 --tuples 0,0,0,0
# Bad input: exit code 2 and a message naming the problem.
expect 2 '--cutoff must be a positive number' integrate --net relu --cutoff 0 "${g4[@]}" --inputs 0.2
expect 2 'unknown' integrate --net tanhh "${g4[@]}" --inputs 0.2
expect 2 '--inputs is required' integrate --net relu "${g4[@]}"
expect 2 'finite' integrate --net relu --cutoff 10 "${g4[@]}" --inputs 'nan;0.2'
expect 2 'coordinates' integrate --net relu --cutoff 10 "${g4[@]}" --inputs '0.1,0.2'
expect 2 'outside' integrate --net relu --cutoff 10 "${g4[@]}" --inputs '0.1;0.2' --tuples 0,1,2,3
expect 2 'must differ' integrate --net relu --cutoff 10 "${g4[@]}" --inputs 0.1 --check-method gauss_legendre
# Order lambda^3 (three internal points joined by lines: multi-vertex grid contraction), Gauss net over R:
# every term converged and confirmed (no other status anywhere in the document).
l3=(integrate --net gauss --points 4 --order lambda=3 --connected --no-self-energy --inputs '0.1;-0.2;0.3;0.05' --tuples 0,1,2,3)
expect 0 '"by_coupling"' "${l3[@]}" --json
if grep -qE 'not_converged|max_evaluations_reached|diverged' "$tmp/out" || ! grep -qF '"status": "ok"' "$tmp/out"; then
  echo "FAIL: nnft ${l3[*]} --json: a term is not ok"; head -c 2000 "$tmp/out"; fail=1
fi
# A multi-vertex job too large for the grid contraction is refused before any work, naming the fix.
# (Tensor grids; --grid auto would use QMC lattices at d_in = 4.)
expect 2 'lower d_in' integrate --net gauss --din 4 --grid tensor --points 4 --order lambda=3 --connected --no-self-energy --inputs '0.1,0,0,0' --tuples 0,0,0,0
# d_in = 3: two-vertex (fish) pieces on randomly shifted rank-1 lattices (auto = qmc for d_in >= 3), error = standard
# error over 16 shifts, confirmed by the alternate lattice family: every term ok with a nonzero error.
q3=(integrate --net gauss --din 3 --points 4 --order lambda=2 --connected --no-self-energy
    --inputs '0.1,0,0.2;-0.2,0.1,0;0.3,-0.1,0.1;0.05,0.2,-0.1' --tuples 0,1,2,3 --json)
expect 0 '"grid": "qmc"' "${q3[@]}"
if grep -qE 'not_converged|max_evaluations_reached|diverged' "$tmp/out" || ! grep -qF '"status": "ok"' "$tmp/out" ||
   grep -qE '"error": 0(\.0)?,' "$tmp/out"; then
  echo "FAIL: nnft ${q3[*]}: a term is not ok or has no error"; head -c 2000 "$tmp/out"; fail=1
fi
# The QMC job is sized before any work: 16 shifts x 1021^2 kernel evaluations exceed a budget of 1e6.
expect 2 'raise --max-evaluations' "${q3[@]}" --max-evaluations 1e6
expect 2 'use auto, tensor or qmc' integrate --net gauss --din 3 "${g4[@]}" --inputs '0,0,0' --grid lattice
expect 2 '--qmc-rel-tol must lie' integrate --net gauss --din 3 "${g4[@]}" --inputs '0,0,0' --qmc-rel-tol 0
# Deep kernels (--depth): free G2 against the deep ReLU closed forms (σ_b = 0, d_in = 1: K = xy/4 for one sign,
# |xy|/(4π) for opposite signs at depth 2), and the λ term of G4_con with deep Erf kernels against an independent
# Simpson rule over the arcsine recursion (K_EFT = K^(L) − σ_b², cutoff 1).
expect 0 '"depth": 2' integrate --net relu --depth 2 --points 2 --order lambda=0 --inputs '0.5;-0.7' --json
python3 - "$tmp/out" <<'PY' || { echo "FAIL: deep ReLU G2"; fail=1; }
import json, math, sys
t = {tuple(e["indices"]): e["terms"][0]["value"] for e in json.load(open(sys.argv[1]))["tuples"]}
assert abs(t[(0, 0)] - 0.0625) < 1e-15 and abs(t[(0, 1)] - 0.35 / (4 * math.pi)) < 1e-15, t
PY
for depth in 2 3; do
  expect 0 '"status": "ok"' integrate --net erf --depth $depth "${g4[@]}" --inputs '0.2;0.5' --tuples 0,0,1,1 --cutoff 1 --json
  python3 - "$tmp/out" $depth <<'PY' || { echo "FAIL: deep Erf λ term at depth $depth"; fail=1; }
import json, math, sys
def k_erf(c, vx, vy): return 2 / math.pi * math.asin(2 * c / math.sqrt((1 + 2 * vx) * (1 + 2 * vy)))
def k_eft(x, y, depth):  # σ_W = σ_b = 1
    c, vx, vy = 1 + x * y, 1 + x * x, 1 + y * y
    for _ in range(depth):
        c, vx, vy = 1 + k_erf(c, vx, vy), 1 + k_erf(vx, vx, vx), 1 + k_erf(vy, vy, vy)
    return c - 1
depth, n = int(sys.argv[2]), 20000
h = 2.0 / n
s = sum((1 if i in (0, n) else 4 if i % 2 else 2) * math.prod(k_eft(x, -1 + i * h, depth) for x in (0.2, 0.2, 0.5, 0.5))
        for i in range(n + 1))
ref = -24 * s * h / 3
term = json.load(open(sys.argv[1]))["tuples"][0]["terms"][0]
assert abs(term["value"] - ref) <= 10 * term["error"] + 1e-12 * abs(ref), (term, ref)
PY
done
expect 2 'Gauss-net is defined for one hidden layer' integrate --net gauss --depth 2 --points 2 --order lambda=0 --inputs 0.2
# A vertex without external legs (a tadpole on an internal line) is refused by name, not as an 'empty tuple'.
expect 2 'internal point without external legs' integrate --net erf --points 2 --order lambda=2 --inputs '0.1;-0.2' --tuples 0,1 --cutoff 5

# One CLI convention: sample, exact and merge accept --json (they always write JSON); beta takes --out.
expect 0 '"config"' exact --net erf --width 2 --inputs 0.1 --max-n 2 --json
"$nnft" beta --net relu --din 2 --out "$tmp/beta.txt" || fail=1
grep -qF 'beta(lambda) = -6*lambda' "$tmp/beta.txt" || { echo "FAIL: beta --out"; fail=1; }

# Misspelt subcommands and options: exit 2 with a suggestion; no suggestion for a word far from every name.
expect 2 "did you mean 'sample' (for 'sampel')?" sampel --net erf
expect 2 "did you mean '--max-n' (for '--max_n')?" exact --net erf --width 2 --inputs 1 --max_n 4
expect 2 "did you mean '--cutoff' (for '--cutof')?" integrate --net relu "${g4[@]}" --inputs 0.2 --cutof 2
"$nnft" zzzz >"$tmp/out" 2>&1; grep -q "did you mean" "$tmp/out" && { echo "FAIL: a suggestion for zzzz"; fail=1; }

# Unsigned options refuse negative values (they used to wrap to 2^64 - k and run).
expect 2 "--width: a negative number is not allowed here (got -5)" exact --net erf --width -5 --inputs 1 --max-n 2
expect 2 "--seed: a negative number is not allowed here (got -1)" sample --net erf --width 3 --inputs 1 --seed -1 --networks 1000

# --out is checked before any work: a missing folder refuses a 1e9-network run at once, a folder is not a file.
expect 2 'does not exist' sample --net erf --width 5 --inputs 0.1 --networks 1e9 --out "$tmp/missing/x.json"
expect 2 'is a folder' exact --net erf --width 5 --inputs 0.1 --out "$tmp"
expect 2 'does not exist' integrate --net gauss "${g4[@]}" --inputs 0 --out "$tmp/missing/x.txt"

# nnft check: a subset, JSON report, exit code 0 when every check passes.
expect 0 '"passed": true' check --only diagrams --json
expect 2 'matches no check' check --only nothing
[ $fail = 0 ] && echo "integrate/check CLI: all checks passed"
exit $fail
