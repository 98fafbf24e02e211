#!/usr/bin/env python3
"""Runs design_checks.sql (the four design checks of NCT07177794 in DuckDB SQL) on an
NDJSON file: a peer for trialcheck's benchmarks.

Usage: design_checks_duckdb.py INPUT.ndjson [--output deviations.csv] [--verdicts verdicts.csv]
       [--threads N]

Writes the deviations as CSV rows `patient,check` (sorted), and with --verdicts every
verdict per patient and check. DuckDB uses every core unless --threads says otherwise.
"""

import argparse
import os
import sys

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--output", help="deviations CSV (default: standard output)")
    ap.add_argument("--verdicts", help="also write every verdict as CSV")
    ap.add_argument("--threads", type=int)
    args = ap.parse_args()
    with open(os.path.join(HERE, "design_checks.sql")) as f:
        sql = f.read().replace("'INPUT'", "'%s'" % args.input.replace("'", "''"))
    con = duckdb.connect()
    if args.threads:
        con.execute("SET threads = %d" % args.threads)
    con.execute(sql)
    rows = con.execute("""
        SELECT id, "check" FROM (
            UNPIVOT verdicts ON "age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"
            INTO NAME "check" VALUE verdict)
        WHERE verdict = 'D' ORDER BY id, "check"
    """).fetchall()
    out = open(args.output, "w") if args.output else sys.stdout
    for patient, check in rows:
        out.write("%s,%s\n" % (patient, check))
    if args.output:
        out.close()
    if args.verdicts:
        con.execute("COPY (SELECT * FROM verdicts ORDER BY id) TO '%s' (HEADER)" % args.verdicts.replace("'", "''"))
    count = con.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    sys.stderr.write("duckdb: %d patients, %d deviations\n" % (count, len(rows)))


if __name__ == "__main__":
    main()
