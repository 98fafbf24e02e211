#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for a while.
#
#   Fuzz/run.sh [seconds-per-target] [target ...]
#
# Each target starts from its committed seeds (Fuzz/corpus/TARGET) plus what earlier runs
# found (Fuzz/.work/corpus/TARGET, not committed). Exits non-zero on the first crash,
# sanitizer report, leak, timeout or out-of-memory; the input is saved under
# Fuzz/.work/crashes/ and the command to reproduce it printed. Prints one line per target:
# executions, executions per second, seconds.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
if ! command -v swift >/dev/null 2>&1; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi

# FUZZ_NO_BUILD=1 runs the targets as last built (a long run resumed after a change).
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  swift build -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing >&2
fi
binary="$(swift build -c release --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing)/trialcheck-fuzz"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(yaml-records json-records ndjson-records csv-records fhir-bundle fhir-ndjson sdtm-xport sdtm-csv
           yaml-syntax json-syntax spilled-tape protocol waivers baseline plugin-answers)
fi

mkdir -p .work/crashes .work/logs
printf '%-16s %12s %10s %8s\n' target executions 'exec/s' seconds
total=0
for target in "${targets[@]}"; do
  mkdir -p ".work/corpus/$target"
  log=".work/logs/$target.log"
  status=0
  started=$SECONDS
  TRIALCHECK_FUZZ_TARGET="$target" "$binary" ".work/corpus/$target" "corpus/$target" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=".work/crashes/$target-" >"$log" 2>&1 || status=$?
  executions=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  rate=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  elapsed=$((SECONDS - started))
  printf '%-16s %12s %10s %8s\n' "$target" "$executions" "$rate" "$elapsed"
  total=$((total + executions))
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz target $target failed (exit $status); reproduce with:" >&2
    echo "  TRIALCHECK_FUZZ_TARGET=$target $binary Fuzz/.work/crashes/$target-*" >&2
    exit 1
  fi
done
echo "all targets: $total executions, no crash"
