#!/usr/bin/env bash
# End-to-end tests of `nnft diagrams` / `nnft correlator`: exit codes, messages, formats, emitted C++.
# Usage: diagrams_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
# Paper formulas.
expect 0 'G^{(4)}_{\text{c}}\big|_{\mathcal{O}(\lambda)} = -24\lambda \int \mathrm{d}^{d_{\text{in}}}y\, K_{1y} K_{2y} K_{3y} K_{4y}' correlator --points 4 --order lambda=1 --connected --format latex
expect 0 '"coefficient": "-360"' correlator --points 4 --order kappa=1 --connected --json
expect 0 '"multiplicity": "24"' diagrams --points 4 --order lambda=1 --connected --json
expect 0 '121295 diagram classes' diagrams --theory 'lambda*f^4' --points 6 --order lambda=6 --connected --format text
# Odd leg count: empty result, not an error.
expect 0 '"diagrams": []' diagrams --points 3 --order lambda=1 --json
# Bad input: exit code 2 and a message that names the problem.
expect 2 'position 13' diagrams --theory 'lambda*f^4 +* g'
expect 2 "unknown coupling 'mu'" diagrams --order mu=1
expect 2 'non-negative' diagrams --order lambda=-1
expect 2 '--points must be non-negative' diagrams --points=-1
expect 2 '--max-classes' diagrams --points 8 --order lambda=8 --connected
expect 2 'unknown --format' correlator --format pdf
expect 2 'not both' correlator --order lambda=1 --max-order 2
# Output files are written atomically; a failed run leaves an existing file untouched.
echo keep >"$tmp/result.json"
"$nnft" diagrams --points 8 --order lambda=8 --out "$tmp/result.json" >/dev/null 2>&1
[ "$(cat "$tmp/result.json")" = keep ] || { echo "FAIL: failed run damaged the output file"; fail=1; }
"$nnft" correlator --points 4 --max-order 1 --json --out "$tmp/result.json" || fail=1
grep -q '"terms"' "$tmp/result.json" || { echo "FAIL: --out did not write the result"; fail=1; }
# Emitted C++ compiles on its own, two headers in one translation unit (--cpp-namespace). Zero-dimensional
# check: K_EFT = 1 on vertex lines, K = 2 on free lines and a one-node rule give -24 - 6*12*2 = -168 for the
# first-order lambda terms of G4 (the six disconnected ones carry a free K); the free G2 is K alone: 2.
"$nnft" correlator --points 4 --order lambda=1 --format cpp --cpp-namespace my::g4 --out "$tmp/g4.hpp" || fail=1
"$nnft" correlator --points 2 --order lambda=0 --format cpp --cpp-namespace my::g2 --out "$tmp/g2.hpp" || fail=1
cat >"$tmp/main.cpp" <<'CPP'
#include "g4.hpp"
#include "g2.hpp"
#include <cstdio>
int main() {
  my::g4::Rule rule; rule.dim = 1; rule.nodes = {0.0}; rule.weights = {1.0};
  const double x[4] = {0, 0, 0, 0};
  my::g4::Couplings g; g.lambda = 1.0;
  auto k = [](const double*, const double*) { return 2.0; };
  auto k_eft = [](const double*, const double*) { return 1.0; };
  my::g2::Rule rule2; rule2.dim = 1;
  std::printf("%.6f %.6f\n", my::g4::correlator(k, k_eft, rule, x, g), my::g2::correlator(k, k_eft, rule2, x, {}));
}
CPP
c++ -std=c++17 -Wall -Wextra -Werror -o "$tmp/g4" "$tmp/main.cpp" && [ "$("$tmp/g4")" = "-168.000000 2.000000" ] || { echo "FAIL: emitted C++"; fail=1; }
expect 2 "the field is written f" diagrams --theory 'phi^4' --points 4 --max-order 1
# The class limit is on the whole request (the sum over coupling monomials), checked before any generation:
# refused at once, not after a minute and gigabytes (issue 14).
start=$(date +%s)
expect 2 "above the limit 1000000" diagrams --points 8 --max-order 6 --connected
[ $(( $(date +%s) - start )) -le 10 ] || { echo "FAIL: the 8-point order-6 refusal took more than 10 s"; fail=1; }
# A connected function that cannot exist (one vertex, 20 or 40 external points) is an empty result, not a refusal
# or an overflowing count.
"$nnft" correlator --points 40 --max-order 1 --connected | grep -q "(0 terms)" || { echo "FAIL: G40 connected is not 0 terms"; fail=1; }
"$nnft" correlator --points 20 --max-order 1 --connected | grep -q "(0 terms)" || { echo "FAIL: G20 connected is not 0 terms"; fail=1; }
expect 2 "is not a namespace name" correlator --points 4 --order lambda=1 --format cpp --cpp-namespace '1bad'
# Streamed formats (issue 15): json-compact and jsonl carry the --json document's content; --count the class
# counts; text and --json byte-identical through --out; a run refused mid-stream leaves the old file untouched.
args=(diagrams --theory 'lambda*f^4 + kappa*f^6' --points 4 --max-order 2 --connected)
"$nnft" "${args[@]}" --json >"$tmp/doc.json" && "$nnft" "${args[@]}" --format json-compact >"$tmp/compact.json" &&
  "$nnft" "${args[@]}" --format jsonl >"$tmp/lines.jsonl" || { echo "FAIL: streamed formats exited non-zero"; fail=1; }
python3 - "$tmp" <<'PY' || { echo "FAIL: json-compact / jsonl differ from --json"; fail=1; }
import json, sys
d = sys.argv[1]
doc = json.load(open(d + "/doc.json"))
assert json.load(open(d + "/compact.json")) == doc and len(open(d + "/compact.json").read().splitlines()) == 1
assert [json.loads(l) for l in open(d + "/lines.jsonl")] == doc["diagrams"] and len(doc["diagrams"]) > 10
PY
"$nnft" "${args[@]}" --format text --out "$tmp/list.txt" && "$nnft" "${args[@]}" --format text | cmp -s - "$tmp/list.txt" ||
  { echo "FAIL: text through --out differs from stdout"; fail=1; }
n=$(grep -vc '^#' "$tmp/list.txt")
expect 0 "total | $n" "${args[@]}" --count
expect 0 '"total": 121295' diagrams --theory 'lambda*f^4' --points 6 --order lambda=6 --connected --count --json
expect 2 'unknown --format' diagrams --format yaml
expect 2 '--count prints text or --json' diagrams --count --format jsonl
echo keep >"$tmp/stream.jsonl"
"$nnft" diagrams --theory "lambda*f^4" --points 6 --order lambda=6 --connected --max-classes 100000 --format jsonl --out "$tmp/stream.jsonl" \
  >/dev/null 2>&1
[ "$(cat "$tmp/stream.jsonl")" = keep ] && [ -z "$(ls "$tmp" | grep -e '\.tmp\.' -e nnft-spool)" ] ||
  { echo "FAIL: a streamed run refused midway damaged the output file or left a temporary file"; fail=1; }
# --out through a symlink replaces the target and keeps the link; an existing file keeps its permission bits.
echo old >"$tmp/target.txt" && chmod 640 "$tmp/target.txt" && ln -s target.txt "$tmp/link.txt"
"$nnft" diagrams --points 2 --max-order 1 --out "$tmp/link.txt" &&
  [ -L "$tmp/link.txt" ] && grep -q '^# ' "$tmp/target.txt" && [ "$(stat -c %a "$tmp/target.txt")" = 640 ] ||
  { echo "FAIL: --out through a symlink or a 640 file"; ls -la "$tmp"; fail=1; }
[ $fail = 0 ] && echo "diagrams CLI: all checks passed"
exit $fail
