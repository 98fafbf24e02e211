#!/usr/bin/env python3
"""Converts a generated NDJSON cohort to the other input formats, streaming: for benchmarks.

  csv      one CSV file, one row per event (Examples/formats/convert.py's layout)
  fhir     a FHIR R4 Bulk Data export folder (one NDJSON file per resource type, mCODE)
  sdtm     a folder of CDISC SDTM datasets as CSV (DM, DS, PR, CM, EX, LB, AE, MH, RS, QS, SUPP--)
  compact  NDJSON holding only the events of an eligibility extract (the treatments the
           design checks read, the diagnosis and the consent): about 700 bytes a patient
           instead of 2.5 KB; the four design checks give the same verdicts

The mapping is Examples/formats/convert.py's (its functions are called batch by batch, so
the output is byte-identical to converting the whole file with it), but the input is read
in batches of --batch records, converted by --jobs processes (every core by default) and
written in input order: memory stays flat at any cohort size. Standard library only.

Usage: convert_cohort.py INPUT.ndjson --to csv|fhir|sdtm|compact --output PATH [--batch 1000] [--jobs N]
  PATH is a file for csv and compact, a folder (created, emptied of earlier output) for fhir and sdtm.
"""

import argparse
import importlib.util
import json
import multiprocessing
import os
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Event types kept by --to compact.
COMPACT_TYPES = frozenset(["radiotherapy", "chemotherapy", "immunotherapy", "targeted-therapy", "surgery",
                           "diagnosis", "consent"])


def load_mapping():
    path = os.path.join(HERE, "..", "..", "Examples", "formats", "convert.py")
    spec = importlib.util.spec_from_file_location("example_convert", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAPPING = load_mapping()


def batches(path, size):
    batch = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                batch.append(line)
                if len(batch) == size:
                    yield batch
                    batch = []
    if batch:
        yield batch


def split_header(text, has_header):
    if not has_header:
        return "", text
    header, _, body = text.partition("\n")
    return header + "\n", body


def convert_batch(task):
    """Converts one batch of NDJSON lines: {file name: (header, body)} in the output's order."""
    to, lines = task
    records = [json.loads(line) for line in lines]
    if to == "compact":
        for record in records:
            record["events"] = [event for event in record.get("events", []) if event.get("type") in COMPACT_TYPES]
        return {"": ("", "".join(json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n" for record in records))}
    if to == "fhir":
        by_type = {}
        for record in records:
            for resource in MAPPING.fhir_resources(record):
                by_type.setdefault(resource["resourceType"] + ".ndjson", []).append(
                    json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n")
        return {name: ("", "".join(lines)) for name, lines in by_type.items()}
    with tempfile.TemporaryDirectory() as scratch:
        if to == "csv":
            MAPPING.write_csv(records, os.path.join(scratch, "part.csv"))
            with open(os.path.join(scratch, "part.csv"), encoding="utf-8", newline="") as part:
                return {"": split_header(part.read(), True)}
        MAPPING.write_sdtm(records, scratch)
        parts = {}
        for name in sorted(os.listdir(scratch)):
            with open(os.path.join(scratch, name), encoding="utf-8", newline="") as part:
                parts[name] = split_header(part.read(), True)
        return parts


def convert(to, input_path, output, size, jobs):
    if to in ("fhir", "sdtm"):
        if os.path.isdir(output):
            for name in os.listdir(output):
                if name.endswith(".ndjson" if to == "fhir" else ".csv"):
                    os.remove(os.path.join(output, name))
        os.makedirs(output, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    handles = {}
    tasks = ((to, batch) for batch in batches(input_path, size))
    with multiprocessing.Pool(jobs) as pool:
        for parts in pool.imap(convert_batch, tasks):
            for name, (header, body) in parts.items():
                if name not in handles:
                    path = os.path.join(output, name) if name else output
                    handles[name] = open(path, "w", encoding="utf-8", newline="")
                    handles[name].write(header)
                handles[name].write(body)
    for handle in handles.values():
        handle.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="patient-history v1 NDJSON (trialcheck generate)")
    ap.add_argument("--to", required=True, choices=("csv", "fhir", "sdtm", "compact"))
    ap.add_argument("--output", required=True)
    ap.add_argument("--batch", type=int, default=1000, help="records converted at a time")
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes converting batches")
    args = ap.parse_args()
    convert(args.to, args.input, args.output, args.batch, args.jobs)


if __name__ == "__main__":
    main()
