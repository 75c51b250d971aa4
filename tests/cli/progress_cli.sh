#!/usr/bin/env bash
# Progress display and --quiet of the long-running commands (README "Progress"): with NNFT_PROGRESS_INTERVAL=0
# every progress report is a plain line on stderr, so small jobs show it at once; stdout is byte-identical with and
# without progress; --quiet leaves stderr empty; without the variable a short job prints no progress; on a
# pseudo-terminal (script -qc) the line is redrawn in place with \r.
# Usage: progress_cli.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"

# check_progress <name> <text expected in the progress lines> <compare stdout: yes|no> <args...>
check_progress() {
  local name=$1 text=$2 same=$3
  shift 3
  # An argument @DIR@ becomes a fresh folder for each of the two runs (reproduce refuses to overwrite a run).
  NNFT_PROGRESS_INTERVAL=0 "$nnft" "${@//@DIR@/$tmp/$name.dir/}" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  "$nnft" "${@//@DIR@/$tmp/$name.quiet.dir/}" --quiet >"$tmp/$name.quiet.out" 2>"$tmp/$name.quiet.err"
  local rc_quiet=$?
  if [ "$rc" != 0 ] || [ "$rc_quiet" != 0 ]; then
    echo "FAIL: $name: exit $rc (with progress), $rc_quiet (--quiet)"; head -c 1000 "$tmp/$name.err"; fail=1; return
  fi
  grep -qF -- "$text" "$tmp/$name.err" ||
    { echo "FAIL: $name: no progress line '$text' on stderr:"; head -c 1000 "$tmp/$name.err"; fail=1; }
  grep -qF -- "$text" "$tmp/$name.out" && { echo "FAIL: $name: progress text on stdout"; fail=1; }
  [ -s "$tmp/$name.quiet.err" ] && { echo "FAIL: $name: --quiet left stderr non-empty:"; head -c 1000 "$tmp/$name.quiet.err"; fail=1; }
  [ -s "$tmp/$name.out" ] || { echo "FAIL: $name: empty stdout"; fail=1; }
  if [ "$same" = yes ] && ! cmp -s "$tmp/$name.out" "$tmp/$name.quiet.out"; then
    echo "FAIL: $name: stdout differs with and without progress"; fail=1
  fi
}

check_progress integrate 'nnft integrate: integral batches 1/' yes \
  integrate --net relu --cutoff 100 --points 4 --order lambda=1 --connected --inputs paper:relu --tuples sorted --json
check_progress integrate_classes 'nnft integrate: diagram classes' yes \
  integrate --net gauss --points 4 --order lambda=2 --connected --inputs '0.1;-0.2' --json
check_progress diagrams 'nnft diagrams: diagram classes' yes diagrams --points 4 --max-order 2 --count
check_progress diagrams_stream 'nnft diagrams: diagram classes' yes diagrams --points 4 --max-order 2 --format jsonl
check_progress correlator 'nnft correlator: diagram classes' yes correlator --points 4 --max-order 1 --connected
check_progress rg 'nnft rg: cutoffs 21/21 (100.0%)' yes rg --net relu --din 1 --width 20
check_progress exact 'nnft exact: quadrature nodes, fine rule' yes exact --net erf --width 5 --inputs '0.1;0.5' --max-n 4
check_progress expand 'nnft expand: layers 4/4' yes expand --net erf --depth 2 --width 50 --inputs '0.5;1.0'
check_progress fit 'nnft fit: train inputs: quadrature nodes' yes fit --net erf --models M1
check_progress action 'point grid: quadrature nodes' yes action --net erf --cutoff 3 --grid 8
check_progress sample 'nnft sample: networks' yes sample --net erf --width 5 --inputs paper:erf --networks 20000 --threads 1 --max-n 4
for i in 0 1; do
  "$nnft" sample --net erf --width 5 --inputs '0.1;0.5' --networks 20000 --max-n 4 --threads 1 --shard $i/2 --quiet \
    --out "$tmp/part$i.json" || { echo "FAIL: sample --shard $i/2"; fail=1; }
done
check_progress merge 'nnft merge: parts read 2/2' yes merge "$tmp/part0.json" "$tmp/part1.json"
check_progress table 'nnft table: sampled replicas 2/2' no table --nets erf --networks 16384 --replicas 2 --threads 1
check_progress symmetry 'nnft symmetry: networks (SO(d_out) G4 ensemble)' no \
  symmetry --net erf --width 5 --tests output --networks 16384 --threads 1 --rotations 1
check_progress check 'nnft check: checks 1/' no check --only diagrams.
grep -qF 'PASS diagrams.' "$tmp/check.err" || { echo "FAIL: check: no PASS line on stderr"; fail=1; }
check_progress reproduce 'nnft reproduce: analysis steps 1/1' no \
  reproduce --nets erf --widths 2,3,4 --networks 16384 --din none --threads 1 --gnuplot none --no-predictions --out @DIR@
grep -qF 'report sections' "$tmp/reproduce.err" || { echo "FAIL: reproduce: no report-section progress"; fail=1; }
grep -qF 'networks of [1/' "$tmp/reproduce.err" || { echo "FAIL: reproduce: no sampling progress"; fail=1; }

# A job of under a second shows no progress at the default interval (10 s between plain lines) ...
"$nnft" rg --net relu --din 1 --width 20 >/dev/null 2>"$tmp/default.err"
[ -s "$tmp/default.err" ] && { echo "FAIL: a short job printed progress at the default interval:"; cat "$tmp/default.err"; fail=1; }
# ... errors still reach stderr under --quiet, and a bad interval falls back to the default.
expect 2 'nnft: error' rg --net relu --cutoffs -1 --quiet
NNFT_PROGRESS_INTERVAL=soon "$nnft" rg --net relu --din 1 --width 20 >/dev/null 2>"$tmp/bad_interval.err"
[ -s "$tmp/bad_interval.err" ] && { echo "FAIL: NNFT_PROGRESS_INTERVAL=soon was not ignored"; fail=1; }
# Plain lines end with the total time; every line names the command.
grep -qF 'nnft rg: done after' "$tmp/rg.err" || { echo "FAIL: rg: no closing line"; fail=1; }
grep -vq '^nnft rg: ' "$tmp/rg.err" && { echo "FAIL: rg: a progress line without the command name"; fail=1; }

# On a terminal: one line redrawn in place (\r, cleared to the end with ESC[K), nothing under --quiet.
if command -v script >/dev/null 2>&1; then
  q() { printf '%q ' "$@"; }
  cmd="$(q "$nnft" diagrams --points 4 --max-order 2 --count)"
  NNFT_PROGRESS_INTERVAL=0 script -qec "$cmd" /dev/null </dev/null >"$tmp/tty.out" 2>&1
  grep -qF $'\rnnft diagrams: diagram classes' "$tmp/tty.out" ||
    { echo "FAIL: no \\r progress line on a terminal:"; head -c 600 "$tmp/tty.out" | od -c | head; fail=1; }
  grep -qF $'\033[K' "$tmp/tty.out" || { echo "FAIL: the terminal line is not cleared to its end"; fail=1; }
  grep -qF 'total |' "$tmp/tty.out" || { echo "FAIL: no result on the terminal"; fail=1; }
  NNFT_PROGRESS_INTERVAL=0 script -qec "$cmd --quiet" /dev/null </dev/null >"$tmp/tty_quiet.out" 2>&1
  grep -qF 'nnft diagrams:' "$tmp/tty_quiet.out" && { echo "FAIL: progress on a terminal under --quiet"; fail=1; }
else
  echo "progress CLI: script (util-linux) not found; the terminal check is skipped"
fi
[ $fail = 0 ] && echo "progress CLI: all checks passed"
exit $fail
