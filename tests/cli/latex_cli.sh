#!/usr/bin/env bash
# `--format latex` (issue 14, item 2): notation, labels, factor order, line breaking, --standalone, option checks,
# the JSON `latex` field. Compiling the output with pdflatex: latex_pdflatex.sh.
# Usage: latex_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
tex() { "$nnft" correlator "$@" --format latex; }
rows() { grep -c '\\\\$' | awk '{print $1 + 1}'; }   # rows of an aligned block: its "\\" line ends plus one
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: got '$2', want '$3'"; fail=1; }; }
# Gaussian terms carry no unit coefficient (issue 14 saw "1K_{12}K_{34}").
check "free G4" "$(tex --theory 'lambda*f^4' --points 4 --max-order 0)" 'G^{(4)} = K_{12} K_{34} + K_{13} K_{24} + K_{14} K_{23}'
tex --theory 'lambda*f^4' --points 4 --max-order 1 --latex-width 0 | grep -q '1K_' && { echo "FAIL: a '1K_' in the full G4"; fail=1; }
# Upright d and "in", a thin space after every measure; no italic d^{d_{in}} left.
expect 0 '-8\lambda_{\mathrm{nl}} \int \mathrm{d}^{d_{\text{in}}}y\, \mathrm{d}^{d_{\text{in}}}z\, K_{1y} K_{2y} K_{3z} K_{4z}' \
  correlator --theory 'lambda_nl*f(x)^2*f(y)^2' --points 4 --max-order 1 --connected --format latex
tex --theory 'lambda_nl*f(x)^2*f(y)^2' --points 4 --max-order 1 --connected | grep -q 'd_{in}' && { echo "FAIL: italic d_{in}"; fail=1; }
# Labels: full, connected, 1PI (amputated), self-energy insertions dropped.
expect 0 'G^{(4)} &= K_{12} K_{34}' correlator --points 4 --max-order 1 --format latex
expect 0 'G^{(4)}_{\text{c}} = -24\lambda \int' correlator --points 4 --max-order 1 --connected --format latex
expect 0 '\Gamma^{(4)} = -24\lambda \int' correlator --points 4 --max-order 1 --1pi --format latex
expect 0 'G^{(4)}\big|_{\mathcal{O}(\lambda^{2}),\ \text{no self-energy}} &= ' correlator --points 4 --order lambda=2 --no-self-energy --format latex
expect 0 'G^{(4)}\big|_{\text{no self-energy}} &= ' correlator --points 4 --max-order 2 --no-self-energy --format latex
expect 0 '\Gamma^{(4)}\big|_{\mathcal{O}(\lambda^{2})} &= 288\lambda^{2} \int' diagrams --points 4 --order lambda=2 --1pi --format latex
# a product of integrals brackets each one (the disconnected lambda^2 pieces of the full G4)
expect 0 '144\lambda^{2} \biggl(\int \mathrm{d}^{d_{\text{in}}}y\, K_{1y} K_{2y} L_{y}\biggr) \biggl(\int' correlator --points 4 --order lambda=2 --format latex
# Factors in the text printer's order, term by term (the JSON holds both), and terms in the text's order.
"$nnft" correlator --theory 'lambda*f^4 + lambda_nl*f(x)^2*f(y)^2' --points 4 --max-order 2 --json >"$tmp/c.json" || fail=1
python3 - "$tmp/c.json" <<'PY' || fail=1
import json, re, sys
terms = json.load(open(sys.argv[1]))["terms"]
idx = lambda p: p[1:] if p[0] == "x" else (p if len(p) == 1 else p[0] + "_{" + p[1:] + "}")
bad = 0
for t in terms:
    text = [("K" + idx(a) + idx(b)) if a else ("L" + idx(c)) for _, a, b, c in
            re.findall(r"(K\((\w+),(\w+)\)|L\((\w+)\))", t["structure"])]
    tex = ["K" + m if k == "K" else "L" + m for k, m in re.findall(r"(K|L)_\{((?:[^{}]|\{[^{}]*\})*)\}", t["latex"])]
    if text != tex or not text:
        print("FAIL: factor order", t["structure"], t["latex"]); bad = 1
    if any(s in t["latex"] for s in ("\\\\", "&", "aligned")):
        print("FAIL: the JSON latex field is not one line:", t["latex"]); bad = 1
sys.exit(bad)
PY
expect 0 '"latex": "-24\\lambda \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{1y} K_{2y} K_{3y} K_{4y}"' correlator --points 4 --order lambda=1 --connected --json
# Line breaking: the 10-term full G4 (issue 14: 967 pt overfull on one line) becomes an aligned block.
full=(--theory 'lambda*f^4' --points 4 --max-order 1)
tex "${full[@]}" >"$tmp/full.tex"
head -1 "$tmp/full.tex" | grep -qx '\\begin{aligned}' || { echo "FAIL: the full G4 is not an aligned block"; fail=1; }
n_default=$(rows <"$tmp/full.tex"); n_wide=$(tex "${full[@]}" --latex-width 700 | rows)
[ "$n_default" -gt 2 ] && [ "$n_wide" -lt "$n_default" ] || { echo "FAIL: rows at 345 pt $n_default, at 700 pt $n_wide"; fail=1; }
check "one line at --latex-width 0" "$(tex "${full[@]}" --latex-width 0 | wc -l)" 1
check "rows at --terms-per-line 1" "$(tex "${full[@]}" --terms-per-line 1 | rows)" 10
check "rows at --terms-per-line 4 --latex-width 0" "$(tex "${full[@]}" --terms-per-line 4 --latex-width 0 | rows)" 3
# --standalone: a document with its packages (compiled by latex_pdflatex.sh); a width other than 345 sets it.
expect 0 '\usepackage{amsmath}' correlator "${full[@]}" --format latex --standalone
expect 0 '\begin{align*}' correlator "${full[@]}" --format latex --standalone
expect 0 '\usepackage[textwidth=470pt]{geometry}' diagrams "${full[@]}" --format latex --standalone --latex-width 470
# LaTeX-only options with another format, and widths out of range, are refused with the fix.
expect 2 '--standalone shapes LaTeX output only: add --format latex' correlator --points 4 --standalone
expect 2 '--terms-per-line shapes LaTeX output only' correlator --points 4 --json --terms-per-line 2
expect 2 '--latex-width shapes LaTeX output only' diagrams --points 4 --latex-width 400
expect 2 '--latex-width, Python width=) 50 pt is out of range' correlator --points 4 --format latex --latex-width 50
expect 2 'must be 0 (no limit) or positive, not -1' correlator --points 4 --format latex --terms-per-line -1
exit $fail
