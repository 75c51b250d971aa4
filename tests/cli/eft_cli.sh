#!/usr/bin/env bash
# End-to-end tests of `nnft fit`, `nnft beta` and `nnft rg`: values with provenance, JSON keys, errors.
# Usage: eft_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
# ReLU N=20, Λ=100, exact data: λ0 = −12.5/(N Λ⁵) = −6.25e-11 exactly (closed form, tests/unit/eft/coupling_fit_test.cpp).
expect 0 'lambda0 = -6.25e-11' fit --net relu
expect 0 'not determined' fit --net relu --models M2
expect 0 '"mape"' fit --net erf --models M0,M1 --json
expect 2 "unknown model 'M7'" fit --net erf --models M7
expect 2 'needs --test-data' fit --net erf --data some.json
expect 2 'cannot read data file' fit --net erf --data missing.json --test-data missing.json
# A data file from nnft exact with another width is refused as mismatched.
"$nnft" exact --net erf --width 7 --inputs '0.0014142135623730952;0.0028284271247461905;0.004242640687119285;0.005656854249492381;0.007071067811865476;0.008485281374238571' --max-n 4 --out "$tmp/erf7.json" >/dev/null 2>&1
expect 2 'do not match' fit --net erf --data "$tmp/erf7.json" --test-data "$tmp/erf7.json"
# β from the kernel's scaling (the talk: ReLU −(d_in+4)λ; Erf saturates: −d_in λ; Gauss decays: 0).
expect 0 '"scaling_exponent": -5.0' beta --net relu --din 1 --json
expect 0 'beta(lambda) = -2*lambda' beta --net erf --din 2
expect 0 'beta(lambda) = 0' beta --net gauss
expect 0 'beta(kappa) = -7*kappa' beta --net relu --coupling kappa
expect 2 "not in the theory" beta --net relu --coupling mu
# no command guesses the network
expect 2 "no activation: give --net" beta --coupling lambda
expect 2 "no activation: give --net" fit --models M1
expect 2 "no activation: give --net" rg --cutoffs 100
expect 2 "excludes" beta --net relu --activation gelu
expect 2 "no activation: give --net" integrate --inputs 0.1
expect 2 "no activation: give --net" action
expect 2 "no activation: give --net" symmetry --tests output
# Running coupling: slope −5 for ReLU at d_in = 1.
expect 0 '"predicted": -5.0' rg --net relu --din 1 --cutoffs 100,1000,10000 --json
expect 2 'cannot read cutoff' rg --net relu --cutoffs 10,abc
# The paper's table: the seed's M1 ReLU coupling 6.2e-11 (sign flipped) next to the exact −6.25e-11; M2 degenerate.
expect 0 '| M1 | lambda0 | -6.25e-11' table --nets relu --exact-only
expect 0 'Degenerate on these inputs' table --nets relu --exact-only
expect 0 '"seed_on_exact"' table --nets erf --exact-only --json
expect 0 '"conditioned": true' table --nets erf --networks 16384 --replicas 2 --json
expect 2 "not 'tanh'" table --nets tanh
expect 2 'raise --networks' table --nets erf --networks 1000
[ $fail = 0 ] && echo "eft CLI: all checks passed"
exit $fail
