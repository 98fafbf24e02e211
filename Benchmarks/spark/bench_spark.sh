#!/usr/bin/env bash
# The Spark integration's cost (docs/scale-out.md): a generated NDJSON cohort audited with
# the whole protocol by one `trialcheck audit` process and by `python -m trialcheck_spark`
# in local mode, each under tree_usage.py (wall time, CPU time and peak memory of the
# whole process tree: the driver, the JVM, the Python workers and every trialcheck
# process), the results compared (totals, per-check counts, findings, rejections). A
# 100-patient run first gives Spark's fixed cost. The load average is printed before and
# after each size (the machine may be shared). The cohorts are generated in a temporary
# folder (TMPDIR), deleted at the end.
#
# Usage: Benchmarks/spark/bench_spark.sh [--patients 100000] [--partitions 8] [--master 'local[2]']
#            [--driver-memory 2g]
# Needs pyspark, Java 17, and the package: pip install pyspark ./integrations/spark
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patients=100000 partitions=8 master='local[2]' driver_memory=2g
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --driver-memory) driver_memory="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
protocol="$BENCH_ROOT/Protocols/NCT07177794.yaml"
# The interpreter that has pyspark and the package, by path (a version manager's shim may
# resolve `python3` differently in the measured command's environment).
python="$(python3 -c 'import sys; print(sys.executable)')"
export PYSPARK_PYTHON="${PYSPARK_PYTHON:-$python}"

for size in 100 "$patients"; do
  cohort="$work/cohort-$size.ndjson"
  "$TRIALCHECK" generate --protocol NCT07177794 --patients "$size" --seed 5 --output "$cohort"
  usage="$BENCH_ROOT/Benchmarks/spark/tree_usage.py"
  echo "$size patients: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$usage" "$work/one-$size.usage" "$TRIALCHECK" audit --protocol "$protocol" --format json \
    --output "$work/one-$size.json" "$cohort"
  python3 "$usage" "$work/spark-$size.usage" "$python" -m trialcheck_spark "$cohort" --input-format ndjson \
    --protocol "$protocol" --binary "$TRIALCHECK" --master "$master" --partitions "$partitions" \
    --conf "spark.driver.memory=$driver_memory" \
    --output "$work/spark-$size" --report json
  read -r one_seconds one_cpu one_mb one_pss one_status < "$work/one-$size.usage"
  read -r spark_seconds spark_cpu spark_mb spark_pss spark_status < "$work/spark-$size.usage"
  same="$(python3 - "$work/one-$size.json" "$work/spark-$size/report.json" <<'PY'
import json, sys
one, spark = (json.load(open(path)) for path in sys.argv[1:])
key = lambda rows: sorted(json.dumps(row, sort_keys=True) for row in rows)
same = (one["summary"] == spark["summary"] and one["checks"] == spark["checks"]
        and key(one["findings"]) == key(spark["findings"]) and key(one["rejected"]) == key(spark["rejected"]))
print("%s (%d patients, %d findings, %d rejected; %d deviations)" % (
    "same results" if same else "DIFFERENT results", one["summary"]["patients"], len(one["findings"]),
    len(one["rejected"]), one["summary"]["deviation"]))
PY
)"
  printf '%8d patients: one process %7.1f s wall, %7.1f s CPU, %6d MB (exit %d) | spark %7.1f s wall, %7.1f s CPU, %6d MB RSS, %6d MB PSS (exit %d) | %s\n' \
    "$size" "$one_seconds" "$one_cpu" "$one_mb" "$one_status" "$spark_seconds" "$spark_cpu" "$spark_mb" "$spark_pss" "$spark_status" "$same"
  echo "$size patients: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$cohort" "$work/spark-$size" "$work/one-$size.json"
done
