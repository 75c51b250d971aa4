#!/usr/bin/env bash
# Time to error (issue 15, item 3): for each paper net (erf, relu, gauss: their inputs paper:NET and biases,
# d_in = 1, moments to n = 6) and width, the plain and the conditioned estimator of nnft (bench_estimators
# --point) and PyTorch's plain Monte Carlo with its fused back end (bench/sampler_torch.py --error), each run sized
# to about `seconds` of CPU on one thread, in interleaved rounds (bench/interleave.sh: the order rotated every
# round, the 1-minute load recorded before each run; round r uses seed r). Figure of merit: 1 / (relative error²
# × CPU-s) of G4_con(0,1,2,3) and G6_con(0,…,5), the relative error the jackknife standard error over |value|.
# Prints the medians over the rounds and the same-round ratios conditioned / plain and conditioned / PyTorch.
# Usage: bash bench/estimators.sh [build-dir] [rounds] [seconds-per-run] [log] [widths…]
#        (defaults: build 3 2 /tmp/estimators.log 5 20 100 1000; build with -DNNFT_BUILD_BENCH=ON;
#        PyTorch from bench/setup.sh — without it the PyTorch column is left out)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
rounds=${2:-3}
seconds=${3:-2}
log=${4:-/tmp/estimators.log}
widths=("${@:5}")
((${#widths[@]})) || widths=(5 20 100 1000)
bench=$build/bench/bench_estimators
[[ -x $bench ]] || { echo "estimators.sh: $bench is missing: configure with -DNNFT_BUILD_BENCH=ON and build it" >&2; exit 2; }
runners=(plain conditioned)
if /usr/bin/python3 -c "import torch" 2>/dev/null; then runners+=(torch)
else echo "estimators.sh: PyTorch is missing (bash bench/setup.sh): nnft's estimators only" >&2; fi
: >"$log"
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)" | tee -a "$log"
source "$here/interleave.sh"
run_point() {  # who net width round
  if [[ $1 == torch ]]; then /usr/bin/python3 "$here/sampler_torch.py" --error "$2" "$3" "$seconds" "$4"
  else "$bench" --point "$2" "$3" "$1" "$seconds" "$4"; fi
}
points=()
for net in erf relu gauss; do for w in "${widths[@]}"; do points+=("$net $w"); done; done
interleave "$rounds" "$log" points runners
/usr/bin/python3 - "$log" <<'PY'
import statistics, sys
rows = {}  # (net, width) -> round -> who -> fields
for line in open(sys.argv[1]):
    f = line.split()
    if not f or f[0] != "round":
        continue
    r, load, who, net, width = int(f[1]), float(f[3]), f[4], f[5], int(f[6])
    rows.setdefault((net, width), {}).setdefault(r, {})[who] = dict(
        load=load, networks=int(f[7]), cpu=float(f[8]), v4=float(f[9]), e4=float(f[10]), v6=float(f[11]), e6=float(f[12]))
for by_round in rows.values():
    for n in (4, 6):
        cond = [v["conditioned"][f"v{n}"] for v in by_round.values() if "conditioned" in v]
        for v in by_round.values():
            for x in v.values():
                ref = abs(statistics.median(cond)) if cond else abs(x[f"v{n}"])
                x[f"r{n}"] = x[f"e{n}"] / ref
                x[f"m{n}"] = 1.0 / (x[f"r{n}"] ** 2 * x["cpu"])
def med(xs):
    return statistics.median(xs) if xs else float("nan")
def ratio(by_round, a, b, key):
    rs = [v[a][key] / v[b][key] for v in by_round.values() if a in v and b in v]
    return f"**{med(rs):.3g}** [{min(rs):.3g}–{max(rs):.3g}]" if rs else "—"
print("Figure of merit 1/(rel. error² × CPU-s), medians over rounds; ratios of the same round: median [range];")
print("the relative error of the fixed tuple at the median conditioned value; in brackets after the net: that value")
print("| net | N | G4_con plain | G4_con conditioned | G4_con PyTorch | G4 cond./plain | G4 cond./PyTorch "
      "| G6_con plain | G6_con conditioned | G6_con PyTorch | G6 cond./plain | G6 cond./PyTorch | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (net, width), by_round in rows.items():
    cells = []
    for key in ("m4", "m6"):
        for who in ("plain", "conditioned", "torch"):
            cells.append(f"{med([v[who][key] for v in by_round.values() if who in v]):.3g}")
        cells += [ratio(by_round, "conditioned", "plain", key), ratio(by_round, "conditioned", "torch", key)]
    loads = [x["load"] for v in by_round.values() for x in v.values()]
    ref = [f"{statistics.median([v['conditioned'][k] for v in by_round.values() if 'conditioned' in v]):.3g}"
           if any("conditioned" in v for v in by_round.values()) else "—" for k in ("v4", "v6")]
    print(f"| `{net}` ({ref[0]}, {ref[1]}) | {width} | " + " | ".join(cells) + f" | {min(loads):.1f}–{max(loads):.1f} |")
PY
