#!/usr/bin/env bash
# One thread against two on a busy machine (issue 15, item 5): a competing CPU-bound process (a shell busy loop)
# runs for the whole measurement, and `nnft ARGS --threads 1` and `--threads 2` alternate round by round (the
# order swapped every round), each run timed by /usr/bin/time (wall, user + sys CPU) with the 1-minute load
# average recorded before it. Every run goes to the log; the summary prints the median wall and CPU per thread
# count and the median and range of the same-round ratio wall(2)/wall(1) (below 1: the second thread helps).
# Usage: bash bench/threads_under_load.sh NNFT ROUNDS LOG ARGS...
#   e.g. bash bench/threads_under_load.sh build/app/nnft 7 /tmp/t.log sample --net erf --width 5 \
#          --inputs paper:erf --networks 2e7 --out /dev/null
#        bash bench/threads_under_load.sh build/app/nnft 7 /tmp/e.log expand --depth 10 --width 50 \
#          --inputs '0.1;0.3;-0.5;0.7;1.0;-1.5' --out /dev/null
# NNFT_NO_BUSY=1 leaves the busy loop out (the same interleaving on whatever else loads the machine).
set -euo pipefail
[[ $# -ge 4 ]] || { echo "usage: bash bench/threads_under_load.sh NNFT ROUNDS LOG ARGS..." >&2; exit 2; }
nnft=$1 rounds=$2 log=$3
shift 3
[[ -x $nnft ]] || { echo "threads_under_load.sh: $nnft is not an executable: build it first" >&2; exit 2; }
busy=
if [[ -z ${NNFT_NO_BUSY:-} ]]; then
  bash -c 'while :; do :; done' &
  busy=$!
fi
trap '[[ -n $busy ]] && kill "$busy" 2>/dev/null' EXIT
: >"$log"
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) CPUs, busy loop: ${busy:-none}, nnft $*" | tee -a "$log"
one_run() {  # threads round (the command's arguments from the script's)
  local load t
  load=$(cut -d' ' -f1 /proc/loadavg)
  t=$( { /usr/bin/time -f '%e %U %S' "$nnft" "${args[@]}" --threads "$1" --quiet >/dev/null; } 2>&1 | tail -1)
  echo "round $2 threads $1 load $load wall $(cut -d' ' -f1 <<<"$t") cpu $(awk '{print $2 + $3}' <<<"$t")" | tee -a "$log"
}
args=("$@")
for ((r = 1; r <= rounds; ++r)); do
  if ((r % 2)); then one_run 1 "$r"; one_run 2 "$r"; else one_run 2 "$r"; one_run 1 "$r"; fi
done
python3 - "$log" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f and f[0] == "round":
        runs.setdefault(int(f[1]), {})[int(f[3])] = (float(f[7]), float(f[9]), float(f[5]))
med = statistics.median
for t in (1, 2):
    w = [r[t][0] for r in runs.values() if t in r]
    c = [r[t][1] for r in runs.values() if t in r]
    print(f"threads {t}: wall median {med(w):.3f} s (range {min(w):.3f}–{max(w):.3f}), CPU median {med(c):.3f} s")
ratios = [r[2][0] / r[1][0] for r in runs.values() if 1 in r and 2 in r]
loads = [x[2] for r in runs.values() for x in r.values()]
print(f"wall(2)/wall(1) same round: median {med(ratios):.3f}, range {min(ratios):.3f}–{max(ratios):.3f}; "
      f"1-min load {min(loads):.2f}–{max(loads):.2f}")
EOF
