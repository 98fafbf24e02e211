#!/usr/bin/env bash
# Every input format on the same cohort: `trialcheck generate` records converted by
# Examples/formats/convert.py to CSV, a FHIR Bulk Data folder and SDTM datasets, each
# audited with the four design checks. Prints CPU seconds (user+sys) and peak resident
# memory per format, and each format's CPU per patient against NDJSON's.
#
# Usage: Benchmarks/formats.sh [--patients N] [--repeat R] [--jobs J] [--out DIR]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

patients=100000 repeat=1 jobs=2 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d)}"
ensure_trialcheck
design="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"

if [ ! -s "$out/cohort.ndjson" ]; then
  "$TRIALCHECK" generate --protocol NCT07177794 --patients "$patients" --seed 1 --output "$out/cohort.ndjson"
fi
if [ ! -d "$out/formats/fhir" ]; then
  python3 "$BENCH_ROOT/Examples/formats/convert.py" "$out/cohort.ndjson" --output "$out/formats"
fi

echo "trialcheck $("$TRIALCHECK" --version), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown), $patients patients, audit --jobs $jobs, median of $repeat"
echo
echo "| format | input MB | CPU s | peak MB | CPU / NDJSON's |"
echo "| --- | ---: | ---: | ---: | ---: |"
ndjson_cpu=""
for format in ndjson csv sdtm fhir; do
  case "$format" in
    ndjson) input="$out/cohort.ndjson" ;;
    csv) input="$out/formats/csv/site-records.csv" ;;
    *) input="$out/formats/$format" ;;
  esac
  measure run "$repeat" "$TRIALCHECK" audit --protocol "$design" --jobs "$jobs" --format json --output "$out/report-$format.json" "$input"
  [ "$format" = ndjson ] && ndjson_cpu="$run_cpu"
  size="$(du -sm "$input" | cut -f1)"
  echo "| $format | $size | $run_cpu | $run_mb | $(ratio "$run_cpu" "$ndjson_cpu") |"
done
