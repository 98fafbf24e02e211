#!/usr/bin/env bash
# The Spark integration's cost (docs/scale-out.md): a generated NDJSON cohort audited with
# the whole protocol by one `trialcheck audit` process and by `python -m trialcheck_spark`
# in local mode, both timed (wall; CPU and peak memory for the single process: Spark's JVM
# is not a child the driver waits for, so sample its tree's memory with ps), the results compared (totals, per-check counts, findings, rejections). A 100-patient run
# first gives Spark's fixed cost.
#
# Usage: Benchmarks/spark/bench_spark.sh [--patients 100000] [--partitions 8] [--master 'local[2]']
# Needs pyspark, Java 17, and the package: pip install pyspark ./integrations/spark
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patients=100000 partitions=8 master='local[2]'
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
protocol="$BENCH_ROOT/Protocols/NCT07177794.yaml"

for size in 100 "$patients"; do
  cohort="$work/cohort-$size.ndjson"
  "$TRIALCHECK" generate --protocol NCT07177794 --patients "$size" --seed 5 --output "$cohort"
  measure one 1 "$TRIALCHECK" audit --protocol "$protocol" --format json --output "$work/one-$size.json" "$cohort"
  measure spark 1 python3 -m trialcheck_spark "$cohort" --input-format ndjson --protocol "$protocol" \
    --binary "$TRIALCHECK" --master "$master" --partitions "$partitions" --output "$work/spark-$size" --report json
  same="$(python3 - "$work/one-$size.json" "$work/spark-$size/report.json" <<'PY'
import json, sys
one, spark = (json.load(open(path)) for path in sys.argv[1:])
key = lambda rows: sorted(json.dumps(row, sort_keys=True) for row in rows)
same = (one["summary"] == spark["summary"] and one["checks"] == spark["checks"]
        and key(one["findings"]) == key(spark["findings"]) and key(one["rejected"]) == key(spark["rejected"]))
print("same results" if same else "DIFFERENT results")
PY
)"
  printf '%8d patients: one process %6.1f s wall, %6.1f s CPU, %5d MB | spark %6.1f s wall | %s\n' \
    "$size" "$one_seconds" "$one_cpu" "$one_mb" "$spark_seconds" "$same"
done
