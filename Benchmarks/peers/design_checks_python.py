#!/usr/bin/env python3
"""The four design checks of NCT07177794 in plain Python, streaming: a peer for trialcheck's benchmarks.

Standard library only. Reads patient-history v1 NDJSON one line at a time (constant memory
but for the deviations found) and applies the exact semantics of the protocol
specification ("The four design checks"), with interval arithmetic over partial dates
(a verdict is decided only when every possible day agrees), as
design_checks_pandas.py and design_checks.sql do:

  age                 completed years on the enrollment date, 18-75 (or the `age` field)
  radiotherapy-dose   sum of the definitive course's dose in Gy, 50-50.4
  enrollment-window   enrollment - CRT completion (last fraction), 1-42 days
  no-adjuvant-therapy adjuvant therapy at any time before enrollment, or antitumour
                      therapy, surgery or non-definitive radiotherapy between CRT
                      completion and enrollment

Usage: design_checks_python.py INPUT.ndjson [--output deviations.csv] [--verdicts verdicts.csv]

Writes the deviations as CSV rows `patient,check` (sorted), and with --verdicts every
verdict (P pass, D deviation, I indeterminate, N not evaluable) per patient and check,
in input order.
"""

import argparse
import calendar
import datetime
import json
import sys

THERAPY = frozenset(["chemotherapy", "immunotherapy", "targeted-therapy"])
GRAY = {"Gy": 1.0, "cGy": 0.01, "mGy": 0.001}
CHECKS = ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"]
EPSILON = 1e-9

_spans = {}


def span(text):
    """(first day, last day) as ordinals of an ISO 8601 date, full or partial (`2025`,
    `2025-07`, `2025-07-23`, with or without a time); None if absent or unreadable."""
    if not isinstance(text, str):
        return None
    known = _spans.get(text)
    if known is not None or text in _spans:
        return known
    result = None
    try:
        year = int(text[0:4])
        month = int(text[5:7]) if len(text) >= 7 else None
        day = int(text[8:10]) if len(text) >= 10 else None
        if month is None:
            result = (datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal())
        elif day is None:
            last = calendar.monthrange(year, month)[1]
            result = (datetime.date(year, month, 1).toordinal(), datetime.date(year, month, last).toordinal())
        else:
            ordinal = datetime.date(year, month, day).toordinal()
            result = (ordinal, ordinal)
    except ValueError:
        result = None
    _spans[text] = result
    return result


def completed_years(birth, on):
    """Completed years on day `on` of someone born on day `birth` (ordinals)."""
    b = datetime.date.fromordinal(birth)
    d = datetime.date.fromordinal(on)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def decide(low, high, lo_ok, hi_ok):
    if lo_ok <= low and high <= hi_ok:
        return "P"
    if high < lo_ok or low > hi_ok:
        return "D"
    return "I"


def dose_in_gray(value):
    """A dose in Gy, from `{"value": 50, "unit": "Gy"}` or `"50 Gy"`; None if unreadable."""
    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
    elif isinstance(value, str):
        parts = value.split()
        if len(parts) != 2:
            return None
        try:
            number = float(parts[0])
        except ValueError:
            return None
        unit = parts[1]
    else:
        return None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or unit not in GRAY:
        return None
    return number * GRAY[unit]


def first_present(event, keys):
    for key in keys:
        value = event.get(key)
        if value is not None:
            return value
    return None


def audit(record):
    """The four verdicts of one record, in CHECKS order."""
    enrollment = record.get("enrollment") or {}
    e_lo, e_hi = span(enrollment.get("date")) or (None, None)

    # age
    birth = span(record.get("birth_date"))
    age_field = record.get("age")
    if birth is not None and e_lo is not None:
        age = decide(completed_years(birth[1], e_lo), completed_years(birth[0], e_hi), 18, 75)
    elif birth is None and isinstance(age_field, (int, float)) and not isinstance(age_field, bool):
        age = decide(age_field, age_field, 18, 75)
    else:
        age = "N"

    # events: dates and the definitive course
    events = []
    total, missing_dose, in_course = 0.0, False, False
    c_lo = c_hi = None
    for event in record.get("events") or ():
        kind = event.get("type")
        intent = event.get("intent")
        intent = intent.lower() if isinstance(intent, str) else "definitive"
        phase = event.get("phase")
        phase = phase.lower() if isinstance(phase, str) else ""
        start = span(first_present(event, ("start", "date", "end")))
        events.append((kind, intent, phase, start))
        if kind == "radiotherapy" and intent == "definitive" and start is not None and e_lo is not None and start[1] < e_lo:
            in_course = True
            gray = dose_in_gray(event.get("dose"))
            if gray is None:
                missing_dose = True
            else:
                total += gray
            finish = span(first_present(event, ("end", "date")))
            if finish is not None:
                c_lo = finish[0] if c_lo is None else max(c_lo, finish[0])
                c_hi = finish[1] if c_hi is None else max(c_hi, finish[1])

    if not in_course or missing_dose:
        dose = "N"
    else:
        dose = "P" if 50 - EPSILON <= total <= 50.4 + EPSILON else "D"
    window = "N" if c_lo is None else decide(e_lo - c_hi, e_hi - c_lo, 1, 42)

    # no-adjuvant-therapy
    definite = possible = False
    if e_lo is not None:
        for kind, intent, phase, start in events:
            if start is None:
                continue
            s_lo, s_hi = start
            therapy = kind in THERAPY
            if therapy and phase == "adjuvant":
                if s_hi < e_lo:
                    definite = True
                elif s_lo < e_hi:
                    possible = True
            if c_lo is not None and (therapy or kind == "surgery" or (kind == "radiotherapy" and intent != "definitive")) \
                    and phase != "induction" and phase != "concurrent":
                if s_lo > c_hi and s_hi < e_lo:
                    definite = True
                elif s_hi > c_lo and s_lo < e_hi:
                    possible = True
    adjuvant = "D" if definite else "I" if possible else "N" if c_lo is None else "P"
    return age, dose, window, adjuvant


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--output", help="deviations CSV (default: standard output)")
    ap.add_argument("--verdicts", help="also write every verdict as CSV")
    args = ap.parse_args()
    deviations = []
    patients = 0
    verdicts = open(args.verdicts, "w", encoding="utf-8") if args.verdicts else None
    if verdicts:
        verdicts.write("id," + ",".join(CHECKS) + "\n")
    loads = json.loads
    with open(args.input, "rb") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = loads(line)
            patients += 1
            patient = str(record.get("id"))
            found = audit(record)
            for check, verdict in zip(CHECKS, found):
                if verdict == "D":
                    deviations.append((patient, check))
            if verdicts:
                verdicts.write(patient + "," + ",".join(found) + "\n")
    if verdicts:
        verdicts.close()
    deviations.sort()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    out.writelines("%s,%s\n" % pair for pair in deviations)
    if args.output:
        out.close()
    sys.stderr.write("python: %d patients, %d deviations\n" % (patients, len(deviations)))


if __name__ == "__main__":
    main()
