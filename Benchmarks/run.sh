#!/usr/bin/env bash
# trialcheck benchmarks: throughput and peak memory per cohort size, with the four design
# checks and with the full protocol; generation speed; the read+tokenize floor; the cold
# start of a 242-patient site audit (YAML and NDJSON) and of a protocol load. Prints a
# Markdown table (and saves it in --out).
#
# Usage: Benchmarks/run.sh [--sizes "1000 10000 100000"] [--repeat 3] [--jobs N] [--out DIR]
#   --sizes   cohort sizes (patients); add 1000000 for the full figure (about 2.6 GB of NDJSON)
#   --repeat  runs per measurement; the median wall-clock time is reported
#   --jobs    trialcheck audit --jobs (default: every core)
#   --out     where cohorts and results go (default: a temporary folder, removed at the end)
# Timings on a shared machine are noisy: CPU time (user+sys) is printed beside wall-clock.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="1000 10000 100000" repeat=3 jobs="$(nproc)" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
ensure_trialcheck
if [ -z "$out" ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
design="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"
full="$BENCH_ROOT/Protocols/NCT07177794.yaml"
tokenize="$out/tokenize"
cc -O2 -o "$tokenize" "$BENCH_ROOT/Benchmarks/floor/tokenize.c"

results="$out/results.md"
{
  echo "trialcheck $("$TRIALCHECK" --version), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown), $(nproc) cores, audit --jobs $jobs, median of $repeat"
  echo
  echo "| patients | MB | step | wall s | CPU s | patients/s (wall) | peak MB |"
  echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: |"
} | tee "$results"

for n in $sizes; do
  cohort="$out/cohort-$n.ndjson"
  measure gen 1 "$TRIALCHECK" generate --protocol NCT07177794 --patients "$n" --seed 1 --output "$cohort"
  mb="$(awk -v b="$(wc -c < "$cohort")" 'BEGIN { printf "%.0f", b / 1048576 }')"
  line() { echo "| $n | $mb | $1 | $2 | $3 | $(rate "$n" "$2") | $4 |" | tee -a "$results"; }
  line "generate (1 core)" "$gen_seconds" "$gen_cpu" "$gen_mb"
  measure wc "$repeat" wc -l "$cohort"
  line "floor: wc -l" "$wc_seconds" "$wc_cpu" "$wc_mb"
  measure tok "$repeat" "$tokenize" "$cohort"
  line "floor: read + tokenize (C)" "$tok_seconds" "$tok_cpu" "$tok_mb"
  measure design "$repeat" "$TRIALCHECK" audit --protocol "$design" --jobs "$jobs" --format json --output "$out/report.json" "$cohort"
  line "audit, 4 design checks" "$design_seconds" "$design_cpu" "$design_mb"
  measure fullp "$repeat" "$TRIALCHECK" audit --protocol "$full" --jobs "$jobs" --format json --output "$out/report.json" "$cohort"
  line "audit, full protocol" "$fullp_seconds" "$fullp_cpu" "$fullp_mb"
  rm -f "$cohort"
done

# Cold start: one process auditing the 242-patient example site with the full protocol,
# from YAML and from NDJSON, and loading the protocol alone.
site="$BENCH_ROOT/Examples/NCT07177794/site-records"
echo | tee -a "$results"
cold_start() { # cold_start LABEL COMMAND...
  local label="$1" cold; shift
  if command -v hyperfine > /dev/null; then
    hyperfine -N --style none --warmup 3 --runs 30 -i --export-json "$out/cold.json" "$*" > /dev/null 2>&1
    cold="$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.1f ms mean, %.1f ms min, +/- %.1f ms' % (r['mean']*1e3, r['min']*1e3, r['stddev']*1e3))" "$out/cold.json")"
  else
    measure cold 30 "$@"
    cold="$(awk -v s="$cold_seconds" 'BEGIN { printf "%.0f ms median", s * 1000 }') (hyperfine not installed: /usr/bin/time, 10 ms resolution)"
  fi
  echo "cold start, $label: $cold" | tee -a "$results"
}
cold_start "validate the full protocol" "$TRIALCHECK" validate "$full"
cold_start "242-patient site (NDJSON), full protocol" "$TRIALCHECK" audit --protocol "$full" --format json --output /dev/null "$site.ndjson"
cold_start "242-patient site (YAML), full protocol" "$TRIALCHECK" audit --protocol "$full" --format json --output /dev/null "$site.yaml"
echo "(results in $results)" >&2
