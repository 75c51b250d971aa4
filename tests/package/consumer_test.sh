#!/usr/bin/env bash
# Installs the built nnft into an empty prefix and builds tests/package/consumer against it twice: with
# CMake (find_package(nnft)) and with pkg-config (nnft.pc); both programs must run and pass their checks.
# Usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE WORK_DIR CXX
set -euo pipefail
build=$1 source=$2 work=$3 cxx=$4
rm -rf "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

# Only public headers are installed: no detail/ folder, no sources, no tests.
if find "$prefix/include/nnft" -path '*/detail/*' | grep -q .; then echo "FAIL: detail/ headers installed" >&2; exit 1; fi
test -f "$prefix/include/nnft/symbolic/correlator.hpp"
test -x "$prefix/bin/nnft"

# Every installed header compiles against the installed tree alone (none reaches a detail/ or source file).
(cd "$prefix/include/nnft" && find . -name '*.hpp' | sort | sed 's|^\./\(.*\)|#include "\1"|') >"$work/all_headers.cpp"
# shellcheck disable=SC2046
"$cxx" -std=c++20 -fsyntax-only "$work/all_headers.cpp" -I"$prefix/include/nnft" $(pkg-config --cflags ginac eigen3)

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source" -B "$work/cmake-build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/nnft_consumer"

pc_dir=$(dirname "$(find "$prefix" -name nnft.pc | head -1)")
flags=$(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs nnft)
# shellcheck disable=SC2086
"$cxx" -std=c++20 -O1 "$source/main.cpp" -o "$work/nnft_consumer_pc" $flags
"$work/nnft_consumer_pc"
echo "package consumer: CMake and pkg-config builds against $prefix ran"
