#!/usr/bin/env bash
# End-to-end tests of `nnft action`: the ReLU closed forms (eft/action_checks.cpp), the refusals with reasons, JSON keys.
# Usage: action_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
# ReLU N=20, Λ=100: λ_action = λ0 = −12.5/(NΛ⁵) = −6.25e-11; locality residual √(6·36²/(2·540²+6·36²)) = 0.114708.
expect 0 'lambda_action     = -6.25e-11' action --net relu --grid 12
expect 0 'residual 0.114708' action --net relu --grid 12
expect 0 '"stable": true' action --net relu --grid 12 --json
expect 0 '"without_product_term"' action --net relu --grid 12 --json
# Gauss-net over R: no grid inverse, said so; on a box: flagged non-local.
expect 0 'continuous spectrum' action --net gauss
expect 0 '"meaningful": false' action --net gauss --json
expect 0 'no local coupling' action --net gauss --cutoff 1 --grid 12
# Erf at the paper's Λ = 100: refused with the work estimate.
expect 2 'node-tuple evaluations' action --net erf
expect 2 'even number of points' action --net relu --grid 9
expect 2 'numerical rank 2' action --net relu --grid 12 --rank 3
expect 2 "positive number or 'inf'" action --net relu --cutoff abc
# Parameter laws reach the action (issue 11): a uniform bias changes the exact data, so λ0, and the document names the laws.
common=(--activation tanh --cutoff 3 --grid 16 --width 20 --json --quiet)
"$nnft" action "${common[@]}" --biases 'uniform(-1,1)' --out "$tmp/uniform.json" || fail "action with --biases uniform(-1,1) failed"
"$nnft" action "${common[@]}" --out "$tmp/normal.json" || fail "action with normal laws failed"
python3 - "$tmp/uniform.json" "$tmp/normal.json" <<'PY' || fail "action: the bias law did not reach the document or the data"
import json, sys
u, n = (json.load(open(p)) for p in sys.argv[1:])
assert u["laws"]["biases"] == "uniform(-1,1)" and "laws" not in n, (u.get("laws"), n.get("laws"))
assert abs(u["lambda0"]["value"] - n["lambda0"]["value"]) > 10 * (u["lambda0"]["error"] + n["lambda0"]["error"])
PY
expect 2 '--biases: ' action --activation tanh --biases 'uniform(1,0)'
[ $fail = 0 ] && echo "action CLI: all checks passed"
exit $fail
