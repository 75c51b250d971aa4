# Interleaved benchmark rounds with the load recorded, shared by bench/sampler_nets.sh and bench/estimators.sh
# (source it). interleave ROUNDS LOG POINTS RUNNERS: for each round r and each point (a string of arguments,
# split on blanks, never globbed) it calls `run_point RUNNER ARGS… r` once per runner, the runners' order
# rotated by one every round, each in its own process; every line is appended to LOG as
# "round r load L <the line run_point printed>", L the 1-minute load average just before the run.
# POINTS and RUNNERS are the names of bash arrays.
interleave() {
  local rounds=$1 log=$2 r i k load line pt
  local -n points_=$3 runners_=$4
  local n=${#runners_[@]}
  local -a args
  for ((r = 1; r <= rounds; ++r)); do
    for pt in "${points_[@]}"; do
      read -r -a args <<<"$pt"
      for ((i = 0; i < n; ++i)); do
        k=$(((i + r - 1) % n))
        load=$(cut -d' ' -f1 /proc/loadavg)
        line=$(run_point "${runners_[k]}" "${args[@]}" "$r")
        echo "round $r load $load $line" | tee -a "$log"
      done
    done
  done
}
