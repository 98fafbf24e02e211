#!/usr/bin/env python3
"""Convert patient-history v1 NDJSON into the other input formats trialcheck reads.

Writes, from one cohort:
  <out>/csv/site-records.csv    the flat CSV layout (one row per event, one 'patient' row per patient)
  <out>/fhir/*.ndjson           a FHIR R4 Bulk Data export (mCODE profiles), one file per resource type
  <out>/sdtm/*.csv              CDISC SDTM datasets (DM, DS, PR, CM, EX, LB, AE, MH, RS, QS and SUPP--)

What each format cannot carry is listed in docs/input-mappings.md; this script writes
everything the format can. Python 3 standard library only; the same input gives
byte-identical output.

Usage (from the repository root):
  python3 Examples/formats/convert.py Examples/NCT07177794/site-records.ndjson \\
      --expected Examples/NCT07177794/expected-verdicts.csv --patients 20 --output Examples/formats
"""

import argparse
import csv
import io
import json
import os
from decimal import Decimal

STUDY = "NCT07177794"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ATC = "http://www.whocc.no/atc"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
AE_IG = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/"

# ATC codes of the drugs the example cohort names (where the code is well established).
ATC_CODES = {
    "paclitaxel": "L01CD01", "nab-paclitaxel": "L01CD01", "docetaxel": "L01CD02",
    "cisplatin": "L01XA01", "carboplatin": "L01XA02", "oxaliplatin": "L01XA03",
    "fluorouracil": "L01BC02", "capecitabine": "L01BC06", "toripalimab": "L01FF13",
}
LAB_LOINC = {
    "wbc": "6690-2", "anc": "751-8", "platelets": "777-3", "hemoglobin": "718-7", "albumin": "1751-7",
    "bilirubin": "1975-2", "alt": "1742-6", "ast": "1920-8", "alp": "6768-6", "creatinine": "2160-0",
    "creatinine-clearance": "2164-2",
}
LAB_TESTCD = {
    "wbc": ("WBC", "Leukocytes"), "anc": ("NEUT", "Neutrophils"), "platelets": ("PLAT", "Platelets"),
    "hemoglobin": ("HGB", "Hemoglobin"), "albumin": ("ALB", "Albumin"), "bilirubin": ("BILI", "Bilirubin"),
    "alt": ("ALT", "Alanine Aminotransferase"), "ast": ("AST", "Aspartate Aminotransferase"),
    "alp": ("ALP", "Alkaline Phosphatase"), "creatinine": ("CREAT", "Creatinine"),
    "creatinine-clearance": ("CREATCLR", "Creatinine Clearance"),
}
TECHNIQUE_SNOMED = {"IMRT": "441799006", "VMAT": "1156530009", "3D-CRT": "1162782007"}
INTENT_SNOMED = {"definitive": ("373808002", "Curative - procedure intent"), "curative": ("373808002", "Curative - procedure intent"),
                 "palliative": ("363676003", "Palliative - procedure intent"), "supportive": ("399707004", "Supportive - procedure intent")}
RESPONSE_SNOMED = {"PD": ("271299001", "Patient's condition worsened"), "SD": ("359746009", "Patient's condition stable"),
                   "CR": ("103338009", "In full remission"), "PR": ("103337004", "In partial remission")}
GRADE_NCIT = {1: "C41338", 2: "C41339", 3: "C41340", 4: "C41337", 5: "C48275"}
ROUTE_SNOMED = {"IV": ("47625008", "Intravenous route"), "oral": ("26643006", "Oral route")}
ROUTE_CDISC = {"IV": "INTRAVENOUS", "oral": "ORAL"}
UCUM_CODE = {"10^9/L": "10*9/L", "10^3/uL": "10*3/uL"}
SEX_CDISC = {"male": "M", "female": "F", "unknown": "U", "other": "UNDIFFERENTIATED"}

CSV_COLUMNS = [
    "patient_id", "type", "date", "start", "end",
    "birth_date", "age", "sex", "site", "enrollment_date", "arm",
    "histology", "stage", "primary_site", "metastases",
    "agents", "phase", "cycles",
    "dose", "dose_unit", "fractions", "technique", "intent", "target", "procedure",
    "drug", "route", "frequency", "cycle",
    "test", "value", "unit", "lln", "uln",
    "scale", "score", "term", "grade", "immune_related", "result", "onset", "status",
]


def number_text(value):
    """A JSON number as its shortest text (50.4, 28, 0.5)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def quantity(value):
    """A patient-history quantity ('50.4 Gy' or {value, unit}) as (Decimal text, unit)."""
    if isinstance(value, dict):
        return number_text(value["value"]), value["unit"]
    text = str(value).strip()
    number = ""
    for character in text:
        if character.isdigit() or character in ".-+":
            number += character
        else:
            break
    return number, text[len(number):].strip()


def in_centigray(number, unit):
    """A radiotherapy dose in cGy, the unit mCODE fixes, where it is Gy or cGy."""
    if unit == "Gy":
        scaled = Decimal(number) * 100
        return format(scaled.normalize(), "f"), "cGy"
    return number, unit


def json_number(text):
    """A decimal text as a JSON number (int where whole)."""
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(text)


# ---------------------------------------------------------------- CSV

def write_csv(records, path):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        enrollment = record["enrollment"]
        writer.writerow({
            "patient_id": record["id"], "type": "patient", "birth_date": record.get("birth_date", ""),
            "age": record.get("age", ""), "sex": record.get("sex", ""), "site": record.get("site", ""),
            "enrollment_date": enrollment["date"], "arm": enrollment.get("arm", ""),
        })
        for event in record.get("events", []):
            row = {"patient_id": record["id"]}
            for key, value in event.items():
                if key not in CSV_COLUMNS:
                    raise SystemExit(f"{record['id']}: event key '{key}' has no CSV column")
                if isinstance(value, list):
                    row[key] = ";".join(value)
                elif key == "dose" and isinstance(value, dict):
                    row["dose"], row["dose_unit"] = number_text(value["value"]), value["unit"]
                elif isinstance(value, (int, float, bool)):
                    row[key] = number_text(value)
                else:
                    row[key] = value
            writer.writerow(row)
    write_text(path, buffer.getvalue())


# ---------------------------------------------------------------- FHIR

def reference(kind, identifier):
    return {"reference": f"{kind}/{identifier}"}


def period(event):
    value = {}
    if "start" in event:
        value["start"] = event["start"]
    if "end" in event:
        value["end"] = event["end"]
    return value


def fhir_resources(record):
    """The resources of one patient, as (resourceType, resource) in a fixed order."""
    pid = record["id"]
    subject = reference("Patient", pid)
    out = []
    patient = {"resourceType": "Patient", "id": pid}
    if "sex" in record:
        patient["gender"] = record["sex"]
    if "birth_date" in record:
        patient["birthDate"] = record["birth_date"]
    if "site" in record:
        patient["managingOrganization"] = {"display": record["site"]}
    out.append(patient)
    enrollment = record["enrollment"]
    research_subject = {
        "resourceType": "ResearchSubject", "id": f"{pid}-rs", "identifier": [{"value": pid}], "status": "on-study",
        "period": {"start": enrollment["date"]}, "study": reference("ResearchStudy", STUDY), "individual": subject,
    }
    if enrollment.get("arm"):
        research_subject["assignedArm"] = enrollment["arm"]
    out.append(research_subject)
    if "age" in record:
        out.append({
            "resourceType": "Observation", "id": f"{pid}-age", "status": "final",
            "code": {"coding": [{"system": LOINC, "code": "30525-0", "display": "Age"}]}, "subject": subject,
            "effectiveDateTime": enrollment["date"],
            "valueQuantity": {"value": record["age"], "unit": "a", "system": UCUM, "code": "a"},
        })
    for number, event in enumerate(record.get("events", []), start=1):
        rid = f"{pid}-{number}"
        kind = event["type"]
        if kind == "diagnosis":
            histology = event.get("histology")
            condition = {
                "resourceType": "Condition", "id": rid, "meta": {"profile": [MCODE + "mcode-primary-cancer-condition"]},
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C15.9", "display": "Malignant neoplasm of esophagus, unspecified"}]},
                "subject": subject,
            }
            if histology:
                code = "8070/3" if "squamous" in histology else "8140/3"
                condition["extension"] = [{"url": MCODE + "mcode-histology-morphology-behavior", "valueCodeableConcept": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": code}], "text": histology}}]
            if "primary_site" in event:
                condition["bodySite"] = [{"text": event["primary_site"]}]
            if "date" in event:
                condition["onsetDateTime"] = event["date"]
            if "stage" in event:
                condition["stage"] = [{"summary": {"text": f"Stage {event['stage']} (AJCC 8th)"}}]
            out.append(condition)
            for offset, site in enumerate(event.get("metastases", []), start=1):
                secondary = {
                    "resourceType": "Condition", "id": f"{rid}-m{offset}", "meta": {"profile": [MCODE + "mcode-secondary-cancer-condition"]},
                    "code": {"text": "Secondary malignant neoplasm"}, "bodySite": [{"text": site}], "subject": subject,
                }
                if "date" in event:
                    secondary["onsetDateTime"] = event["date"]
                out.append(secondary)
        elif kind == "radiotherapy":
            extensions = []
            if "intent" in event:
                code = INTENT_SNOMED.get(event["intent"])
                concept = {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}]} if code else {"text": event["intent"]}
                extensions.append({"url": MCODE + "mcode-procedure-intent", "valueCodeableConcept": concept})
            if "technique" in event:
                technique = event["technique"]
                code = TECHNIQUE_SNOMED.get(technique)
                concept = ({"coding": [{"system": SNOMED, "code": code}], "text": technique} if code else
                           {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNC"}], "text": technique})
                extensions.append({"url": MCODE + "mcode-radiotherapy-modality-and-technique", "extension": [
                    {"url": MCODE + "mcode-radiotherapy-modality", "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": "1156506007"}]}},
                    {"url": MCODE + "mcode-radiotherapy-technique", "valueCodeableConcept": concept},
                ]})
            if "fractions" in event:
                extensions.append({"url": MCODE + "mcode-radiotherapy-sessions", "valueUnsignedInt": event["fractions"]})
            if "dose" in event:
                number, unit = in_centigray(*quantity(event["dose"]))
                volume = [
                    {"url": "volume", "valueReference": reference("BodyStructure", f"{rid}-ptv")},
                    {"url": "totalDoseDelivered", "valueQuantity": {"value": json_number(number), "unit": unit, "system": UCUM, "code": unit}},
                ]
                if "fractions" in event:
                    volume.append({"url": "fractionsDelivered", "valueUnsignedInt": event["fractions"]})
                extensions.append({"url": MCODE + "mcode-radiotherapy-dose-delivered-to-volume", "extension": volume})
                out.append({
                    "resourceType": "BodyStructure", "id": f"{rid}-ptv", "meta": {"profile": [MCODE + "mcode-radiotherapy-volume"]},
                    "description": event.get("target", "Planning target volume"), "patient": subject,
                })
            procedure = {
                "resourceType": "Procedure", "id": rid, "meta": {"profile": [MCODE + "mcode-radiotherapy-course-summary"]},
                "status": "completed" if "end" in event else "in-progress",
                "code": {"coding": [{"system": SNOMED, "code": "1217123003", "display": "Radiotherapy course of treatment (regime/therapy)"}]},
                "subject": subject,
            }
            if extensions:
                procedure["extension"] = extensions
            if "start" in event or "end" in event:
                procedure["performedPeriod"] = period(event)
            out.append(procedure)
        elif kind in ("chemotherapy", "immunotherapy", "targeted-therapy"):
            for offset, agent in enumerate(event.get("agents", []), start=1):
                medication = {"text": agent}
                if agent in ATC_CODES:
                    medication["coding"] = [{"system": ATC, "code": ATC_CODES[agent], "display": agent}]
                category = [{"text": kind}]
                if "phase" in event:
                    category.append({"text": event["phase"]})
                statement = {
                    "resourceType": "MedicationStatement", "id": f"{rid}-{offset}", "status": "completed" if "end" in event else "active",
                    "category": category, "medicationCodeableConcept": medication, "subject": subject,
                }
                if "start" in event or "end" in event:
                    statement["effectivePeriod"] = period(event)
                if "cycles" in event:
                    statement["dosage"] = [{"timing": {"repeat": {"count": event["cycles"]}}}]
                out.append(statement)
        elif kind == "surgery":
            procedure = {
                "resourceType": "Procedure", "id": rid, "status": "completed",
                "category": {"coding": [{"system": SNOMED, "code": "387713003", "display": "Surgical procedure"}]},
                "code": {"text": event.get("procedure", "surgery")}, "subject": subject,
            }
            if "intent" in event:
                code = INTENT_SNOMED.get(event["intent"])
                concept = {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}]} if code else {"text": event["intent"]}
                procedure["extension"] = [{"url": MCODE + "mcode-procedure-intent", "valueCodeableConcept": concept}]
            if "date" in event:
                procedure["performedDateTime"] = event["date"]
            elif "start" in event or "end" in event:
                procedure["performedPeriod"] = period(event)
            out.append(procedure)
        elif kind == "administration":
            drug = event["drug"]
            medication = {"text": drug}
            if drug in ATC_CODES:
                medication["coding"] = [{"system": ATC, "code": ATC_CODES[drug], "display": drug}]
            administration = {
                "resourceType": "MedicationAdministration", "id": rid, "status": "completed",
                "medicationCodeableConcept": medication, "subject": subject,
            }
            if "date" in event:
                administration["effectiveDateTime"] = event["date"]
            else:
                administration["effectivePeriod"] = period(event)
            dosage = {}
            if "route" in event:
                code = ROUTE_SNOMED.get(event["route"])
                dosage["route"] = {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}]} if code else {"text": event["route"]}
            if "dose" in event:
                number, unit = quantity(event["dose"])
                dosage["dose"] = {"value": json_number(number), "unit": unit, "system": UCUM, "code": unit}
            if dosage:
                administration["dosage"] = dosage
            out.append(administration)
        elif kind == "lab":
            observation = {
                "resourceType": "Observation", "id": rid, "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
                "code": {"coding": [{"system": LOINC, "code": LAB_LOINC[event["test"]]}], "text": event["test"]},
                "subject": subject, "effectiveDateTime": event["date"],
            }
            unit = event.get("unit", "")
            ucum = {"system": UCUM, "code": UCUM_CODE.get(unit, unit), "unit": unit}
            observation["valueQuantity"] = {"value": event["value"], **ucum}
            limits = {}
            if "lln" in event:
                limits["low"] = {"value": event["lln"], **ucum}
            if "uln" in event:
                limits["high"] = {"value": event["uln"], **ucum}
            if limits:
                observation["referenceRange"] = [limits]
            out.append(observation)
        elif kind == "performance-status":
            out.append({
                "resourceType": "Observation", "id": rid, "meta": {"profile": [MCODE + "mcode-ecog-performance-status"]}, "status": "final",
                "code": {"coding": [{"system": LOINC, "code": "89247-1", "display": "ECOG Performance Status score"}]},
                "subject": subject, "effectiveDateTime": event["date"], "valueInteger": event["score"],
            })
        elif kind == "response":
            code = RESPONSE_SNOMED[event["result"]]
            out.append({
                "resourceType": "Observation", "id": rid, "meta": {"profile": [MCODE + "mcode-cancer-disease-status"]}, "status": "final",
                "code": {"coding": [{"system": LOINC, "code": "97509-4", "display": "Cancer disease progression"}]},
                "subject": subject, "effectiveDateTime": event["date"],
                "valueCodeableConcept": {"coding": [{"system": SNOMED, "code": code[0], "display": code[1]}], "text": event["result"]},
            })
        elif kind == "adverse-event":
            adverse = {
                "resourceType": "AdverseEvent", "id": rid, "meta": {"profile": [AE_IG + "AdverseEvent-clinical-research"]},
                "modifierExtension": [{"url": AE_IG + "status", "valueCode": "completed" if "end" in event else "in-progress"}],
                "actuality": "actual", "event": {"text": event["term"]}, "subject": subject,
            }
            extensions = []
            if "grade" in event:
                extensions.append({"url": AE_IG + "ae-grade", "valueCodeableConcept": {
                    "coding": [{"system": NCIT, "code": GRADE_NCIT[event["grade"]]}], "text": str(event["grade"])}})
            if "end" in event:
                extensions.append({"url": AE_IG + "resolve-date", "valueDateTime": event["end"]})
            if extensions:
                adverse["extension"] = extensions
            if event.get("immune_related"):
                adverse["category"] = [{"text": "immune-related"}]
            if "start" in event:
                adverse["date"] = event["start"]
            out.append(adverse)
        elif kind == "condition":
            condition = {"resourceType": "Condition", "id": rid, "code": {"text": event["term"]}, "subject": subject}
            if "status" in event:
                condition["clinicalStatus"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": event["status"]}]}
            if "onset" in event:
                condition["onsetDateTime"] = event["onset"]
            out.append(condition)
        elif kind == "consent":
            out.append({
                "resourceType": "Consent", "id": rid, "status": "active",
                "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "research"}]},
                "category": [{"coding": [{"system": LOINC, "code": "59284-0", "display": "Consent Document"}]}],
                "patient": subject, "dateTime": event["date"],
            })
        else:
            raise SystemExit(f"{pid}: event type '{kind}' has no FHIR mapping in this script")
    return out


def write_fhir(records, folder):
    by_type = {}
    for record in records:
        for resource in fhir_resources(record):
            by_type.setdefault(resource["resourceType"], []).append(json.dumps(resource, separators=(",", ":"), ensure_ascii=False))
    for kind, lines in sorted(by_type.items()):
        write_text(os.path.join(folder, f"{kind}.ndjson"), "\n".join(lines) + "\n")


# ---------------------------------------------------------------- SDTM

class Dataset:
    def __init__(self, domain, columns):
        self.domain = domain
        self.columns = ["STUDYID", "DOMAIN", "USUBJID"] + columns
        self.rows = []
        self.sequence = {}

    def add(self, subject, **values):
        seq_name = self.domain + "SEQ"
        row = {"STUDYID": STUDY, "DOMAIN": self.domain, "USUBJID": subject}
        if seq_name in self.columns:
            self.sequence[subject] = self.sequence.get(subject, 0) + 1
            row[seq_name] = self.sequence[subject]
        row.update(values)
        self.rows.append(row)
        return row.get(seq_name)

    def write(self, folder):
        if not self.rows:
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({key: ("" if value is None else value) for key, value in row.items()})
        write_text(os.path.join(folder, self.domain.lower() + ".csv"), buffer.getvalue())


class Supplement(Dataset):
    def __init__(self, domain):
        super().__init__("SUPP" + domain, ["RDOMAIN", "IDVAR", "IDVARVAL", "QNAM", "QLABEL", "QVAL"])
        self.parent = domain

    def qualify(self, subject, sequence, name, label, value):
        if value is None or value == "":
            return
        self.rows.append({"STUDYID": STUDY, "DOMAIN": self.domain, "USUBJID": subject, "RDOMAIN": self.parent,
                          "IDVAR": f"{self.parent}SEQ" if sequence is not None else "", "IDVARVAL": sequence if sequence is not None else "",
                          "QNAM": name, "QLABEL": label, "QVAL": value})


def write_sdtm(records, folder):
    dm = Dataset("DM", ["SUBJID", "RFSTDTC", "RFICDTC", "SITEID", "BRTHDTC", "AGE", "AGEU", "SEX", "ARMCD", "ACTARMCD", "COUNTRY"])
    ds = Dataset("DS", ["DSSEQ", "DSTERM", "DSDECOD", "DSCAT", "DSSTDTC"])
    pr = Dataset("PR", ["PRSEQ", "PRTRT", "PRCAT", "PRSCAT", "PRDOSE", "PRDOSU", "PRSTDTC", "PRENDTC"])
    supppr = Supplement("PR")
    cm = Dataset("CM", ["CMSEQ", "CMGRPID", "CMTRT", "CMCAT", "CMSCAT", "CMDOSRGM", "CMSTDTC", "CMENDTC"])
    ex = Dataset("EX", ["EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXDOSFRQ", "EXROUTE", "EXSTDTC", "EXENDTC"])
    suppex = Supplement("EX")
    lb = Dataset("LB", ["LBSEQ", "LBTESTCD", "LBTEST", "LBORRES", "LBORRESU", "LBORNRLO", "LBORNRHI",
                        "LBSTRESN", "LBSTRESU", "LBSTNRLO", "LBSTNRHI", "LBDTC"])
    ae = Dataset("AE", ["AESEQ", "AETERM", "AEDECOD", "AECAT", "AETOXGR", "AESTDTC", "AEENDTC"])
    suppae = Supplement("AE")
    mh = Dataset("MH", ["MHSEQ", "MHTERM", "MHCAT", "MHSTDTC", "MHENRTPT", "MHENTPT"])
    suppmh = Supplement("MH")
    rs = Dataset("RS", ["RSSEQ", "RSTESTCD", "RSTEST", "RSCAT", "RSORRES", "RSSTRESC", "RSDTC"])
    qs = Dataset("QS", ["QSSEQ", "QSTESTCD", "QSTEST", "QSCAT", "QSORRES", "QSSTRESN", "QSDTC"])
    for record in records:
        pid = record["id"]
        enrollment = record["enrollment"]
        consents = [event["date"] for event in record.get("events", []) if event["type"] == "consent"]
        dm.add(pid, SUBJID=pid, RFSTDTC=enrollment["date"], RFICDTC=consents[0] if len(consents) == 1 else "",
               SITEID=record.get("site", ""), BRTHDTC=record.get("birth_date", ""), AGE=record.get("age", ""),
               AGEU="YEARS" if "age" in record else "", SEX=SEX_CDISC.get(record.get("sex", ""), ""),
               ARMCD=enrollment.get("arm", ""), ACTARMCD=enrollment.get("arm", ""), COUNTRY="CHN")
        ds.add(pid, DSTERM="RANDOMIZED", DSDECOD="RANDOMIZED", DSCAT="PROTOCOL MILESTONE", DSSTDTC=enrollment["date"])
        for regimen, event in enumerate(record.get("events", []), start=1):
            kind = event["type"]
            if kind == "consent":
                ds.add(pid, DSTERM="INFORMED CONSENT OBTAINED", DSDECOD="INFORMED CONSENT OBTAINED", DSCAT="PROTOCOL MILESTONE", DSSTDTC=event["date"])
            elif kind == "radiotherapy":
                number, unit = quantity(event["dose"]) if "dose" in event else ("", "")
                seq = pr.add(pid, PRTRT="RADIOTHERAPY", PRCAT="RADIOTHERAPY", PRSCAT="", PRDOSE=number, PRDOSU=unit,
                             PRSTDTC=event.get("start", ""), PRENDTC=event.get("end", ""))
                supppr.qualify(pid, seq, "PRFXNUM", "Number of Fractions", number_text(event["fractions"]) if "fractions" in event else "")
                supppr.qualify(pid, seq, "PRRTTECH", "Radiotherapy Technique", event.get("technique", ""))
                supppr.qualify(pid, seq, "PRINTENT", "Treatment Intent", event.get("intent", ""))
            elif kind == "surgery":
                seq = pr.add(pid, PRTRT=event.get("procedure", ""), PRCAT="SURGERY", PRSTDTC=event.get("date", event.get("start", "")),
                             PRENDTC=event.get("date", event.get("end", "")))
                supppr.qualify(pid, seq, "PRINTENT", "Treatment Intent", event.get("intent", ""))
            elif kind in ("chemotherapy", "immunotherapy", "targeted-therapy"):
                for agent in event.get("agents", []):
                    cm.add(pid, CMGRPID=f"R{regimen}", CMTRT=agent, CMCAT=kind.replace("-", " ").upper(),
                           CMSCAT=event.get("phase", "").upper(),
                           CMDOSRGM=f"{event['cycles']} CYCLES" if "cycles" in event else "",
                           CMSTDTC=event.get("start", ""), CMENDTC=event.get("end", ""))
            elif kind == "administration":
                number, unit = quantity(event["dose"]) if "dose" in event else ("", "")
                start = event.get("date", event.get("start", ""))
                end = event.get("date", event.get("end", ""))
                seq = ex.add(pid, EXTRT=event["drug"], EXDOSE=number, EXDOSU=unit, EXDOSFRQ=event.get("frequency", ""),
                             EXROUTE=ROUTE_CDISC.get(event.get("route", ""), event.get("route", "").upper()), EXSTDTC=start, EXENDTC=end)
                suppex.qualify(pid, seq, "CYCLE", "Cycle Number", number_text(event["cycle"]) if "cycle" in event else "")
            elif kind == "lab":
                code, name = LAB_TESTCD[event["test"]]
                value, unit = number_text(event["value"]), event.get("unit", "")
                low = number_text(event["lln"]) if "lln" in event else ""
                high = number_text(event["uln"]) if "uln" in event else ""
                lb.add(pid, LBTESTCD=code, LBTEST=name, LBORRES=value, LBORRESU=unit, LBORNRLO=low, LBORNRHI=high,
                       LBSTRESN=value, LBSTRESU=unit, LBSTNRLO=low, LBSTNRHI=high, LBDTC=event["date"])
            elif kind == "adverse-event":
                seq = ae.add(pid, AETERM=event["term"], AEDECOD=event["term"], AECAT="IMMUNE-RELATED" if event.get("immune_related") else "",
                             AETOXGR=event.get("grade", ""), AESTDTC=event.get("start", ""), AEENDTC=event.get("end", ""))
                if "immune_related" in event:
                    suppae.qualify(pid, seq, "AEIRAE", "Immune-Related Adverse Event", "Y" if event["immune_related"] else "N")
            elif kind == "diagnosis":
                seq = mh.add(pid, MHTERM=event.get("histology", ""), MHCAT="PRIMARY DIAGNOSIS", MHSTDTC=event.get("date", ""))
                suppmh.qualify(pid, seq, "MHSTAGE", "AJCC Stage Group", event.get("stage", ""))
                suppmh.qualify(pid, seq, "MHPRSITE", "Primary Tumor Site", event.get("primary_site", ""))
                suppmh.qualify(pid, seq, "MHMETAST", "Metastatic Sites", ";".join(event.get("metastases", [])))
            elif kind == "condition":
                status = event.get("status", "")
                mh.add(pid, MHTERM=event["term"], MHCAT="GENERAL MEDICAL HISTORY", MHSTDTC=event.get("onset", ""),
                       MHENRTPT={"active": "ONGOING", "resolved": "BEFORE"}.get(status, ""),
                       MHENTPT="SCREENING" if status in ("active", "resolved") else "")
            elif kind == "response":
                rs.add(pid, RSTESTCD="OVRLRESP", RSTEST="Overall Response", RSCAT="RECIST 1.1", RSORRES=event["result"],
                       RSSTRESC=event["result"], RSDTC=event["date"])
            elif kind == "performance-status":
                score = number_text(event["score"])
                qs.add(pid, QSTESTCD="ECOG101", QSTEST="ECOG Performance Status", QSCAT="ECOG", QSORRES=score, QSSTRESN=score, QSDTC=event["date"])
            else:
                raise SystemExit(f"{pid}: event type '{kind}' has no SDTM mapping in this script")
    for dataset in (dm, ds, pr, supppr, cm, ex, suppex, lb, ae, suppae, mh, suppmh, rs, qs):
        dataset.write(folder)


# ---------------------------------------------------------------- main

def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def select(records, expected_path, count):
    """The first `count` records, preferring those with a non-pass design-check verdict."""
    if count is None or count >= len(records):
        return records
    flagged = set()
    if expected_path:
        with open(expected_path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if any(row[check] != "pass" for check in ("age", "radiotherapy-dose", "enrollment-window", "no-adjuvant-therapy")):
                    flagged.add(row["id"])
    chosen = [r["id"] for r in records if r["id"] in flagged][: count * 3 // 4]
    chosen += [r["id"] for r in records if r["id"] not in chosen][: count - len(chosen)]
    keep = set(chosen)
    return [r for r in records if r["id"] in keep]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="patient-history v1 NDJSON")
    parser.add_argument("--output", default="Examples/formats", help="folder to write csv/, fhir/ and sdtm/ into")
    parser.add_argument("--patients", type=int, help="convert only this many patients (those with design-check findings first)")
    parser.add_argument("--expected", help="expected-verdicts.csv, to prefer patients with findings")
    arguments = parser.parse_args()
    with open(arguments.input, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records = select(records, arguments.expected, arguments.patients)
    write_csv(records, os.path.join(arguments.output, "csv", "site-records.csv"))
    write_fhir(records, os.path.join(arguments.output, "fhir"))
    write_sdtm(records, os.path.join(arguments.output, "sdtm"))
    with open(os.path.join(arguments.output, "patients.txt"), "w", encoding="utf-8") as handle:
        handle.write("".join(record["id"] + "\n" for record in records))


if __name__ == "__main__":
    main()
