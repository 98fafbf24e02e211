#!/usr/bin/env python3
"""Writes the malformed-input cases under cases/ (run from anywhere; the SAS XPORT cases
are made from the CDISC pilot's dm.xpt in the engine test fixtures). manifest.json says
what the audit must do with each; MalformedInputTests runs them through the binary."""
import json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
XPT = os.path.join(HERE, "..", "TrialCheckEngineTests", "Fixtures", "sdtm", "cdiscpilot01-xpt", "dm.xpt")


def write(name, data):
    path = os.path.join(CASES, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data.encode() if isinstance(data, str) else data)


def record(pid, birth="1960-05-01", enrolled="2026-01-20", events="[]", extra=""):
    return '{"id": "%s", "birth_date": "%s", "enrollment": {"date": "%s", "arm": "A"}, "events": %s%s}' % (
        pid, birth, enrolled, events, extra)


GOOD = record("G-1")
RT = '{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": "50.4 Gy"}'

shutil.rmtree(CASES, ignore_errors=True)

# NDJSON: one record a line; a bad line is rejected alone.
write("ndjson/truncated-last-line.ndjson", GOOD + "\n" + '{"id": "T-2", "birth_date": "19')
write("ndjson/wrong-type-enrollment.ndjson", GOOD + "\n" + record("W-2").replace('{"date": "2026-01-20", "arm": "A"}', '"yes"') + "\n")
write("ndjson/wrong-type-events.ndjson", GOOD + "\n" + record("W-3", events='{"type": "radiotherapy"}') + "\n")
write("ndjson/huge-number.ndjson", GOOD + "\n" + record("H-2", events='[{"type": "radiotherapy", "start": "2025-10-13", "end": "2025-11-19", "dose": 1e999999}]') + "\n")
write("ndjson/huge-age.ndjson", GOOD + "\n" + '{"id": "H-3", "age": 99999999999999999999999999, "enrollment": {"date": "2026-01-20", "arm": "A"}, "events": []}\n')
write("ndjson/bad-date.ndjson", GOOD + "\n" + record("D-2", birth="1960-02-30") + "\n")
write("ndjson/bad-enrollment-date.ndjson", GOOD + "\n" + record("D-3", enrolled="20-01-2026") + "\n")
write("ndjson/bad-utf8.ndjson", (GOOD + "\n").encode() + b'{"id": "U-2\xff\xfe", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20"}, "events": []}\n')
write("ndjson/duplicate-keys.ndjson", GOOD + "\n" + '{"id": "K-2", "id": "K-3", "birth_date": "1960-05-01", "enrollment": {"date": "2026-01-20"}, "events": []}\n')
write("ndjson/deep-nesting.ndjson", GOOD + "\n" + '{"id": "N-2", "x": ' + "[" * 5000 + "]" * 5000 + "}\n")
write("ndjson/not-an-object.ndjson", GOOD + "\n[1, 2, 3]\n")
write("ndjson/nul-byte.ndjson", GOOD + "\n" + '{"id": "Z-2\u0000", "birth_date": "1960-05-01"}'.replace("\\u0000", "\x00") + "\n")
write("ndjson/duplicate-patient.ndjson", GOOD + "\n" + GOOD + "\n")
write("ndjson/long-line.ndjson", GOOD + "\n" + record("L-2", extra=', "note": "' + "x" * 2000 + '"') + "\n" + record("L-3") + "\n")
write("ndjson/lone-surrogate.ndjson", GOOD + "\n" + record("S-2\\ud800") + "\n")
write("ndjson/unknown-event-type.ndjson", record("E-1", events='[{"type": "teleportation", "date": "2025-12-01"}]') + "\n")
write("ndjson/crlf-and-bom.ndjson", "\ufeff" + GOOD + "\r\n" + record("G-2") + "\r\n")

# JSON documents: a malformed document is one located error.
write("json/truncated.json", "[" + GOOD + ", " + GOOD[:40])
write("json/trailing-garbage.json", "[" + GOOD + "] ]")
write("json/top-level-string.json", '"patients"')
write("json/duplicate-keys.json", '{"patients": [' + GOOD + '], "patients": []}')
write("json/record-not-object.json", "[" + GOOD + ", 42]")

# YAML documents.
bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    "a%d: &a%d [%s]\n" % (level, level, ", ".join(["*a%d" % (level - 1)] * 9)) for level in range(1, 9)) + "patients: *a8\n"
write("yaml/alias-bomb.yaml", bomb)
write("yaml/tab-indent.yaml", "patients:\n  - id: T-1\n\tbirth_date: 1960-05-01\n")
write("yaml/duplicate-keys.yaml", "patients:\n  - id: K-1\n    id: K-2\n    birth_date: 1960-05-01\n    enrollment: {date: 2026-01-20, arm: A}\n    events: []\n")
write("yaml/bad-date.yaml", "patients:\n  - id: D-1\n    birth_date: 1960-05-01\n    enrollment: {date: 2026-01-20, arm: A}\n    events: []\n  - id: D-2\n    birth_date: 1960-13-01\n    enrollment: {date: 2026-01-20, arm: A}\n    events: []\n")
write("yaml/unclosed-flow.yaml", "patients:\n  - {id: F-1, birth_date: 1960-05-01, enrollment: {date: 2026-01-20}\n")
write("yaml/bad-utf8.yaml", b"patients:\n  - id: U-1\xc3\x28\n    birth_date: 1960-05-01\n")
write("yaml/events-not-a-list.yaml", "patients:\n  - id: V-1\n    birth_date: 1960-05-01\n    enrollment: {date: 2026-01-20, arm: A}\n    events: none\n  - id: V-2\n    birth_date: 1960-05-01\n    enrollment: {date: 2026-01-20, arm: A}\n    events: []\n")
write("yaml/huge-number.yaml", "patients:\n  - id: H-1\n    age: 1e999999\n    enrollment: {date: 2026-01-20, arm: A}\n    events: []\n")

# CSV event rows.
HEADER = "patient_id,type,date,start,end,dose,birth_date,enrollment_date,arm\n"
ROW = "C-%d,patient,,,,,1960-05-01,2026-01-20,A\n"
write("csv/missing-type-column.csv", "patient_id,date\nC-1,2026-01-20\n")
write("csv/unterminated-quote.csv", HEADER + ROW % 1 + "C-2,patient,,,,,\"1960-05-01,2026-01-20,A\n")
write("csv/bad-date.csv", HEADER + ROW % 1 + "C-2,patient,,,,,1960-05-01,2026-02-31,A\n")
write("csv/bad-utf8.csv", (HEADER + ROW % 1).encode() + b"C-2,patient,,,,,1960-05-01,2026-01-20,\xff\n")
write("csv/ragged-row.csv", HEADER + ROW % 1 + "C-2,patient,,,,,1960-05-01,2026-01-20,A,extra,fields\n" + ROW % 3)
write("csv/header-only.csv", HEADER)
write("csv/split-patient.csv", HEADER + ROW % 1 + ROW % 2 + "C-1,radiotherapy,,2025-10-13,2025-11-19,50.4 Gy,,,\n")
write("csv/huge-dose.csv", HEADER + ROW % 1 + "C-1,radiotherapy,,2025-10-13,2025-11-19,1e400 Gy,,,\n")

# FHIR.
patient = '{"resourceType": "Patient", "id": "F-%d", "birthDate": "1960-05-01"}'
subject = '{"resourceType": "ResearchSubject", "id": "rs-%d", "period": {"start": "2026-01-20"}, "assignedArm": "A", "individual": {"reference": "Patient/F-%d"}}'
write("fhir/truncated-bundle.json", '{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": ' + patient % 1)
write("fhir/resource-type-number.json", '{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": %s}, {"resource": %s}, {"resource": {"resourceType": 42, "id": "x"}}]}' % (patient % 1, subject % (1, 1)))
write("fhir/no-research-subject.json", '{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": %s}, {"resource": %s}, {"resource": %s}]}' % (patient % 1, subject % (1, 1), patient % 2))
write("fhir/bad-birthdate.ndjson", patient % 1 + "\n" + subject % (1, 1) + "\n" + (patient % 2).replace("1960-05-01", "1960-05-32") + "\n" + subject % (2, 2) + "\n")
write("fhir/reference-to-missing-patient.ndjson", patient % 1 + "\n" + subject % (1, 1) + "\n" + subject % (2, 9) + "\n")

# SDTM: SAS XPORT files whose lengths lie, and CSV datasets.
with open(XPT, "rb") as file:
    xpt = bytearray(file.read())
bad = bytearray(xpt); bad[314:318] = b"-140"
write("sdtm/xport-negative-namestr/dm.xpt", bytes(bad))
header = next(offset for offset in range(400, 720, 80) if xpt[offset:offset + 48].startswith(b"HEADER RECORD*******NAMESTR HEADER RECORD"))
bad = bytearray(xpt); bad[header + 54:header + 58] = b"9999"
write("sdtm/xport-too-many-variables/dm.xpt", bytes(bad))
bad = bytearray(xpt); bad[header + 80 + 4:header + 80 + 6] = b"\x00\x00"
write("sdtm/xport-zero-length-variable/dm.xpt", bytes(bad))
write("sdtm/xport-truncated/dm.xpt", bytes(xpt[:1000]))
bad = bytearray(xpt); bad[header + 80 + 84:header + 80 + 88] = b"\x7f\xff\xff\xff"
write("sdtm/xport-variable-outside/dm.xpt", bytes(bad))
DM = "STUDYID,DOMAIN,USUBJID,SUBJID,RFSTDTC,SITEID,BRTHDTC,SEX,ARMCD\n"
write("sdtm/csv-bad-rfstdtc/dm.csv", DM + "T1,DM,T1-01,01,2026-01-20,S1,1958-07-09,M,A\nT1,DM,T1-02,02,2026-99-20,S1,1958-07-09,F,A\n")
write("sdtm/csv-missing-usubjid/dm.csv", DM.replace("USUBJID,", "") + "T1,DM,01,2026-01-20,S1,1958-07-09,M,A\n")
write("sdtm/csv-duplicate-subject/dm.csv", DM + "T1,DM,T1-01,01,2026-01-20,S1,1958-07-09,M,A\nT1,DM,T1-01,01,2026-01-20,S1,1958-07-09,M,A\n")

# Empty inputs.
write("empty/empty.ndjson", "")
write("empty/whitespace-only.yaml", "\n   \n\n")
write("empty/only-comments.yaml", "# nothing here\n")
