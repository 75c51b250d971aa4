#!/usr/bin/env bash
# nnft's sampler against PyTorch for every net (issue 15, item 2): erf, relu, gauss, tanh, the presets gelu and
# silu, and the expression x*tanh(log(1+exp(x))) (mish; PyTorch runs its fused mish kernel), at widths 100 and
# 1000; one thread, the paper's Erf-net inputs (6 points, d_in = 1, sigma_W = sigma_b = 1), all 923 moments to
# n = 6. Each point is its own process (`bench_sampler --point` and `sampler_torch.py --point`), the two
# interleaved point by point, the order swapped every round, the 1-minute load average recorded before each run.
# Rates are networks per CPU second of the process (the fair figure on a shared machine). Every line goes to the
# log; the summary (medians over the rounds, same-round ratios with their range) is printed at the end.
# Usage: bash bench/sampler_nets.sh [build-dir] [rounds] [seconds-per-point] [log]
#        (defaults: build 3 1 /tmp/sampler_nets.log; build with -DNNFT_BUILD_BENCH=ON; PyTorch: bench/setup.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
rounds=${2:-3}
seconds=${3:-1}
log=${4:-/tmp/sampler_nets.log}
bench=$build/bench/bench_sampler
[[ -x $bench ]] || { echo "sampler_nets.sh: $bench is missing: configure with -DNNFT_BUILD_BENCH=ON and build it" >&2; exit 2; }
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "sampler_nets.sh: PyTorch is missing (bash bench/setup.sh)" >&2; exit 2; }
nets=(erf relu gauss tanh gelu silu 'x*tanh(log(1+exp(x)))')
widths=(100 1000)
: >"$log"
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)" | tee -a "$log"
source "$here/interleave.sh"
run_point() {  # who net width round
  if [[ $1 == nnft ]]; then "$bench" --point "$2" "$3" "$seconds"
  else /usr/bin/python3 "$here/sampler_torch.py" --point "$2" "$3" "$seconds"; fi
}
points=()
for w in "${widths[@]}"; do for net in "${nets[@]}"; do points+=("$net $w"); done; done
runners=(nnft torch)
interleave "$rounds" "$log" points runners
/usr/bin/python3 - "$log" <<'EOF'
import statistics, sys
rows = {}  # (net, width) -> round -> {who: (cpu rate, load)}
for line in open(sys.argv[1]):
    f = line.split()
    if not f or f[0] != "round":
        continue
    r, load, who, net, width, cpu = int(f[1]), float(f[3]), f[4], f[5], int(f[6]), float(f[7])
    rows.setdefault((net, width), {}).setdefault(r, {})[who] = (cpu, load)
print("| net | N | nnft networks/CPU-s | PyTorch networks/CPU-s | nnft / PyTorch, same round: median [range] | load |")
print("|---|---|---|---|---|---|")
for (net, width), by_round in rows.items():
    nn = [v["nnft"][0] for v in by_round.values() if "nnft" in v]
    tt = [v["torch"][0] for v in by_round.values() if "torch" in v]
    ratios = [v["nnft"][0] / v["torch"][0] for v in by_round.values() if len(v) == 2]
    loads = [x[1] for v in by_round.values() for x in v.values()]
    print(f"| `{net}` | {width} | {statistics.median(nn):.3g} | {statistics.median(tt):.3g} | "
          f"**{statistics.median(ratios):.2f}** [{min(ratios):.2f}–{max(ratios):.2f}] | {min(loads):.1f}–{max(loads):.1f} |")
EOF
