#!/usr/bin/env bash
# trialcheck against pandas and DuckDB on the same NDJSON file, with the same four design
# checks (Benchmarks/protocols/design-checks.yaml; the peers implement the same semantics).
# First checks that all three find the same deviations (patient, check), so the race is
# fair; then prints wall-clock time (median of --repeat runs), CPU time, peak memory, and
# each peer's ratio to trialcheck.
#
# Usage: Benchmarks/peers/compare.sh [--patients N] [--input FILE] [--repeat R] [--seed S]
# Needs python3 with pandas and duckdb (pip install pandas duckdb).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patients=100000 input="" repeat=3 seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if ! python3 -c "import pandas, duckdb" 2> /dev/null; then
  echo "compare.sh needs pandas and duckdb: pip install pandas duckdb" >&2
  exit 2
fi
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
peers="$BENCH_ROOT/Benchmarks/peers"
protocol="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"
if [ -z "$input" ]; then
  input="$work/cohort.ndjson"
  "$TRIALCHECK" generate --protocol NCT07177794 --patients "$patients" --seed "$seed" --output "$input"
fi
patients="$(wc -l < "$input" | tr -d ' ')"

# Same deviations?
"$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/report.json" "$input" || true
deviations_from_report "$work/report.json" "$work/trialcheck.csv"
python3 "$peers/design_checks_pandas.py" "$input" --output "$work/pandas.csv" 2> /dev/null
python3 "$peers/design_checks_duckdb.py" "$input" --output "$work/duckdb.csv" 2> /dev/null
for peer in pandas duckdb; do
  if ! cmp -s "$work/trialcheck.csv" "$work/$peer.csv"; then
    echo "$peer finds other deviations than trialcheck:" >&2
    diff "$work/trialcheck.csv" "$work/$peer.csv" | head -20 >&2
    exit 1
  fi
done
count="$(wc -l < "$work/trialcheck.csv" | tr -d ' ')"
echo "same deviations: $count (patient, check) pairs in $patients patients, for all three"

measure tc "$repeat" "$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/report.json" "$input"
measure pd "$repeat" python3 "$peers/design_checks_pandas.py" "$input" --output "$work/pandas.csv"
measure dd "$repeat" python3 "$peers/design_checks_duckdb.py" "$input" --output "$work/duckdb.csv"

echo
echo "| tool | wall s | CPU s | patients/s | peak MB | time / trialcheck | memory / trialcheck |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { echo "| $1 | $2 | $3 | $(rate "$patients" "$2") | $4 | $(ratio "$2" "$tc_seconds") | $(ratio "$4" "$tc_mb") |"; }
row "trialcheck ($(nproc) jobs)" "$tc_seconds" "$tc_cpu" "$tc_mb"
row "pandas $(python3 -c 'import pandas; print(pandas.__version__)')" "$pd_seconds" "$pd_cpu" "$pd_mb"
row "DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)') ($(nproc) threads)" "$dd_seconds" "$dd_cpu" "$dd_mb"
