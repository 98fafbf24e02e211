#!/usr/bin/env bash
# Renders the example site's HTML report and screenshots it with headless Chromium at a
# desktop width (html-report.png) and a phone's (html-report-phone.png, 390 px), into
# this folder. Needs chromium (Debian: apt-get install chromium) and a built trialcheck
# (TRIALCHECK=path, else .build/release or .build/debug).
#
#   docs/images/screenshots.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
images="$root/docs/images"
trialcheck="${TRIALCHECK:-}"
if [ -z "$trialcheck" ]; then
  for candidate in "$root/.build/release/trialcheck" "$root/.build/debug/trialcheck"; do
    if [ -x "$candidate" ]; then trialcheck="$candidate"; break; fi
  done
fi
[ -n "$trialcheck" ] || { echo "build trialcheck first (swift build)" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
# The example audit exits 1: it finds deviations, as intended.
"$trialcheck" audit -p Protocols/NCT07177794.yaml Examples/NCT07177794/site-records.yaml \
  --as-of 2026-11-25 --format html -o "$work/report.html" || [ $? -eq 1 ]

shoot() { # width height output [fragment]
  "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$1,$2" --screenshot="$3" "file://$work/report.html${4:-}" > /dev/null 2>&1
}
shoot 1280 2200 "$images/html-report.png"
shoot 390 2400 "$images/html-report-phone.png"
# A patient's section alone, with a violation drawn (BJ-0011: the 29-day gap between doses).
python3 - "$work/report.html" "$work/patient.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
head = html[:html.index('<div class="page">')]
title = re.search(r'<h3 id="(patient-\d+)-title">BJ-0011<', html).group(1)
start = html.index('<section class="patient" id="%s"' % title)
end = html.index('</section>', start) + len('</section>')
open(sys.argv[2], "w", encoding="utf-8").write(head + '<div class="page"><main>' + html[start:end] + '</main></div></body></html>')
PY
cp "$work/patient.html" "$work/report.html"
shoot 1280 1000 "$images/html-report-timeline.png"
shoot 390 1400 "$images/html-report-phone-timeline.png"
echo "wrote $images/html-report.png, html-report-phone.png, html-report-timeline.png, html-report-phone-timeline.png"
