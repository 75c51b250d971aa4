#!/usr/bin/env bash
# Every report's plot scripts are valid gnuplot: `nnft check --out` (a deep-network check with a pull panel on a
# linear axis, and the running coupling), `nnft compare --out` and a small `nnft reproduce` (width scaling with
# pull panels, fit residuals, running coupling, 6-point ratios) write their folders without rendering; then, when
# gnuplot is installed, each plots/*.gp runs standalone in every format and each format's files appear; when
# pdflatex is installed, a cairolatex figure compiles inside a LaTeX document. About 15 s.
# Usage: plot_scripts_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"

expect 0 'ALL 1 CHECKS PASSED' check --only deep.relu_exact --scale 0.02 --threads 1 --out "$tmp/check/" --gnuplot none
expect 0 'ALL 1 CHECKS PASSED' check --only eft.beta_relu_d2 --out "$tmp/check/" --gnuplot none
"$nnft" exact --net relu --widths 2,5 --inputs '0.5;1.3' --max-n 4 --out "$tmp/x.json" 2>/dev/null
"$nnft" sample --net relu --widths 2,5 --inputs '0.5;1.3' --max-n 4 --networks 4e4 --seed 4 --out "$tmp/s.json" 2>/dev/null
expect 0 'report in' compare "$tmp/s.json" "$tmp/x.json" --out "$tmp/compare/" --gnuplot none
expect 0 'Width scaling' reproduce --nets gauss --widths 2,3,4 --networks 16384 --din 1 --threads 1 --out "$tmp/study/" \
  --gnuplot none

# The folders hold what each report promises (data and scripts; a pull block where sampled meets exact).
for f in check/plots/deep_relu_g4_vs_depth.gp compare/plots/pulls_g4_connected.gp study/plots/width_g4_gauss.gp \
         study/plots/fit_residuals_gauss_exact.gp study/plots/running_relu_d1.gp study/plots/g6_prediction_ratio_gauss.gp; do
  [ -s "$tmp/$f" ] || { echo "FAIL: $f not written"; fail=1; }
done
grep -q '^# index 3: pulls' "$tmp/study/plots/width_g4_gauss.dat" || { echo "FAIL: the width plot has no pull block"; fail=1; }

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "plot_scripts_cli: gnuplot not installed, the scripts were not run"
  [ $fail = 0 ] && echo "plot scripts CLI: all checks passed"
  exit $fail
fi
formats='png svg pdf tex epslatex'
scripts=0
for gp in "$tmp"/check/plots/*.gp "$tmp"/compare/plots/*.gp "$tmp"/study/plots/*.gp; do
  dir=$(dirname "$gp")
  stem=$(basename "$gp" .gp)
  scripts=$((scripts + 1))
  if ! (cd "$dir" && gnuplot -e "formats='$formats'" "$stem.gp" >"$tmp/gp.log" 2>&1); then
    echo "FAIL: gnuplot $gp:"; head -5 "$tmp/gp.log"; fail=1; continue
  fi
  for out in "$stem.png" "$stem.svg" "$stem.pdf" "$stem-tex.tex" "$stem-tex.pdf" "$stem-eps.tex" "$stem-eps.eps"; do
    [ -s "$dir/$out" ] || { echo "FAIL: $gp wrote no $out"; fail=1; }
  done
  grep -qi 'error' "$tmp/gp.log" && { echo "FAIL: gnuplot reported an error for $gp:"; head -5 "$tmp/gp.log"; fail=1; }
done
[ "$scripts" -ge 12 ] || { echo "FAIL: only $scripts plot scripts were written"; fail=1; }
# A misspelt format in the standalone script is named, not silently skipped.
(cd "$tmp/check/plots" && gnuplot -e "formats='jpg'" running_relu_d2.gp 2>&1) | grep -q "unknown plot format 'jpg'" \
  || { echo "FAIL: an unknown format in the script is not reported"; fail=1; }

if command -v pdflatex >/dev/null 2>&1; then
  cat > "$tmp/study/plots/doc.tex" <<'TEX'
\documentclass{article}
\usepackage{graphicx}
\usepackage{color}
\begin{document}
\input{width_g4_gauss-tex.tex}
\input{running_relu_d1-tex.tex}
\end{document}
TEX
  (cd "$tmp/study/plots" && pdflatex -interaction=nonstopmode -halt-on-error doc.tex >"$tmp/latex.log" 2>&1) \
    || { echo "FAIL: the cairolatex figures do not compile:"; grep -A3 '^!' "$tmp/latex.log" | head -10; fail=1; }
else
  echo "plot_scripts_cli: pdflatex not installed, the LaTeX figures were not compiled"
fi
[ $fail = 0 ] && echo "plot scripts CLI: all checks passed"
exit $fail
