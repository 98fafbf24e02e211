"""Times release-build audits of a large cohort with one check each: built in, or external.

Usage (from the repository root, after release builds): python3 Examples/plugins/benchmark/measure.py [copies]
Prints the best of three wall-clock times per configuration, as patients per second.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

BENCH = "Examples/plugins/benchmark"
BINARY = ".build/release/trialcheck"


def write_cohort(copies, target):
    records = [json.loads(line) for line in open("Examples/NCT07177794/site-records.ndjson") if line.strip()]
    with open(target, "w") as out:
        for copy in range(copies):
            for record in records:
                out.write(json.dumps(dict(record, id="%s-%d" % (record["id"], copy)), separators=(",", ":")) + "\n")
    return copies * len(records)


def best_time(arguments, cohort):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([BINARY, "audit", "--format", "json", "--fail-on", "never"] + arguments + [cohort],
                       stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as work:
        cohort = os.path.join(work, "cohort.ndjson")
        patients = write_cohort(copies, cohort)
        print("cohort: %d patients, %d MB; %d cores" % (patients, os.path.getsize(cohort) >> 20, os.cpu_count()))
        batch_protocols = []
        for size in (16, 64, 1024):
            path = os.path.join(BENCH, ".batch-%d.yaml" % size)
            with open(os.path.join(BENCH, "python-trivial-raw.yaml")) as source, open(path, "w") as target:
                target.write(source.read().replace("command: [python3, trivial_check_raw.py]",
                                                   "command: [python3, trivial_check_raw.py], batch_size: %d" % size))
            batch_protocols.append((size, path))
        runs = [
            ("built-in ECOG check (performance-status)", ["--protocol", BENCH + "/builtin-ecog.yaml"]),
            ("external: trivial Python (raw protocol)", ["--protocol", BENCH + "/python-trivial-raw.yaml"]),
            ("external: trivial Python (helper)", ["--protocol", BENCH + "/python-trivial.yaml"]),
            ("external: ECOG in Python (helper)", ["--protocol", BENCH + "/python-ecog.yaml"]),
            ("external: ECOG in Swift (helper library)", ["--protocol", BENCH + "/swift-ecog.yaml"]),
        ] + [("external: trivial Python (raw), batch_size %d" % size, ["--protocol", path]) for size, path in batch_protocols] + [
            ("built-in ECOG check, --jobs 1", ["--protocol", BENCH + "/builtin-ecog.yaml", "--jobs", "1"]),
            ("external: trivial Python (raw), --jobs 1", ["--protocol", BENCH + "/python-trivial-raw.yaml", "--jobs", "1"]),
        ]
        try:
            for name, arguments in runs:
                seconds = best_time(arguments, cohort)
                print("%-48s %7.2f s  %9.0f patients/s" % (name, seconds, patients / seconds), flush=True)
        finally:
            for _, path in batch_protocols:
                os.remove(path)


if __name__ == "__main__":
    main()
