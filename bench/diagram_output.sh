#!/usr/bin/env bash
# Benchmark of `nnft diagrams` end to end (issue 15, item 1): CPU seconds (user + system), wall seconds and peak
# RSS of the 121,295-class case in every output format, against the project's earlier version (the binary given
# as OLD, e.g. main's build, which holds a nlohmann DOM of all classes) in interleaved rounds, with the load
# recorded per run, and the ratio to the generation-only time (`--count`, which formats nothing); `--count` and
# `--json` also on 2 threads (the parallel search; same output). Every other row runs on one thread (`--threads 1`
# is added: the default is all cores).
# Usage: bash bench/diagram_output.sh NEW_NNFT [OLD_NNFT] [ROUNDS]   (OLD may be "-" to skip it; ROUNDS default 2)
set -euo pipefail
new=$1 old=${2:--} rounds=${3:-2}
args=(diagrams --theory 'lambda*f^4' --points 6 --order lambda=6 --connected)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
measure() {  # label binary format-args... : prints one row
  local label=$1 bin=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local threads=(--threads 1)
  [[ "$*" == *--threads* ]] && threads=()
  /usr/bin/time -f '%U %S %e %M' -o "$tmp/t" "$bin" "${args[@]}" "$@" "${threads[@]}" >"$tmp/out"
  read -r u s e m <"$tmp/t"
  printf '%-5s %-26s %8.2f %8.2f %9.0f %12s %6s\n' "$label" "$*" "$(echo "$u + $s" | bc)" "$e" "$((m / 1024))" \
    "$(stat -c %s "$tmp/out")" "$load"
}
printf '%-5s %-26s %8s %8s %9s %12s %6s\n' binary format cpu_s wall_s rss_MiB bytes load1
for r in $(seq "$rounds"); do
  echo "# round $r"
  for fmt in "--count" "--count --threads 2" "--format text" "--json" "--json --threads 2" "--format json-compact" \
             "--format jsonl"; do
    # shellcheck disable=SC2086
    measure new "$new" $fmt
    case "$fmt" in --json|"--format text")
      # shellcheck disable=SC2086
      [ "$old" != - ] && measure old "$old" $fmt ;;
    esac
  done
done
