#!/usr/bin/env python3
"""Write the example cohort as the wide exports an EDC system gives.

From patient-history v1 NDJSON, writes:
  <redcap>/export.csv          a REDCap "CSV (raw data)" export: one row per record, plus one
                               row per instance of each repeating instrument
  <redcap>/export.json         the API's JSON export (flat records) of the first --json-count
                               patients of --json-patients
  <redcap>/data-dictionary.csv the project's data dictionary
  <wide>/site-records-wide.csv one row per patient, numbered repeats (dose_1, dose_2, ...)

The mapping files that read them back (<redcap>/mapping.yaml, <wide>/mapping.yaml) are
written by hand, as a data manager would. Python 3 standard library only; the same input
gives byte-identical output.

Usage (from the repository root):
  python3 Examples/redcap/convert.py Examples/NCT07177794/site-records.ndjson \\
      --json-patients Examples/formats/patients.txt --redcap Examples/redcap --wide Examples/wide
"""

import argparse
import csv
import io
import json
import os

SITES = ["CHCAMS", "FUSCC", "HNCH", "SCCH", "SYSUCC", "ZJCH"]
HISTOLOGY = ["squamous cell carcinoma", "adenocarcinoma"]
STAGES = ["I", "II", "III", "IVA", "IVB"]
PRIMARY_SITES = ["cervical esophagus", "upper thoracic esophagus", "middle thoracic esophagus",
                 "lower thoracic esophagus", "anastomotic recurrence"]
METASTASES = ["supraclavicular-lymph-node", "liver", "lung", "bone", "brain"]
THERAPY_CLASSES = ["chemotherapy", "immunotherapy", "targeted-therapy"]
PHASES = ["induction", "concurrent", "adjuvant", "consolidation", "maintenance", "palliative"]
AGENTS = ["paclitaxel", "nab-paclitaxel", "docetaxel", "cisplatin", "carboplatin", "nedaplatin",
          "oxaliplatin", "fluorouracil", "capecitabine", "S-1", "toripalimab", "camrelizumab",
          "sintilimab", "tislelizumab", "nimotuzumab"]
DOSE_UNITS = ["Gy", "cGy", "mg"]
TECHNIQUES = ["IMRT", "VMAT", "3D-CRT", "tomotherapy"]
RT_INTENTS = ["definitive", "palliative"]
SURGERY_INTENTS = ["curative", "supportive"]
LAB_TESTS = ["wbc", "anc", "platelets", "hemoglobin", "albumin", "bilirubin", "alt", "ast", "alp",
             "creatinine", "creatinine-clearance", "hbv-dna", "hcv-rna"]
DRUGS = ["toripalimab", "capecitabine"]
ROUTES = ["IV", "oral"]
FREQUENCIES = ["Q3W", "BID"]
RESULTS = ["CR", "PR", "SD", "PD"]
MH_STATUS = ["active", "resolved"]


def choices(labels, start=1):
    return " | ".join(f"{i}, {label}" for i, label in enumerate(labels, start))


def code(labels, value):
    return str(labels.index(value) + 1)


# (field, form, type, label, choices, validation)
DICTIONARY = [
    ("record_id", "enrollment", "text", "Study ID", "", ""),
    ("site", "enrollment", "dropdown", "Site", choices(SITES), ""),
    ("sex", "enrollment", "radio", "Sex", "1, Male | 2, Female", ""),
    ("dob", "enrollment", "text", "Date of birth (YYYY-MM-DD; YYYY-MM or YYYY where withheld)", "", ""),
    ("age", "enrollment", "text", "Age at enrollment (where the birth date is withheld)", "", "integer"),
    ("enrol_date", "enrollment", "text", "Date of enrollment", "", "date_dmy"),
    ("arm", "enrollment", "radio", "Randomised arm", "1, A | 2, B", ""),
    ("consent_date", "enrollment", "text", "Date of informed consent", "", "date_dmy"),
    ("ecog_date", "enrollment", "text", "Date of ECOG assessment", "", "date_mdy"),
    ("ecog_score", "enrollment", "text", "ECOG performance status", "", "integer"),
    ("dx_date", "diagnosis", "text", "Date of diagnosis", "", "date_ymd"),
    ("dx_histology", "diagnosis", "dropdown", "Histology", choices(HISTOLOGY), ""),
    ("dx_stage", "diagnosis", "dropdown", "AJCC 8th stage", choices(STAGES), ""),
    ("dx_primary_site", "diagnosis", "dropdown", "Primary site", choices(PRIMARY_SITES), ""),
    ("dx_metastases", "diagnosis", "checkbox", "Distant metastases", choices(METASTASES), ""),
    ("mh_term", "medical_history", "text", "Condition", "", ""),
    ("mh_onset", "medical_history", "text", "Onset (MM/DD/YYYY, MM/YYYY or YYYY)", "", ""),
    ("mh_status", "medical_history", "dropdown", "Status", choices(MH_STATUS), ""),
    ("st_class", "systemic_therapy", "dropdown", "Therapy class", choices(THERAPY_CLASSES), ""),
    ("st_phase", "systemic_therapy", "dropdown", "Phase", choices(PHASES), ""),
    ("st_agents", "systemic_therapy", "checkbox", "Agents", choices(AGENTS), ""),
    ("st_cycles", "systemic_therapy", "text", "Cycles", "", "integer"),
    ("st_start", "systemic_therapy", "text", "Start date", "", "date_dmy"),
    ("st_end", "systemic_therapy", "text", "End date", "", "date_dmy"),
    ("rt_start", "radiotherapy", "text", "First fraction", "", "date_dmy"),
    ("rt_end", "radiotherapy", "text", "Last fraction", "", "date_dmy"),
    ("rt_dose", "radiotherapy", "text", "Total dose", "", "number"),
    ("rt_dose_unit", "radiotherapy", "dropdown", "Dose unit", choices(DOSE_UNITS), ""),
    ("rt_fractions", "radiotherapy", "text", "Fractions", "", "integer"),
    ("rt_technique", "radiotherapy", "dropdown", "Technique", choices(TECHNIQUES), ""),
    ("rt_intent", "radiotherapy", "dropdown", "Intent", choices(RT_INTENTS), ""),
    ("rt_target", "radiotherapy", "text", "Target (other than the primary)", "", ""),
    ("surg_date", "surgery", "text", "Date of surgery (DD-MM-YYYY, MM-YYYY or YYYY)", "", ""),
    ("surg_procedure", "surgery", "text", "Procedure", "", ""),
    ("surg_intent", "surgery", "dropdown", "Intent", choices(SURGERY_INTENTS), ""),
    ("ae_term", "adverse_event", "text", "Adverse event", "", ""),
    ("ae_grade", "adverse_event", "text", "CTCAE grade", "", "integer"),
    ("ae_immune", "adverse_event", "yesno", "Immune-related?", "", ""),
    ("ae_start", "adverse_event", "text", "Onset", "", "date_dmy"),
    ("ae_end", "adverse_event", "text", "Resolution", "", "date_dmy"),
    ("lab_date", "laboratory", "text", "Date of sample", "", "date_dmy"),
    ("lab_test", "laboratory", "dropdown", "Test", choices(LAB_TESTS), ""),
    ("lab_value", "laboratory", "text", "Result", "", "number"),
    ("lab_unit", "laboratory", "text", "Unit", "", ""),
    ("lab_lln", "laboratory", "text", "Lower limit of normal", "", "number"),
    ("lab_uln", "laboratory", "text", "Upper limit of normal", "", "number"),
    ("ex_drug", "study_drug", "dropdown", "Drug", choices(DRUGS), ""),
    ("ex_dose", "study_drug", "text", "Dose", "", "number"),
    ("ex_dose_unit", "study_drug", "text", "Dose unit", "", ""),
    ("ex_route", "study_drug", "dropdown", "Route", choices(ROUTES), ""),
    ("ex_frequency", "study_drug", "dropdown", "Frequency", choices(FREQUENCIES), ""),
    ("ex_date", "study_drug", "text", "Date given (one dose)", "", "date_dmy"),
    ("ex_start", "study_drug", "text", "Start (continuous oral drug)", "", "date_dmy"),
    ("ex_end", "study_drug", "text", "End (continuous oral drug)", "", "date_dmy"),
    ("ex_cycle", "study_drug", "text", "Cycle", "", "integer"),
    ("rsp_date", "response", "text", "Date of assessment", "", "date_dmy"),
    ("rsp_result", "response", "dropdown", "Overall response", choices(RESULTS), ""),
]
FORMS = []
for _field in DICTIONARY:
    if _field[1] not in FORMS:
        FORMS.append(_field[1])
REPEATING = FORMS[1:]
EVENT_FORM = {"diagnosis": "diagnosis", "condition": "medical_history", "chemotherapy": "systemic_therapy",
              "immunotherapy": "systemic_therapy", "targeted-therapy": "systemic_therapy",
              "radiotherapy": "radiotherapy", "surgery": "surgery", "adverse-event": "adverse_event",
              "lab": "laboratory", "administration": "study_drug", "response": "response"}


def number_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def date(value, order, sep):
    """An ISO date (full or partial) in the order ('dmy', 'mdy', 'ymd') with separator `sep`."""
    if not value:
        return ""
    parts = value.split("-")
    year, month, day = (parts + [None, None])[:3]
    if order == "ymd":
        return sep.join(p for p in (year, month, day) if p)
    if order == "dmy":
        return sep.join(p for p in (day, month, year) if p)
    return sep.join(p for p in (month, day, year) if p)


def dmy(value):
    return date(value, "dmy", "-")


def quantity(value):
    """(number, unit) of a quantity written '50.4 Gy' or {value, unit}."""
    if isinstance(value, dict):
        return number_text(value["value"]), value["unit"]
    number, unit = value.split(" ", 1)
    return number, unit


def columns():
    names = ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance"]
    for form in FORMS:
        for name, field_form, kind, _label, options, _validation in DICTIONARY:
            if field_form != form or name == "record_id":
                continue
            if kind == "checkbox":
                names += [f"{name}___{entry.split(',')[0]}" for entry in options.split(" | ")]
            else:
                names.append(name)
        names.append(f"{form}_complete")
    return names


def event_cells(event):
    t = event["type"]
    get = event.get
    if t == "diagnosis":
        cells = {"dx_date": date(get("date"), "ymd", "-"), "dx_histology": code(HISTOLOGY, get("histology")),
                 "dx_stage": code(STAGES, get("stage")), "dx_primary_site": code(PRIMARY_SITES, get("primary_site"))}
        if "metastases" in event:
            for i, site in enumerate(METASTASES, 1):
                cells[f"dx_metastases___{i}"] = "1" if site in event["metastases"] else "0"
        return cells
    if t == "condition":
        return {"mh_term": get("term"), "mh_onset": date(get("onset"), "mdy", "/"), "mh_status": code(MH_STATUS, get("status"))}
    if t in THERAPY_CLASSES:
        cells = {"st_class": code(THERAPY_CLASSES, t), "st_phase": code(PHASES, get("phase")) if "phase" in event else "",
                 "st_cycles": number_text(get("cycles", "")), "st_start": dmy(get("start")), "st_end": dmy(get("end"))}
        for i, agent in enumerate(AGENTS, 1):
            cells[f"st_agents___{i}"] = "1" if agent in event["agents"] else "0"
        return cells
    if t == "radiotherapy":
        cells = {"rt_start": dmy(get("start")), "rt_end": dmy(get("end")), "rt_fractions": number_text(get("fractions", "")),
                 "rt_technique": code(TECHNIQUES, get("technique")), "rt_intent": code(RT_INTENTS, get("intent")) if "intent" in event else "",
                 "rt_target": get("target", "")}
        if "dose" in event:
            number, unit = quantity(event["dose"])
            cells["rt_dose"], cells["rt_dose_unit"] = number, code(DOSE_UNITS, unit)
        return cells
    if t == "surgery":
        return {"surg_date": dmy(get("date")), "surg_procedure": get("procedure"), "surg_intent": code(SURGERY_INTENTS, get("intent"))}
    if t == "adverse-event":
        return {"ae_term": get("term"), "ae_grade": number_text(get("grade")), "ae_immune": "1" if get("immune_related") else "0",
                "ae_start": dmy(get("start")), "ae_end": dmy(get("end"))}
    if t == "lab":
        return {"lab_date": dmy(get("date")), "lab_test": code(LAB_TESTS, get("test")), "lab_value": number_text(get("value")),
                "lab_unit": get("unit", ""), "lab_lln": number_text(get("lln", "")), "lab_uln": number_text(get("uln", ""))}
    if t == "administration":
        number, unit = quantity(event["dose"])
        return {"ex_drug": code(DRUGS, get("drug")), "ex_dose": number, "ex_dose_unit": unit, "ex_route": code(ROUTES, get("route")),
                "ex_frequency": code(FREQUENCIES, get("frequency")), "ex_date": dmy(get("date")), "ex_start": dmy(get("start")),
                "ex_end": dmy(get("end")), "ex_cycle": number_text(get("cycle", ""))}
    if t == "response":
        return {"rsp_date": dmy(get("date")), "rsp_result": code(RESULTS, get("result"))}
    raise ValueError(f"no form for event type {t}")


def redcap_rows(record):
    base = {"record_id": record["id"], "site": code(SITES, record["site"]), "sex": "1" if record["sex"] == "male" else "2",
            "dob": record.get("birth_date", ""), "age": number_text(record.get("age", "")),
            "enrol_date": dmy(record["enrollment"]["date"]), "arm": code(["A", "B"], record["enrollment"]["arm"]),
            "enrollment_complete": "2"}
    instances = {form: [] for form in REPEATING}
    for event in record["events"]:
        if event["type"] == "consent":
            base["consent_date"] = dmy(event["date"])
        elif event["type"] == "performance-status":
            base["ecog_date"], base["ecog_score"] = date(event["date"], "mdy", "/"), number_text(event["score"])
        else:
            instances[EVENT_FORM[event["type"]]].append(event_cells(event))
    rows = [base]
    for form in REPEATING:
        for number, cells in enumerate(instances[form], 1):
            rows.append(dict(cells, record_id=record["id"], redcap_repeat_instrument=form,
                             redcap_repeat_instance=str(number), **{f"{form}_complete": "2"}))
    return rows


def write_csv(path, header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(out.getvalue())


def write_dictionary(path):
    header = ["Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
              "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
              "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
              "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
              "Matrix Ranking?", "Field Annotation"]
    rows = [dict(zip(header, (name, form, "", kind, label, options, "", validation))) for name, form, kind, label, options, validation in DICTIONARY]
    write_csv(path, header, rows)


WIDE_GROUPS = {
    "diagnosis": ["dx_date", "dx_histology", "dx_stage", "dx_site"] + [f"dx_mets___{i}" for i in range(1, len(METASTASES) + 1)],
    "condition": ["mh_term", "mh_onset", "mh_status"],
    "therapy": ["tx_type", "tx_phase", "tx_agents", "tx_cycles", "tx_start", "tx_end"],
    "radiotherapy": ["rt_start", "rt_end", "rt_dose", "rt_fractions", "rt_technique", "rt_intent", "rt_target"],
    "surgery": ["surg_date", "surg_procedure", "surg_intent"],
    "adverse-event": ["ae_term", "ae_grade", "ae_irae", "ae_start", "ae_end"],
    "lab": ["lab_date", "lab_test", "lab_value", "lab_unit", "lab_lln", "lab_uln"],
    "administration": ["drug", "drug_dose", "drug_dose_unit", "drug_route", "drug_frequency", "drug_date", "drug_start", "drug_end", "drug_cycle"],
    "response": ["resp_date", "resp_result"],
}


def us(value):
    return date(value, "mdy", "/")


def wide_cells(event):
    t, get = event["type"], event.get
    if t == "diagnosis":
        cells = {"dx_date": get("date"), "dx_histology": get("histology"), "dx_stage": get("stage"), "dx_site": get("primary_site")}
        if "metastases" in event:
            for i, site in enumerate(METASTASES, 1):
                cells[f"dx_mets___{i}"] = "1" if site in event["metastases"] else "0"
        return "diagnosis", cells
    if t == "condition":
        return "condition", {"mh_term": get("term"), "mh_onset": get("onset"), "mh_status": get("status")}
    if t in THERAPY_CLASSES:
        return "therapy", {"tx_type": t, "tx_phase": get("phase", ""), "tx_agents": ";".join(event["agents"]),
                           "tx_cycles": number_text(get("cycles", "")), "tx_start": us(get("start")), "tx_end": us(get("end"))}
    if t == "radiotherapy":
        dose = ""
        if "dose" in event:
            dose = " ".join(quantity(event["dose"]))
        return "radiotherapy", {"rt_start": us(get("start")), "rt_end": us(get("end")), "rt_dose": dose,
                                "rt_fractions": number_text(get("fractions", "")), "rt_technique": get("technique"),
                                "rt_intent": get("intent", ""), "rt_target": get("target", "")}
    if t == "surgery":
        return "surgery", {"surg_date": us(get("date")), "surg_procedure": get("procedure"), "surg_intent": get("intent")}
    if t == "adverse-event":
        return "adverse-event", {"ae_term": get("term"), "ae_grade": number_text(get("grade")), "ae_irae": "Y" if get("immune_related") else "N",
                                 "ae_start": us(get("start")), "ae_end": us(get("end"))}
    if t == "lab":
        return "lab", {"lab_date": us(get("date")), "lab_test": get("test"), "lab_value": number_text(get("value")), "lab_unit": get("unit", ""),
                       "lab_lln": number_text(get("lln", "")), "lab_uln": number_text(get("uln", ""))}
    if t == "administration":
        number, unit = quantity(event["dose"])
        return "administration", {"drug": get("drug"), "drug_dose": number, "drug_dose_unit": unit, "drug_route": get("route"),
                                   "drug_frequency": get("frequency"), "drug_date": us(get("date")), "drug_start": us(get("start")),
                                   "drug_end": us(get("end")), "drug_cycle": number_text(get("cycle", ""))}
    if t == "response":
        return "response", {"resp_date": us(get("date")), "resp_result": get("result")}
    raise ValueError(t)


def numbered(name, n):
    if "___" in name:
        base, box = name.split("___")
        return f"{base}_{n}___{box}"
    return f"{name}_{n}"


def write_wide(path, records):
    rows, counts = [], {group: 0 for group in WIDE_GROUPS}
    for record in records:
        row = {"subject": record["id"], "centre": record["site"], "gender": "M" if record["sex"] == "male" else "F",
               "birth": record.get("birth_date", ""), "age": number_text(record.get("age", "")),
               "rand_date": us(record["enrollment"]["date"]), "arm": record["enrollment"]["arm"]}
        seen = {group: 0 for group in WIDE_GROUPS}
        for event in record["events"]:
            if event["type"] == "consent":
                row["consent"] = us(event["date"])
            elif event["type"] == "performance-status":
                row["ecog_date"], row["ecog"] = us(event["date"]), number_text(event["score"])
            else:
                group, cells = wide_cells(event)
                seen[group] += 1
                for name, value in cells.items():
                    row[numbered(name, seen[group])] = value
        for group in WIDE_GROUPS:
            counts[group] = max(counts[group], seen[group])
        rows.append(row)
    header = ["subject", "centre", "gender", "birth", "age", "rand_date", "arm", "consent", "ecog_date", "ecog"]
    for group, names in WIDE_GROUPS.items():
        for n in range(1, counts[group] + 1):
            header += [numbered(name, n) for name in names]
    write_csv(path, header, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ndjson")
    parser.add_argument("--json-patients", help="a file of patient ids (one a line): the first --json-count of them are in the JSON export")
    parser.add_argument("--json-count", type=int, default=5)
    parser.add_argument("--redcap", required=True)
    parser.add_argument("--wide", required=True)
    args = parser.parse_args()
    with open(args.ndjson, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    os.makedirs(args.redcap, exist_ok=True)
    os.makedirs(args.wide, exist_ok=True)
    header = columns()
    rows = [row for record in records for row in redcap_rows(record)]
    write_csv(os.path.join(args.redcap, "export.csv"), header, rows)
    write_dictionary(os.path.join(args.redcap, "data-dictionary.csv"))
    chosen = None
    if args.json_patients:
        with open(args.json_patients, encoding="utf-8") as handle:
            chosen = {line.strip() for line in handle if line.strip()}
            chosen = set(sorted(chosen, key=[line.strip() for line in open(args.json_patients, encoding="utf-8")].index)[:args.json_count])
    flat = [{name: row.get(name, "") for name in header} for row in rows if chosen is None or row["record_id"] in chosen]
    with open(os.path.join(args.redcap, "export.json"), "w", encoding="utf-8") as handle:
        handle.write("[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in flat) + "\n]\n")
    write_wide(os.path.join(args.wide, "site-records-wide.csv"), records)


if __name__ == "__main__":
    main()
