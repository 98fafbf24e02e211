# Shared helpers for the benchmark scripts (sourced, not run).

# The repository root and the release binary (TRIALCHECK overrides it).
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRIALCHECK="${TRIALCHECK:-$BENCH_ROOT/.build/release/trialcheck}"

# Builds the release binary unless TRIALCHECK names one that exists.
ensure_trialcheck() {
  if [ ! -x "$TRIALCHECK" ]; then
    echo "building the release binary (swift build -c release --static-swift-stdlib)..." >&2
    (cd "$BENCH_ROOT" && swift build -c release --static-swift-stdlib --product trialcheck >&2)
  fi
}

# measure OUT_PREFIX REPEAT command...: runs the command REPEAT times under /usr/bin/time
# and sets ${OUT_PREFIX}_seconds (median wall-clock, timed to the millisecond around the
# command), ${OUT_PREFIX}_cpu (median user+sys, 10 ms resolution)
# and ${OUT_PREFIX}_mb (largest peak resident set, MB). Any exit code is accepted
# (an audit exits 1 when it finds deviations); standard output is discarded.
measure() {
  local prefix="$1" repeat="$2"; shift 2
  local times="" cpus="" peak=0 i wall user sys kb record started ended
  record="$(mktemp)"
  for ((i = 0; i < repeat; i++)); do
    started="$(date +%s%N)"
    /usr/bin/time -o "$record" -f "%e %U %S %M" "$@" > /dev/null 2> /dev/null || true
    ended="$(date +%s%N)"
    read -r wall user sys kb < <(tail -n 1 "$record")
    wall="$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
    times="$times $wall"
    cpus="$cpus $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    if [ "${kb:-0}" -gt "$peak" ]; then peak="$kb"; fi
  done
  rm -f "$record"
  printf -v "${prefix}_seconds" '%s' "$(median $times)"
  printf -v "${prefix}_cpu" '%s' "$(median $cpus)"
  printf -v "${prefix}_mb" '%s' "$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')"
}

# median of the arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# rate COUNT SECONDS: COUNT per second, rounded.
rate() {
  awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'
}

# ratio A B: A / B with one decimal.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'
}

# deviations_from_report REPORT.json OUT.csv: the (patient,check) deviation pairs, sorted.
deviations_from_report() {
  python3 - "$1" "$2" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
pairs = sorted({(f["patient"], f["check"]) for f in report["findings"] if f["status"] == "deviation"})
with open(sys.argv[2], "w") as out:
    out.writelines("%s,%s\n" % pair for pair in pairs)
PY
}
