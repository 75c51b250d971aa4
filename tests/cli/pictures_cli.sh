#!/usr/bin/env bash
# End-to-end tests of `nnft diagrams --format svg|tikz|dot` and the gallery folder (issue 14 item 3): the sources
# always (structure counted against the class list of --json), rendering with rsvg-convert, Graphviz and pdflatex
# when they are installed (skipped with a message otherwise).
# Usage: pictures_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
g4=(diagrams --theory 'lambda*f^4' --points 4 --order lambda=2 --connected)
nl=(diagrams --theory 'lambda_nl*f(x)^2*f(y)^2' --points 4 --order lambda_nl=1)
count() { grep -o -- "$1" "$2" | wc -l; }
# The class list and its line count (edge multiplicities summed) from jsonl, to compare the pictures with.
"$nnft" "${g4[@]}" --format jsonl >"$tmp/g4.jsonl" || fail=1
classes=$(wc -l <"$tmp/g4.jsonl")
lines=$(grep -o '"b":[0-9]*,"multiplicity":[0-9]*' "$tmp/g4.jsonl" | awk -F: '{s += $NF} END {print s + 0}')
[ "$classes" -gt 1 ] && [ "$lines" -gt "$classes" ] || { echo "FAIL: unexpected class list ($classes classes, $lines lines)"; fail=1; }
# svg: one sheet, a picture per class, a path per propagator line, x1..x4 and the caption of each class.
"$nnft" "${g4[@]}" --format svg --out "$tmp/g4.svg" || fail=1
[ "$(count '<g class="diagram"' "$tmp/g4.svg")" = "$classes" ] || { echo "FAIL: svg: not one picture per class"; fail=1; }
[ "$(count 'class="line"' "$tmp/g4.svg")" = "$lines" ] || { echo "FAIL: svg: not one path per line"; fail=1; }
[ "$(count 'font-size="70%">4</tspan>' "$tmp/g4.svg")" = "$classes" ] || { echo "FAIL: svg: x4 not labelled"; fail=1; }
[ "$(count 'multiplicity 576, S = 2' "$tmp/g4.svg")" = "$classes" ] || { echo "FAIL: svg: captions"; fail=1; }
# dot: one graph per class, an edge per line; tikz: a tikzpicture per class, a \draw per line.
"$nnft" "${g4[@]}" --format dot --out "$tmp/g4.dot" || fail=1
[ "$(count '^graph class_' "$tmp/g4.dot")" = "$classes" ] && [ "$(count ' -- ' "$tmp/g4.dot")" = "$lines" ] ||
  { echo "FAIL: dot: graphs or edges"; fail=1; }
"$nnft" "${g4[@]}" --format tikz --out "$tmp/g4.tex" || fail=1
[ "$(count 'begin{tikzpicture}' "$tmp/g4.tex")" = "$classes" ] && [ "$(count '\\draw' "$tmp/g4.tex")" = "$lines" ] ||
  { echo "FAIL: tikz: pictures or lines"; fail=1; }
grep -qF '$288\,\lambda^{2}$' "$tmp/g4.tex" || { echo "FAIL: tikz: caption"; fail=1; }
# Non-local vertices: a dashed bond per vertex in every format.
"$nnft" "${nl[@]}" --format svg >"$tmp/nl.svg" || fail=1
"$nnft" "${nl[@]}" --format dot >"$tmp/nl.dot" || fail=1
nl_classes=$(count '<g class="diagram"' "$tmp/nl.svg")
[ "$(count 'class="bond"' "$tmp/nl.svg")" = "$nl_classes" ] && [ "$(count 'style=dashed' "$tmp/nl.dot")" = "$nl_classes" ] ||
  { echo "FAIL: non-local bonds"; fail=1; }
# Gallery: a picture per class and both index pages listing them.
"$nnft" "${g4[@]}" --format svg --out "$tmp/gallery/" 2>"$tmp/gallery.err" || fail=1
[ "$(ls "$tmp/gallery" | grep -c '^class-[0-9]*\.svg$')" = "$classes" ] || { echo "FAIL: gallery files"; fail=1; }
[ "$(count '<img src="class-' "$tmp/gallery/index.html")" = "$classes" ] &&
  [ "$(count '](class-' "$tmp/gallery/index.md")" = "$classes" ] || { echo "FAIL: gallery index"; fail=1; }
grep -q "$classes pictures" "$tmp/gallery.err" || { echo "FAIL: gallery message"; fail=1; }
"$nnft" "${g4[@]}" --format dot --out "$tmp/gallery-dot/" 2>/dev/null && [ -f "$tmp/gallery-dot/class-001.dot" ] ||
  { echo "FAIL: dot gallery"; fail=1; }
# Limits and bad input: refused before anything is written, naming the limit and the flag.
expect 2 "above the limit --max-pictures 3" "${g4[@]}" --format svg --max-pictures 3 --out "$tmp/refused/"
[ ! -e "$tmp/refused" ] || { echo "FAIL: a refused gallery left a folder"; fail=1; }
expect 2 "above the limit --max-pictures 200" diagrams --theory 'lambda*f^4' --points 4 --order lambda=4 --format dot
expect 2 "--count prints text or --json" "${g4[@]}" --format svg --count
expect 2 "use text, json, json-compact, jsonl, latex, cpp, svg, tikz or dot" "${g4[@]}" --format png
# Rendering, where the tools are installed.
if command -v rsvg-convert >/dev/null; then
  rsvg-convert "$tmp/g4.svg" -o "$tmp/g4.png" && [ -s "$tmp/g4.png" ] || { echo "FAIL: rsvg-convert rejected the SVG"; fail=1; }
  rsvg-convert "$tmp/gallery/class-001.svg" -o "$tmp/c1.png" || { echo "FAIL: gallery SVG"; fail=1; }
else
  echo "pictures_cli: rsvg-convert (Debian librsvg2-bin) not installed, SVG rendering check skipped"
fi
if command -v dot >/dev/null; then
  (cd "$tmp" && dot -Tsvg -O g4.dot nl.dot 2>"$tmp/dot.err") && [ ! -s "$tmp/dot.err" ] ||
    { echo "FAIL: Graphviz rejected the source:"; cat "$tmp/dot.err"; fail=1; }
  [ "$(ls "$tmp" | grep -c '^g4\.dot.*\.svg$')" = "$classes" ] || { echo "FAIL: Graphviz did not draw every class"; fail=1; }
else
  echo "pictures_cli: Graphviz (Debian graphviz) not installed, dot rendering check skipped"
fi
if command -v pdflatex >/dev/null && kpsewhich tikz.sty >/dev/null 2>&1; then
  "$nnft" "${nl[@]}" --format tikz --out "$tmp/nl.tex" || fail=1
  for doc in g4 nl; do
    (cd "$tmp" && pdflatex -interaction=nonstopmode -halt-on-error "$doc.tex" >"$doc.log" 2>&1) && [ -s "$tmp/$doc.pdf" ] ||
      { echo "FAIL: pdflatex $doc.tex:"; grep -A3 '^!' "$tmp/$doc.log" | head -20; fail=1; }
  done
else
  echo "pictures_cli: pdflatex with TikZ (Debian texlive-latex-base, texlive-pictures) not installed, TikZ compile check skipped"
fi
[ $fail = 0 ] && echo "pictures CLI: all checks passed"
exit $fail
