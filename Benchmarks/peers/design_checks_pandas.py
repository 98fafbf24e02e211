#!/usr/bin/env python3
"""The four design checks of NCT07177794 in pandas: a peer for trialcheck's benchmarks.

Implements the exact semantics of the protocol specification ("The four design checks"),
with interval arithmetic over partial dates (a verdict is decided only when every possible
day agrees), on patient-history v1 NDJSON:

  age                 completed years on the enrollment date, 18-75 (or the `age` field)
  radiotherapy-dose   sum of the definitive course's dose in Gy, 50-50.4
  enrollment-window   enrollment - CRT completion (last fraction), 1-42 days
  no-adjuvant-therapy adjuvant therapy at any time before enrollment, or antitumour
                      therapy, surgery or non-definitive radiotherapy between CRT
                      completion and enrollment

Usage: design_checks_pandas.py INPUT.ndjson [--output deviations.csv] [--verdicts verdicts.csv]

Writes the deviations as CSV rows `patient,check` (sorted), and with --verdicts every
verdict (P pass, D deviation, I indeterminate, N not evaluable) per patient and check.
"""

import argparse
import sys

import numpy as np
import pandas as pd

THERAPY = ["chemotherapy", "immunotherapy", "targeted-therapy"]
GRAY = {"Gy": 1.0, "cGy": 0.01, "mGy": 0.001}
CHECKS = ["age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy"]


def days_from_civil(y, m, d):
    """Day numbers (days since 1970-01-01) of proleptic Gregorian dates, vectorized (NaN stays NaN)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = np.floor_divide(153 * np.where(m > 2, m - 3, m + 9) + 2, 5) + d - 1
    doe = yoe * 365 + np.floor_divide(yoe, 4) - np.floor_divide(yoe, 100) + doy
    return era * 146097 + doe - 719468


def spans(text):
    """(first day, last day) as day numbers for ISO 8601 dates, full or partial; NaN if absent."""
    s = pd.Series(text).astype("string")
    year = pd.to_numeric(s.str.slice(0, 4), errors="coerce").to_numpy(dtype="float64")
    month = pd.to_numeric(s.str.slice(5, 7), errors="coerce").to_numpy(dtype="float64")
    day = pd.to_numeric(s.str.slice(8, 10), errors="coerce").to_numpy(dtype="float64")
    lo = days_from_civil(year, np.where(np.isnan(month), 1, month), np.where(np.isnan(day), 1, day))
    last_month = np.where(np.isnan(month), 12, month)
    next_month_first = days_from_civil(year + (last_month == 12), np.where(last_month == 12, 1, last_month + 1), 1)
    hi = np.where(np.isnan(day), next_month_first - 1, lo)
    return lo, hi


def ymd(days):
    """Year, month, day of day numbers (vectorized civil-from-days)."""
    z = np.asarray(days, dtype="float64") + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = np.floor_divide(doe - np.floor_divide(doe, 1460) + np.floor_divide(doe, 36524) - np.floor_divide(doe, 146096), 365)
    doy = doe - (365 * yoe + np.floor_divide(yoe, 4) - np.floor_divide(yoe, 100))
    mp = np.floor_divide(5 * doy + 2, 153)
    d = doy - np.floor_divide(153 * mp + 2, 5) + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (m <= 2), m, d


def completed_years(birth, on):
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    before = (om < bm) | ((om == bm) & (od < bd))
    return oy - by - before.astype(int)


def decide(low, high, lo_ok, hi_ok):
    return np.where((lo_ok <= low) & (high <= hi_ok), "P",
                    np.where((high < lo_ok) | (low > hi_ok), "D", "I"))


def dose_in_gray(value):
    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit")
    elif isinstance(value, str):
        parts = value.split()
        if len(parts) != 2:
            return np.nan
        try:
            number = float(parts[0])
        except ValueError:
            return np.nan
        unit = parts[1]
    else:
        return np.nan
    if isinstance(number, bool) or not isinstance(number, (int, float)) or unit not in GRAY:
        return np.nan
    return number * GRAY[unit]


def first_present(frame, keys):
    out = pd.Series(pd.NA, index=frame.index, dtype="object")
    for key in keys:
        if key in frame:
            out = out.where(out.notna(), frame[key])
    return out


def audit(path):
    patients = pd.read_json(path, lines=True, dtype=False)
    enrollment = pd.DataFrame(patients["enrollment"].tolist(), index=patients.index)
    p = pd.DataFrame({"id": patients["id"].astype(str)})
    p["e_lo"], p["e_hi"] = spans(enrollment["date"])

    # age
    birth = patients["birth_date"] if "birth_date" in patients else pd.Series(pd.NA, index=patients.index)
    age_field = patients["age"] if "age" in patients else pd.Series(np.nan, index=patients.index)
    b_lo, b_hi = spans(birth)
    has_birth = ~np.isnan(b_lo)
    age_lo = np.where(has_birth, completed_years(np.nan_to_num(b_hi), p["e_lo"].to_numpy()), age_field)
    age_hi = np.where(has_birth, completed_years(np.nan_to_num(b_lo), p["e_hi"].to_numpy()), age_field)
    age = decide(age_lo, age_hi, 18, 75)
    p["age"] = np.where(has_birth | pd.notna(age_field).to_numpy(), age, "N")

    # events, one row each
    ev = patients[["id", "events"]].explode("events", ignore_index=True).dropna(subset=["events"])
    e = pd.DataFrame(ev["events"].tolist())
    e["id"] = ev["id"].astype(str).to_numpy()
    for key in ["type", "start", "date", "end", "intent", "phase", "dose"]:
        if key not in e:
            e[key] = pd.NA
    e = e.merge(p[["id", "e_lo", "e_hi"]], on="id", how="left")
    e["s_lo"], e["s_hi"] = spans(first_present(e, ["start", "date", "end"]))
    e["f_lo"], e["f_hi"] = spans(first_present(e, ["end", "date"]))
    intent = e["intent"].astype("string").str.lower().fillna("definitive")
    phase = e["phase"].astype("string").str.lower().fillna("")

    # the definitive course: radiotherapy, intent definitive or absent, starting before enrollment
    course = e[(e["type"] == "radiotherapy") & (intent == "definitive") & (e["s_hi"] < e["e_lo"])].copy()
    course["gray"] = course["dose"].map(dose_in_gray)
    by = course.groupby("id")
    summary = pd.DataFrame({
        "total": by["gray"].sum(min_count=1),
        "missing_dose": by["gray"].apply(lambda g: g.isna().any()),
        "c_lo": by["f_lo"].max(),
        "c_hi": by["f_hi"].max(),
    })
    p = p.merge(summary, left_on="id", right_index=True, how="left")
    has_course = p["c_lo"].notna().to_numpy() | p["missing_dose"].notna().to_numpy()

    eps = 1e-9
    total = p["total"].to_numpy(dtype="float64")
    dose_ok = (50 - eps <= total) & (total <= 50.4 + eps)
    p["radiotherapy-dose"] = np.where(~has_course | p["missing_dose"].fillna(True).to_numpy(dtype=bool), "N",
                                      np.where(dose_ok, "P", "D"))
    window = decide(p["e_lo"] - p["c_hi"], p["e_hi"] - p["c_lo"], 1, 42)
    p["enrollment-window"] = np.where(p["c_lo"].notna(), window, "N")

    # no-adjuvant-therapy
    e = e.merge(p[["id", "c_lo", "c_hi"]], on="id", how="left")
    therapy = e["type"].isin(THERAPY)
    adjuvant = therapy & (phase == "adjuvant")
    a_definite = adjuvant & (e["s_hi"] < e["e_lo"])
    a_possible = adjuvant & ~a_definite & (e["s_lo"] < e["e_hi"])
    counts = (therapy | (e["type"] == "surgery") | ((e["type"] == "radiotherapy") & (intent != "definitive"))) \
        & ~phase.isin(["induction", "concurrent"]) & e["c_lo"].notna()
    b_definite = counts & (e["s_lo"] > e["c_hi"]) & (e["s_hi"] < e["e_lo"])
    b_possible = counts & ~b_definite & (e["s_hi"] > e["c_lo"]) & (e["s_lo"] < e["e_hi"])
    flags = pd.DataFrame({"id": e["id"], "definite": a_definite | b_definite,
                          "possible": a_possible | b_possible}).groupby("id").any()
    p = p.merge(flags, left_on="id", right_index=True, how="left")
    definite = p["definite"].fillna(False).to_numpy(dtype=bool)
    possible = p["possible"].fillna(False).to_numpy(dtype=bool)
    p["no-adjuvant-therapy"] = np.where(definite, "D", np.where(possible, "I",
                                        np.where(p["c_lo"].isna(), "N", "P")))
    return p[["id"] + CHECKS]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--output", help="deviations CSV (default: standard output)")
    ap.add_argument("--verdicts", help="also write every verdict as CSV")
    args = ap.parse_args()
    verdicts = audit(args.input)
    long = verdicts.melt(id_vars="id", var_name="check", value_name="verdict")
    deviations = long[long["verdict"] == "D"][["id", "check"]].sort_values(["id", "check"])
    deviations.to_csv(args.output or sys.stdout, index=False, header=False)
    if args.verdicts:
        verdicts.to_csv(args.verdicts, index=False)
    sys.stderr.write("pandas: %d patients, %d deviations\n" % (len(verdicts), len(deviations)))


if __name__ == "__main__":
    main()
