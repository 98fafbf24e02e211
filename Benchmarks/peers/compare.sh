#!/usr/bin/env bash
# trialcheck against its peers and on every input format, side by side on the same files,
# with the same four design checks (Benchmarks/protocols/design-checks.yaml; the peers
# implement the same semantics):
#   - peers on the NDJSON file: a pure-Python streaming script (standard library), DuckDB
#     (read_json + SQL), pandas, and the C read + tokenize floor (Benchmarks/floor/tokenize.c);
#   - trialcheck on the same cohort as NDJSON, CSV, SDTM and FHIR Bulk
#     (Benchmarks/convert/convert_cohort.py writes them from the generated NDJSON).
# For each cohort ("generated": `trialcheck generate`, about 2.5 KB a patient; "compact":
# the same patients' eligibility extract, about 700 bytes) and each size, prints wall-clock
# time (median of --repeat runs), CPU time (user + sys, the steadier figure on a shared
# machine), peak memory, and each row's ratio of CPU time and of memory to trialcheck on
# NDJSON; and checks that every peer finds the same deviations (patient, check) as
# trialcheck on NDJSON, so the race is fair (a format whose deviations differ is named).
#
# Usage: Benchmarks/peers/compare.sh [--sizes "10000 100000"] [--cohorts "generated compact"]
#          [--formats "ndjson csv sdtm fhir"] [--peers "python duckdb pandas floor"]
#          [--repeat 1] [--jobs N] [--data DIR] [--input FILE] [--pandas-max 200000]
#   --sizes       patients per cohort (10^6 works: about 2.5 GB of NDJSON, 12 GB in all formats)
#   --data        keep the cohorts and their conversions here and reuse them on the next run
#                 (converting 10^6 patients takes a while); default: a temporary folder
#   --input       one NDJSON file instead of generated cohorts (formats other than ndjson skipped)
#   --pandas-max  larger cohorts leave pandas out (it needs about 42 KB a patient)
# Needs python3 with duckdb and pandas for those peers (pip install duckdb pandas) and cc.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

sizes="10000 100000" cohorts="generated compact" formats="ndjson csv sdtm fhir"
peers="python duckdb pandas floor" repeat=1 jobs="$(nproc)" data="" input="" pandas_max=200000
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --patients) sizes="$2"; shift 2 ;;
    --cohorts) cohorts="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --pandas-max) pandas_max="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for peer in $peers; do
  case "$peer" in
    duckdb|pandas) python3 -c "import $peer" 2> /dev/null || { echo "compare.sh needs $peer: pip install $peer" >&2; exit 2; } ;;
    python|floor) ;;
    *) echo "unknown peer: $peer (python, duckdb, pandas, floor)" >&2; exit 2 ;;
  esac
done
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$data" ]; then data="$work/data"; fi
mkdir -p "$data"
scripts="$BENCH_ROOT/Benchmarks/peers"
convert="$BENCH_ROOT/Benchmarks/convert/convert_cohort.py"
protocol="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"
cc -O2 -o "$work/tokenize" "$BENCH_ROOT/Benchmarks/floor/tokenize.c"

# input_path COHORT N FORMAT: the file or folder trialcheck reads, made (and kept in
# --data) when missing.
input_path() {
  local cohort="$1" n="$2" format="$3" base="$data/$1-$2"
  local ndjson="$base.ndjson"
  if [ -n "$input" ]; then echo "$input"; return; fi
  if [ ! -s "$ndjson" ]; then
    local generated="$data/generated-$n.ndjson"
    if [ ! -s "$generated" ]; then
      "$TRIALCHECK" generate --protocol NCT07177794 --patients "$n" --seed 1 --output "$generated.part" >&2
      mv "$generated.part" "$generated"
    fi
    if [ "$cohort" = compact ]; then
      python3 "$convert" "$generated" --to compact --output "$ndjson.part" >&2 && mv "$ndjson.part" "$ndjson"
    fi
  fi
  case "$format" in
    ndjson) echo "$ndjson" ;;
    csv)
      [ -s "$base.csv" ] || { python3 "$convert" "$ndjson" --to csv --output "$base.csv.part" >&2 && mv "$base.csv.part" "$base.csv"; }
      echo "$base.csv" ;;
    sdtm|fhir)
      [ -d "$base-$format" ] || { rm -rf "$base-$format.part"; python3 "$convert" "$ndjson" --to "$format" --output "$base-$format.part" >&2 && mv "$base-$format.part" "$base-$format"; }
      echo "$base-$format" ;;
  esac
}

size_of() { du -sbL "$1" | awk '{ printf "%.0f", $1 / 1048576 }'; }

echo "trialcheck $("$TRIALCHECK" --version) ($TRIALCHECK), repository at commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown), $(nproc) cores, audit --jobs $jobs, four design checks, median of $repeat"
for cohort in $cohorts; do
  for n in $sizes; do
    [ -n "$input" ] && n="$(wc -l < "$input" | tr -d ' ')"
    ndjson="$(input_path "$cohort" "$n" ndjson)"
    # Each tool is timed writing its deviations (trialcheck: its JSON report); the last
    # run's output is then compared with trialcheck's on NDJSON.
    measure tc "$repeat" "$TRIALCHECK" audit --protocol "$protocol" --jobs "$jobs" --format json --output "$work/report.json" "$ndjson"
    deviations_from_report "$work/report.json" "$work/trialcheck.csv"
    count="$(wc -l < "$work/trialcheck.csv" | tr -d ' ')"
    rows=() format_notes=""
    row() { # row TOOL INPUT MB WALL CPU PEAK
      rows+=("| $1 | $2 | $3 | $4 | $5 | $(rate "$n" "$5") | $6 | $(ratio "$5" "$tc_cpu") | $(ratio "$6" "$tc_mb") |")
    }
    row "trialcheck ($jobs jobs)" NDJSON "$(size_of "$ndjson")" "$tc_seconds" "$tc_cpu" "$tc_mb"
    for format in $formats; do
      [ "$format" = ndjson ] && continue
      [ -n "$input" ] && continue
      path="$(input_path "$cohort" "$n" "$format")"
      measure fmt "$repeat" "$TRIALCHECK" audit --protocol "$protocol" --jobs "$jobs" --input-format "$format" --format json --output "$work/report.json" "$path"
      deviations_from_report "$work/report.json" "$work/trialcheck-$format.csv"
      # A format may lose what a design check reads (docs/input-mappings.md, "cannot
      # carry"): a difference is printed with the table, not hidden.
      if ! cmp -s "$work/trialcheck.csv" "$work/trialcheck-$format.csv"; then
        format_notes="$format_notes; $format: $(comm -3 "$work/trialcheck.csv" "$work/trialcheck-$format.csv" | wc -l | tr -d ' ') pairs differ from NDJSON's, first: $(diff "$work/trialcheck.csv" "$work/trialcheck-$format.csv" | grep '^[<>]' | head -1)"
      fi
      label="$(echo "$format" | sed 's/csv/CSV/; s/sdtm/SDTM (CSV datasets)/; s/fhir/FHIR Bulk (NDJSON)/')"
      row "trialcheck ($jobs jobs)" "$label" "$(size_of "$path")" "$fmt_seconds" "$fmt_cpu" "$fmt_mb"
    done
    for peer in $peers; do
      [ "$peer" = floor ] && continue
      if [ "$peer" = pandas ] && [ "$n" -gt "$pandas_max" ]; then
        echo "(pandas left out at $n patients: more than --pandas-max $pandas_max)" >&2
        continue
      fi
      measure peer "$repeat" python3 "$scripts/design_checks_$peer.py" "$ndjson" --output "$work/$peer.csv"
      if ! cmp -s "$work/trialcheck.csv" "$work/$peer.csv"; then
        echo "$peer finds other deviations than trialcheck on $ndjson:" >&2
        diff "$work/trialcheck.csv" "$work/$peer.csv" | head -20 >&2
        exit 1
      fi
      case "$peer" in
        python) label="pure Python $(python3 -c 'import platform; print(platform.python_version())'), streaming" ;;
        duckdb) label="DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)') ($(nproc) threads)" ;;
        pandas) label="pandas $(python3 -c 'import pandas; print(pandas.__version__)')" ;;
      esac
      row "$label" NDJSON "$(size_of "$ndjson")" "$peer_seconds" "$peer_cpu" "$peer_mb"
    done
    if [[ " $peers " == *" floor "* ]]; then
      measure floor "$repeat" "$work/tokenize" "$ndjson"
      row "floor: read + tokenize (C, 1 core)" NDJSON "$(size_of "$ndjson")" "$floor_seconds" "$floor_cpu" "$floor_mb"
    fi

    echo
    echo "$cohort cohort, $n patients, $(size_of "$ndjson") MB of NDJSON ($(awk -v b="$(wc -c < "$ndjson")" -v n="$n" 'BEGIN { printf "%.0f", b / n }') bytes a patient); deviations: $count (patient, check) pairs, the same for every peer${format_notes:-" and every format"}"
    echo
    echo "| tool | input | MB | wall s | CPU s | patients / CPU s | peak MB | CPU / trialcheck | memory / trialcheck |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    if [ -n "$input" ]; then break; fi
  done
done
