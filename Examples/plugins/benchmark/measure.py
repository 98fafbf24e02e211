"""Times release-build audits of a large cohort with one check each: built in, or external.

Usage (from the repository root, after release builds): python3 Examples/plugins/benchmark/measure.py [copies]
Prints the best of three wall-clock times per configuration, as patients per second, and
the CPU time per patient of trialcheck and its plugin together (steadier than wall-clock
time on a shared machine).
"""

import json
import os
import resource
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
    """The best wall-clock time of three runs, and the least CPU time (user + system, with the plugin)."""
    times, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([BINARY, "audit", "--allow-external", "--format", "json", "--fail-on", "never"] + arguments + [cohort],
                       stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times), min(cpu)


def main():
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as work:
        cohort = os.path.join(work, "cohort.ndjson")
        patients = write_cohort(copies, cohort)
        print("cohort: %d patients, %d MB; %d cores" % (patients, os.path.getsize(cohort) >> 20, os.cpu_count()))
        batch_protocols = []
        for size in (16, 64, 256):  # 256: the most a protocol may set
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
                seconds, cpu = best_time(arguments, cohort)
                print("%-48s %7.2f s  %9.0f patients/s  %6.1f us CPU/patient"
                      % (name, seconds, patients / seconds, cpu / patients * 1e6), flush=True)
        finally:
            for _, path in batch_protocols:
                os.remove(path)


if __name__ == "__main__":
    main()
