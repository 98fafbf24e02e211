#!/usr/bin/env python3
"""Writes the EPOC1802 example cohort: one compliant patient, and one variant per
boundary, each on one side of one limit of Protocols/EPOC1802.yaml.

Every record is synthetic. Each variant names the checks it must fail (deviations) and any
other finding it must give (check=verdict); expected-verdicts.csv lists them, and the
end-to-end test holds the tool to it.

    python3 generate.py --output site-records.yaml --expected expected-verdicts.csv
"""
import argparse
import copy
import datetime as dt

REGISTRATION = dt.date(2024, 1, 4)
RT_END = dt.date(2023, 11, 23)          # registration is 42 days after the last fraction
FIRST_DOSE = dt.date(2024, 1, 8)


def day(date):
    return date.isoformat()


def doses(first=FIRST_DOSE, intervals=(21, 21, 21), dose="1200 mg", route="IV"):
    dates = [first]
    for gap in intervals:
        dates.append(dates[-1] + dt.timedelta(days=gap))
    return [{"type": "administration", "drug": "atezolizumab", "dose": dose, "route": route,
             "frequency": "Q3W", "date": day(d), "cycle": i + 1} for i, d in enumerate(dates)]


def base():
    """A patient who meets every criterion."""
    return {
        "birth_date": "1956-05-14",
        "enrollment": {"date": day(REGISTRATION), "arm": "A"},
        "events": [
            {"type": "diagnosis", "date": "2023-09-04", "histology": "squamous cell carcinoma", "stage": "III",
             "t": "cT3", "n": "cN1", "m": "cM0", "staging_system": "UICC", "staging_edition": 8},
            {"type": "radiotherapy", "start": "2023-10-16", "end": day(RT_END), "dose": "50.4 Gy", "fractions": 28,
             "technique": "IMRT", "intent": "definitive"},
            {"type": "chemotherapy", "phase": "concurrent", "agents": ["cisplatin", "5-FU"], "start": "2023-10-16", "end": "2023-11-17"},
            {"type": "response", "date": "2023-12-20", "result": "PR"},
            {"type": "performance-status", "date": "2023-12-27", "scale": "ECOG", "score": 1},
            {"type": "lab", "date": "2023-12-27", "test": "anc", "value": 2.4, "unit": "10^9/L"},
            {"type": "lab", "date": "2023-12-27", "test": "platelets", "value": 180, "unit": "10^9/L"},
            {"type": "lab", "date": "2023-12-27", "test": "hemoglobin", "value": 11.2, "unit": "g/dL"},
            {"type": "lab", "date": "2023-12-27", "test": "ast", "value": 28, "unit": "U/L", "uln": 40},
            {"type": "lab", "date": "2023-12-27", "test": "alt", "value": 24, "unit": "U/L", "uln": 40},
            {"type": "lab", "date": "2023-12-27", "test": "bilirubin", "value": 0.7, "unit": "mg/dL"},
            {"type": "lab", "date": "2023-12-27", "test": "creatinine-clearance", "value": 72, "unit": "mL/min"},
        ] + doses() + [{"type": "response", "date": "2024-03-18", "result": "SD"}],
    }


def events_of(record, kind):
    return [e for e in record["events"] if e["type"] == kind]


def set_first(record, kind, **values):
    event = events_of(record, kind)[0]
    for key, value in values.items():
        if value is None:
            event.pop(key, None)
        else:
            event[key] = value


def set_lab(record, test, value, **extra):
    for event in events_of(record, "lab"):
        if event["test"] == test:
            event["value"] = value
            event.update(extra)


def replace_doses(record, new):
    record["events"] = [e for e in record["events"] if e["type"] != "administration"] + new


def add(record, *events):
    record["events"].extend(events)


def registration_after(record, days):
    """Registration `days` after the last fraction, with the screening assessments the day
    before it and the first dose 4 days after it."""
    registration = RT_END + dt.timedelta(days=days)
    record["enrollment"]["date"] = day(registration)
    for event in events_of(record, "lab") + events_of(record, "performance-status"):
        event["date"] = day(registration - dt.timedelta(days=1))
    replace_doses(record, doses(first=registration + dt.timedelta(days=4)))


def diagnosis(record, **values):
    set_first(record, "diagnosis", **values)


def anniversary_doses():
    """17 doses 18-24 days apart, the last on the first dose's anniversary."""
    gaps = [23] * 15 + [21]
    last = FIRST_DOSE + dt.timedelta(days=sum(gaps))
    target = FIRST_DOSE.replace(year=FIRST_DOSE.year + 1)
    gaps[-1] += (target - last).days
    return gaps


# (injected problem, mutation, deviations, other findings)
VARIANTS = [
    ("", lambda r: None, [], {}),
    ("age-20th-birthday-on-registration", lambda r: r.update(birth_date="2004-01-04"), [], {}),
    ("age-19-day-before-20th-birthday", lambda r: r.update(birth_date="2004-01-05"), ["age"], {}),
    ("ecog-2", lambda r: set_first(r, "performance-status", score=2), ["ecog"], {}),
    ("ecog-0", lambda r: set_first(r, "performance-status", score=0), [], {}),
    ("histology-adenosquamous", lambda r: diagnosis(r, histology="adenosquamous carcinoma"), [], {}),
    ("histology-adenocarcinoma", lambda r: diagnosis(r, histology="adenocarcinoma"), ["histology"], {}),
    ("tnm-ct4b-n3-m0", lambda r: diagnosis(r, t="cT4b", n="cN3", stage="IVA"), [], {}),
    ("tnm-m1-supraclavicular", lambda r: diagnosis(r, m="cM1", stage="IVB", metastases=["supraclavicular-lymph-node"]), [], {}),
    ("tnm-m1-liver", lambda r: diagnosis(r, m="cM1", stage="IVB", metastases=["liver"]), ["stage", "metastasis-sites"], {}),
    ("tnm-tis", lambda r: diagnosis(r, t="Tis", n="N0", stage="0"), ["stage"], {}),
    ("tnm-7th-edition", lambda r: diagnosis(r, staging_edition=7), ["stage"], {}),
    ("tnm-no-edition", lambda r: diagnosis(r, staging_edition=None), [], {"stage": "not-evaluable"}),
    ("v1-stage-iva-only", lambda r: diagnosis(r, t=None, n=None, m=None, staging_system=None, staging_edition=None, stage="IVA"), [], {}),
    ("v1-stage-ivb-supraclavicular", lambda r: diagnosis(r, t=None, n=None, m=None, staging_system=None, staging_edition=None, stage="IVB",
                                                          metastases=["supraclavicular-lymph-node"]), [], {}),
    ("v1-stage-ivb-liver", lambda r: diagnosis(r, t=None, n=None, m=None, staging_system=None, staging_edition=None, stage="IVB",
                                                metastases=["liver", "supraclavicular-lymph-node"]), ["stage", "metastasis-sites"], {}),
    ("rt-60-gy-30-fractions", lambda r: set_first(r, "radiotherapy", dose="60 Gy", fractions=30), [], {}),
    ("rt-59.4-gy-33-fractions", lambda r: set_first(r, "radiotherapy", dose="59.4 Gy", fractions=33), ["rt-dose", "rt-fractionation"], {}),
    ("rt-50.4-gy-25-fractions", lambda r: set_first(r, "radiotherapy", dose="50.4 Gy", fractions=25), ["rt-fractionation"], {}),
    ("rt-5040-cgy-boost-split", lambda r: (set_first(r, "radiotherapy", dose="4500 cGy", fractions=25, end="2023-11-18"),
                                            add(r, {"type": "radiotherapy", "start": "2023-11-20", "end": day(RT_END), "dose": "5.4 Gy",
                                                    "fractions": 3, "intent": "definitive"})), [], {}),
    ("chemo-cisplatin-docetaxel", lambda r: set_first(r, "chemotherapy", agents=["cisplatin", "docetaxel"]), ["concurrent-chemo"], {}),
    ("chemo-oxaliplatin-xeloda", lambda r: set_first(r, "chemotherapy", agents=["oxaliplatin", "Xeloda"]), [], {}),
    ("chemo-carboplatin-paclitaxel", lambda r: set_first(r, "chemotherapy", agents=["carboplatin", "paclitaxel"]), [], {}),
    ("chemo-cisplatin-alone", lambda r: set_first(r, "chemotherapy", agents=["cisplatin"]), ["concurrent-chemo"], {}),
    ("chemo-triplet", lambda r: set_first(r, "chemotherapy", agents=["cisplatin", "fluorouracil", "docetaxel"]), ["concurrent-chemo"], {}),
    ("chemo-cddp-5fu-by-synonyms", lambda r: set_first(r, "chemotherapy", agents=["CDDP", "5FU"]), [], {}),
    ("chemo-oxaliplatin-unknown-partner", lambda r: set_first(r, "chemotherapy", agents=["oxaliplatin", "XR-5000"]), [],
     {"no-prior-anti-pd1-pdl1": "not-evaluable"}),
    ("progression-on-crt-completion-day", lambda r: add(r, {"type": "response", "date": day(RT_END), "result": "PD"}), [], {}),
    ("progression-day-after-crt", lambda r: add(r, {"type": "response", "date": day(RT_END + dt.timedelta(days=1)), "result": "PD"}),
     ["no-progression"], {}),
    ("registration-day-28", lambda r: registration_after(r, 28), [], {}),
    ("registration-day-27", lambda r: registration_after(r, 27), ["registration-window"], {}),
    ("registration-day-56", lambda r: registration_after(r, 56), [], {}),
    ("registration-day-57", lambda r: registration_after(r, 57), ["registration-window"], {}),
    ("prior-js001", lambda r: add(r, {"type": "immunotherapy", "agents": ["JS001"], "start": "2022-03-01", "end": "2022-08-01"}),
     ["no-prior-anti-pd1-pdl1"], {}),
    ("prior-pd1-by-atc-code", lambda r: add(r, {"type": "immunotherapy", "agents": ["L01FF11"], "start": "2022-03-01", "end": "2022-08-01"}),
     ["no-prior-anti-pd1-pdl1"], {}),
    ("prior-pembrolizumab-by-rxnorm", lambda r: add(r, {"type": "immunotherapy", "agents": ["RxNorm:1547545"], "start": "2021-05-01",
                                                        "end": "2021-09-01"}), ["no-prior-anti-pd1-pdl1"], {}),
    ("prior-unknown-agent", lambda r: add(r, {"type": "targeted-therapy", "agents": ["ZX-1234"], "start": "2022-03-01", "end": "2022-08-01"}),
     [], {"no-prior-anti-pd1-pdl1": "not-evaluable"}),
    ("prior-ipilimumab-only", lambda r: add(r, {"type": "immunotherapy", "agents": ["ipilimumab"], "start": "2021-05-01", "end": "2021-09-01"}),
     [], {}),
    ("autoimmune-active", lambda r: add(r, {"type": "condition", "term": "systemic lupus erythematosus", "onset": "2015-01", "status": "active"}),
     ["no-autoimmune-disease"], {}),
    ("autoimmune-resolved", lambda r: add(r, {"type": "condition", "term": "autoimmune hepatitis", "onset": "2010-01", "end": "2012-06-01",
                                              "status": "resolved"}), [], {}),
    ("interstitial-pneumonia", lambda r: add(r, {"type": "condition", "term": "interstitial pneumonia", "onset": "2023-12-01", "status": "active"}),
     ["no-interstitial-pneumonia"], {}),
    ("anc-1.5", lambda r: set_lab(r, "anc", 1.5), [], {}),
    ("anc-1.4", lambda r: set_lab(r, "anc", 1.4), ["lab-neutrophils"], {}),
    ("platelets-100", lambda r: set_lab(r, "platelets", 100), [], {}),
    ("platelets-99", lambda r: set_lab(r, "platelets", 99), ["lab-platelets"], {}),
    ("hemoglobin-80-g-per-l", lambda r: set_lab(r, "hemoglobin", 80, unit="g/L"), [], {}),
    ("hemoglobin-7.9", lambda r: set_lab(r, "hemoglobin", 7.9), ["lab-hemoglobin"], {}),
    ("ast-3x-uln", lambda r: set_lab(r, "ast", 120), [], {}),
    ("alt-above-3x-uln", lambda r: set_lab(r, "alt", 121), ["lab-ast-alt"], {}),
    ("bilirubin-1.5", lambda r: set_lab(r, "bilirubin", 1.5), [], {}),
    ("bilirubin-1.6", lambda r: set_lab(r, "bilirubin", 1.6), ["lab-bilirubin"], {}),
    ("crcl-30", lambda r: set_lab(r, "creatinine-clearance", 30), [], {}),
    ("crcl-29", lambda r: set_lab(r, "creatinine-clearance", 29), ["lab-crcl"], {}),
    ("atezolizumab-1100-mg", lambda r: replace_doses(r, doses()[:1] + doses(dose="1100 mg")[1:]), ["atezolizumab-dose"], {}),
    ("atezolizumab-oral", lambda r: replace_doses(r, doses(route="oral")), ["atezolizumab-dose"], {}),
    ("interval-24-days", lambda r: replace_doses(r, doses(intervals=(21, 24, 21))), [], {}),
    ("interval-25-days", lambda r: replace_doses(r, doses(intervals=(21, 25, 21))), ["atezolizumab-interval"], {}),
    ("interval-18-days", lambda r: replace_doses(r, doses(intervals=(18, 21))), [], {}),
    ("interval-17-days", lambda r: replace_doses(r, doses(intervals=(17, 21))), ["atezolizumab-interval"], {}),
    ("17-doses", lambda r: replace_doses(r, doses(intervals=[21] * 16)), [], {}),
    ("18-doses", lambda r: replace_doses(r, doses(intervals=[21] * 17)), ["atezolizumab-max-doses"], {}),
    ("last-dose-on-anniversary", lambda r: replace_doses(r, doses(intervals=anniversary_doses())), [], {}),
    ("last-dose-day-after-anniversary", lambda r: replace_doses(r, doses(intervals=anniversary_doses()[:-1] + [anniversary_doses()[-1] + 1])),
     ["atezolizumab-duration"], {}),
    ("first-dose-day-7", lambda r: replace_doses(r, doses(first=REGISTRATION + dt.timedelta(days=7))), [], {}),
    ("first-dose-day-8", lambda r: replace_doses(r, doses(first=REGISTRATION + dt.timedelta(days=8))), ["atezolizumab-first-dose"], {}),
    ("first-dose-on-registration", lambda r: replace_doses(r, doses(first=REGISTRATION)), [], {}),
    ("dose-on-progression-day", lambda r: add(r, {"type": "response", "date": day(FIRST_DOSE + dt.timedelta(days=63)), "result": "PD"}), [], {}),
    ("dose-after-progression", lambda r: add(r, {"type": "response", "date": day(FIRST_DOSE + dt.timedelta(days=62)), "result": "PD"}),
     ["atezolizumab-until-progression"], {}),
]


def yaml_value(value):
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    plain = text and all(c.isalnum() or c in " .-_/^:'" for c in text) and not text[0].isdigit() and ":" not in text
    return text if plain and text not in ("0",) else '"' + text + '"'


def event_line(event):
    return "{" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in event.items()) + "}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", default="site-records.yaml")
    parser.add_argument("--expected", default="expected-verdicts.csv")
    args = parser.parse_args()
    lines = ["# EPOC1802 example cohort: synthetic records, one per boundary (see README.md).",
             "format: patient-history/1", "protocol: EPOC1802", "data_cutoff: 2025-03-31", "patients:"]
    rows = ["id,injected,deviations,other-findings"]
    for index, (name, mutate, deviations, others) in enumerate(VARIANTS, start=1):
        record = copy.deepcopy(base())
        mutate(record)
        record["events"].sort(key=lambda e: e.get("date") or e.get("start") or e.get("onset") or "")
        pid = f"EP-{index:03d}"
        lines.append(f"  - id: {pid}")
        lines.append("    site: NCCE")
        lines.append(f"    birth_date: \"{record['birth_date']}\"")
        lines.append(f"    enrollment: {{date: {record['enrollment']['date']}, arm: A}}")
        lines.append("    events:")
        lines.extend(f"      - {event_line(e)}" for e in record["events"])
        rows.append(",".join([pid, name, " ".join(deviations), " ".join(f"{k}={v}" for k, v in sorted(others.items()))]))
    with open(args.output, "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(args.expected, "w") as out:
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
