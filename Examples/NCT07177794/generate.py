#!/usr/bin/env python3
"""Generate a synthetic, anonymized cohort of patient histories for trial NCT07177794.

NCT07177794: consolidation toripalimab + metronomic capecitabine after definitive
chemoradiotherapy (CRT) for oesophageal squamous cell carcinoma (ESCC). Arm A:
toripalimab 240 mg IV Q3W (at most 16 cycles) plus capecitabine 500 mg orally twice
daily (at most one year); Arm B: observation. Randomised 1:1.

The records follow patient-history v1 (see docs/input-format.md), with the data cut-off
as `data_cutoff` (in the YAML file's header; on each NDJSON record, which has no header):
an administration span without `end` is ongoing at the cut-off. No record describes
a real person: every date, value and identifier is drawn from a seeded pseudo-random
generator, so the same seed always gives byte-identical output.

Most patients are compliant. A minority carry injected problems:

* deviations, boundary cases, indeterminate and not-evaluable cases for the four
  design checks (age, radiotherapy-dose, enrollment-window, no-adjuvant-therapy);
* deviations for the protocol's other checks (ECOG, labs, technique, study drug
  dose and schedule, ...), so that every check of the protocol has some.

Late scenarios (labs, neuropathy, hepatitis) are written over a finished record with a
random stream of the patient's own, so adding one leaves every other record as it was.

Each design-check verdict is recomputed from the written record by a small reference
implementation of the protocol's exact semantics (``design_verdicts``) and compared
with what was injected; a mismatch stops the script. ``--expected PATH`` writes those
verdicts as CSV. A tally of the injected problems goes to standard error.

Standard library only. Usage:

    python3 generate.py [--seed 7794] [--patients 242] [--format yaml|ndjson]
                        [--output PATH] [--expected PATH]
"""

import argparse
import calendar
import csv
import datetime as dt
import io
import json
import random
import re
import sys
from collections import Counter

PROTOCOL = "NCT07177794"
FORMAT = "patient-history/1"
REFERENCE_SIZE = 242  # the trial's planned enrollment; scenario counts are for this size

FIRST_ENROLLMENT = dt.date(2025, 9, 24)
LAST_ENROLLMENT = dt.date(2026, 8, 31)
# the data cut-off: no event is dated after it; written as `data_cutoff` (the YAML file's
# header, each NDJSON record), so an ongoing span counts as continuing to it
DATA_CUT = dt.date(2026, 10, 31)

DESIGN_CHECKS = ("age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy")

# code, patient-id prefix, weight, lab unit convention
SITES = [
    ("SYSUCC", "GZ", 30, "si"),
    ("CHCAMS", "BJ", 16, "si"),
    ("FUSCC", "SH", 14, "si"),
    ("SCCH", "CD", 14, "si"),
    ("HNCH", "ZZ", 14, "mixed"),
    ("ZJCH", "HZ", 12, "conventional"),
]

# ---------------------------------------------------------------------------
# Scenarios: what is injected, into how many patients (at the reference size), the
# design-check verdicts it must produce, and which report group it belongs to.
# Verdict codes: P pass, D deviation, I indeterminate, N not-evaluable.
# Order of the verdict string: age, radiotherapy-dose, enrollment-window,
# no-adjuvant-therapy.
# ---------------------------------------------------------------------------


class Scenario:
    def __init__(self, name, count, group, verdicts, description, arm=None, boundary=False,
                 passes=None, late=False):
        self.name = name
        self.count = count
        self.group = group
        self.verdicts = verdicts
        self.description = description
        self.arm = arm
        self.boundary = boundary
        # whether an other-check scenario passes its check (by default, a boundary case does)
        self.passes = boundary if passes is None else passes
        # injected after the record is built, from a random stream of its own, so adding
        # one leaves every other patient (and every id) as it was
        self.late = late


S = Scenario
SCENARIOS = [
    # -- age ---------------------------------------------------------------
    S("age-over-75", 4, "age", "DPPP", "age 76-79 at enrollment (full birth date)"),
    S("age-76th-birthday-on-enrollment", 1, "age", "DPPP",
      "76th birthday is the enrollment date: age 76", boundary=True),
    S("age-17-18th-birthday-next-day", 1, "age", "DPPP",
      "18th birthday is the day after enrollment: age 17", boundary=True),
    S("age-field-over-75", 1, "age", "DPPP", "birth date withheld, age: 77"),
    S("age-18th-birthday-on-enrollment", 1, "age", "PPPP",
      "18th birthday is the enrollment date: age 18, passes", boundary=True),
    S("age-76th-birthday-next-day", 1, "age", "PPPP",
      "76th birthday is the day after enrollment: age 75, passes", boundary=True),
    S("age-partial-month-straddles-76", 1, "age", "IPPP",
      "birth date YYYY-MM whose month holds the 76th birthday on the enrollment date"),
    S("age-partial-year-straddles-76", 1, "age", "IPPP",
      "birth date YYYY only: 75 or 76 at enrollment"),
    S("age-partial-month-straddles-18", 1, "age", "IPPP",
      "birth date YYYY-MM whose month holds the 18th birthday on the enrollment date"),
    # -- radiotherapy-dose -------------------------------------------------
    S("dose-60-gy", 2, "radiotherapy-dose", "PDPP", "60 Gy in 30 fractions"),
    S("dose-5041-cgy", 1, "radiotherapy-dose", "PDPP", "5041 cGy: 0.01 Gy above the limit",
      boundary=True),
    S("dose-45-gy", 1, "radiotherapy-dose", "PDPP", "45 Gy in 25 fractions"),
    S("dose-54-gy", 1, "radiotherapy-dose", "PDPP", "54 Gy in 30 fractions"),
    S("dose-48.6-gy", 1, "radiotherapy-dose", "PDPP", "48.6 Gy in 27 fractions"),
    S("dose-split-course-59.4-gy", 1, "radiotherapy-dose", "PDPP",
      "two definitive courses: 50.4 Gy + 9 Gy boost = 59.4 Gy"),
    S("dose-50-gy", 3, "radiotherapy-dose", "PPPP", "50 Gy in 25 fractions (lower limit)",
      boundary=True),
    S("dose-split-course-50.4-gy", 1, "radiotherapy-dose", "PPPP",
      "two definitive courses in different units: 4140 cGy + 9 Gy = 50.4 Gy", boundary=True),
    S("radiotherapy-missing", 2, "radiotherapy-dose", "PNNN", "no radiotherapy recorded"),
    S("radiotherapy-without-dose", 2, "radiotherapy-dose", "PNPP", "radiotherapy without dose"),
    S("radiotherapy-dose-in-mg", 1, "radiotherapy-dose", "PNPP", "dose written as '50.4 mg'"),
    # -- enrollment-window -------------------------------------------------
    S("window-0-days", 1, "enrollment-window", "PPDP",
      "enrolled on the day of the last fraction", boundary=True),
    S("window-43-days", 1, "enrollment-window", "PPDP", "enrolled 43 days after CRT",
      boundary=True),
    S("window-late", 4, "enrollment-window", "PPDP", "enrolled 45-70 days after CRT"),
    S("window-before-last-fraction", 1, "enrollment-window", "PPDP",
      "enrolled 3 days before the last fraction"),
    S("window-1-day", 1, "enrollment-window", "PPPP", "enrolled the day after CRT",
      boundary=True),
    S("window-42-days", 1, "enrollment-window", "PPPP", "enrolled 42 days after CRT",
      boundary=True),
    S("window-partial-end-straddles-42", 1, "enrollment-window", "PPIP",
      "radiotherapy end YYYY-MM; enrollment 15-25 days after that month: 42 days or fewer "
      "for a late end, more for an early one"),
    S("window-partial-end-straddles-1", 1, "enrollment-window", "PPIP",
      "radiotherapy end YYYY-MM in the enrollment month"),
    # -- no-adjuvant-therapy -----------------------------------------------
    S("adjuvant-capecitabine-years-earlier", 1, "no-adjuvant-therapy", "PPPD",
      "adjuvant capecitabine after colon cancer surgery, years before"),
    S("adjuvant-after-prior-esophagectomy", 1, "no-adjuvant-therapy", "PPPD",
      "esophagectomy + adjuvant paclitaxel/cisplatin in 2021; CRT for recurrence"),
    S("adjuvant-chemotherapy-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "phase: adjuvant S-1 between CRT and enrollment"),
    S("surgery-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "salvage esophagectomy between CRT and enrollment"),
    S("consolidation-chemotherapy-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "consolidation paclitaxel/cisplatin between CRT and enrollment"),
    S("maintenance-pd1-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "maintenance camrelizumab between CRT and enrollment"),
    S("palliative-radiotherapy-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "palliative radiotherapy between CRT and enrollment"),
    S("chemotherapy-without-phase-after-crt", 1, "no-adjuvant-therapy", "PPPD",
      "chemotherapy with no phase between CRT and enrollment"),
    S("surgery-on-crt-completion-day", 1, "no-adjuvant-therapy", "PPPP",
      "gastrostomy on the day of the last fraction (not after CRT completion)",
      boundary=True),
    S("surgery-partial-date-straddles-crt", 1, "no-adjuvant-therapy", "PPPI",
      "surgery dated YYYY-MM, the month of CRT completion"),
    # -- the protocol's other checks -----------------------------------------
    S("ecog-3", 2, "ecog", "PPPP", "ECOG 3 at screening"),
    S("platelets-low", 2, "lab-platelets", "PPPP", "platelets 62-68 x10^9/L"),
    S("platelets-75", 1, "lab-platelets", "PPPP", "platelets exactly 75 x10^9/L (passes)",
      boundary=True),
    S("platelets-recovered", 1, "lab-platelets", "PPPP",
      "low platelets at week 4 of RT, normal at screening (latest value passes)",
      boundary=True),
    S("hemoglobin-low", 1, "lab-hemoglobin", "PPPP", "hemoglobin 85 g/L"),
    S("hemoglobin-90-g-per-l", 1, "lab-hemoglobin", "PPPP",
      "hemoglobin 90 g/L = 9 g/dL (passes)", boundary=True),
    S("albumin-low", 1, "lab-albumin", "PPPP", "albumin 26 g/L"),
    S("bilirubin-high", 1, "lab-bilirubin", "PPPP", "bilirubin 2 x ULN"),
    S("technique-3d-crt", 2, "radiotherapy-technique", "PPPP", "3D-CRT"),
    S("fractionation-2.5-gy", 1, "radiotherapy-fractionation", "PPPP",
      "50 Gy in 20 fractions (2.5 Gy per fraction)"),
    S("histology-adenocarcinoma", 1, "histology", "PPPP", "adenocarcinoma"),
    S("stage-ivb-liver", 1, "stage", "PPPP", "stage IVB with liver metastasis"),
    S("induction-6-cycles", 1, "induction-cycles", "PPPP", "6 cycles of induction chemotherapy"),
    S("concurrent-single-agent", 1, "concurrent-chemotherapy", "PPPP",
      "concurrent S-1 alone"),
    S("consent-after-enrollment", 1, "consent", "PPPP", "consent dated after enrollment"),
    S("nimotuzumab-concurrent", 1, "no-prior-targeted-therapy", "PPPP",
      "concurrent nimotuzumab (permitted by no-adjuvant-therapy, not by Exclusion 8)"),
    S("progression-before-enrollment", 1, "no-progression-after-crt", "PPPP",
      "response PD between CRT and enrollment"),
    S("radiation-pneumonitis-grade-2", 1, "radiation-pneumonitis", "PPPP",
      "grade 2 radiation pneumonitis before enrollment"),
    S("immune-related-ae-grade-3", 1, "immune-related-ae", "PPPP",
      "grade 3 immune-related hepatitis during induction PD-1 therapy"),
    S("interstitial-lung-disease", 1, "excluded-conditions", "PPPP",
      "active interstitial lung disease"),
    S("esophageal-fistula", 1, "no-fistula-or-hemorrhage", "PPPP",
      "esophageal fistula after CRT"),
    S("toripalimab-200-mg", 2, "toripalimab-dose", "PPPP",
      "toripalimab 200 mg (one patient every dose, one patient one dose)", arm="A"),
    S("toripalimab-late-interval", 2, "toripalimab-interval", "PPPP",
      "one toripalimab dose a week or two late (interval of 28-35 days)", arm="A"),
    S("toripalimab-17-cycles", 1, "toripalimab-max-cycles", "PPPP", "17 toripalimab cycles",
      arm="A"),
    S("capecitabine-1000-mg", 1, "capecitabine-dose", "PPPP", "capecitabine 1000 mg BID",
      arm="A"),
    S("capecitabine-beyond-one-year", 1, "treatment-duration", "PPPP",
      "capecitabine three weeks past one year", arm="A"),
    S("arm-b-toripalimab", 1, "arm-b-no-study-drug", "PPPP", "Arm B patient given toripalimab",
      arm="B"),
    S("arm-b-capecitabine", 1, "arm-b-no-study-drug", "PPPP",
      "Arm B patient given capecitabine", arm="B"),
    # -- late scenarios: written over a finished record (see Builder.inject_late) ------
    S("neuropathy-grade-2-ongoing", 2, "peripheral-neuropathy", "PPPP",
      "grade 2 peripheral neuropathy from concurrent chemotherapy, no end date (ongoing "
      "at enrollment)", late=True),
    S("neuropathy-grade-2-resolved", 1, "peripheral-neuropathy", "PPPP",
      "grade 2 neuropathy ended before enrollment; grade 1 ongoing (passes)", passes=True,
      late=True),
    S("wbc-low", 1, "lab-wbc", "PPPP", "WBC 2.9-3.2 x10^9/L (ANC 1.6-2.0)", late=True),
    S("wbc-3.5", 1, "lab-wbc", "PPPP", "WBC exactly 3.5 x10^9/L (passes)", boundary=True,
      late=True),
    S("anc-low", 1, "lab-anc", "PPPP", "ANC 1.1-1.3 x10^9/L", late=True),
    S("alt-high", 1, "lab-liver-enzymes", "PPPP", "ALT 2.8-3.2 x ULN", late=True),
    S("ast-high", 1, "lab-liver-enzymes", "PPPP", "AST 2.6-3.0 x ULN", late=True),
    S("renal-crcl-low", 1, "lab-renal", "PPPP",
      "creatinine 1.7-1.9 x ULN and creatinine clearance 38-52 mL/min", late=True),
    S("renal-crcl-60", 1, "lab-renal", "PPPP",
      "creatinine 1.6-1.8 x ULN and creatinine clearance exactly 60 mL/min (more than 60 "
      "is required)", boundary=True, passes=False, late=True),
    S("renal-crcl-above-60", 1, "lab-renal", "PPPP",
      "creatinine 1.55-1.65 x ULN but creatinine clearance 64-72 mL/min (passes)",
      passes=True, late=True),
    S("hbv-dna-high", 1, "hepatitis", "PPPP",
      "chronic hepatitis B, HBV DNA 3600-15000 IU/mL", late=True),
    S("hbv-dna-2000", 1, "hepatitis", "PPPP",
      "HBV DNA exactly 2000 IU/mL (less than 2000 is required)", boundary=True,
      passes=False, late=True),
    S("hbv-dna-controlled", 1, "hepatitis", "PPPP",
      "chronic hepatitis B on entecavir, HBV DNA 120-900 IU/mL (passes)", passes=True,
      late=True),
    S("hcv-rna-detected", 1, "hepatitis", "PPPP",
      "chronic hepatitis C, HCV RNA 'detected'", late=True),
]
SCENARIO_BY_NAME = {s.name: s for s in SCENARIOS}

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def days(n):
    return dt.timedelta(days=n)


def iso(d):
    return d.isoformat()


def month_of(d):
    return "%04d-%02d" % (d.year, d.month)


def last_day_of_month(y, m):
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def is_weekday(d):
    return d.weekday() < 5


def next_weekday(d):
    while not is_weekday(d):
        d += days(1)
    return d


def previous_weekday(d):
    while not is_weekday(d):
        d -= days(1)
    return d


def weekdays_back(end, count):
    """The first day of a course of `count` weekday fractions whose last is `end`."""
    d = end
    remaining = count - 1
    while remaining > 0:
        d -= days(1)
        if is_weekday(d):
            remaining -= 1
    return d


def weekdays_forward(start, count):
    """The last day of a course of `count` weekday fractions starting on `start`."""
    d = start
    remaining = count - 1
    while remaining > 0:
        d += days(1)
        if is_weekday(d):
            remaining -= 1
    return d


def shift_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


# ---------------------------------------------------------------------------
# Reference implementation of the four design checks (the protocol spec's exact
# semantics, with interval arithmetic over partial dates).
# ---------------------------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
QUANTITY_RE = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(\S.*?)\s*$")
GRAY = {"Gy": 1.0, "cGy": 0.01, "mGy": 0.001}
THERAPY = {"chemotherapy", "immunotherapy", "targeted-therapy"}


def date_span(text):
    if text is None:
        return None
    m = DATE_RE.match(str(text))
    if not m:
        raise ValueError("not an ISO 8601 date: %r" % (text,))
    y = int(m.group(1))
    if m.group(2) is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    mo = int(m.group(2))
    if m.group(3) is None:
        return dt.date(y, mo, 1), last_day_of_month(y, mo)
    d = dt.date(y, mo, int(m.group(3)))
    return d, d


def completed_years(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def decide(low, high, lo_ok, hi_ok):
    """Verdict for a value known to lie in [low, high] and a rule lo_ok <= value <= hi_ok."""
    if lo_ok <= low and high <= hi_ok:
        return "P"
    if high < lo_ok or low > hi_ok:
        return "D"
    return "I"


def event_start(e):
    for key in ("start", "date", "end"):
        if e.get(key) is not None:
            return date_span(e[key])
    return None


def event_end(e):
    for key in ("end", "date"):
        if e.get(key) is not None:
            return date_span(e[key])
    return None


def dose_in_gray(value):
    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
    elif isinstance(value, str):
        m = QUANTITY_RE.match(value)
        if not m:
            return None
        number, unit = float(m.group(1)), m.group(2)
    else:
        return None
    if not isinstance(number, (int, float)) or unit not in GRAY:
        return None
    return number * GRAY[unit]


def design_verdicts(record):
    """The four design-check verdicts (P/D/I/N) for one record, per the protocol spec."""
    e_lo, e_hi = date_span(record["enrollment"]["date"])
    out = {}

    # age
    if record.get("birth_date") is not None:
        b_lo, b_hi = date_span(record["birth_date"])
        out["age"] = decide(completed_years(b_hi, e_lo), completed_years(b_lo, e_hi), 18, 75)
    elif record.get("age") is not None:
        out["age"] = decide(record["age"], record["age"], 18, 75)
    else:
        out["age"] = "N"

    # the definitive course: intent definitive or absent, starting before enrollment.
    events = record.get("events", [])
    course, maybe_course = [], False
    for e in events:
        if e["type"] != "radiotherapy" or e.get("intent", "definitive").lower() != "definitive":
            continue
        s = event_start(e)
        if s is None:
            continue
        if s[1] < e_lo:
            course.append(e)
        elif s[0] < e_hi:
            maybe_course = True
    if maybe_course:
        raise ValueError("%s: radiotherapy start straddles enrollment" % record["id"])

    # radiotherapy-dose
    if not course:
        out["radiotherapy-dose"] = "N"
    else:
        doses = [dose_in_gray(e.get("dose")) for e in course]
        if any(d is None for d in doses):
            out["radiotherapy-dose"] = "N"
        else:
            total = sum(doses)
            eps = 1e-9
            out["radiotherapy-dose"] = "P" if 50 - eps <= total <= 50.4 + eps else "D"

    # enrollment-window
    completion = None
    if course:
        ends = [event_end(e) for e in course]
        if any(x is None for x in ends):
            raise ValueError("%s: definitive course without end" % record["id"])
        completion = (max(x[0] for x in ends), max(x[1] for x in ends))
        low = (e_lo - completion[1]).days
        high = (e_hi - completion[0]).days
        out["enrollment-window"] = decide(low, high, 1, 42)
    else:
        out["enrollment-window"] = "N"

    # no-adjuvant-therapy
    definite, possible = False, False
    for e in events:
        t = e["type"]
        phase = (e.get("phase") or "").lower()
        s = event_start(e)
        if s is None:
            continue
        if t in THERAPY and phase == "adjuvant":  # (a)
            if s[1] < e_lo:
                definite = True
            elif s[0] < e_hi:
                possible = True
        if completion is None:
            continue
        counts = t in THERAPY or t == "surgery" or (
            t == "radiotherapy" and e.get("intent", "definitive").lower() != "definitive")
        if counts and phase not in ("induction", "concurrent"):  # (b)
            if s[0] > completion[1] and s[1] < e_lo:
                definite = True
            elif s[1] > completion[0] and s[0] < e_hi:
                possible = True
    if definite:
        out["no-adjuvant-therapy"] = "D"
    elif possible:
        out["no-adjuvant-therapy"] = "I"
    elif completion is None:
        out["no-adjuvant-therapy"] = "N"
    else:
        out["no-adjuvant-therapy"] = "P"
    return "".join(out[c] for c in DESIGN_CHECKS)


PLATINUMS = {"cisplatin", "carboplatin", "nedaplatin", "oxaliplatin", "lobaplatin"}
TAXANES = {"paclitaxel", "nab-paclitaxel", "docetaxel"}
SOLID_ORGANS = {"liver", "lung", "bone", "brain", "adrenal", "peritoneum"}
EXCLUDED_CONDITIONS = ("interstitial lung disease", "autoimmune", "hiv", "immunodeficiency",
                       "transplant", "pregnan", "pneumonitis")
# lower limits in the unit the cohort writes first; the alternative unit's factor
LOWER_LIMITS = {"wbc": 3.5, "anc": 1.5, "platelets": 75, "hemoglobin": 90, "albumin": 28}
TO_SI = {"10^9/L": 1, "10^3/uL": 1, "g/L": 1, "g/dL": 10}
ULN_MULTIPLES = {"bilirubin": 1.5, "alt": 2.5, "ast": 2.5, "alp": 2.5, "creatinine": 1.5}


def quantity(value):
    if isinstance(value, dict):
        return value["value"], value["unit"]
    m = QUANTITY_RE.match(value)
    return float(m.group(1)), m.group(2)


def other_deviations(record):
    """The protocol's other checks that a record clearly fails (deviations only).

    A plain reading of the rules, enough to confirm what was injected and that the
    compliant records are clean; not a reference for partial dates or missing data.
    """
    found = set()
    e = date_span(record["enrollment"]["date"])[0]
    arm = record["enrollment"].get("arm")
    events = record.get("events", [])

    def before(ev, inclusive=False):
        s = event_start(ev)
        return s is not None and (s[1] <= e if inclusive else s[1] < e)

    course = [ev for ev in events if ev["type"] == "radiotherapy"
              and ev.get("intent", "definitive") == "definitive" and before(ev)]
    completion = max((event_end(ev)[1] for ev in course), default=None)

    for ev in events:
        t = ev["type"]
        if t == "diagnosis":
            if "squamous" not in ev.get("histology", ""):
                found.add("histology")
            mets = set(ev.get("metastases", []))
            if mets & SOLID_ORGANS:
                found.add("no-distant-metastasis")
            if ev.get("stage") not in ("I", "II", "III", "IVA", "IVB") or (
                    ev.get("stage") == "IVB" and mets - {"supraclavicular-lymph-node"}):
                found.add("stage")
        elif t == "targeted-therapy" and before(ev):
            found.add("no-prior-targeted-therapy")
        elif t == "response" and ev["result"] == "PD" and completion and before(ev) and (
                event_start(ev)[0] > completion):
            found.add("no-progression-after-crt")
        elif t == "adverse-event" and before(ev):
            if "radiation pneumonitis" in ev["term"] and ev["grade"] >= 2:
                found.add("radiation-pneumonitis")
            if ev.get("immune_related") and ev["grade"] >= 3:
                found.add("immune-related-ae")
        if t == "adverse-event" and "neuropathy" in ev["term"] and ev["grade"] >= 2 and (
                before(ev, inclusive=True)) and ("end" not in ev or event_end(ev)[0] > e):
            found.add("peripheral-neuropathy")
        elif t == "condition" and ev.get("status") == "active":
            term = ev["term"].lower()
            if any(x in term for x in EXCLUDED_CONDITIONS):
                found.add("excluded-conditions")
            if "fistula" in term or "hemorrhage" in term:
                found.add("no-fistula-or-hemorrhage")

    for ev in course:
        if ev.get("technique") not in ("IMRT", "VMAT", "tomotherapy"):
            found.add("radiotherapy-technique")
        gy = dose_in_gray(ev.get("dose"))
        if gy is not None and not 1.8 - 1e-9 <= gy / ev["fractions"] <= 2.0 + 1e-9:
            found.add("radiotherapy-fractionation")
    if sum(ev.get("cycles", 0) for ev in events
           if ev["type"] == "chemotherapy" and ev.get("phase") == "induction") > 4:
        found.add("induction-cycles")
    if not any(len(ev["agents"]) == 2 and set(ev["agents"]) & (PLATINUMS | TAXANES)
               for ev in events if ev["type"] == "chemotherapy"
               and ev.get("phase") == "concurrent"):
        found.add("concurrent-chemotherapy")
    if not any(ev["type"] == "consent" and before(ev, inclusive=True) for ev in events):
        found.add("consent")

    latest = {}
    for ev in events:
        if ev["type"] in ("lab", "performance-status") and before(ev, inclusive=True):
            k = ev.get("test", ev["type"])
            if k not in latest or date_span(ev["date"])[0] >= date_span(latest[k]["date"])[0]:
                latest[k] = ev
    if "performance-status" in latest and latest["performance-status"]["score"] > 2:
        found.add("ecog")
    for test, limit in LOWER_LIMITS.items():
        ev = latest.get(test)
        if ev and ev["value"] * TO_SI[ev["unit"]] < limit - 1e-9:
            found.add("lab-" + test)
    for test, multiple in ULN_MULTIPLES.items():
        ev = latest.get(test)
        if ev and ev["value"] > multiple * ev["uln"] + 1e-9:
            if test == "creatinine":
                # or creatinine clearance > 60 mL/min; without a clearance it is undecided
                clearance = latest.get("creatinine-clearance")
                if clearance is None or clearance["value"] > 60:
                    continue
            found.add({"bilirubin": "lab-bilirubin", "creatinine": "lab-renal"}.get(
                test, "lab-liver-enzymes"))
    # where tested: HBV DNA below 2000 IU/mL, HCV RNA not detected
    hbv, hcv = latest.get("hbv-dna"), latest.get("hcv-rna")
    if hbv and hbv["unit"] == "IU/mL" and hbv["value"] >= 2000:
        found.add("hepatitis")
    if hcv and (hcv["value"] == "detected" or (
            isinstance(hcv["value"], (int, float)) and hcv["value"] > 0)):
        found.add("hepatitis")

    doses = sorted((date_span(ev.get("date") or ev["start"])[0], ev) for ev in events
                   if ev["type"] == "administration" and ev["drug"] == "toripalimab")
    caps = [ev for ev in events
            if ev["type"] == "administration" and ev["drug"] == "capecitabine"]
    if arm == "B" and (doses or caps):
        found.add("arm-b-no-study-drug")
    if any(quantity(ev["dose"]) != (240.0, "mg") for _, ev in doses):
        found.add("toripalimab-dose")
    if any(not 18 <= (b[0] - a[0]).days <= 24 for a, b in zip(doses, doses[1:])):
        found.add("toripalimab-interval")
    if len(doses) > 16:
        found.add("toripalimab-max-cycles")
    if any(quantity(ev["dose"]) != (500.0, "mg") or ev["frequency"] != "BID" for ev in caps):
        found.add("capecitabine-dose")
    starts = [d for d, _ in doses] + [date_span(ev["start"])[0] for ev in caps]
    ends = [d for d, _ in doses] + [date_span(ev["end"])[0] for ev in caps if "end" in ev]
    if starts and ends and max(ends) > min(starts) + days(365):
        found.add("treatment-duration")
    return found


# ---------------------------------------------------------------------------
# Cohort generation
# ---------------------------------------------------------------------------

INDUCTION_REGIMENS = [
    (["paclitaxel", "cisplatin"], 40),
    (["docetaxel", "cisplatin"], 15),
    (["nab-paclitaxel", "carboplatin"], 15),
    (["paclitaxel", "nedaplatin"], 15),
    (["cisplatin", "fluorouracil"], 15),
]
CONCURRENT_REGIMENS = [  # agents, cycles, weekly
    (["paclitaxel", "cisplatin"], 2, False),
    (["paclitaxel", "carboplatin"], 5, True),
    (["docetaxel", "nedaplatin"], 2, False),
    (["nab-paclitaxel", "cisplatin"], 2, False),
    (["cisplatin", "fluorouracil"], 2, False),
    (["oxaliplatin", "capecitabine"], 2, False),
]
PD1_AGENTS = ["camrelizumab", "tislelizumab", "sintilimab", "toripalimab"]
PRIMARY_SITES = [("cervical esophagus", 8), ("upper thoracic esophagus", 22),
                 ("middle thoracic esophagus", 48), ("lower thoracic esophagus", 22)]
STAGES = [("I", 4), ("II", 24), ("III", 44), ("IVA", 22), ("IVB", 6)]

# test: (SI unit, alternative unit, factor SI->alternative, decimals SI, decimals alt,
#        lln SI or None, uln SI or None, typical range SI)
LABS = [
    ("wbc", "10^9/L", "10^3/uL", 1.0, 1, 1, 3.5, 9.5, (3.8, 8.6)),
    ("anc", "10^9/L", "10^3/uL", 1.0, 2, 2, 1.8, 6.3, (1.9, 5.8)),
    ("platelets", "10^9/L", "10^3/uL", 1.0, 0, 0, 125, 350, (105, 330)),
    ("hemoglobin", "g/L", "g/dL", 0.1, 0, 1, None, None, (98, 148)),
    ("albumin", "g/L", "g/dL", 0.1, 1, 1, 40, 55, (32.0, 46.0)),
    ("bilirubin", "umol/L", "mg/dL", 1 / 17.1, 1, 2, None, 21, (4.0, 18.5)),
    ("alt", "U/L", "U/L", 1.0, 0, 0, None, 40, (7, 46)),
    ("ast", "U/L", "U/L", 1.0, 0, 0, None, 40, (12, 39)),
    ("alp", "U/L", "U/L", 1.0, 0, 0, None, 125, (45, 122)),
    ("creatinine", "umol/L", "mg/dL", 1 / 88.4, 0, 2, None, None, (48, 102)),
]


def rounded(x, decimals):
    if decimals == 0:
        return int(round(x))
    return round(x, decimals)


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.uniform(0, total)
    for value, w in pairs:
        r -= w
        if r <= 0:
            return value
    return pairs[-1][0]


def scaled_counts(n):
    counts = {}
    for s in SCENARIOS:
        c = round(s.count * n / REFERENCE_SIZE)
        counts[s.name] = max(1, c) if n >= 60 else c
    budget = int(n * 0.45)  # never let injected problems crowd out the compliant majority
    total = 0
    for s in SCENARIOS:
        take = min(counts[s.name], max(0, budget - total))
        counts[s.name] = take
        total += take
    return counts


class Builder:
    def __init__(self, rng, index, site, arm, scenario, nth):
        self.rng = rng
        self.index = index
        self.nth = nth  # which occurrence of its scenario this patient is (0, 1, ...)
        self.site, self.prefix, _, self.lab_style = site
        self.arm = arm
        self.scenario = scenario  # name or None
        self.events = []

    def add(self, event):
        self.events.append(event)
        return event

    # -- timeline ------------------------------------------------------------
    def choose_timeline(self):
        rng = self.rng
        sc = self.scenario
        early = sc in ("toripalimab-17-cycles", "capecitabine-beyond-one-year")
        if sc == "capecitabine-beyond-one-year":
            lo, hi = FIRST_ENROLLMENT, dt.date(2025, 10, 8)
        elif sc == "toripalimab-17-cycles":
            lo, hi = FIRST_ENROLLMENT, dt.date(2025, 10, 31)
        elif sc in ("toripalimab-late-interval", "toripalimab-200-mg"):
            lo, hi = FIRST_ENROLLMENT, dt.date(2026, 4, 30)
        else:
            lo, hi = FIRST_ENROLLMENT, LAST_ENROLLMENT
        self.force_full_treatment = early or sc in ("toripalimab-late-interval",
                                                    "toripalimab-200-mg")

        # days from the last fraction to enrollment
        fixed = {"window-0-days": 0, "window-43-days": 43, "window-1-day": 1,
                 "window-42-days": 42, "window-before-last-fraction": -3}
        if sc in fixed:
            w = fixed[sc]
        elif sc == "window-late":
            w = rng.choice([45, 49, 56, 63, 70])
        elif sc in ("adjuvant-chemotherapy-after-crt", "surgery-after-crt",
                    "consolidation-chemotherapy-after-crt", "maintenance-pd1-after-crt",
                    "palliative-radiotherapy-after-crt", "chemotherapy-without-phase-after-crt",
                    "progression-before-enrollment", "esophageal-fistula",
                    "radiation-pneumonitis-grade-2"):
            w = rng.randint(34, 40)
        else:
            w = int(rng.triangular(4, 41, 27))

        for _ in range(1000):
            e = lo + days(rng.randint(0, (hi - lo).days))
            if sc == "window-partial-end-straddles-42":
                # last fraction in month M (mid-month); enrollment 15-25 days after month end
                r = previous_weekday(dt.date(e.year, e.month, rng.randint(8, 20)))
                e = last_day_of_month(r.year, r.month) + days(rng.randint(15, 25))
                w = (e - r).days
            elif sc == "window-partial-end-straddles-1":
                r = dt.date(e.year, e.month, rng.randint(5, 10))
                e = r + days(rng.randint(7, 12))
                w = (e - r).days
                if e.month != r.month or not is_weekday(r):
                    continue
            elif sc == "surgery-partial-date-straddles-crt":
                r = dt.date(e.year, e.month, rng.randint(9, 16))
                w = rng.randint(26, 35)
                e = r + days(w)
                if e.month == r.month or not is_weekday(r):
                    continue
            r = e - days(w)
            if not (is_weekday(e) and is_weekday(r)):
                continue
            if not (lo <= e <= hi):
                continue
            if sc and sc.startswith("age-partial") and not (5 <= e.day <= 24):
                continue
            break
        else:
            raise RuntimeError("no timeline for scenario %s" % sc)
        self.enrollment = e
        self.rt_end = r
        self.window = w

    # -- demographics --------------------------------------------------------
    def demographics(self):
        rng, e, sc = self.rng, self.enrollment, self.scenario
        self.sex = "male" if rng.random() < 0.78 else "female"
        self.birth_date = None
        self.age_field = None
        if sc == "age-over-75":
            years = 76 + self.nth % 4
            birth = shift_years(e - days(rng.randint(30, 330)), -years)
            self.birth_date = iso(birth)
        elif sc == "age-76th-birthday-on-enrollment":
            self.birth_date = iso(shift_years(e, -76))
        elif sc == "age-17-18th-birthday-next-day":
            self.birth_date = iso(shift_years(e + days(1), -18))
        elif sc == "age-18th-birthday-on-enrollment":
            self.birth_date = iso(shift_years(e, -18))
        elif sc == "age-76th-birthday-next-day":
            self.birth_date = iso(shift_years(e + days(1), -76))
        elif sc == "age-field-over-75":
            self.age_field = 77
        elif sc == "age-partial-month-straddles-76":
            self.birth_date = "%04d-%02d" % (e.year - 76, e.month)
        elif sc == "age-partial-year-straddles-76":
            self.birth_date = "%04d" % (e.year - 76)
        elif sc == "age-partial-month-straddles-18":
            self.birth_date = "%04d-%02d" % (e.year - 18, e.month)
        else:
            years = int(round(min(75, max(42, rng.gauss(62.5, 7.0)))))
            birthday = e - days(rng.randint(40, 320))  # last birthday well clear of enrollment
            birth = shift_years(birthday, -years)
            form = rng.random()
            if form < 0.015:
                self.age_field = years
            elif form < 0.065:
                self.birth_date = month_of(birth)
            elif form < 0.09 and years <= 73:
                self.birth_date = "%04d" % birth.year
            else:
                self.birth_date = iso(birth)

    # -- history before enrollment -------------------------------------------
    def history(self):
        rng, sc = self.rng, self.scenario
        e, r = self.enrollment, self.rt_end

        # radiotherapy prescription
        fractions, dose_gy = 28, 50.4
        if sc == "dose-60-gy":
            fractions, dose_gy = 30, 60.0
        elif sc == "dose-45-gy":
            fractions, dose_gy = 25, 45.0
        elif sc == "dose-54-gy":
            fractions, dose_gy = 30, 54.0
        elif sc == "dose-48.6-gy":
            fractions, dose_gy = 27, 48.6
        elif sc == "dose-50-gy":
            fractions, dose_gy = 25, 50.0
        elif sc == "fractionation-2.5-gy":
            fractions, dose_gy = 20, 50.0
        if sc == "dose-split-course-59.4-gy":
            fractions = 33
        rt_start = weekdays_back(r, fractions)
        if rng.random() < 0.08:  # a short treatment break
            rt_start = previous_weekday(rt_start - days(rng.randint(1, 3)))

        # induction
        stage = weighted(rng, STAGES)
        induction = sc in ("induction-6-cycles", "immune-related-ae-grade-3") or (
            rng.random() < 0.62)
        gap = rng.randint(14, 27)
        if induction:
            cycles = 6 if sc == "induction-6-cycles" else weighted(
                rng, [(1, 10), (2, 52), (3, 22), (4, 16)])
            ind_end = rt_start - days(gap)
            ind_start = next_weekday(ind_end - days(21 * cycles - 1))
            diagnosis = ind_start - days(rng.randint(8, 24))
        else:
            diagnosis = rt_start - days(rng.randint(14, 35))

        # prior history written before the diagnosis
        if sc == "adjuvant-capecitabine-years-earlier":
            y = rng.randint(2016, 2019)
            op = dt.date(y, rng.randint(1, 6), rng.randint(1, 28))
            self.add({"type": "condition", "term": "colon cancer", "onset": month_of(op),
                      "status": "resolved"})
            self.add({"type": "surgery", "date": iso(op), "procedure": "right hemicolectomy",
                      "intent": "curative"})
            adj = op + days(rng.randint(28, 42))
            self.add({"type": "chemotherapy", "phase": "adjuvant", "agents": ["capecitabine"],
                      "cycles": 8, "start": iso(adj), "end": iso(adj + days(8 * 21 - 1))})
        prior_surgery = None
        if sc == "adjuvant-after-prior-esophagectomy":
            first_dx = dt.date(2021, rng.randint(1, 8), rng.randint(1, 28))
            prior_surgery = first_dx + days(rng.randint(20, 35))
            adj = prior_surgery + days(rng.randint(30, 45))
            self.add({"type": "diagnosis", "date": iso(first_dx),
                      "histology": "squamous cell carcinoma", "stage": "II",
                      "primary_site": "middle thoracic esophagus"})
            self.add({"type": "surgery", "date": iso(prior_surgery),
                      "procedure": "esophagectomy", "intent": "curative"})
            self.add({"type": "chemotherapy", "phase": "adjuvant",
                      "agents": ["paclitaxel", "cisplatin"], "cycles": 4, "start": iso(adj),
                      "end": iso(adj + days(4 * 21 - 1))})

        # conditions
        if rng.random() < 0.22:
            self.add({"type": "condition", "term": "hypertension",
                      "onset": month_of(diagnosis - days(rng.randint(400, 6000))),
                      "status": "active"})
        if rng.random() < 0.09:
            self.add({"type": "condition", "term": "type 2 diabetes",
                      "onset": "%04d" % (diagnosis.year - rng.randint(2, 15)), "status": "active"})
        if rng.random() < 0.05:
            self.add({"type": "condition", "term": "chronic obstructive pulmonary disease",
                      "onset": month_of(diagnosis - days(rng.randint(400, 4000))),
                      "status": "active"})
        if sc == "interstitial-lung-disease":
            self.add({"type": "condition", "term": "interstitial lung disease",
                      "onset": month_of(diagnosis - days(rng.randint(200, 900))),
                      "status": "active"})

        # diagnosis
        if sc == "adjuvant-after-prior-esophagectomy":
            dx = {"type": "diagnosis", "date": iso(diagnosis),
                  "histology": "squamous cell carcinoma", "stage": "III",
                  "primary_site": "anastomotic recurrence"}
        else:
            histology = "adenocarcinoma" if sc == "histology-adenocarcinoma" else (
                "squamous cell carcinoma")
            if sc == "stage-ivb-liver":
                stage = "IVB"
            dx = {"type": "diagnosis", "date": iso(diagnosis), "histology": histology,
                  "stage": stage, "primary_site": weighted(rng, PRIMARY_SITES)}
            if sc == "stage-ivb-liver":
                dx["metastases"] = ["liver"]
            elif stage == "IVB":
                dx["metastases"] = ["supraclavicular-lymph-node"]
            elif stage == "IVA" and rng.random() < 0.3:
                dx["metastases"] = []
        self.add(dx)

        # induction chemotherapy (and PD-1 antibody in the induction phase)
        if induction:
            agents = weighted(rng, INDUCTION_REGIMENS)
            self.add({"type": "chemotherapy", "phase": "induction", "agents": agents,
                      "cycles": cycles, "start": iso(ind_start), "end": iso(ind_end)})
            if sc == "immune-related-ae-grade-3" or rng.random() < 0.3:
                ev = {"type": "immunotherapy", "phase": "induction",
                      "agents": [rng.choice(PD1_AGENTS)], "cycles": cycles,
                      "start": iso(ind_start), "end": iso(ind_end)}
                self.add(ev)
                if sc == "immune-related-ae-grade-3":
                    onset = ind_start + days(rng.randint(20, 30))
                    self.add({"type": "adverse-event", "term": "immune-mediated hepatitis",
                              "grade": 3, "immune_related": True, "start": iso(onset),
                              "end": iso(onset + days(rng.randint(14, 28)))})

        # definitive radiotherapy
        technique = "3D-CRT" if sc == "technique-3d-crt" else weighted(
            rng, [("IMRT", 68), ("VMAT", 28), ("tomotherapy", 4)])
        intent_written = rng.random() < 0.86
        dose_style = rng.random()

        def dose_value(gy):
            if sc == "radiotherapy-dose-in-mg":
                return "50.4 mg"
            cgy = int(round(gy * 100))
            if sc == "dose-5041-cgy":
                return "5041 cGy"
            if dose_style < 0.55:
                return "%s Gy" % fmt_number(gy)
            if dose_style < 0.78:
                return "%d cGy" % cgy
            if dose_style < 0.94:
                return {"value": gy, "unit": "Gy"}
            return {"value": cgy, "unit": "cGy"}

        def rt_event(start, end, dose, n, partial_end=False):
            ev = {"type": "radiotherapy", "start": iso(start),
                  "end": month_of(end) if partial_end else iso(end)}
            if dose is not None:
                ev["dose"] = dose
            ev["fractions"] = n
            ev["technique"] = technique
            if intent_written:
                ev["intent"] = "definitive"
            return ev

        partial_end = sc in ("window-partial-end-straddles-42", "window-partial-end-straddles-1")
        if sc == "radiotherapy-missing":
            pass
        elif sc == "dose-split-course-50.4-gy":
            first_end = weekdays_forward(rt_start, 23)
            boost_start = next_weekday(first_end + days(1))
            self.add(rt_event(rt_start, first_end, "4140 cGy", 23))
            self.add(rt_event(boost_start, r, "9 Gy", 5))
        elif sc == "dose-split-course-59.4-gy":
            first_end = weekdays_forward(rt_start, 28)
            boost_start = next_weekday(first_end + days(1))
            self.add(rt_event(rt_start, first_end, "50.4 Gy", 28))
            self.add(rt_event(boost_start, r, "9 Gy", 5))
        elif sc == "dose-60-gy":
            self.add(rt_event(rt_start, r, "60 Gy" if self.nth % 2 == 0 else
                              {"value": 6000, "unit": "cGy"}, fractions))
        elif sc == "dose-50-gy":
            self.add(rt_event(rt_start, r, "5000 cGy" if self.nth % 2 else "50 Gy",
                              fractions))
        elif sc == "radiotherapy-without-dose":
            self.add(rt_event(rt_start, r, None, fractions))
        else:
            self.add(rt_event(rt_start, r, dose_value(dose_gy), fractions, partial_end))

        # concurrent chemotherapy
        if sc == "concurrent-single-agent":
            agents, c_cycles, weekly = ["S-1"], 2, False
        else:
            agents, c_cycles, weekly = CONCURRENT_REGIMENS[
                weighted(rng, [(0, 34), (1, 24), (2, 12), (3, 10), (4, 14), (5, 6)])]
        c_start = rt_start + days(rng.choice([0, 0, 0, 1]))
        if weekly:
            c_cycles = rng.choice([5, 5, 6])
            c_end = rt_start + days(7 * (c_cycles - 1))
        else:
            c_end = rt_start + days(21 * c_cycles - 1)
        c_end = min(c_end, r)
        ev = {"type": "chemotherapy", "phase": "concurrent", "agents": agents}
        if rng.random() < 0.6:
            ev["cycles"] = c_cycles
        ev["start"] = iso(c_start)
        ev["end"] = month_of(c_end) if partial_end else iso(c_end)
        self.add(ev)
        if rng.random() < 0.04:
            self.add({"type": "immunotherapy", "phase": "concurrent",
                      "agents": [rng.choice(PD1_AGENTS)], "cycles": 2,
                      "start": iso(c_start), "end": iso(c_start + days(41))
                      if c_start + days(41) <= r else iso(r)})
        if sc == "nimotuzumab-concurrent":
            self.add({"type": "targeted-therapy", "phase": "concurrent",
                      "agents": ["nimotuzumab"], "cycles": 6, "start": iso(c_start),
                      "end": iso(c_start + days(35))})

        # toxicity during RT
        if self.window >= 3 and sc not in ("radiotherapy-missing",) and rng.random() < 0.35:
            onset = rt_start + days(rng.randint(14, 28))
            end = min(r + days(rng.randint(5, 20)), e - days(1))
            self.add({"type": "adverse-event", "term": "radiation esophagitis",
                      "grade": rng.choice([1, 1, 2]), "immune_related": False,
                      "start": iso(onset), "end": iso(max(end, onset))})
        if sc == "platelets-recovered":
            d = rt_start + days(26)
            self.lab_set(d, overrides={"platelets": 58}, only=("wbc", "anc", "platelets"))

        # between CRT completion and enrollment
        after = r + days(rng.randint(8, 14))
        if sc == "adjuvant-chemotherapy-after-crt":
            self.add({"type": "chemotherapy", "phase": "adjuvant", "agents": ["S-1"],
                      "cycles": 1, "start": iso(after), "end": iso(after + days(13))})
        elif sc == "surgery-after-crt":
            self.add({"type": "surgery", "date": iso(after + days(7)),
                      "procedure": "salvage esophagectomy", "intent": "curative"})
        elif sc == "consolidation-chemotherapy-after-crt":
            self.add({"type": "chemotherapy", "phase": "consolidation",
                      "agents": ["paclitaxel", "cisplatin"], "cycles": 1,
                      "start": iso(after), "end": iso(after + days(20))})
        elif sc == "maintenance-pd1-after-crt":
            self.add({"type": "immunotherapy", "phase": "maintenance",
                      "agents": ["camrelizumab"], "cycles": 1, "start": iso(after),
                      "end": iso(after)})
        elif sc == "palliative-radiotherapy-after-crt":
            p_end = weekdays_forward(next_weekday(after), 5)
            self.add({"type": "radiotherapy", "start": iso(next_weekday(after)),
                      "end": iso(p_end), "dose": "20 Gy", "fractions": 5, "technique": "VMAT",
                      "intent": "palliative", "target": "T8 vertebra"})
        elif sc == "chemotherapy-without-phase-after-crt":
            self.add({"type": "chemotherapy", "agents": ["S-1"], "cycles": 1,
                      "start": iso(after), "end": iso(after + days(13))})
        elif sc == "surgery-on-crt-completion-day":
            self.add({"type": "surgery", "date": iso(r),
                      "procedure": "percutaneous endoscopic gastrostomy", "intent": "supportive"})
        elif sc == "surgery-partial-date-straddles-crt":
            self.add({"type": "surgery", "date": month_of(r),
                      "procedure": "feeding jejunostomy", "intent": "supportive"})
        elif sc == "progression-before-enrollment":
            self.add({"type": "response", "date": iso(after + days(7)), "result": "PD"})
        elif sc == "radiation-pneumonitis-grade-2":
            self.add({"type": "adverse-event", "term": "radiation pneumonitis", "grade": 2,
                      "immune_related": False, "start": iso(after)})
        elif sc == "esophageal-fistula":
            self.add({"type": "condition", "term": "esophageal fistula",
                      "onset": iso(after), "status": "active"})

        # screening: consent, labs, ECOG
        screening = e - days(rng.randint(1, 7))
        if self.window <= 1:
            screening = e - days(rng.randint(1, 3))
        consent = screening - days(rng.choice([0, 0, 1, 2, 3, 5]))
        if rng.random() < 0.1:
            consent = e
        if sc == "consent-after-enrollment":
            consent = e + days(rng.randint(2, 6))
        self.add({"type": "consent", "date": iso(consent)})
        overrides = {}
        if sc == "platelets-low":
            overrides["platelets"] = 68 if self.nth % 2 == 0 else 62
            if self.nth % 2:
                self.force_count_unit = "10^3/uL"
        elif sc == "platelets-75":
            overrides["platelets"] = 75
        elif sc == "hemoglobin-low":
            overrides["hemoglobin"] = 85
            self.force_si = True
        elif sc == "hemoglobin-90-g-per-l":
            overrides["hemoglobin"] = 90
            self.force_si = True
        elif sc == "albumin-low":
            overrides["albumin"] = 26.0
            self.force_si = True
        elif sc == "bilirubin-high":
            overrides["bilirubin"] = 42.0
            self.force_si = True
        self.lab_set(screening, overrides)
        score = 3 if sc == "ecog-3" else weighted(rng, [(0, 34), (1, 59), (2, 7)])
        self.add({"type": "performance-status", "date": iso(screening), "scale": "ECOG",
                  "score": score})

    def lab_unit(self, test, si, alt):
        if si == alt:
            return False
        if getattr(self, "force_si", False):
            return False
        if getattr(self, "force_count_unit", None) and si == "10^9/L":
            return True
        style = self.lab_style
        if style == "si":
            use_alt = False
        elif style == "conventional":
            use_alt = True
        else:  # mixed: counts in SI, chemistry conventional
            use_alt = test in ("hemoglobin", "albumin", "bilirubin")
        if self.rng.random() < 0.07:
            use_alt = not use_alt
        return use_alt

    def lab_set(self, date, overrides, only=None):
        rng = self.rng
        female = self.sex == "female"
        for test, si, alt, factor, dec_si, dec_alt, lln, uln, (lo, hi) in LABS:
            if only and test not in only:
                continue
            value = overrides.get(test, rng.uniform(lo, hi))
            if test == "hemoglobin":
                lln, uln = (115, 150) if female else (130, 175)
                if test not in overrides and female:
                    value = rng.uniform(96, 135)
            if test == "creatinine":
                lln, uln = (41, 81) if female else (57, 111)
                if test not in overrides and female:
                    value = rng.uniform(40, 78)
            if test in ("alt",):
                uln = 40 if female else 50
            use_alt = self.lab_unit(test, si, alt)
            if use_alt:
                unit, v = alt, rounded(value * factor, dec_alt)
                l = rounded(lln * factor, dec_alt) if lln is not None else None
                u = rounded(uln * factor, dec_alt) if uln is not None else None
            else:
                unit, v, l, u = si, rounded(value, dec_si), lln, uln
            ev = {"type": "lab", "date": iso(date), "test": test, "value": v, "unit": unit}
            if l is not None and test in ("wbc", "anc", "platelets", "hemoglobin", "albumin"):
                ev["lln"] = l
            if u is not None:
                ev["uln"] = u
            self.add(ev)

    # -- after enrollment ----------------------------------------------------
    def follow_up(self):
        rng, sc, e = self.rng, self.scenario, self.enrollment
        # response assessments every 12 weeks; progression stops treatment
        assessments = []
        d = next_weekday(e + days(rng.randint(80, 88)))
        progressed = None
        while d <= DATA_CUT:
            p_pd = 0.0 if self.force_full_treatment else (0.09 if self.arm == "A" else 0.13)
            result = "PD" if rng.random() < p_pd else weighted(
                rng, [("CR", 14), ("PR", 30), ("SD", 56)])
            assessments.append((d, result))
            if result == "PD":
                progressed = d
                break
            d = next_weekday(d + days(rng.randint(80, 88)))

        gets_drug = self.arm == "A" or sc in ("arm-b-toripalimab", "arm-b-capecitabine")
        if gets_drug:
            self.study_drug(progressed)
        for d, result in assessments:
            self.add({"type": "response", "date": iso(d), "result": result})

    def study_drug(self, progressed):
        rng, sc, e = self.rng, self.scenario, self.enrollment
        first = next_weekday(e + days(rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 7])))
        stop = progressed
        ae_stop_cycle = None
        if not self.force_full_treatment and self.arm == "A" and rng.random() < 0.05:
            ae_stop_cycle = rng.randint(3, 9)
        max_cycles = 17 if sc == "toripalimab-17-cycles" else 16
        if sc == "arm-b-toripalimab":
            max_cycles = 2
        late_cycle = rng.randint(3, 5) if sc == "toripalimab-late-interval" else None
        low_dose_cycle = None
        if sc == "toripalimab-200-mg" and self.nth % 2:
            low_dose_cycle = rng.randint(2, 4)

        toripalimab = []
        if sc != "arm-b-capecitabine":
            d, cycle = first, 1
            while cycle <= max_cycles and d <= DATA_CUT and (stop is None or d < stop):
                dose = "240 mg"
                if sc == "toripalimab-200-mg" and (low_dose_cycle in (None, cycle)):
                    dose = "200 mg"
                toripalimab.append((d, cycle, dose))
                if ae_stop_cycle == cycle:
                    ae = d + days(rng.randint(9, 16))
                    if ae <= DATA_CUT:
                        self.ae_after(ae)
                        stop = ae
                        break
                gap = 21
                if late_cycle == cycle:
                    gap = 29 if self.nth % 2 == 0 else 35
                elif rng.random() < 0.2:
                    gap += rng.choice([-1, 1, 1, 2, 3])
                # a weekend date moves to the nearest weekday; an on-schedule dose stays
                # as close to 21 days as it can, a late one stays late
                target = gap if late_cycle == cycle else 21
                options = [gap + delta for delta in (0, -1, 1, -2, 2)
                           if is_weekday(d + days(gap + delta))]
                d = d + days(min(options, key=lambda g: abs(g - target)))
                cycle += 1

        capecitabine = None
        if self.arm == "A" or sc == "arm-b-capecitabine":
            cap_dose = "1000 mg" if sc == "capecitabine-1000-mg" else "500 mg"
            one_year = first + days(364)
            if sc == "capecitabine-beyond-one-year":
                end = min(one_year + days(21), DATA_CUT)
            elif stop is not None:
                end = min(stop, one_year)
            elif sc == "arm-b-capecitabine":
                end = first + days(rng.randint(40, 70))
                if end > DATA_CUT:
                    end = None
            elif one_year <= DATA_CUT:
                end = one_year
            else:
                end = None
            if end is not None and end > DATA_CUT:
                raise RuntimeError("capecitabine past the data cut")
            capecitabine = {"type": "administration", "drug": "capecitabine", "dose": cap_dose,
                            "route": "oral", "frequency": "BID", "start": iso(first)}
            if end is not None:
                capecitabine["end"] = iso(end)
        if capecitabine and sc != "arm-b-toripalimab":
            self.add(capecitabine)
        for d, cycle, dose in toripalimab:
            self.add({"type": "administration", "drug": "toripalimab", "dose": dose,
                      "route": "IV", "frequency": "Q3W", "date": iso(d), "cycle": cycle})
        if self.arm == "A" and len(toripalimab) >= 3:
            if self.rng.random() < 0.2:
                onset = toripalimab[1][0] + days(self.rng.randint(5, 30))
                if onset <= DATA_CUT:
                    self.add({"type": "adverse-event", "term": "palmar-plantar erythrodysesthesia",
                              "grade": self.rng.choice([1, 1, 2]), "immune_related": False,
                              "start": iso(onset)})
            if self.rng.random() < 0.08:
                onset = toripalimab[2][0] + days(self.rng.randint(10, 40))
                if onset <= DATA_CUT:
                    self.add({"type": "adverse-event", "term": "hypothyroidism", "grade": 2,
                              "immune_related": True, "start": iso(onset)})

    def ae_after(self, onset):
        self.add({"type": "adverse-event", "term": "immune-mediated pneumonitis", "grade": 3,
                  "immune_related": True, "start": iso(onset),
                  "end": iso(onset + days(self.rng.randint(20, 40)))})

    # -- late scenarios ------------------------------------------------------------
    def inject_late(self, sc, rng):
        """Write a late scenario over the finished events of a patient with no other problem.

        Uses `rng`, never the shared stream, and changes nothing the design checks read.
        """
        self.scenario = sc
        e = self.enrollment
        labs = {ev["test"]: ev for ev in self.events if ev["type"] == "lab"}
        screening = date_span(labs["wbc"]["date"])[0]
        rt_start = min(date_span(ev["start"])[0] for ev in self.events
                       if ev["type"] == "radiotherapy")

        def set_value(ev, si_value):
            """Write `si_value` in the event's unit (the generator's SI unit, or its other)."""
            test, si, alt, factor, dec_si, dec_alt = next(
                row[:6] for row in LABS if row[0] == ev["test"])
            ev["value"] = rounded(si_value * factor, dec_alt) if ev["unit"] == alt != si \
                else rounded(si_value, dec_si)

        def uln_multiple(ev, multiple):
            decimals = 2 if ev["unit"] == "mg/dL" else 0
            ev["value"] = rounded(ev["uln"] * multiple, decimals)

        def lab(test, value, unit=None):
            ev = {"type": "lab", "date": iso(screening), "test": test, "value": value}
            if unit:
                ev["unit"] = unit
            self.add(ev)

        def condition(term, years):
            onset = "%04d" % (e.year - years)
            self.add({"type": "condition", "term": term, "onset": onset, "status": "active"})

        if sc in ("neuropathy-grade-2-ongoing", "neuropathy-grade-2-resolved"):
            term = ["peripheral sensory neuropathy", "chemotherapy-induced peripheral neuropathy"][
                self.nth % 2]
            onset = rt_start + days(rng.randint(18, 26))
            ae = {"type": "adverse-event", "term": term, "grade": 2, "immune_related": False,
                  "start": iso(onset)}
            self.add(ae)
            if sc == "neuropathy-grade-2-resolved":
                ae["term"] = "peripheral sensory neuropathy"
                eased = e - days(rng.randint(2, 3))
                ae["end"] = iso(eased - days(1))
                self.add({"type": "adverse-event", "term": "peripheral sensory neuropathy",
                          "grade": 1, "immune_related": False, "start": iso(eased)})
        elif sc == "wbc-low":
            wbc = rng.choice([2.9, 3.0, 3.1, 3.2])
            set_value(labs["wbc"], wbc)
            set_value(labs["anc"], round(wbc * rng.uniform(0.55, 0.62), 2))
        elif sc == "wbc-3.5":
            set_value(labs["wbc"], 3.5)
            set_value(labs["anc"], round(3.5 * rng.uniform(0.55, 0.65), 2))
        elif sc == "anc-low":
            set_value(labs["anc"], rng.choice([1.1, 1.2, 1.3]))
        elif sc == "alt-high":
            uln_multiple(labs["alt"], rng.uniform(2.8, 3.2))
        elif sc == "ast-high":
            uln_multiple(labs["ast"], rng.uniform(2.6, 3.0))
        elif sc == "renal-crcl-low":
            uln_multiple(labs["creatinine"], rng.uniform(1.7, 1.9))
            lab("creatinine-clearance", rng.randint(38, 52), "mL/min")
        elif sc == "renal-crcl-60":
            uln_multiple(labs["creatinine"], rng.uniform(1.6, 1.8))
            lab("creatinine-clearance", 60, "mL/min")
        elif sc == "renal-crcl-above-60":
            uln_multiple(labs["creatinine"], rng.uniform(1.55, 1.65))
            lab("creatinine-clearance", rng.randint(64, 72), "mL/min")
        elif sc == "hbv-dna-high":
            condition("chronic hepatitis B", rng.randint(5, 20))
            lab("hbv-dna", rng.choice([3600, 5200, 8900, 15000]), "IU/mL")
        elif sc == "hbv-dna-2000":
            condition("chronic hepatitis B", rng.randint(5, 20))
            lab("hbv-dna", 2000, "IU/mL")
        elif sc == "hbv-dna-controlled":
            condition("chronic hepatitis B", rng.randint(5, 20))
            lab("hbv-dna", rng.choice([120, 340, 610, 900]), "IU/mL")
        elif sc == "hcv-rna-detected":
            condition("chronic hepatitis C", rng.randint(3, 12))
            lab("hcv-rna", "detected")
        else:
            raise RuntimeError("no late injection for scenario %s" % sc)

    # -- assembly --------------------------------------------------------------
    def record(self):
        rec = {"id": None, "site": self.site, "sex": self.sex}
        if self.birth_date is not None:
            rec["birth_date"] = self.birth_date
        else:
            rec["age"] = self.age_field
        rec["enrollment"] = {"date": iso(self.enrollment), "arm": self.arm}

        def key(pair):
            position, ev = pair
            span = event_start(ev) or date_span(ev.get("onset"))
            return (span[0] if span else dt.date.min, position)

        ordered = [ev for _, ev in sorted(enumerate(self.events), key=key)]
        if self.reverse_order:
            ordered.reverse()
        rec["events"] = ordered
        return rec


def fmt_number(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return repr(x)


def build_cohort(seed, n):
    rng = random.Random(seed)
    counts = scaled_counts(n)

    arms = ["A"] * ((n + 1) // 2) + ["B"] * (n // 2)
    rng.shuffle(arms)

    # assign scenarios: arm-specific ones first, from patients of that arm
    free = list(range(n))
    rng.shuffle(free)
    scenario_of = [None] * n
    nth = [0] * n
    # arm-specific scenarios first, then the others; late scenarios come last of all, so
    # adding one takes patients left over and moves no earlier assignment
    order = sorted(SCENARIOS, key=lambda s: (s.late, s.arm is None))
    for s in order:
        for occurrence in range(counts[s.name]):
            for k, i in enumerate(free):
                if s.arm is None or arms[i] == s.arm:
                    scenario_of[i] = s.name
                    nth[i] = occurrence
                    del free[k]
                    break
            else:
                raise RuntimeError("not enough patients for scenario %s" % s.name)

    site_pairs = [(site, site[2]) for site in SITES]
    builders = []
    for i in range(n):
        late = scenario_of[i] if scenario_of[i] and SCENARIO_BY_NAME[scenario_of[i]].late else None
        early = None if late else scenario_of[i]
        b = Builder(rng, i, weighted(rng, site_pairs), arms[i], early, nth[i])
        b.choose_timeline()
        b.demographics()
        b.history()
        b.follow_up()
        b.reverse_order = early is None and rng.random() < 0.02
        if late:
            # a stream of the patient's own: the shared one stays as it was without it
            b.inject_late(late, random.Random("%d:%d:%s" % (seed, i, late)))
        builders.append(b)

    # identifiers: per site, in order of enrollment
    per_site = Counter()
    for b in sorted(builders, key=lambda b: (b.enrollment, b.index)):
        per_site[b.prefix] += 1
        b.id = "%s-%04d" % (b.prefix, per_site[b.prefix])

    global DATA_CUT
    # The cut-off is the default date, or later if a larger cohort has later events: a
    # data extract includes everything up to its cut-off.
    records = []
    for b in sorted(builders, key=lambda b: b.id):
        rec = b.record()
        rec["id"] = b.id
        records.append((b, rec))
        for ev in rec["events"]:
            for key in ("date", "start", "end", "onset"):
                if ev.get(key) is not None:
                    DATA_CUT = max(DATA_CUT, date_span(ev[key])[1])
    cohort = []
    for b, rec in records:
        scenario = SCENARIO_BY_NAME.get(b.scenario)
        want = scenario.verdicts if scenario else "PPPP"
        got = design_verdicts(rec)
        if got != want:
            raise RuntimeError("%s (%s): design verdicts %s, expected %s"
                               % (b.id, b.scenario, got, want))
        other = other_deviations(rec)
        want_other = set()
        if scenario and scenario.group not in DESIGN_CHECKS and scenario.verdicts == "PPPP" \
                and not scenario.passes:
            want_other = {scenario.group}
            if b.scenario == "stage-ivb-liver":
                want_other.add("no-distant-metastasis")
        if other != want_other:
            raise RuntimeError("%s (%s): other deviations %s, expected %s"
                               % (b.id, b.scenario, sorted(other), sorted(want_other)))
        cohort.append((rec, b.scenario, got, sorted(other)))
    return cohort


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

PLAIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./^_()+-]*$")
FULL_OR_MONTH_DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
NUMBERISH_RE = re.compile(r"^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$")


def yaml_scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (k, yaml_scalar(x)) for k, x in v.items()) + "}"
    s = str(v)
    if FULL_OR_MONTH_DATE_RE.match(s):
        return s  # dates as in the format's example; a YYYY-MM date is a plain string
    if (PLAIN_RE.match(s) and not s.endswith(" ") and s.lower() not in RESERVED
            and not NUMBERISH_RE.match(s)):
        return s
    return json.dumps(s)


def to_yaml(cohort, header_comment):
    out = io.StringIO()
    for line in header_comment:
        out.write("# %s\n" % line)
    out.write("format: %s\nprotocol: %s\ndata_cutoff: %s\npatients:\n"
              % (FORMAT, PROTOCOL, iso(DATA_CUT)))
    for rec, _, _, _ in cohort:
        first = True
        for k, v in rec.items():
            lead = "  - " if first else "    "
            first = False
            if k == "events":
                if not v:
                    out.write("%sevents: []\n" % lead)
                    continue
                out.write("%sevents:\n" % lead)
                for ev in v:
                    out.write("      - %s\n" % yaml_scalar(ev))
            else:
                out.write("%s%s: %s\n" % (lead, k, yaml_scalar(v)))
    return out.getvalue()


def with_cutoff(rec):
    """The record with `data_cutoff` (NDJSON has no file header) before its events."""
    out = {}
    for k, v in rec.items():
        if k == "events":
            out["data_cutoff"] = iso(DATA_CUT)
        out[k] = v
    return out


def to_ndjson(cohort):
    return "".join(json.dumps(with_cutoff(rec), separators=(",", ":")) + "\n"
                   for rec, _, _, _ in cohort)


def tally(cohort):
    lines = []
    by_check = {c: Counter() for c in DESIGN_CHECKS}
    for _, _, verdicts, _ in cohort:
        for c, v in zip(DESIGN_CHECKS, verdicts):
            by_check[c][v] += 1
    lines.append("Design checks (verdicts recomputed from the records):")
    lines.append("  %-21s %5s %10s %14s %14s" % ("check", "pass", "deviation", "indeterminate",
                                               "not-evaluable"))
    for c in DESIGN_CHECKS:
        t = by_check[c]
        lines.append("  %-21s %5d %10d %14d %14d" % (c, t["P"], t["D"], t["I"], t["N"]))
    other = Counter(x for _, _, _, found in cohort for x in found)
    lines.append("Other checks (patients with a deviation):")
    for check, k in sorted(other.items()):
        lines.append("  %-27s %2d" % (check, k))
    lines.append("Injected, per kind (patients):")
    by_scenario = {}
    for rec, sc, _, _ in cohort:
        if sc:
            by_scenario.setdefault(sc, []).append(rec["id"])
    group = None
    for s in SCENARIOS:
        ids = by_scenario.get(s.name, [])
        if not ids:
            continue
        if s.group != group:
            group = s.group
            lines.append("  %s" % group)
        lines.append("    %-38s %2d  %s" % (s.name, len(ids), " ".join(ids)))
    clean = sum(1 for _, sc, _, _ in cohort if sc is None)
    lines.append("No injected problem: %d of %d patients" % (clean, len(cohort)))
    return "\n".join(lines) + "\n"


def write_expected(cohort, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id"] + list(DESIGN_CHECKS) + ["injected", "other-deviations"])
        names = {"P": "pass", "D": "deviation", "I": "indeterminate", "N": "not-evaluable"}
        for rec, sc, verdicts, other in cohort:
            w.writerow([rec["id"]] + [names[v] for v in verdicts] + [sc or "", " ".join(other)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7794)
    ap.add_argument("--patients", type=int, default=REFERENCE_SIZE)
    ap.add_argument("--format", choices=("yaml", "ndjson"), default="yaml")
    ap.add_argument("--output", help="output file (default: standard output)")
    ap.add_argument("--expected", metavar="PATH",
                    help="also write the expected design-check verdicts as CSV")
    args = ap.parse_args(argv)
    if args.patients < 1:
        ap.error("--patients must be at least 1")

    cohort = build_cohort(args.seed, args.patients)
    command = "generate.py --seed %d --patients %d" % (args.seed, args.patients)
    if args.format == "yaml":
        text = to_yaml(cohort, [
            "Synthetic, anonymized patient histories for trial %s." % PROTOCOL,
            "No record describes a real person. Made by: %s --format yaml" % command,
        ])
    else:
        text = to_ndjson(cohort)
    if args.output:
        with open(args.output, "w", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.expected:
        write_expected(cohort, args.expected)
    sys.stderr.write(tally(cohort))


if __name__ == "__main__":
    main()
