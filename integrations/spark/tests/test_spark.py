"""trialcheck_spark against one audit of the same data, in local mode.

Run from the repository root after `swift build`:
    TRIALCHECK=.build/debug/trialcheck python3 -m pytest integrations/spark/tests
Each format's example input is audited on Spark (3 partitions on local[2,2], which allows
one retry per task) and by one `trialcheck audit`: findings, per-check counts, totals,
rejections (duplicates included) and diagnostics must be the same.
"""

import json
import os
import stat
import subprocess
import sys

import pytest

pyspark = pytest.importorskip("pyspark")

from trialcheck_spark import TrialcheckTaskError, UnsupportedInput, audit, render, rows_files  # noqa: E402
from trialcheck_spark.cli import TOOL_ERROR, main, use_this_python_for_local_workers  # noqa: E402
from trialcheck_spark.grouping import partition_of, with_interleaved_patients_together  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BINARY = os.path.abspath(os.environ.get("TRIALCHECK", os.path.join(ROOT, ".build", "debug", "trialcheck")))
PROTOCOL = "Protocols/NCT07177794.yaml"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.chdir(ROOT)
    session = (SparkSession.builder.master("local[2,2]").appName("trialcheck-spark-test")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def one_audit(inputs, input_format):
    completed = subprocess.run([BINARY, "audit", "--protocol", PROTOCOL, "--input-format", input_format,
                                "--format", "json"] + inputs, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert completed.returncode in (0, 1, 2), completed.stderr.decode()
    return json.loads(completed.stdout), completed.returncode


def canonical(rows):
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def without_type(line):
    row = json.loads(line)
    row.pop("type")
    return row


def compare(spark, tmp_path, inputs, input_format, partitions=3, binary=BINARY, reports=("json",)):
    expected, status = one_audit(inputs, input_format)
    result = audit(spark, inputs, PROTOCOL, input_format=input_format, binary=binary, partitions=partitions)

    findings = [without_type(row.row) for row in result.findings.select("row").collect()]
    assert canonical(findings) == canonical(expected["findings"])
    rejected = [without_type(row.row) for row in result.rejected.select("row").collect()]
    assert canonical(rejected) == canonical(expected["rejected"])
    for name in ("patients", "rejected", "deviation", "indeterminate", "not-evaluable", "patients-with-deviations"):
        assert result.summary[name] == expected["summary"][name], name
    assert result.diagnostics == (expected.get("diagnostics") or [])
    assert result.exit_status == status

    patients = result.patients.collect()
    assert len(patients) == expected["summary"]["patients"]
    assert len({p.patient for p in patients}) == len(patients)
    assert all(p.file and p.line and p.file != "<stdin>" for p in patients)
    assert sum(p.deviation for p in patients) == expected["summary"]["deviation"]
    checks = len(expected["checks"])
    assert all(p["pass"] + p.deviation + p.indeterminate + p.not_evaluable == checks for p in patients)

    if not reports:
        return result
    written = result.write(str(tmp_path / "out"), reports=reports)
    merged = json.load(open(written["json"]))
    for key in ("summary", "checks", "protocol", "tool", "manual"):
        assert merged[key] == expected[key], key
    assert canonical(merged["findings"]) == canonical(expected["findings"])
    assert canonical(merged["rejected"]) == canonical(expected["rejected"])
    assert [entry["path"] for entry in merged["inputs"]] == [entry["path"] for entry in expected["inputs"]]
    assert [entry["patients"] for entry in merged["inputs"]] == [entry["patients"] for entry in expected["inputs"]]
    for report in reports:
        assert os.path.getsize(written[report]) > 0
    assert spark.read.parquet(str(tmp_path / "out" / "findings")).count() == len(expected["findings"])
    return result


def test_ndjson_with_duplicates_and_a_bad_line(spark, tmp_path):
    source = open(os.path.join(ROOT, "Examples/NCT07177794/site-records.ndjson")).read().splitlines()
    # A repeated id in a second file (rejected as one audit rejects it), a line that does
    # not parse, and a record with a nested "id" before its own.
    second = [source[3], "{not json", source[0].replace('{"id"', '{"x": {"id": "nested"}, "id"', 1)]
    path = tmp_path / "more.ndjson"
    path.write_text("\n".join(second) + "\n")
    result = compare(spark, tmp_path, ["Examples/NCT07177794/site-records.ndjson", str(path)], "ndjson")
    reasons = [row.reason for row in result.rejected.collect()]
    assert sum("duplicate id" in reason for reason in reasons) == 2
    assert any(row.file == str(path) and row.line == 2 for row in result.rejected.collect())


def test_csv(spark, tmp_path):
    compare(spark, tmp_path, ["Examples/formats/csv/site-records.csv"], "csv", reports=("json", "sarif", "markdown"))


def test_fhir_bulk_folder(spark, tmp_path):
    compare(spark, tmp_path, ["Examples/formats/fhir"], "fhir")


def test_sdtm_folder(spark, tmp_path):
    compare(spark, tmp_path, ["Examples/formats/sdtm"], "sdtm", partitions=4)


def test_ndjson_ids_read_as_trialcheck_reads_them(spark, tmp_path):
    # A number id is its text as written ("7" and 7 are one patient: the second is a
    # duplicate), an id with spaces around it is trimmed, the first of two "id" keys is the
    # record's (trialcheck rejects the record, located), a Boolean id is no id.
    source = open(os.path.join(ROOT, "Examples/NCT07177794/site-records.ndjson")).read().splitlines()
    record = json.loads(source[0])
    first = tmp_path / "a.ndjson"
    first.write_text(json.dumps(dict(record, id=7)) + "\n" + json.dumps(dict(record, id=" X1 ")) + "\n")
    second = tmp_path / "b.ndjson"
    second.write_text("\n".join([json.dumps(dict(record, id="7")), json.dumps(dict(record, id="X1")),
                                 source[1].replace('{"id"', '{"id":"other","id"', 1),
                                 json.dumps(dict(record, id=True)), json.dumps(dict(record, id=1.0))]) + "\n")
    result = compare(spark, tmp_path, [str(first), str(second)], "ndjson", reports=())
    assert sum("duplicate id" in row.reason for row in result.rejected.collect()) == 2


def interleaved_csv(tmp_path, partitions):
    """The CSV example with the rows of two patients that land in different partitions
    interleaved (the second's rows between two blocks of the first's), and a third patient
    split in three blocks around patients of other partitions."""
    lines = open(os.path.join(ROOT, "Examples/formats/csv/site-records.csv")).read().splitlines()
    header, rows = lines[0], lines[1:]
    order = []
    for row in rows:
        if row.split(",")[0] not in order:
            order.append(row.split(",")[0])
    part = {patient: partition_of("id:" + patient, partitions) for patient in order}
    x = order[0]
    y = next(p for p in order[1:] if part[p] != part[x])
    z = next(p for p in order[1:] if p != y and part[p] != part[y])
    w = next(p for p in order[1:] if p not in (y, z) and part[p] != part[z])
    of = lambda patient: [row for row in rows if row.split(",")[0] == patient]
    rest = [row for row in rows if row.split(",")[0] not in (x, y, z, w)]
    # x: rows 1-2, then y, then x's other rows; z: one row, w, one row, rest..., z's others.
    arranged = (of(x)[:2] + of(y) + of(x)[2:] + of(z)[:1] + of(w) + of(z)[1:2] + rest[:5]
                + of(z)[2:] + rest[5:])
    path = tmp_path / "interleaved.csv"
    path.write_text("\n".join([header] + arranged) + "\n")
    return str(path), (x, z)


def test_csv_patients_whose_rows_are_not_contiguous(spark, tmp_path):
    # Rejected as one audit rejects them, though the rows in between are other partitions'
    # patients; the first split patient's rows are in a second file too (a duplicate there).
    path, split = interleaved_csv(tmp_path, 3)
    lines = open(os.path.join(ROOT, "Examples/formats/csv/site-records.csv")).read().splitlines()
    other = tmp_path / "more.csv"
    other.write_text("\n".join([lines[0]] + [row for row in lines[1:] if row.split(",")[0] == split[0]]) + "\n")
    result = compare(spark, tmp_path, [path, str(other)], "csv", partitions=3, reports=())
    reasons = [row.reason for row in result.rejected.collect()]
    for patient in split:
        assert any("rows of patient '%s' are not contiguous" % patient in reason for reason in reasons), reasons


def test_contiguity_across_the_splits_of_a_file(spark):
    # Rows of one file read in four splits: a block going on across a split boundary is one
    # block; a patient coming back after another's rows is split, and every patient with a
    # row in its span goes with it.
    keys = ["A", "A", "B", "B", "B", "C", "A", "D", "D", "E", "E", "F", "F"]
    pairs = [("id:" + key, (((0, 0), number), "")) for number, key in enumerate(keys, start=2)]
    pairs.insert(3, ("line:f:99", (((0, 0), 99), "")))
    lines = spark.sparkContext.parallelize(pairs, 4)
    grouped = dict((value[0][1], key) for key, value in with_interleaved_patients_together(lines).collect())
    together = {grouped[number] for number, key in enumerate(keys, start=2) if key in "ABC"}
    assert len(together) == 1 and together.pop().startswith("together:")
    assert [grouped[number] for number, key in enumerate(keys, start=2) if key in "DEF"] == \
        ["id:D", "id:D", "id:E", "id:E", "id:F", "id:F"]
    assert grouped[99] == "line:f:99"


def test_fhir_references_grouped_as_trialcheck_resolves_them(spark, tmp_path):
    # A Bulk Data folder whose resources name their patient in every form trialcheck
    # resolves (absolute, versioned, with an empty segment, a number id, spaces), and by
    # urn:uuid (a Bundle fullUrl: NDJSON has none, so one audit and Spark both reject them,
    # grouped by the reference).
    folder = tmp_path / "fhir"
    folder.mkdir()
    source = os.path.join(ROOT, "Examples/formats/fhir")
    forms = ["https://ehr.example/fhir/Patient/{}", "Patient/{}/_history/3", "Patient//{}", " Patient/{} "]
    for name in sorted(os.listdir(source)):
        out = []
        for number, line in enumerate(open(os.path.join(source, name)).read().splitlines()):
            resource = json.loads(line)
            for member in ("subject", "patient"):
                reference = (resource.get(member) or {}).get("reference", "")
                if reference.startswith("Patient/"):
                    patient = reference.split("/", 1)[1]
                    resource[member]["reference"] = forms[number % len(forms)].format(patient)
                    if patient == "BJ-0003" and number % 3 == 0:
                        resource[member]["reference"] = "urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
            out.append(json.dumps(resource))
        if name == "Patient.ndjson":
            out.append('{"resourceType":"Patient","id":42,"gender":"female"}')
            out.append('{"resourceType":"Observation","id":"n42","status":"final","subject":{"reference":"Patient/42"},'
                       '"code":{"text":"wbc"},"effectiveDateTime":"2025-09-24"}')
        (folder / name).write_text("\n".join(out) + "\n")
    result = compare(spark, tmp_path, [str(folder)], "fhir", partitions=4, reports=())
    assert any("urn:uuid:" in row.reason for row in result.rejected.collect())


CSV_LINES = open(os.path.join(ROOT, "Examples/formats/csv/site-records.csv")).read().splitlines()


@pytest.mark.parametrize("name,text,input_format,folder,expected", [
    ("records.json", "[]", "ndjson", True, "not split by line"),
    ("records.yaml", "patients: []\n", "ndjson", True, "not split by line"),
    ("bundle.json", '{"resourceType":"Bundle","entry":[]}', "fhir", True, "not split by line"),
    ("notes.csv", "\n".join(CSV_LINES[:2] + [CSV_LINES[2].replace(",hypertension,", ',"hyper\ntension",')]),
     "csv", False, "notes.csv:3: a quoted cell goes on on the next line"),
])
def test_inputs_not_split_by_line_are_refused_with_a_message(spark, tmp_path, name, text, input_format, folder,
                                                             expected):
    # JSON and YAML documents (and a FHIR Bundle), and a CSV cell holding a line feed, are
    # not split by line: refused, saying what to do, never audited in part; the command
    # line exits 3 (a tool error), no report.
    path = tmp_path / name
    path.write_text(text)
    for inputs in ([str(path)], [str(tmp_path)]) if folder else ([str(path)],):
        with pytest.raises(UnsupportedInput) as raised:
            audit(spark, inputs, PROTOCOL, input_format=input_format, binary=BINARY)
        assert expected in str(raised.value)
    out = tmp_path / "out"
    assert main([str(path), "--input-format", input_format, "--protocol", PROTOCOL, "--binary", BINARY,
                 "--output", str(out)]) == TOOL_ERROR
    assert not out.exists()


def test_an_input_without_records_stops_the_audit_as_one_audit_does(spark, tmp_path):
    # One audit stops with a tool error on a blank file or a CSV header alone: so does Spark.
    header = open(os.path.join(ROOT, "Examples/formats/csv/site-records.csv")).readline()
    cases = [("header.csv", header, "csv", "Examples/formats/csv/site-records.csv"),
             ("blank.ndjson", "\n\n", "ndjson", "Examples/NCT07177794/site-records.ndjson")]
    for name, text, input_format, example in cases:
        path = tmp_path / name
        path.write_text(text)
        completed = subprocess.run([BINARY, "audit", "--protocol", PROTOCOL, "--input-format", input_format,
                                    "--format", "json", example, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert completed.returncode == 2 and b"the file is empty" in completed.stderr
        with pytest.raises(UnsupportedInput) as raised:
            audit(spark, [example, str(path)], PROTOCOL, input_format=input_format, binary=BINARY, partitions=2)
        assert "%s: the file is empty" % path in str(raised.value)


def flaky_binary(tmp_path, behaviour):
    """A wrapper around trialcheck whose first run fails: `exit` (a tool error) or
    `truncate` (the rows stop before the summary line, exit 0)."""
    marker = tmp_path / "failed-once"
    wrapper = tmp_path / "trialcheck-flaky"
    first_run = {
        "exit": 'cat > /dev/null; echo "injected failure" >&2; exit 70',
        "truncate": '"%s" "$@" | head -n 1; exit 0' % BINARY,
    }[behaviour]
    wrapper.write_text('#!/bin/sh\nif mkdir "%s" 2>/dev/null; then\n  %s\nfi\nexec "%s" "$@"\n'
                       % (marker, first_run, BINARY))
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return str(wrapper)


@pytest.mark.parametrize("behaviour", ["exit", "truncate"])
def test_a_failed_task_is_retried_without_lost_or_repeated_rows(spark, tmp_path, behaviour):
    binary = flaky_binary(tmp_path, behaviour)
    compare(spark, tmp_path, ["Examples/formats/csv/site-records.csv"], "csv", binary=binary, reports=())
    assert (tmp_path / "failed-once").exists()


def test_a_tool_error_fails_the_job(spark, tmp_path):
    with pytest.raises(Exception) as raised:
        audit(spark, ["Examples/formats/csv/site-records.csv"], "no-such-protocol.yaml",
              input_format="csv", binary=BINARY, partitions=2)
    assert "TrialcheckTaskError" in str(raised.value)


def test_merge_refuses_rows_without_a_summary(tmp_path):
    rows = tmp_path / "rows"
    rows.mkdir()
    (rows / "part-00000").write_text('{"type":"patient","patient":"A","pass":1,"deviation":0,"indeterminate":0,"not-evaluable":0}\n')
    with pytest.raises(TrialcheckTaskError):
        render(BINARY, str(rows), "json", str(tmp_path / "report.json"))
    assert rows_files(str(rows)) == [str(rows / "part-00000")]


@pytest.mark.parametrize("master, environ, expected", [
    ("local[2]", {}, sys.executable),
    ("local[2]", {"PYSPARK_PYTHON": "/opt/python"}, "/opt/python"),
    ("spark://cluster:7077", {}, None),
    (None, {}, None),
])
def test_local_workers_use_the_interpreter_that_has_the_package(master, environ, expected):
    use_this_python_for_local_workers(master, environ)
    assert environ.get("PYSPARK_PYTHON") == expected
