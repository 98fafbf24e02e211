#!/usr/bin/env bash
# Regenerates the check catalogue after a kind is added or changed: docs/checks.md, and the
# README's summary between its catalogue markers. Run from anywhere in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product trialcheck >/dev/null
binary="$(swift build --show-bin-path)/trialcheck"
"$binary" checks --format markdown > docs/checks.md

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
"$binary" checks --format summary > "$summary"
awk -v summary="$summary" '
  /<!-- catalogue:start/ { print; while ((getline line < summary) > 0) print line; skipping = 1; next }
  /<!-- catalogue:end -->/ { skipping = 0 }
  !skipping { print }
' README.md > README.md.new
mv README.md.new README.md
echo "updated docs/checks.md and the README's catalogue"
