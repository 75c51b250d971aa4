#!/usr/bin/env bash
# `nnft expand` at M = 6 inputs, depth 10, width 50, one thread (issue 12's bar: under 1 s), for every activation
# the expansion takes: the built-ins erf, tanh, relu (σ_b 0.5), the presets gelu, silu, leaky_relu:0.1 (kinked)
# and the expressions mish and a Gaussian bump (the built-in Gauss-net is refused at depth > 1). With two binaries
# (before, after) the runs alternate per activation, the order swapped every round; each run is timed by
# /usr/bin/time (wall; CPU = user + sys) with the 1-minute load average before it. The summary prints, per
# activation and binary, the smallest and the median CPU time and the median wall time.
# Usage: bash bench/expand_speed.sh ROUNDS LOG NNFT [NNFT_BEFORE]
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: bash bench/expand_speed.sh ROUNDS LOG NNFT [NNFT_BEFORE]" >&2; exit 2; }
rounds=$1 log=$2
bins=("$3")
[[ $# -ge 4 ]] && bins+=("$4")
for b in "${bins[@]}"; do [[ -x $b ]] || { echo "expand_speed.sh: $b is not an executable" >&2; exit 2; }; done
nets=("--net erf" "--net tanh" "--net relu --sigma-b 0.5" "--activation gelu" "--activation silu"
      "--activation leaky_relu:0.1" "--activation x*tanh(log(1+exp(x)))" "--activation exp(-x*x/2)")
: >"$log"
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) CPUs; ${bins[*]}" | tee -a "$log"
one() {  # binary-index net-index round
  local load t
  read -r -a args <<<"${nets[$2]}"
  load=$(cut -d' ' -f1 /proc/loadavg)
  t=$( { /usr/bin/time -f '%e %U %S' "${bins[$1]}" expand "${args[@]}" --depth 10 --width 50 \
        --inputs '0.1;0.3;-0.5;0.7;1.0;-1.5' --threads 1 --quiet --out /dev/null; } 2>&1 | tail -1)
  echo "round $3 bin $1 net $2 load $load wall $(cut -d' ' -f1 <<<"$t") cpu $(awk '{print $2 + $3}' <<<"$t")" | tee -a "$log"
}
for ((r = 1; r <= rounds; ++r)); do
  for ((n = 0; n < ${#nets[@]}; ++n)); do
    if ((r % 2)) || ((${#bins[@]} == 1)); then
      for ((b = 0; b < ${#bins[@]}; ++b)); do one "$b" "$n" "$r"; done
    else
      for ((b = ${#bins[@]} - 1; b >= 0; --b)); do one "$b" "$n" "$r"; done
    fi
  done
done
python3 - "$log" "${nets[@]}" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f and f[0] == "round":
        runs.setdefault((int(f[5]), int(f[3])), []).append((float(f[9]), float(f[11])))
for n, name in enumerate(sys.argv[2:]):
    cells = []
    for b in (0, 1):
        if (n, b) in runs:
            w = [x[0] for x in runs[(n, b)]]
            c = [x[1] for x in runs[(n, b)]]
            cells.append(f"bin {b}: CPU min {min(c):.2f} median {statistics.median(c):.2f} s, wall median {statistics.median(w):.2f} s")
    print(f"{name:38s} " + " | ".join(cells))
EOF
