#!/usr/bin/env bash
# trialcheck benchmarks: instructions per patient, counted by valgrind's callgrind. Unlike
# wall-clock or CPU time, the count repeats exactly for the same binary and input whatever
# else the machine is doing, so it is the figure to compare before and after a change.
# One job (--jobs 1); the four design checks and the full protocol; the top functions.
# With --formats, the same patients in each input format given (converted by
# Benchmarks/convert/convert_cohort.py), each with its ratio to NDJSON: ndjson, csv, sdtm,
# fhir, and csv-quoted / sdtm-quoted (every cell quoted, CRLF line ends: the way some EDC
# and SAS exports write them, which the readers' plain-row paths do not take).
#
# Usage: Benchmarks/instructions.sh [--patients 2000] [--top 15] [--formats "ndjson csv sdtm"]
# Needs valgrind (and python3 for formats other than ndjson). The release binary's DWARF is newer than valgrind 3.19 reads, so the
# script profiles a copy stripped of debug information (symbols stay: names still show).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

patients=2000 top=15 formats="ndjson"
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 2; }
ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
objcopy --strip-debug "$TRIALCHECK" "$work/trialcheck"
"$TRIALCHECK" generate --protocol NCT07177794 --patients "$patients" --seed 1 > "$work/cohort.ndjson"
# A one-patient cohort gives the fixed cost (process start, protocol load, report): an
# empty input is an input error, which stops before the report.
head -n 1 "$work/cohort.ndjson" > "$work/one.ndjson"

count() { # count PROTOCOL INPUT OUT: total instructions of one audit
  # glibc raises its mmap threshold when a large block is freed, so what start-up happened
  # to allocate decides whether later large blocks are mapped or taken from the heap (and
  # whether freeing them consolidates the heap's small free blocks): about 14,000
  # instructions a patient of difference between two builds with the same per-patient
  # code. The threshold is pinned at glibc's default so that counts compare across builds.
  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 valgrind --tool=callgrind --callgrind-out-file="$3" "$work/trialcheck" audit --protocol "$1" \
    --jobs 1 --format json --output "$work/report.json" "$2" > /dev/null 2>&1 || true
  callgrind_annotate "$3" 2> /dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}

# input FORMAT COHORT: the path of COHORT (an NDJSON file) in FORMAT, made beside it once
# (both protocols read the same conversion).
input() {
  local format="$1" cohort="$2" base="${2%.ndjson}"
  case "$format" in
    ndjson) echo "$cohort"; return ;;
    csv) local made="$base.csv" ;;
    *) local made="$base-$format" ;;
  esac
  if [ -e "$made" ]; then echo "$made"; return; fi
  case "$format" in
    csv|sdtm|fhir) python3 "$BENCH_ROOT/Benchmarks/convert/convert_cohort.py" "$cohort" --to "$format" --output "$made" --jobs 1 >&2 ;;
    csv-quoted|sdtm-quoted)
      local plain
      plain="$(input "${format%-quoted}" "$cohort")"
      python3 - "$plain" "$made" <<'PY' >&2
import csv, os, sys
source, target = sys.argv[1], sys.argv[2]
def requote(a, b):
    with open(a, newline="") as f, open(b, "w", newline="") as g:
        writer = csv.writer(g, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        for row in csv.reader(f):
            writer.writerow(row)
if os.path.isdir(source):
    os.makedirs(target, exist_ok=True)
    for name in os.listdir(source):
        requote(os.path.join(source, name), os.path.join(target, name))
else:
    requote(source, target)
PY
      ;;
    *) echo "unknown format: $format (ndjson, csv, sdtm, fhir, csv-quoted, sdtm-quoted)" >&2; exit 2 ;;
  esac
  echo "$made"
}

echo "trialcheck $("$TRIALCHECK" --version), commit $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2> /dev/null || echo unknown), $patients patients, --jobs 1"
echo
echo "| protocol | input | instructions, one patient | instructions per further patient | to NDJSON |"
echo "| --- | --- | ---: | ---: | ---: |"
for name in design full; do
  if [ "$name" = design ]; then protocol="$BENCH_ROOT/Benchmarks/protocols/design-checks.yaml"; else protocol="$BENCH_ROOT/Protocols/NCT07177794.yaml"; fi
  ndjson_rate=""
  for format in ndjson $formats; do
    if [ "$format" = ndjson ] && [ -n "$ndjson_rate" ]; then continue; fi
    one="$(input "$format" "$work/one.ndjson")"
    cohort="$(input "$format" "$work/cohort.ndjson")"
    fixed="$(count "$protocol" "$one" "$work/one-$name-$format.out")"
    total="$(count "$protocol" "$cohort" "$work/$name-$format.out")"
    rate="$(awk -v t="$total" -v f="$fixed" -v n="$patients" 'BEGIN { printf "%.0f", (t - f) / (n - 1) }')"
    [ "$format" = ndjson ] && ndjson_rate="$rate"
    echo "| $name | $format | $fixed | $rate | $(awk -v r="$rate" -v b="$ndjson_rate" 'BEGIN { printf "%.2fx", r / b }') |"
  done
done
for name in design full; do
  echo
  echo "Top functions, $name, NDJSON (self instructions, all patients):"
  callgrind_annotate "$work/$name-ndjson.out" 2> /dev/null | sed -n '/file:function/,$p' | sed -n "2,$((top + 1))p" | cut -c1-160
done
