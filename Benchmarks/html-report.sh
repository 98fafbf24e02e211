#!/usr/bin/env bash
# The HTML report's bound: peak memory of an audit writing HTML against one writing JSON,
# and the size of the HTML summary page and its largest page, per cohort size.
#
#   Benchmarks/html-report.sh [--sizes "5000 100000 200000"]
#
# Cohorts come from `trialcheck generate` (default deviation rate); peak resident memory
# from /usr/bin/time. Prints a Markdown table for docs/performance.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="5000 100000 200000"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"N ...\"]" >&2; exit 2 ;;
  esac
done

ensure_trialcheck
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "| patients | JSON peak MB | HTML peak MB | HTML / JSON | summary page | largest page | pages | HTML seconds |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
  cohort="$work/cohort-$n.ndjson"
  "$TRIALCHECK" generate -p NCT07177794 --patients "$n" --seed 1 --output "$cohort"
  measure json 1 "$TRIALCHECK" audit -p NCT07177794 "$cohort" --format json -o "$work/report.json"
  measure html 1 "$TRIALCHECK" audit -p NCT07177794 "$cohort" --format html -o "$work/report.html"
  page_kb=$(( $(stat -c %s "$work/report.html") / 1024 ))
  largest_kb=0
  pages=0
  if [ -d "$work/report-pages" ]; then
    pages=$(find "$work/report-pages" -name '*.html' | wc -l)
    largest_kb=$(( $(find "$work/report-pages" -name '*.html' -printf '%s\n' | sort -n | tail -n 1) / 1024 ))
  fi
  echo "| $n | $json_mb | $html_mb | $(ratio "$html_mb" "$json_mb") | ${page_kb} KB | ${largest_kb} KB | $pages | $html_seconds |"
  rm -rf "$cohort" "$work/report.json" "$work/report.html" "$work/report-pages"
done
