#!/usr/bin/env bash
# Tests the Spark recipe (docs/scale-out.md): a generated cohort audited on Spark in local
# mode, partition reports merged with `trialcheck merge`, compared with one audit of the
# same file. Skips (exit 0, saying so) when pyspark or Java is missing. Not part of
# `swift test` or .ci/run: Spark's start-up and download are too heavy for every run.
#
# Usage: Benchmarks/spark/test_spark.sh [--patients N] [--partitions N]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patients=3000 partitions=4
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if ! python3 -c "import pyspark" 2> /dev/null || ! command -v java > /dev/null; then
  echo "skipped: the Spark test needs pyspark (pip install pyspark) and Java 17"
  exit 0
fi
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
protocol="$BENCH_ROOT/Protocols/NCT07177794.yaml"
spark="$BENCH_ROOT/Benchmarks/spark/audit_with_spark.py"
"$TRIALCHECK" generate --protocol NCT07177794 --patients "$patients" --seed 3 --output "$work/cohort.ndjson"
# With partitioning by id, a repeated id must be rejected as one audit rejects it.
cp "$work/cohort.ndjson" "$work/cohort-id.ndjson"
head -n 1 "$work/cohort.ndjson" >> "$work/cohort-id.ndjson"
cp "$work/cohort.ndjson" "$work/cohort-range.ndjson"

passed=0 failed=0
for mode in id range; do
  single=0
  "$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/single-$mode.json" "$work/cohort-$mode.ndjson" 2> /dev/null || single=$?
  status=0
  python3 "$spark" "$work/cohort-$mode.ndjson" --protocol "$protocol" --output "$work/spark-$mode.json" \
    --partitions "$partitions" --partition-by "$mode" --trialcheck "$TRIALCHECK" 2> "$work/spark-$mode.log" || status=$?
  grep '^spark:' "$work/spark-$mode.log" || tail -n 20 "$work/spark-$mode.log"
  if python3 - "$work/single-$mode.json" "$work/spark-$mode.json" "$mode" "$partitions" <<'PY'
import json, sys
single, spark = (json.load(open(p)) for p in sys.argv[1:3])
mode, partitions = sys.argv[3], int(sys.argv[4])
problems = []
if single["summary"] != spark["summary"]:
    problems.append("summary %s != %s" % (single["summary"], spark["summary"]))
if single["checks"] != spark["checks"]:
    problems.append("per-check counts differ")
key = lambda f: (f["patient"], f["check"], f["status"], f["message"])
a, b = [key(f) for f in single["findings"]], [key(f) for f in spark["findings"]]
if mode == "range" and a != b:
    problems.append("findings differ (in order)")
if sorted(a) != sorted(b):
    problems.append("findings differ (as sets)")
if len(spark["inputs"]) != partitions:
    problems.append("%d inputs for %d partitions" % (len(spark["inputs"]), partitions))
if [r["patient"] for r in single["rejected"]] != [r.get("patient") for r in spark["rejected"]]:
    problems.append("rejections differ")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
  then
    if [ "$status" -eq "$single" ]; then
      echo "ok: spark, partition by $mode ($(wc -l < "$work/cohort-$mode.ndjson") records): same summary, per-check counts, findings and rejections as one audit (exit $status)"
      passed=$((passed + 1))
    else
      echo "FAILED: spark, partition by $mode exited $status, one audit $single"
      failed=$((failed + 1))
    fi
  else
    echo "FAILED: spark, partition by $mode differs from one audit"
    failed=$((failed + 1))
  fi
done
echo "spark: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
