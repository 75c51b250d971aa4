#!/usr/bin/env bash
# End-to-end tests of `nnft fit --six-point`: κ with the λ0² tree exchange, JSON shape, bad input.
# Usage: six_point_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
# ReLU N=20, Λ=100, exact data: κ = 371/(3 N² Λ⁷) = 3.09167e-15 (closed form, tests/unit/eft/six_point_test.cpp).
expect 0 'kappa = 3.09167e-15' fit --net relu --models M1 --six-point
expect 0 '"six_point"' fit --net relu --models M1 --six-point --ratio-cutoffs 100,1000 --json
expect 0 '"connected_tree"' fit --net relu --models M1 --six-point --json
expect 2 'needs --six-point' fit --net relu --ratio-cutoffs 100
expect 2 '--ratio-cutoffs must be a positive number' fit --net relu --six-point --ratio-cutoffs 100,abc
# Data made with --max-n 4 have no 6-point tables: a clear message naming the fix.
in='0.14142135623730953;0.28284271247461906;0.4242640687119285;0.5656854249492381;0.7071067811865476;0.848528137423857'
"$nnft" exact --net relu --width 20 --inputs "$in" --max-n 4 --out "$tmp/relu4.json" >/dev/null 2>&1
"$nnft" exact --net relu --width 20 --inputs '0.2;0.4;0.6;0.8;1.0;1.2' --max-n 4 --out "$tmp/relu4t.json" >/dev/null 2>&1
expect 0 'lambda0 = -6.25e-11' fit --net relu --models M1 --data "$tmp/relu4.json" --test-data "$tmp/relu4t.json"
expect 2 'produce them with nnft sample/exact --max-n 6' fit --net relu --models M1 --six-point --data "$tmp/relu4.json" --test-data "$tmp/relu4t.json"
[ $fail = 0 ] && echo "six-point CLI: all checks passed"
exit $fail
