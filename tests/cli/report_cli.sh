#!/usr/bin/env bash
# `nnft check --out DIR/`: the report folder (report.md, report.json, plots/*.dat, *.gp), written
# atomically; with gnuplot missing the report says so and everything else is still written; with
# gnuplot present (optional), PNG and SVG images and standalone scripts; --plot-format chooses the formats.
# Usage: report_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
only=eft.beta_relu_d1   # a fast check that carries a plot (running coupling vs β)

# 1. gnuplot missing: exit 0, summary on stdout, data + scripts kept, the report names the problem.
expect 0 'ALL 1 CHECKS PASSED' check --only $only --out "$tmp/r1/" --gnuplot "$tmp/no/such/gnuplot"
for f in report.md report.json plots/running_relu_d1.dat plots/running_relu_d1.gp; do
  [ -s "$tmp/r1/$f" ] || { echo "FAIL: gnuplot missing: $f not written"; fail=1; }
done
[ -e "$tmp/r1/plots/running_relu_d1.png" ] && { echo "FAIL: a PNG appeared without gnuplot"; fail=1; }
grep -q "could not be run" "$tmp/r1/report.md" || { echo "FAIL: report.md does not say that gnuplot is missing"; fail=1; }
json_ok "$tmp/r1/report.json" || { echo "FAIL: report.json does not parse"; fail=1; }
python3 - "$tmp/r1/report.json" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
assert j["data"]["passed"] is True, "data.passed"
assert j["data"]["checks"][0]["id"] == "eft.beta_relu_d1", "check id"
p = j["plots"][0]
assert p["name"] == "running_relu_d1" and p["rendered"] is False and "could not be run" in p["note"], p
assert len(p["series"][0]["x"]) == 4, "four cutoffs"
PY
# Atomic writes leave no temporary files behind.
if find "$tmp/r1" -name '*.tmp*' | grep -q .; then echo "FAIL: temporary files left behind"; fail=1; fi

# 2. --gnuplot none: the same without trying; a path not ending in '/' that is an existing folder is a folder.
mkdir -p "$tmp/r2"
expect 0 'ALL 1 CHECKS PASSED' check --only $only --out "$tmp/r2" --gnuplot none
grep -q "rendering disabled" "$tmp/r2/report.md" || { echo "FAIL: --gnuplot none not reported"; fail=1; }

# 3. --out FILE keeps its meaning (one Markdown file), and JSON stays one document.
expect 0 '' check --only $only --out "$tmp/single.md"
grep -q "^# nnft check" "$tmp/single.md" || { echo "FAIL: --out FILE no longer writes the Markdown report"; fail=1; }
expect 0 '"passed": true' check --only $only --json

# 4. A folder that cannot be created: exit 2 with the reason; an unknown plot format: exit 2 naming the formats.
expect 2 "unknown plot format 'jpg'" check --only $only --out "$tmp/r5/" --plot-format png,jpg
touch "$tmp/afile"
expect 2 'cannot create the report folder' check --only $only --out "$tmp/afile/sub/"

# 5. With gnuplot (optional dependency): PNG and SVG, and the script runs standalone in plots/.
if command -v gnuplot >/dev/null 2>&1; then
  expect 0 'ALL 1 CHECKS PASSED' check --only $only --out "$tmp/r3/"
  for f in plots/running_relu_d1.png plots/running_relu_d1.svg; do
    [ -s "$tmp/r3/$f" ] || { echo "FAIL: gnuplot present but $f missing"; fail=1; }
  done
  head -c 8 "$tmp/r3/plots/running_relu_d1.png" | od -An -c | grep -q 'P   N   G' || { echo "FAIL: not a PNG"; fail=1; }
  grep -q '<svg' "$tmp/r3/plots/running_relu_d1.svg" || { echo "FAIL: not an SVG"; fail=1; }
  grep -q '](plots/running_relu_d1.png)' "$tmp/r3/report.md" || { echo "FAIL: report.md does not show the image"; fail=1; }
  (cd "$tmp/r1/plots" && gnuplot running_relu_d1.gp >/dev/null 2>&1) || { echo "FAIL: the standalone script failed"; fail=1; }
  [ -s "$tmp/r1/plots/running_relu_d1.png" ] || { echo "FAIL: the standalone script wrote no PNG"; fail=1; }
  # 6. --plot-format: exactly the requested formats, LaTeX output naming its graphics file by its final name.
  expect 0 'ALL 1 CHECKS PASSED' check --only $only --out "$tmp/r4/" --plot-format pdf,tex
  for f in running_relu_d1.pdf running_relu_d1-tex.tex running_relu_d1-tex.pdf; do
    [ -s "$tmp/r4/plots/$f" ] || { echo "FAIL: --plot-format pdf,tex: $f missing"; fail=1; }
  done
  [ -e "$tmp/r4/plots/running_relu_d1.png" ] && { echo "FAIL: a PNG was written though not requested"; fail=1; }
  grep -q '{running_relu_d1-tex}' "$tmp/r4/plots/running_relu_d1-tex.tex" || { echo "FAIL: the LaTeX file does not include running_relu_d1-tex"; fail=1; }
  grep -q 'tmp' "$tmp/r4/plots/running_relu_d1-tex.tex" && { echo "FAIL: the LaTeX file names a temporary file"; fail=1; }
  grep -q 'formats = "pdf tex"' "$tmp/r4/plots/running_relu_d1.gp" || { echo "FAIL: the script does not default to the requested formats"; fail=1; }
  python3 - "$tmp/r4/report.json" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
assert j["plot_formats"] == ["pdf", "tex"], j["plot_formats"]
p = j["plots"][0]
assert p["rendered"] is True and sorted(p["images"]) == sorted(
    ["plots/running_relu_d1.pdf", "plots/running_relu_d1-tex.tex", "plots/running_relu_d1-tex.pdf"]), p["images"]
assert p["title"].startswith("ReLU, N = 20, dᵢₙ = 1: slope −5.000 ± "), p["title"]  # plain Unicode, rounded
PY
  grep -q '!\[' "$tmp/r4/report.md" && { echo "FAIL: report.md embeds an image though no PNG/SVG was made"; fail=1; }
else
  echo "report_cli: gnuplot not installed, rendering test skipped"
fi
[ $fail = 0 ] && echo "report CLI: all checks passed"
exit $fail
