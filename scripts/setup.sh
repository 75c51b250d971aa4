#!/usr/bin/env bash
# Set up everything nnft needs on Debian 12 (apt packages), then configure and build into ./build.
# Usage: bash scripts/setup.sh [extra cmake -D options...]
# Environment: NNFT_BUILD_DIR (default build), NNFT_JOBS (default nproc), NNFT_WERROR=1 for -Werror.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

# shellcheck source=apt.sh
source "$here/scripts/apt.sh"
apt_require "${nnft_packages[@]}"
# Optional packages: each renders or checks pictures that nnft also writes without it, so a failed install
# must not stop the set-up. optional_install "<check>" <purpose> <packages...> installs the packages when the
# check command fails.
optional_install() {
  local check=$1 purpose=$2
  shift 2
  bash -c "$check" >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1 || return 0
  local sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "nnft setup: installing the optional $* ($purpose)"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    || echo "nnft setup: $* could not be installed; $purpose is skipped" >&2
}
# gnuplot: the plots (PNG, SVG, PDF, LaTeX) of `nnft check --out DIR/`, `compare` and `reproduce` (without it
# the reports keep the plot data and gnuplot scripts).
optional_install "command -v gnuplot" "plots in reports" gnuplot-nox
# Graphviz, librsvg and pdflatex with TikZ (and amsmath, geometry: texlive-latex-base): tests/cli/latex_pdflatex.sh
# compiles `nnft correlator --format latex`, and tests/cli/pictures_cli.sh renders `nnft diagrams --format dot|svg|tikz`
# with them (nnft writes these sources itself; each rendering check is skipped when its tool is missing). TeX is
# the largest (about 150 MB installed): NNFT_NO_TEX=1 leaves it out.
optional_install "command -v dot" "rendering the Graphviz diagram pictures" graphviz
optional_install "command -v rsvg-convert" "checking the SVG diagram pictures" librsvg2-bin
[ -n "${NNFT_NO_TEX:-}" ] ||
  optional_install "kpsewhich tikz.sty" "compiling the TikZ diagram pictures" texlive-latex-base texlive-pictures

build_dir=${NNFT_BUILD_DIR:-build}
jobs=${NNFT_JOBS:-$(nproc)}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -Werror only when NNFT_WERROR is set (CI sets 1); otherwise an existing build keeps its setting, so
# running the check after the tests does not rebuild everything.
werror=()
if [ -n "${NNFT_WERROR:-}" ]; then
  if [ "$NNFT_WERROR" = "1" ]; then werror=(-DNNFT_WERROR=ON); else werror=(-DNNFT_WERROR=OFF); fi
fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" "${generator[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release "${werror[@]}" "$@"
else
  cmake -S . -B "$build_dir" "${werror[@]}" "$@" >/dev/null
fi
cmake --build "$build_dir" -j "$jobs"
