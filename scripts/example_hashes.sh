#!/usr/bin/env bash
# Prints a SHA-256 per JSON document of the example commands (README.md, docs/commands/), so that a
# behaviour-preserving change (a restructure) can show identical output: run before and after, then diff the two lists. Each
# document is first put in canonical form by normalize_json.py (drops "seconds", sorts GiNaC's factors).
# Usage: bash scripts/example_hashes.sh [path/to/nnft]   (default build/app/nnft)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nnft=${1:-build/app/nnft}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() {  # name, then the command's arguments; hashes stdout (the --json document)
  local name=$1; shift
  "$nnft" "$@" >"$tmp/$name.json"
  printf '%s  %s\n' "$(python3 "$here/normalize_json.py" <"$tmp/$name.json" | sha256sum | cut -c1-16)" "$name"
}
run_file() {  # name, then arguments that write --out FILE
  local name=$1; shift
  "$nnft" "$@" --out "$tmp/$name.json" >/dev/null 2>&1
  printf '%s  %s\n' "$(python3 "$here/normalize_json.py" <"$tmp/$name.json" | sha256sum | cut -c1-16)" "$name"
}
run correlator_g4_connected correlator --points 4 --max-order 1 --connected --json
run correlator_g4_group correlator --points 4 --order lambda=1 --group --json
run diagrams_l2_connected diagrams --theory 'lambda*f^4' --points 4 --order lambda=2 --connected --json
run diagrams_no_self_energy diagrams --points 4 --order lambda=2 --no-self-energy --json
run correlator_fit_operators correlator --theory 'lambda0*f^4 + lambda2*x^2*f^4 + lambda_nl*f(x)^2*f(y)^2' --points 4 --max-order 1 --connected --json
run integrate_relu integrate --net relu --cutoff 100 --points 4 --order lambda=1 --connected --inputs paper:relu --tuples sorted --json
run integrate_gauss_d2 integrate --net gauss --din 2 --points 4 --max-order 1 --no-self-energy --inputs '0.01,0.01;-0.01,0.01' --json
run integrate_gauss_l3 integrate --net gauss --points 4 --order lambda=3 --connected --no-self-energy --inputs '0.1;-0.2;0.3;0.05;0.15;-0.1' --tuples sorted --json
run_file sample_erf5 sample --net erf --width 5 --inputs paper:erf --networks 1e5 --max-n 6 --seed 1
run_file exact_erf5 exact --net erf --width 5 --inputs paper:erf --max-n 6
run_file exact_relu20 exact --net relu --width 20 --inputs paper:relu --max-n 6
run fit_erf fit --net erf --json
run fit_relu_six fit --net relu --models M1 --six-point --ratio-cutoffs 10,100 --json
run beta_relu beta --net relu --din 2 --json
run rg_relu rg --net relu --din 1 --width 20 --json
run table_exact table --exact-only --json
run action_relu action --net relu --json
