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
# With MPI the installed binary runs under mpirun with the module from <libdir>/nnft (app/CMakeLists.txt).
if [ -f "$build/app/nnft_mpi.so" ]; then
  find "$prefix" -path '*/nnft/nnft_mpi.so' | grep -q . || { echo "FAIL: nnft_mpi.so not installed" >&2; exit 1; }
  if command -v mpirun >/dev/null; then
    OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --allow-run-as-root --oversubscribe -np 2 "$prefix/bin/nnft" \
      sample --net erf --width 3 --inputs 0.2 --networks 2000 --threads 1 --out "$work/mpi.json" 2>"$work/mpi.err" \
      || { cat "$work/mpi.err" >&2; echo "FAIL: the installed nnft under mpirun" >&2; exit 1; }
    grep -q "merged 2 MPI ranks" "$work/mpi.err" || { echo "FAIL: installed nnft did not merge 2 MPI ranks" >&2; exit 1; }
  fi
fi

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
