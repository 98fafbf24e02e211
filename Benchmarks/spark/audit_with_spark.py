#!/usr/bin/env python3
"""Audit an NDJSON cohort on Apache Spark by piping partitions through trialcheck.

Each partition of the input's lines is audited by one `trialcheck audit --format json -`
process (records on standard input), and the partition reports are merged on the driver
with `trialcheck merge` into one JSON report. The trialcheck binary must exist at the same
path on every executor (in local mode, the driver's machine).

Partitioning (--partition-by):
  id     (default) records are hash-partitioned by patient id, so every record of one id
         lands in one partition and a repeated id is rejected exactly as one audit would;
         findings are grouped by partition.
  range  the input's own contiguous line ranges, in file order: findings come in input
         order, but a repeated id in two partitions is only caught if both have findings.

The merged report equals one audit of the partitions' records, in partition order, except
that each partition is an input named <stdin> and record lines count within the partition.

Usage:
  audit_with_spark.py COHORT.ndjson --protocol PROTOCOL --output REPORT.json
                      [--partitions N] [--partition-by id|range] [--master local[2]]
                      [--trialcheck PATH] [--jobs N]
Exit code: trialcheck's (0 clean, 1 deviations, 2 rejected records or an error).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

ID = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')


def patient_id(line):
    """The record's id, read without parsing the whole record (the first "id" key)."""
    match = ID.search(line)
    return match.group(1) if match else line


def audit_partition(trialcheck, protocol, jobs):
    """A mapPartitions function: one trialcheck process per partition, its JSON report out."""

    def run(lines):
        command = [trialcheck, "audit", "--protocol", protocol, "--format", "json", "--jobs", str(jobs), "-"]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
        with tempfile.TemporaryFile() as report:
            # Feed records while draining the report, so neither pipe fills up.
            drain = threading.Thread(target=lambda: report.write(process.stdout.read()))
            drain.start()
            count = 0
            for line in lines:
                process.stdin.write(line.encode("utf-8") + b"\n")
                count += 1
            process.stdin.close()
            drain.join()
            status = process.wait()
            if status not in (0, 1, 2):
                raise RuntimeError("trialcheck audit exited %d" % status)
            report.seek(0)
            yield report.read().decode("utf-8")

    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--protocol", required=True, help="protocol file (absolute path, readable on executors)")
    ap.add_argument("--output", required=True, help="the merged JSON report")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--partition-by", choices=("id", "range"), default="id")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--trialcheck", default=os.environ.get("TRIALCHECK", "trialcheck"))
    ap.add_argument("--jobs", type=int, default=1, help="trialcheck --jobs per partition (default 1: Spark runs partitions in parallel)")
    args = ap.parse_args()

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("trialcheck-audit")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    protocol = os.path.abspath(args.protocol)
    lines = sc.textFile(os.path.abspath(args.input), minPartitions=args.partitions).filter(lambda l: l.strip())
    if args.partition_by == "id":
        lines = (lines.keyBy(patient_id)
                 .partitionBy(args.partitions)
                 .values())
    reports = lines.mapPartitions(audit_partition(args.trialcheck, protocol, args.jobs)).collect()
    spark.stop()

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(reports):
            path = os.path.join(folder, "partition-%05d.json" % index)
            with open(path, "w") as f:
                f.write(text)
            paths.append(path)
        merged = subprocess.run([args.trialcheck, "merge", "--output", args.output] + paths)
    if merged.returncode not in (0, 1, 2) or not os.path.exists(args.output):
        sys.exit(merged.returncode or 2)
    with open(args.output) as f:
        summary = json.load(f)["summary"]
    sys.stderr.write("spark: %d partitions, %d patients audited, %d rejected, %d deviations\n"
                     % (len(paths), summary["patients"], summary["rejected"], summary["deviation"]))
    sys.exit(merged.returncode)


if __name__ == "__main__":
    main()
