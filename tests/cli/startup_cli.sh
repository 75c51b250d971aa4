#!/usr/bin/env bash
# Start-up (docs/performance.md#start-up): the binary links no MPI and loads it only under mpirun, and only the
# named subcommand's options are registered, while help, --version and suggestions behave as with all of them.
set -euo pipefail
nnft=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# No command loads an MPI library outside mpirun (the loader lists every object it opens).
ldd "$nnft" | grep -q libmpi && fail "the nnft binary links MPI"
LD_DEBUG=files "$nnft" sample --net erf --width 3 --inputs "0.2;0.6" --networks 200 --seed 1 --threads 1 --quiet \
  >/dev/null 2>"$tmp/ld.txt"
grep -q "file=.*libmpi" "$tmp/ld.txt" && fail "nnft sample loaded MPI without mpirun"
grep -q "file=.*nnft_mpi" "$tmp/ld.txt" && fail "nnft sample loaded its MPI module without mpirun"

# Under mpirun (its environment) a binary whose MPI module is missing stops with exit 2 and names the module.
if [ -f "$(dirname "$nnft")/nnft_mpi.so" ]; then
  cp "$nnft" "$tmp/nnft"
  rc=0
  OMPI_COMM_WORLD_SIZE=2 "$tmp/nnft" sample --net erf --width 3 --inputs "0.2" --networks 100 --threads 1 \
    >/dev/null 2>"$tmp/err.txt" || rc=$?
  [ "$rc" -eq 2 ] || fail "a missing MPI module under mpirun gave exit $rc, want 2"
  grep -q "nnft_mpi.so could not be loaded" "$tmp/err.txt" || fail "no message naming the MPI module: $(cat "$tmp/err.txt")"
fi

# Help lists every subcommand with its description, whichever one a call registers.
"$nnft" --help >"$tmp/help.txt"
for c in check diagrams correlator integrate fit beta rg sample exact expand compare merge table action symmetry reproduce; do
  grep -Eq "^  $c +[A-Z]" "$tmp/help.txt" || fail "nnft --help does not list '$c' with a description"
  "$nnft" "$c" --help | grep -q "Usage: .* $c" || fail "nnft $c --help has no usage line"
done
[ "$("$nnft" --version)" = "nnft 0.1.0" ] || fail "nnft --version"

# Suggestions: a misspelt subcommand (all registered) and a misspelt option of a named subcommand.
rc=0; "$nnft" intgrate --points 4 2>"$tmp/e1.txt" || rc=$?
[ "$rc" -eq 2 ] && grep -q "did you mean 'integrate'" "$tmp/e1.txt" || fail "no suggestion for 'intgrate'"
rc=0; "$nnft" integrate --pionts 4 2>"$tmp/e2.txt" || rc=$?
[ "$rc" -eq 2 ] && grep -q "did you mean '--points'" "$tmp/e2.txt" || fail "no suggestion for '--pionts'"
# A second subcommand after the first is refused, as before.
rc=0; "$nnft" diagrams --points 4 --order lambda=1 sample >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "'diagrams ... sample' gave exit $rc, want 2"
echo "startup_cli: ok"
