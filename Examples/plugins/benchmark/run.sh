#!/usr/bin/env bash
# Measures the external plugin route: patients per second through trivial and real
# external plugins against the same check built in (docs/performance.md, "External
# plugins"). From the repository root:
#
#   bash Examples/plugins/benchmark/run.sh [copies]   # copies of the 242-patient cohort (default 200)
#
# Builds trialcheck and the Swift example plugin in release mode, then runs measure.py.
set -euo pipefail
cd "$(dirname "$0")/../../.."
swift build -c release --product trialcheck >/dev/null
swift build -c release --package-path Examples/plugins/swift-ecog >/dev/null
python3 Examples/plugins/benchmark/measure.py "${1:-200}"
