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

import pytest

pyspark = pytest.importorskip("pyspark")

from trialcheck_spark import TrialcheckTaskError, audit, render, rows_files  # noqa: E402

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
