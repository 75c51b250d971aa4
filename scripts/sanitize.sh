#!/usr/bin/env bash
# The default C++ and CLI test suite under AddressSanitizer + UndefinedBehaviorSanitizer (gcc), in its own build
# folder (build-asan). Any memory error, leak or undefined behaviour fails the test that hit it. The Python module
# (its interpreter is not instrumented) and the installed-package consumer are left out. docs/testing.md.
# Usage: bash scripts/sanitize.sh [ctest arguments, default -L default]
# Environment: NNFT_ASAN_BUILD_DIR (default build-asan), NNFT_JOBS (default nproc), NNFT_WERROR as for setup.sh,
# NNFT_DEADLINE (epoch seconds: start no test after it; scripts/ctest_until.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${NNFT_ASAN_BUILD_DIR:-build-asan}
# -O1: what the sanitizers recommend (asserts stay on: NNFT_ASSERT does not depend on NDEBUG).
NNFT_BUILD_DIR=$build_dir bash "$here/scripts/setup.sh" -DNNFT_SANITIZE=ON -DNNFT_BUILD_PYTHON=OFF -DNNFT_INSTALL=OFF \
  -DCMAKE_CXX_FLAGS_RELEASE=-O1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/scripts/lsan.supp:print_suppressions=0}
# The instrumented nnft needs ~0.6 CPU-s to start (1–2 s wall on a busy machine): the bad-input table's "refused
# within 2 s" bound is a property of the release build and is checked there; here only the refusals are.
export NNFT_BAD_INPUT_SECONDS=${NNFT_BAD_INPUT_SECONDS:-20}
cd "$here/$build_dir"
if [ $# -eq 0 ]; then set -- -L default; fi
if [ -n "${NNFT_DEADLINE:-}" ]; then
  # A time budget (CI): tests start only before NNFT_DEADLINE (epoch seconds); those left are listed, not passed.
  bash "$here/scripts/ctest_until.sh" "$NNFT_DEADLINE" "${NNFT_JOBS:-$(nproc)}" "$@"
else
  ctest --output-on-failure -j "${NNFT_JOBS:-$(nproc)}" "$@"
fi
