#!/usr/bin/env bash
# How soon the HTML report is usable in a browser: headless Chromium opens the summary page
# (and the largest page of patients beside it) in a frame at a desktop width and reads the
# page's Navigation Timing: DOM interactive, DOMContentLoaded end and load end, median of
# three runs each.
#
#   Benchmarks/html-interactive.sh [--patients 100000] [--report report.html]
#
# Without --report, a cohort of that size comes from `trialcheck generate` (default
# deviation rate) and is audited to HTML. Needs chromium. Prints a Markdown table.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

patients=100000
report=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    *) echo "usage: $0 [--patients N] [--report report.html]" >&2; exit 2 ;;
  esac
done
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$report" ]; then
  ensure_trialcheck
  "$TRIALCHECK" generate -p NCT07177794 --patients "$patients" --seed 1 --output "$work/cohort.ndjson"
  "$TRIALCHECK" audit -p NCT07177794 "$work/cohort.ndjson" --format html -o "$work/report.html" || [ $? -eq 1 ]
  report="$work/report.html"
fi
folder="$(cd "$(dirname "$report")" && pwd)"

# time PAGE: the page's timings (ms), as "interactive content-loaded load", one run.
time_page() {
  cat > "$folder/.interactive-probe.html" <<HTML
<!DOCTYPE html><html><body><pre id="out">pending</pre><script>
const frame = document.createElement('iframe');
frame.style.width = '1280px'; frame.style.height = '900px';
frame.onload = () => {
  const t = frame.contentWindow.performance.getEntriesByType('navigation')[0];
  document.getElementById('out').textContent = [t.domInteractive, t.domContentLoadedEventEnd, t.loadEventEnd].map(Math.round).join(' ');
};
frame.src = '$1';
document.body.appendChild(frame);
</script></body></html>
HTML
  "$browser" --headless=new --no-sandbox --disable-gpu --allow-file-access-from-files --dump-dom \
    "file://$folder/.interactive-probe.html" 2>/dev/null | sed -n 's/.*<pre id="out">\([0-9 ]*\)<.*/\1/p'
}

# median PAGE: the median of three runs of each timing.
median() {
  for run in 1 2 3; do time_page "$1"; done | awk '
    { for (i = 1; i <= 3; i++) v[i, NR] = $i }
    END { for (i = 1; i <= 3; i++) { a = v[i,1]; b = v[i,2]; c = v[i,3]
      m = (a <= b) ? ((b <= c) ? b : ((a <= c) ? c : a)) : ((a <= c) ? a : ((b <= c) ? c : b)); printf "%s%s", m, (i < 3 ? " | " : "\n") } }'
}

echo "| page | size | DOM interactive ms | DOMContentLoaded ms | load ms |"
echo "| --- | ---: | ---: | ---: | ---: |"
name="$(basename "$report")"
echo "| summary ($name) | $(( $(stat -c %s "$report") / 1024 )) KB | $(median "$name") |"
pages="${report%.html}-pages"
if [ -d "$pages" ]; then
  largest="$(find "$pages" -name '*.html' -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)"
  relative="${largest#"$folder"/}"
  echo "| largest page ($(basename "$largest")) | $(( $(stat -c %s "$largest") / 1024 )) KB | $(median "$relative") |"
fi
rm -f "$folder/.interactive-probe.html"
