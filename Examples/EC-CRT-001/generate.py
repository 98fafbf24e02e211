#!/usr/bin/env python3
"""Generate a synthetic, anonymized cohort of patient histories for trial EC-CRT-001.

EC-CRT-001 (NCT04005170): single-arm phase 2 of toripalimab with definitive
chemoradiotherapy for untreated, unresectable stage I-IVA oesophageal squamous cell
carcinoma. Patients are enrolled untreated; study treatment follows: thoracic
radiotherapy 50.4 Gy in 28 fractions, weekly paclitaxel 50 mg/m2 + cisplatin 25 mg/m2
for five cycles, and toripalimab 240 mg IV every 3 weeks from the start of
chemoradiotherapy for up to one year.

The records follow patient-history v1 (see docs/input-format.md); the file header gives
the data cut-off as `data_cutoff`. No record describes a real person: every date, value
and identifier is drawn from a seeded pseudo-random generator, so the same seed always
gives byte-identical output. Every date is a full date.

Most patients are compliant; some carry one injected problem each. Every record's
verdicts for all 18 checks of Protocols/EC-CRT-001.yaml are recomputed from the written
record by a reference reading of the protocol (``reference_verdicts``) and compared with
what was injected; a mismatch stops the script. ``--expected PATH`` writes them as CSV.

Standard library only. Usage:

    python3 generate.py [--seed 1001] [--output PATH] [--expected PATH]
"""

import argparse
import calendar
import csv
import datetime as dt
import io
import random
import sys

PROTOCOL = "EC-CRT-001"
FORMAT = "patient-history/1"
PATIENTS = 42
FIRST_ENROLLMENT = dt.date(2019, 11, 4)
LAST_ENROLLMENT = dt.date(2021, 1, 29)
DATA_CUT = dt.date(2022, 6, 30)  # no event is dated after it

CHECKS = (
    "age", "histology", "stage", "ecog", "no-prior-chemotherapy", "no-prior-radiotherapy",
    "no-prior-immunotherapy", "no-prior-targeted-therapy", "consent", "radiotherapy-dose",
    "radiotherapy-fractionation", "paclitaxel-cycles", "cisplatin-cycles",
    "paclitaxel-weekly", "toripalimab-dose", "toripalimab-interval", "toripalimab-duration",
    "toripalimab-start",
)

# name, the checks it makes deviate, its other expected findings, what it is
SCENARIOS = [
    ("age-over-70", {"age"}, {}, "age 72-74 at enrollment"),
    ("age-71st-birthday-on-enrollment", {"age"}, {},
     "71st birthday is the enrollment date: age 71 (boundary)"),
    ("age-71st-birthday-next-day", set(), {},
     "71st birthday is the day after enrollment: age 70, passes (boundary)"),
    ("histology-adenocarcinoma", {"histology"}, {}, "adenocarcinoma"),
    ("stage-ivb-liver", {"stage"}, {}, "stage IVB with liver metastasis"),
    ("ecog-3", {"ecog"}, {}, "ECOG 3 at screening"),
    ("prior-induction-chemotherapy", {"no-prior-chemotherapy"}, {},
     "two cycles of paclitaxel and cisplatin elsewhere before enrollment"),
    ("prior-radiotherapy", {"no-prior-radiotherapy"}, {},
     "radiotherapy for nasopharyngeal carcinoma years before (70 Gy in 33 fractions)"),
    ("prior-pd1", {"no-prior-immunotherapy"}, {},
     "one cycle of camrelizumab before enrollment"),
    ("prior-nimotuzumab", {"no-prior-targeted-therapy"}, {},
     "nimotuzumab before enrollment"),
    ("consent-after-enrollment", {"consent"}, {}, "consent dated after enrollment"),
    ("rt-45-gy", {"radiotherapy-dose"}, {}, "45 Gy in 25 fractions (1.8 Gy per fraction)"),
    ("rt-54-gy", {"radiotherapy-dose"}, {}, "54 Gy in 30 fractions (1.8 Gy per fraction)"),
    ("rt-boost-2.7-gy", {"radiotherapy-fractionation"}, {},
     "45 Gy in 25 fractions plus a 5.4 Gy boost in 2 fractions (2.7 Gy): 50.4 Gy in total"),
    ("chemo-6-cycles", {"paclitaxel-cycles", "cisplatin-cycles"}, {},
     "six weekly cycles of paclitaxel and cisplatin"),
    ("chemo-missed-week", {"paclitaxel-weekly"}, {},
     "one week skipped for neutropenia: 14 days between two cycles"),
    ("toripalimab-200-mg", {"toripalimab-dose"}, {}, "one toripalimab dose of 200 mg"),
    ("toripalimab-late-interval", {"toripalimab-interval"}, {},
     "one toripalimab dose two weeks late (35 days)"),
    ("toripalimab-beyond-one-year", {"toripalimab-duration"}, {},
     "toripalimab continued for two doses past one year"),
    ("toripalimab-after-crt", {"toripalimab-start"}, {},
     "toripalimab started after chemoradiotherapy ended"),
    ("toripalimab-before-rt", {"toripalimab-start"}, {},
     "toripalimab given at enrollment, 10-16 days before the first fraction"),
    ("toripalimab-day-7", set(), {},
     "first toripalimab dose 7 days after the first fraction: passes (boundary)"),
    ("toripalimab-declined", set(),
     {"toripalimab-dose": "not-evaluable", "toripalimab-start": "not-evaluable"},
     "no toripalimab given (declined): dose and start cannot be judged"),
]
SCENARIO_BY_NAME = {s[0]: s for s in SCENARIOS}


def days(n):
    return dt.timedelta(days=n)


def iso(d):
    return d.isoformat()


def is_weekday(d):
    return d.weekday() < 5


def next_weekday(d):
    while not is_weekday(d):
        d += days(1)
    return d


def weekdays_forward(start, count):
    """The last day of `count` weekday fractions starting on `start`."""
    d, remaining = start, count - 1
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


def completed_years(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# ---------------------------------------------------------------------------
# Reference reading of the protocol: one verdict per check, from the written record.
# P pass, D deviation, N not evaluable. Every date in this cohort is a full date.
# ---------------------------------------------------------------------------

def day(text):
    return dt.date.fromisoformat(text)


def start_of(ev):
    return day(ev.get("start") or ev["date"])


def gray(text):
    number, unit = text.split()
    return float(number) * {"Gy": 1.0, "cGy": 0.01}[unit]


def mg(text):
    number, unit = text.split()
    assert unit == "mg"
    return float(number)


def reference_verdicts(rec):
    e = day(rec["enrollment"]["date"])
    events = rec["events"]
    out = {}

    birth = day(rec["birth_date"])
    out["age"] = "P" if 18 <= completed_years(birth, e) <= 70 else "D"

    diagnoses = [ev for ev in events if ev["type"] == "diagnosis" and start_of(ev) <= e]
    out["histology"] = "P" if all(
        ev["histology"] == "squamous cell carcinoma" for ev in diagnoses) else "D"
    latest = max(diagnoses, key=start_of)
    out["stage"] = "P" if latest["stage"] in ("I", "II", "III", "IVA") else "D"

    ecog = max((ev for ev in events if ev["type"] == "performance-status"
                and start_of(ev) <= e), key=start_of)
    out["ecog"] = "P" if ecog["score"] <= 2 else "D"

    for kind in ("chemotherapy", "radiotherapy", "immunotherapy", "targeted-therapy"):
        prior = any(ev["type"] == kind and start_of(ev) < e for ev in events)
        out["no-prior-" + kind] = "D" if prior else "P"

    consents = [start_of(ev) for ev in events if ev["type"] == "consent"]
    out["consent"] = "N" if not consents else ("P" if min(consents) <= e else "D")

    course = [ev for ev in events if ev["type"] == "radiotherapy"
              and ev.get("intent", "definitive") == "definitive" and start_of(ev) >= e]
    if not course:
        out["radiotherapy-dose"] = out["radiotherapy-fractionation"] = "N"
    else:
        total = sum(gray(ev["dose"]) for ev in course)
        out["radiotherapy-dose"] = "P" if abs(total - 50.4) < 1e-9 else "D"
        out["radiotherapy-fractionation"] = "P" if all(
            abs(gray(ev["dose"]) / ev["fractions"] - 1.8) < 1e-9 for ev in course) else "D"
    rt_start = min((start_of(ev) for ev in course), default=None)

    def doses(drug):
        return sorted((ev for ev in events if ev["type"] == "administration"
                       and ev["drug"] == drug and start_of(ev) >= e), key=start_of)

    for drug in ("paclitaxel", "cisplatin"):
        given = doses(drug)
        cycles = max([len({ev["cycle"] for ev in given})] + [ev["cycle"] for ev in given])
        out[drug + "-cycles"] = "P" if cycles <= 5 else "D"
    weekly = [start_of(ev) for ev in doses("paclitaxel")]
    out["paclitaxel-weekly"] = "P" if all(
        5 <= (b - a).days <= 9 for a, b in zip(weekly, weekly[1:])) else "D"

    tori = doses("toripalimab")
    if not tori:
        out["toripalimab-dose"] = "N"
    else:
        out["toripalimab-dose"] = "P" if all(
            216 <= mg(ev["dose"]) <= 264 and ev["route"] == "IV" for ev in tori) else "D"
    dates = [start_of(ev) for ev in tori]
    out["toripalimab-interval"] = "P" if all(
        18 <= (b - a).days <= 24 for a, b in zip(dates, dates[1:])) else "D"
    out["toripalimab-duration"] = "P" if not dates or max(dates) <= shift_years(
        dates[0], 1) else "D"
    if not dates or rt_start is None:
        out["toripalimab-start"] = "N"
    else:
        out["toripalimab-start"] = "P" if 0 <= (dates[0] - rt_start).days <= 7 else "D"
    return out


# ---------------------------------------------------------------------------
# Cohort generation
# ---------------------------------------------------------------------------

STAGES = [("I", 3), ("II", 22), ("III", 50), ("IVA", 25)]
PRIMARY_SITES = ["cervical esophagus", "upper thoracic esophagus",
                 "middle thoracic esophagus", "lower thoracic esophagus"]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.uniform(0, total)
    for value, w in pairs:
        r -= w
        if r <= 0:
            return value
    return pairs[-1][0]


class Builder:
    def __init__(self, rng, index, scenario):
        self.rng = rng
        self.index = index
        self.scenario = scenario
        self.events = []

    def add(self, event):
        self.events.append(event)
        return event

    def build(self):
        rng, sc = self.rng, self.scenario
        span = (LAST_ENROLLMENT - FIRST_ENROLLMENT).days
        e = next_weekday(FIRST_ENROLLMENT + days(rng.randint(0, span)))
        if e > LAST_ENROLLMENT:
            e = LAST_ENROLLMENT
        self.enrollment = e

        # demographics
        self.sex = "male" if rng.random() < 0.8 else "female"
        if sc == "age-over-70":
            birth = shift_years(e - days(rng.randint(30, 300)), -rng.randint(72, 74))
        elif sc == "age-71st-birthday-on-enrollment":
            birth = shift_years(e, -71)
        elif sc == "age-71st-birthday-next-day":
            birth = shift_years(e + days(1), -71)
        else:
            birth = shift_years(e - days(rng.randint(30, 330)),
                                -int(min(69, max(45, rng.gauss(60, 6)))))
        self.birth = birth
        self.bsa = round(rng.uniform(1.45, 1.95), 2)

        # before enrollment
        diagnosis = e - days(rng.randint(12, 30))
        if sc == "prior-induction-chemotherapy":
            diagnosis = e - days(rng.randint(60, 75))  # time for two cycles elsewhere
        if sc == "prior-radiotherapy":
            start = next_weekday(dt.date(rng.randint(2008, 2014), rng.randint(1, 12), 10))
            self.add({"type": "condition", "term": "nasopharyngeal carcinoma",
                      "onset": iso(start - days(30)), "status": "resolved"})
            self.add({"type": "radiotherapy", "start": iso(start),
                      "end": iso(weekdays_forward(start, 33)), "dose": "70 Gy",
                      "fractions": 33, "technique": "IMRT", "intent": "definitive",
                      "target": "nasopharynx"})
        if rng.random() < 0.25:
            self.add({"type": "condition", "term": "hypertension",
                      "onset": iso(diagnosis - days(rng.randint(400, 5000))),
                      "status": "active"})
        stage = "IVB" if sc == "stage-ivb-liver" else weighted(rng, STAGES)
        dx = {"type": "diagnosis", "date": iso(diagnosis),
              "histology": "adenocarcinoma" if sc == "histology-adenocarcinoma"
              else "squamous cell carcinoma",
              "stage": stage, "primary_site": rng.choice(PRIMARY_SITES)}
        if sc == "stage-ivb-liver":
            dx["metastases"] = ["liver"]
        self.add(dx)
        if sc == "prior-induction-chemotherapy":
            first = next_weekday(diagnosis + days(7))
            self.add({"type": "chemotherapy", "phase": "induction",
                      "agents": ["paclitaxel", "cisplatin"], "cycles": 2, "start": iso(first),
                      "end": iso(first + days(41))})
        elif sc == "prior-pd1":
            self.add({"type": "immunotherapy", "phase": "induction",
                      "agents": ["camrelizumab"], "cycles": 1, "start": iso(diagnosis + days(5)),
                      "end": iso(diagnosis + days(5))})
        elif sc == "prior-nimotuzumab":
            self.add({"type": "targeted-therapy", "agents": ["nimotuzumab"], "cycles": 1,
                      "start": iso(diagnosis + days(6)), "end": iso(diagnosis + days(6))})

        screening = e - days(rng.randint(1, 6))
        consent = screening - days(rng.choice([0, 0, 1, 2]))
        if sc == "consent-after-enrollment":
            consent = e + days(rng.randint(1, 4))
        self.add({"type": "consent", "date": iso(consent)})
        for test, unit, low, high, uln in [("wbc", "10^9/L", 4.2, 9.0, 9.5),
                                           ("anc", "10^9/L", 2.1, 6.0, 6.3),
                                           ("platelets", "10^9/L", 150, 330, 350),
                                           ("hemoglobin", "g/L", 118, 158, 175),
                                           ("creatinine", "umol/L", 55, 100, 111)]:
            value = rng.uniform(low, high)
            value = int(round(value)) if unit != "10^9/L" or test == "platelets" else round(
                value, 1)
            self.add({"type": "lab", "date": iso(screening), "test": test, "value": value,
                      "unit": unit, "uln": uln})
        self.add({"type": "performance-status", "date": iso(screening), "scale": "ECOG",
                  "score": 3 if sc == "ecog-3" else weighted(rng, [(0, 40), (1, 55), (2, 5)])})

        # chemoradiotherapy: starts on a Monday 4-12 days after enrollment
        r0 = e + days(rng.randint(4, 12))
        if sc == "toripalimab-before-rt":
            r0 = e + days(10)  # toripalimab at enrollment, well before the first fraction
        while r0.weekday() != 0:
            r0 += days(1)
        self.rt_start = r0
        technique = weighted(rng, [("IMRT", 80), ("VMAT", 20)])
        if sc == "rt-45-gy":
            phases = [("45 Gy", 25)]
        elif sc == "rt-54-gy":
            phases = [("54 Gy", 30)]
        elif sc == "rt-boost-2.7-gy":
            phases = [("45 Gy", 25), ("5.4 Gy", 2)]
        else:
            phases = [("50.4 Gy" if rng.random() < 0.7 else "5040 cGy", 28)]
        start = r0
        for dose, fractions in phases:
            end = weekdays_forward(start, fractions)
            self.add({"type": "radiotherapy", "start": iso(start), "end": iso(end),
                      "dose": dose, "fractions": fractions, "technique": technique,
                      "intent": "definitive", "target": "thoracic esophagus"})
            start = next_weekday(end + days(1))
        self.rt_end = end

        cycles = 6 if sc == "chemo-6-cycles" else 5
        if sc != "chemo-6-cycles" and rng.random() < 0.12:
            cycles = 4  # a cycle withheld for toxicity: fewer than five is allowed
        d = r0
        for cycle in range(1, cycles + 1):
            for drug, per_m2 in (("paclitaxel", 50), ("cisplatin", 25)):
                self.add({"type": "administration", "drug": drug,
                          "dose": "%d mg" % round(per_m2 * self.bsa), "route": "IV",
                          "frequency": "QW", "date": iso(d), "cycle": cycle})
            d += days(14 if sc == "chemo-missed-week" and cycle == 2 else 7)

        if rng.random() < 0.4:
            onset = r0 + days(rng.randint(14, 24))
            self.add({"type": "adverse-event", "term": "radiation esophagitis",
                      "grade": rng.choice([1, 2, 2, 3]), "immune_related": False,
                      "start": iso(onset), "end": iso(self.rt_end + days(rng.randint(7, 21)))})

        # response and toripalimab
        progressed = None
        d = self.rt_end + days(rng.randint(84, 96))
        responses = []
        while d <= DATA_CUT:
            result = "PD" if (progressed is None and rng.random() < 0.12
                              and sc not in ("toripalimab-beyond-one-year",)) else weighted(
                rng, [("CR", 60), ("PR", 25), ("SD", 15)])
            responses.append((d, result))
            if result == "PD":
                progressed = d
                break
            d += days(rng.randint(84, 96))
        if sc != "toripalimab-declined":
            self.toripalimab(progressed)
        for d, result in responses:
            self.add({"type": "response", "date": iso(d), "result": result})

    def toripalimab(self, progressed):
        rng, sc = self.rng, self.scenario
        if sc == "toripalimab-after-crt":
            first = next_weekday(self.rt_end + days(rng.randint(7, 14)))
        elif sc == "toripalimab-before-rt":
            first = self.enrollment
        elif sc == "toripalimab-day-7":
            first = self.rt_start + days(7)
        else:
            first = self.rt_start + days(rng.choice([0, 0, 0, 1, 2]))
        limit = shift_years(first, 1)
        if sc == "toripalimab-beyond-one-year":
            limit = limit + days(42)
        late = rng.randint(4, 8) if sc == "toripalimab-late-interval" else None
        low = rng.randint(2, 6) if sc == "toripalimab-200-mg" else None
        d, cycle = first, 1
        while d <= limit and d <= DATA_CUT and (progressed is None or d < progressed):
            self.add({"type": "administration", "drug": "toripalimab",
                      "dose": "200 mg" if cycle == low else "240 mg", "route": "IV",
                      "frequency": "Q3W", "date": iso(d), "cycle": cycle})
            gap = 35 if cycle == late else 21 + rng.choice([0, 0, 0, 1, -1])
            d = d + days(gap)
            while not is_weekday(d):
                d += days(1) if gap >= 21 else -days(1)
            cycle += 1

    def record(self):
        rec = {"id": None, "site": "SYSUCC", "sex": self.sex, "birth_date": iso(self.birth),
               "enrollment": {"date": iso(self.enrollment), "arm": "A"}}

        def key(pair):
            position, ev = pair
            return (day(ev.get("start") or ev.get("date") or ev.get("onset")), position)

        rec["events"] = [ev for _, ev in sorted(enumerate(self.events), key=key)]
        return rec


def build_cohort(seed):
    rng = random.Random(seed)
    slots = list(range(PATIENTS))
    rng.shuffle(slots)
    scenario_of = [None] * PATIENTS
    for slot, scenario in zip(slots, SCENARIOS):
        scenario_of[slot] = scenario[0]
    builders = []
    for i in range(PATIENTS):
        b = Builder(rng, i, scenario_of[i])
        b.build()
        builders.append(b)
    cohort = []
    for n, b in enumerate(sorted(builders, key=lambda b: (b.enrollment, b.index)), start=1):
        rec = b.record()
        rec["id"] = "EC-%03d" % n
        for ev in rec["events"]:
            for k in ("date", "start", "end", "onset"):
                if k in ev and day(ev[k]) > DATA_CUT:
                    raise RuntimeError("%s: %s %s is after the data cut-off" % (rec["id"], ev["type"], ev[k]))
        verdicts = reference_verdicts(rec)
        _, deviating, others, _ = SCENARIO_BY_NAME.get(b.scenario, (None, set(), {}, None))
        want = {c: "D" if c in deviating else {"not-evaluable": "N"}.get(others.get(c), "P")
                for c in CHECKS}
        if verdicts != want:
            wrong = {c: (verdicts[c], want[c]) for c in CHECKS if verdicts[c] != want[c]}
            raise RuntimeError("%s (%s): got/expected %s" % (rec["id"], b.scenario, wrong))
        cohort.append((rec, b.scenario, verdicts))
    return cohort


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (k, yaml_scalar(x)) for k, x in v.items()) + "}"
    return str(v)


def to_yaml(cohort, command):
    out = io.StringIO()
    out.write("# Synthetic, anonymized patient histories for trial %s.\n" % PROTOCOL)
    out.write("# No record describes a real person. Made by: %s\n" % command)
    out.write("format: %s\nprotocol: %s\ndata_cutoff: %s\npatients:\n"
              % (FORMAT, PROTOCOL, iso(DATA_CUT)))
    for rec, _, _ in cohort:
        first = True
        for k, v in rec.items():
            lead = "  - " if first else "    "
            first = False
            if k == "events":
                out.write("%sevents:\n" % lead)
                for ev in v:
                    out.write("      - %s\n" % yaml_scalar(ev))
            else:
                out.write("%s%s: %s\n" % (lead, k, yaml_scalar(v)))
    return out.getvalue()


NAMES = {"P": "pass", "D": "deviation", "N": "not-evaluable"}


def write_expected(cohort, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "injected", "deviations", "other-findings"])
        for rec, sc, verdicts in cohort:
            deviations = " ".join(c for c in CHECKS if verdicts[c] == "D")
            others = " ".join("%s=%s" % (c, NAMES[verdicts[c]]) for c in CHECKS
                              if verdicts[c] not in ("P", "D"))
            w.writerow([rec["id"], sc or "", deviations, others])


def tally(cohort):
    lines = ["Verdicts per check (recomputed from the records):",
             "  %-28s %5s %10s %14s" % ("check", "pass", "deviation", "not-evaluable")]
    for c in CHECKS:
        counts = [sum(1 for _, _, v in cohort if v[c] == x) for x in "PDN"]
        lines.append("  %-28s %5d %10d %14d" % ((c,) + tuple(counts)))
    lines.append("Injected (patients):")
    for name, _, _, what in SCENARIOS:
        ids = [rec["id"] for rec, sc, _ in cohort if sc == name]
        lines.append("  %-34s %s" % (name, " ".join(ids)))
    clean = sum(1 for _, sc, _ in cohort if sc is None)
    lines.append("No injected problem: %d of %d patients" % (clean, len(cohort)))
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1001)
    ap.add_argument("--output", help="output file (default: standard output)")
    ap.add_argument("--expected", metavar="PATH", help="also write the expected verdicts as CSV")
    args = ap.parse_args(argv)
    cohort = build_cohort(args.seed)
    text = to_yaml(cohort, "generate.py --seed %d" % args.seed)
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
