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
[ $fail = 0 ] && echo "action CLI: all checks passed"
exit $fail
