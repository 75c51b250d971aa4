#!/usr/bin/env bash
# mpirun -np 2 nnft sample reduces the accumulators across ranks and reproduces a single-process run
# byte for byte. Skips when mpirun is missing or nnft was built without MPI.
set -euo pipefail
nnft=$1
command -v mpirun >/dev/null || { echo "sample_mpi: mpirun not found; skipped"; exit 0; }
# With MPI the build puts the module nnft_mpi.so next to the binary (app/CMakeLists.txt).
[ -f "$(dirname "$nnft")/nnft_mpi.so" ] || { echo "sample_mpi: nnft built without MPI; skipped"; exit 0; }
# Containers often forbid the cross-memory-attach copy of OpenMPI's shared-memory transport.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
args=(--net erf --width 6 --dout 2 --inputs "-0.5;0.2;1" --networks 40000 --seed 12 --threads 1)
"$nnft" sample "${args[@]}" --out "$tmp/one.json" 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$nnft" sample "${args[@]}" --out "$tmp/mpi.json" 2> "$tmp/err.txt" \
  || { cat "$tmp/err.txt" >&2; fail "mpirun failed"; }
grep -q "merged 2 MPI ranks" "$tmp/err.txt" || fail "the ranks were not merged"
cmp -s "$tmp/one.json" "$tmp/mpi.json" || fail "2-rank result differs from the single-process run"
echo "sample_mpi: ok"
