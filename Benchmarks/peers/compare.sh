#!/usr/bin/env bash
# trialcheck against pandas and DuckDB on the same NDJSON file, with the same four design
# checks (Benchmarks/protocols/design-checks.yaml; the peers implement the same semantics).
# First checks that all three find the same deviations (patient, check), so the race is
# fair; then prints wall-clock time (median of --repeat runs), CPU time, peak memory, and
# each peer's ratio to trialcheck.
#
# Usage: Benchmarks/peers/compare.sh [--patients N] [--input FILE] [--repeat R] [--seed S]
#                                    [--peers "pandas duckdb"]
# Needs python3 with pandas and duckdb (pip install pandas duckdb). pandas needs about
# 42 KB of memory per patient: leave it out (--peers duckdb) for 10^6 patients.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patients=100000 input="" repeat=3 seed=1 peers="pandas duckdb"
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for peer in $peers; do
  if ! python3 -c "import $peer" 2> /dev/null; then
    echo "compare.sh needs $peer: pip install $peer" >&2
    exit 2
  fi
done
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
scripts="$BENCH_ROOT/Benchmarks/peers"
protocol="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"
if [ -z "$input" ]; then
  input="$work/cohort.ndjson"
  "$TRIALCHECK" generate --protocol NCT07177794 --patients "$patients" --seed "$seed" --output "$input"
fi
patients="$(wc -l < "$input" | tr -d ' ')"

# Same deviations?
"$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/report.json" "$input" || true
deviations_from_report "$work/report.json" "$work/trialcheck.csv"
for peer in $peers; do
  python3 "$scripts/design_checks_$peer.py" "$input" --output "$work/$peer.csv" 2> /dev/null
done
for peer in $peers; do
  if ! cmp -s "$work/trialcheck.csv" "$work/$peer.csv"; then
    echo "$peer finds other deviations than trialcheck:" >&2
    diff "$work/trialcheck.csv" "$work/$peer.csv" | head -20 >&2
    exit 1
  fi
done
count="$(wc -l < "$work/trialcheck.csv" | tr -d ' ')"
echo "same deviations: $count (patient, check) pairs in $patients patients, for trialcheck and $peers"

measure tc "$repeat" "$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/report.json" "$input"
for peer in $peers; do
  measure "$peer" "$repeat" python3 "$scripts/design_checks_$peer.py" "$input" --output "$work/$peer.csv"
done

echo
echo "| tool | wall s | CPU s | patients/s | peak MB | time / trialcheck | memory / trialcheck |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { echo "| $1 | $2 | $3 | $(rate "$patients" "$2") | $4 | $(ratio "$2" "$tc_seconds") | $(ratio "$4" "$tc_mb") |"; }
row "trialcheck ($(nproc) jobs)" "$tc_seconds" "$tc_cpu" "$tc_mb"
for peer in $peers; do
  seconds="${peer}_seconds" cpu="${peer}_cpu" mb="${peer}_mb"
  label="$peer $(python3 -c "import $peer; print($peer.__version__)")"
  [ "$peer" = duckdb ] && label="$label ($(nproc) threads)"
  row "$label" "${!seconds}" "${!cpu}" "${!mb}"
done
