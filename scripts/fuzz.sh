#!/usr/bin/env bash
# Build the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan, build-fuzz) and run the "fuzz" ctest label:
# each harness replays its regression inputs, then runs NNFT_FUZZ_RUNS executions over its seed corpus.
# Usage: bash scripts/fuzz.sh [RUNS, default 20000] [ctest arguments]. docs/testing.md says how to fuzz long.
# Environment: NNFT_FUZZ_BUILD_DIR (default build-fuzz), NNFT_JOBS (default nproc).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
runs=${1:-20000}
[ $# -gt 0 ] && shift
build_dir=${NNFT_FUZZ_BUILD_DIR:-build-fuzz}
# The harnesses need clang (libFuzzer) besides the set-up's packages; installed when missing, as the set-up does.
# shellcheck source=apt.sh
source "$here/scripts/apt.sh"
apt_require "${nnft_packages[@]}" clang libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes
command -v clang++ >/dev/null || { echo "nnft fuzz: clang++ is missing (Debian: apt-get install clang)" >&2; exit 1; }
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -O1 as the sanitizers recommend; tests, the Python module and the install rules are not needed here.
cmake -S . -B "$build_dir" "${generator[@]}" "${launcher[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNNFT_FUZZ=ON -DNNFT_BUILD_TESTS=OFF -DNNFT_BUILD_PYTHON=OFF -DNNFT_INSTALL=OFF \
  -DNNFT_FUZZ_RUNS="$runs" >/dev/null
cmake --build "$build_dir" -j "${NNFT_JOBS:-$(nproc)}" --target fuzzers
cd "$build_dir"
ctest --output-on-failure -L fuzz -j "${NNFT_JOBS:-$(nproc)}" "$@"
