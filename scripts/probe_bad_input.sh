#!/usr/bin/env bash
# The probe rerun of issue 16 ("Found on main"): every case listed there as one command line, each under
# `timeout 60` with /usr/bin/time; prints one line per case (exit code, seconds, max RSS) and a summary: how many
# exit 2 within 1 s, any exit 3, any past 60 s. Cases that are valid input now (exact prefactors) expect exit 0.
# Usage: bash scripts/probe_bad_input.sh [path/to/nnft]   (default build/app/nnft); docs/testing.md#bad-input.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nnft=$(realpath "${1:-$here/build/app/nnft}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
out=$tmp/out.json
fifty=$(seq -s';' 0.01 0.01 0.5)
eighty=$(seq -s';' 0.01 0.01 0.8)
thousand=$(for i in $(seq 0 999); do printf 'g%d*f^4 + ' "$i"; done)
thousand=${thousand% + }
printf '{"config": 7, "correlators": {}}' >config7.json
printf '{"config": {"net": "erf", "width": 5}, "correlators": {"g4_connected": [{"indices": ["a"], "value": 1, "error": 0}]}}' >strindex.json
printf '{"config": {"net": "erf", "width": 5}, "correlators": {"g4_connected": 3}}' >numtable.json
printf '{"config": {"net": "erf", "width": 5}, "correlators": {}}' >nog4.json
mkdir -p folder
one=0,1,2,3
# expected exit <TAB> arguments (shell words)
cases=$(cat <<CASES
0	diagrams --theory 'lambda*f^21' --points 2 --order lambda=1
2	integrate --net gauss --din 1000 --points 4 --order lambda=1 --connected --inputs 0.1 --cutoff inf
2	sample --net erf --width 1000000000000 --inputs 1 --networks 1000 --out $out
0	correlator --theory 'lambda/4294967296/4294967297*f^4' --points 4 --max-order 1 --connected
0	correlator --theory '4294967296*4294967297*lambda*f^4' --points 4 --max-order 1 --connected
0	correlator --theory 'lambda/1099511627775*f^4 + lambda/1099511627773*f^4' --points 4 --max-order 1 --connected
0	correlator --theory 'lambda/4294967296/4294967296*f^4' --points 4 --max-order 1 --connected
2	exact --net relu --width 5 --inputs paper:relu --mu-b 1e308 --out $out
2	exact --net relu --width -5 --inputs 1 --out $out
2	fit --net relu --width -5 --out $out
2	rg --net relu --width -5 --out $out
2	action --net relu --width -5 --out $out
2	sample --net erf --width 3 --inputs 1 --seed -1 --networks 1000 --out $out
2	correlator --max-order -5
2	correlator --order ''
2	integrate --net relu --sigma-b nan --points 4 --order lambda=1 --connected --inputs 0.2 --cutoff 10
2	beta --net relu --sigma-b nan
2	action --net relu --threshold 0
2	action --net relu --threshold -1
2	action --net relu --threshold nan
2	sample --net erf --width 3 --inputs 1 --networks 1000 --max-memory-gb nan --out $out
2	reproduce --networks 1e6 --out $tmp/never --dry-run --max-core-hours nan
2	sample --net erf --width 3 --inputs 1 --networks 1000 --checkpoint ck --checkpoint-every 0 --out $out
2	sample --net erf --width 3 --inputs 1 --networks 1000 --checkpoint ck --checkpoint-every -1 --out $out
2	sample --net erf --width 3 --inputs 1 --networks 1000 --checkpoint ck --checkpoint-every nan --out $out
2	fit --net erf --cutoff 10abc
2	fit --net erf --models ''
2	fit --net erf --test-data config7.json
2	fit --net erf --data config7.json --test-data config7.json
2	diagrams --theory 'lambda*f^32*f^32' --points 2 --order lambda=1
0	diagrams --theory 'lambda*f^22' --points 2 --order lambda=1
2	sample --net erf --width -5 --inputs 1 --networks 1000 --out $out
2	beta --net relu --sigma-w nan
2	beta --net relu --sigma-w inf
2	beta --net relu --sigma-w 0
2	beta --net relu --sigma-b inf
2	fit --net erf --data strindex.json --test-data strindex.json
2	fit --net erf --data numtable.json --test-data numtable.json
2	fit --net erf --data nog4.json --test-data nog4.json
2	diagrams --max-order 1000000
2	correlator --max-order 1000000
2	diagrams --theory '$thousand' --points 4 --max-order 2 --connected
0	diagrams --points 6 --max-order 4
2	integrate --net erf --points 6 --order lambda=1 --cutoff 10 --inputs '$fifty'
0	integrate --net erf --points 4 --order lambda=5 --connected --no-self-energy --tuples $one --inputs '0.1;0.2;0.3;0.4' --cutoff 10
2	sample --net erf --width 3 --inputs 1 --networks 1e17 --out $out
2	sample --net erf --width 3 --inputs 1 --networks 1e18 --out $out
2	sample --net erf --width 1e7 --inputs 1 --networks 1000 --out $out
2	sample --net erf --width 3 --depth 1000000 --inputs 1 --networks 1000 --out $out
2	sample --net erf --width 3 --inputs 1 --networks 1000 --threads 100000 --out $out
2	beta --net relu --din 2147483647
2	integrate --net gauss --din 16 --points 4 --order lambda=1 --connected --inputs '$(printf '0.1%.0s,' $(seq 15))0.1' --cutoff inf
2	integrate --net gauss --din 20 --points 4 --order lambda=1 --connected --inputs '$(printf '0.1%.0s,' $(seq 19))0.1' --cutoff inf
2	integrate --net gauss --din 24 --points 4 --order lambda=1 --connected --inputs '$(printf '0.1%.0s,' $(seq 23))0.1' --cutoff inf
2	rg --net relu --cutoffs 100,1e308
2	action --net relu --cutoff 1e308
2	exact --net erf --width 5 --max-n 6 --inputs '$fifty' --out $out
2	fit --net erf --width 5 --train-inputs '$eighty' --out $out
2	diagrams --points 40 --order lambda=1
2	diagrams --points 4 --order lambda=50
2	diagrams --max-classes 1e30 --points 4 --order lambda=2
2	exact --net erf --width 5 --inputs '1e308;-1e308' --out $out
2	sample --net erf --width 5 --inputs 0.5 --networks 1e9 --checkpoint folder --out $out
2	merge folder folder --out $out
2	diagrams --theory $'\xCE\xBB*f^4' --points 4 --max-order 1
2	rg --net relu --theory 'lambda*f^'
2	check --out /proc/nnft-check/
2	symmetry --net gauss --out /proc/nnft-symmetry.json
CASES
)
total=0 as_expected=0 fast2=0 exit3=0 slow=0 maxrss=0
printf '%-4s %-4s %7s %9s  %s\n' want exit seconds "RSS(MB)" "nnft arguments"
while IFS=$'\t' read -r want args; do
  [ -z "$want" ] && continue
  total=$((total + 1))
  eval "argv=($args)"
  /usr/bin/time -f '%e %M' -o time.txt timeout 60 "$nnft" "${argv[@]}" --quiet >log.txt 2>&1 </dev/null
  rc=$?
  read -r secs kb < <(tail -1 time.txt)  # after a "Command exited with non-zero status" line
  mb=$((kb / 1024))
  [ "$mb" -gt "$maxrss" ] && maxrss=$mb
  [ "$rc" = "$want" ] && as_expected=$((as_expected + 1))
  [ "$rc" = 2 ] && awk -v s="$secs" 'BEGIN { exit !(s < 1) }' && fast2=$((fast2 + 1))
  [ "$rc" = 3 ] && exit3=$((exit3 + 1))
  [ "$rc" = 124 ] && slow=$((slow + 1))
  printf '%-4s %-4s %7s %9s  %s\n' "$want" "$rc" "$secs" "$mb" "$(printf '%s' "$args" | cut -c1-110)"
  [ "$rc" != "$want" ] && sed 's/^/       | /' log.txt | head -3
done <<<"$cases"
echo "summary: $total cases, $as_expected with the expected exit code; $fast2 exit 2 within 1 s; $exit3 exit 3; $slow past 60 s; largest RSS $maxrss MB"
[ "$as_expected" = "$total" ] && [ "$exit3" = 0 ] && [ "$slow" = 0 ]
