#!/usr/bin/env bash
# The bad-input table (issue 16, item 5): every row of tests/cli/bad_inputs.tsv is one refused input. Each must
# exit with the expected code and message fragment, within a time limit (refusals come before any work), and
# leave the --out file untouched. Adding an error path is adding one row.
# Usage: bad_input_table.sh <nnft binary> <repo root>
set -u
nnft=$1
# shellcheck source=../support/cli_expect.sh
source "$2/tests/support/cli_expect.sh"
table="$2/tests/cli/bad_inputs.tsv"
limit=${NNFT_BAD_INPUT_SECONDS:-2}  # seconds a refusal may take (CI machines are slow and shared)
out="$tmp/out.keep"                  # rows write --out "$out": it must keep its content
# A data file with a wrong shape for each schema row of fit --data (written here, named in the table).
printf '{"config": 7, "correlators": {}}' >"$tmp/config7.json"
printf '{"config": {"net": "erf", "width": 5}, "correlators": {"g4_connected": [{"indices": ["a"], "value": 1, "error": 0}]}}' >"$tmp/strindex.json"
printf '{"config": {"net": "erf", "width": 5}, "correlators": {"g4_connected": 3}}' >"$tmp/numtable.json"
printf '{"config": {}, "correlators": {"g2": []}}' >"$tmp/noinputs.json"
printf 'not json' >"$tmp/notjson.json"
rows=0
while IFS=$'\t' read -r code text args; do
  [[ -z "$code" || "$code" == \#* ]] && continue
  rows=$((rows + 1))
  echo keep >"$out"
  eval "argv=($args)"
  start=$(date +%s%N)
  timeout 20 "$nnft" "${argv[@]}" >"$tmp/log" 2>&1
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ "$rc" != "$code" ] || ! grep -qF -- "$text" "$tmp/log"; then
    echo "FAIL: nnft $args -> exit $rc (want $code), output:"; head -c 1500 "$tmp/log"; echo "(wanted text: $text)"
    fail=1
  elif [ "$ms" -gt $((limit * 1000)) ]; then
    echo "FAIL: nnft $args took $ms ms (a refusal must take under $limit s)"
    fail=1
  fi
  if [ "$(cat "$out")" != keep ]; then
    echo "FAIL: nnft $args touched the --out file"
    fail=1
  fi
done <"$table"
[ "$rows" -gt 50 ] || { echo "FAIL: only $rows rows read from $table"; fail=1; }
[ $fail = 0 ] && echo "bad-input table: all $rows rows refused as expected"
exit $fail
