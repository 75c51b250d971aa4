#!/usr/bin/env bash
# Compiles LaTeX output with pdflatex (issue 14): every `--format latex` example of README.md and
# docs/commands/*.md, the 10-term full G4 at order lambda and the connected lambda^2 G4, each as the fragment
# (pasted into equation*) and as --standalone, plus narrow and wide --latex-width documents. Fails on an error or
# an "Overfull \hbox" in the log. Exit 77 (ctest: skipped) when pdflatex is missing.
# Usage: latex_pdflatex.sh <nnft binary> <repo root>
set -u
nnft=$1 root=$2
if ! command -v pdflatex >/dev/null 2>&1; then
  echo "SKIP: pdflatex is not installed (Debian: apt-get install texlive-latex-base); LaTeX output not compiled"
  exit 77
fi
# shellcheck source=../support/cli_expect.sh
source "$root/tests/support/cli_expect.sh"
compiled=0
compile() {  # name: compiles $tmp/name.tex in this shell (not in a pipeline, so that fail and compiled count)
  local name=$1
  if ! (cd "$tmp" && pdflatex -halt-on-error -interaction=nonstopmode "$name.tex" >/dev/null 2>&1); then
    echo "FAIL: pdflatex stopped on $name:"; grep -A3 '^!' "$tmp/$name.log" | head -8; fail=1; return
  fi
  if grep -q 'Overfull \\hbox' "$tmp/$name.log"; then
    echo "FAIL: $name runs off the page:"; grep 'Overfull \\hbox' "$tmp/$name.log" | head -3; fail=1
  fi
  compiled=$((compiled + 1))
}
fragment_document() {  # the fragment on stdin, inside equation* of a bare article with amsmath
  printf '\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n\\begin{equation*}\n'
  cat
  printf '\\end{equation*}\n\\end{document}\n'
}
both() {  # name, then the correlator's arguments (without --format latex)
  local name=$1; shift
  "$nnft" "$@" --format latex >"$tmp/$name.frag" || { echo "FAIL: nnft $*"; fail=1; return; }
  fragment_document <"$tmp/$name.frag" >"$tmp/$name-fragment.tex"
  compile "$name-fragment"
  "$nnft" "$@" --format latex --standalone >"$tmp/$name-standalone.tex" || { echo "FAIL: nnft $* --standalone"; fail=1; }
  compile "$name-standalone"
}
# The documentation's examples: each line that runs nnft with --format latex (comments after '#' dropped).
examples=0
while IFS= read -r line; do
  args=${line#*nnft }; args=${args%%#*}
  eval "set -- $args"
  args=()  # the example's own output options dropped: both() adds --format latex, then --standalone
  while [ $# -gt 0 ]; do
    case $1 in --format | --out | -o) shift ;; --standalone) ;; *) args+=("$1") ;; esac
    shift
  done
  examples=$((examples + 1))
  both "example$examples" "${args[@]}"
done < <(grep -hE '^\$?nnft .*--format latex' "$root/README.md" "$root"/docs/commands/*.md)
[ "$examples" -ge 3 ] || { echo "FAIL: found $examples LaTeX examples in README.md and docs/commands (want >= 3)"; fail=1; }
both full-g4-lambda correlator --theory 'lambda*f^4' --points 4 --max-order 1
both connected-g4-lambda2 correlator --theory 'lambda*f^4' --points 4 --order lambda=2 --connected
# Narrow (a two-column page) and wide text widths: the standalone document sets \textwidth to --latex-width.
"$nnft" correlator --points 4 --max-order 2 --format latex --standalone --latex-width 246 >"$tmp/g4-246pt.tex"
compile g4-246pt
"$nnft" correlator --points 6 --order lambda=2 --connected --format latex --standalone --latex-width 470 >"$tmp/g6-470pt.tex"
compile g6-470pt
"$nnft" correlator --points 4 --order lambda=1 --format latex --group --standalone --latex-width 200 >"$tmp/group-200pt.tex"
compile group-200pt
[ "$compiled" -eq $((2 * examples + 7)) ] || { echo "FAIL: compiled $compiled documents, want $((2 * examples + 7))"; fail=1; }
echo "compiled $compiled documents ($examples documentation examples, each as fragment and standalone)"
exit $fail
