"""Audit patient histories with trialcheck on Apache Spark.

Spark groups the input's lines by patient (it never maps them: see
:mod:`trialcheck_spark.grouping`); each partition's lines are piped, with their original
file and line, into one ``trialcheck audit --tagged-lines --format rows`` process (see
:mod:`trialcheck_spark.runner`), and the rows come back as tables::

    from trialcheck_spark import audit
    result = audit(spark, ["cohort/sdtm"], "NCT07177794.yaml", input_format="sdtm",
                   binary="/opt/trialcheck/bin/trialcheck")
    result.findings.groupBy("check").count().show()
    result.write("out/")       # Parquet tables, the rows, and the usual reports

Every patient's lines are in one partition, so a repeated patient id is rejected by the
audit of that partition exactly as one audit of the whole input rejects it.
"""

import json
import os
import re
import subprocess

from .grouping import FORMATS, UnsupportedInput, input_files, keyed_lines, partition_of
from .runner import TrialcheckTaskError, audit_partition

__all__ = ["audit", "AuditResult", "TrialcheckTaskError", "UnsupportedInput", "FORMATS", "REPORT_FORMATS"]

#: The reports :meth:`AuditResult.write` can render from the rows (``trialcheck merge --format``).
REPORT_FORMATS = ("json", "sarif", "csv", "markdown", "text", "sdtm-dv")


def _schemas():
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    def fields(*names_and_types):
        return StructType([StructField(name, kind, True) for name, kind in names_and_types])

    text, number = StringType(), IntegerType()
    location = [("file", text), ("line", number), ("column", number)]
    findings = fields(("patient", text), ("site", text), ("arm", text), ("check", text), ("status", text),
                      ("severity", text), ("criterion", text), ("message", text), ("date", text),
                      *location, ("evidence", text), ("row", text))
    patients = fields(("patient", text), ("site", text), ("arm", text), *location, ("pass", number),
                      ("deviation", number), ("indeterminate", number), ("not_evaluable", number))
    rejected = fields(("patient", text), *location, ("reason", text), ("row", text))
    return findings, patients, rejected


def _location(row):
    location = row.get("location") or {}
    return location.get("file"), location.get("line"), location.get("column")


def _finding(line):
    row = json.loads(line)
    return (row["patient"], row.get("site"), row.get("arm"), row["check"], row["status"], row["severity"],
            row["criterion"], row["message"], row.get("date"), *_location(row),
            json.dumps(row.get("evidence", []), ensure_ascii=False, sort_keys=True), line)


def _patient(line):
    row = json.loads(line)
    return (row["patient"], row.get("site"), row.get("arm"), *_location(row), row["pass"], row["deviation"],
            row["indeterminate"], row["not-evaluable"])


def _rejection(line):
    row = json.loads(line)
    return (row.get("patient"), *_location(row), row["reason"], line)


def _of_type(kind):
    marker = '{"type":"%s"' % kind
    return lambda line: line.startswith(marker)


class AuditResult:
    """What came of an audit on Spark.

    - ``findings``: one row per finding (patient, site, arm, check, status, severity,
      criterion, message, date, file, line, column, evidence as JSON, and ``row``, the
      finding as trialcheck wrote it);
    - ``patients``: one row per patient audited, with its record's file and line and its
      verdict counts (pass, deviation, indeterminate, not_evaluable);
    - ``rejected``: one row per rejected record (patient if known, file, line, column,
      reason, row);
    - ``rows``: the RDD of trialcheck's rows, one partition per audit (each ending with its
      summary line);
    - ``summary``: the totals (patients, rejected, deviation, indeterminate, not-evaluable,
      patients-with-deviations), summed over the partitions' summary lines;
    - ``diagnostics``: every partition's diagnostics (external plugins that failed, ...).
    """

    def __init__(self, spark, rows, binary, partitions):
        findings_schema, patients_schema, rejected_schema = _schemas()
        self.rows = rows
        self.binary = binary
        self.partitions = partitions
        self.findings = spark.createDataFrame(rows.filter(_of_type("finding")).map(_finding), findings_schema)
        self.patients = spark.createDataFrame(rows.filter(_of_type("patient")).map(_patient), patients_schema)
        self.rejected = spark.createDataFrame(rows.filter(_of_type("rejected")).map(_rejection), rejected_schema)
        # One small line per partition: the totals, not the findings.
        summaries = rows.filter(_of_type("summary")).map(json.loads).map(
            lambda s: (s["summary"], s.get("diagnostics") or [], [i.get("path") for i in s.get("inputs") or []])).collect()
        names = ("patients", "rejected", "deviation", "indeterminate", "not-evaluable", "patients-with-deviations")
        self.summary = {name: sum(s.get(name, 0) for s, _, _ in summaries) for name in names}
        self.diagnostics = [d for _, ds, _ in summaries for d in ds]
        #: The inputs some partition read (an input with no record is read by none).
        self.inputs_read = {path for _, _, paths in summaries for path in paths}

    @property
    def exit_status(self):
        """trialcheck's exit code for this audit with the default ``--fail-on deviation``:
        2 for rejected records or an incomplete audit, 1 for deviations, 0 clean."""
        if self.summary["rejected"] or any(d.get("level") == "error" for d in self.diagnostics):
            return 2
        return 1 if self.summary["deviation"] else 0

    def write(self, folder, reports=("json",), mode="overwrite"):
        """Writes ``findings``, ``patients`` and ``rejected`` as Parquet tables in `folder`,
        the rows as text (``rows/part-*``, one file per partition), and each report format
        of `reports` (``report.json``, ``report.sarif``, ...) rendered from the rows by
        ``trialcheck merge`` on the driver, which reads them from `folder` one partition at a
        time (so `folder` must be on a file system the driver can read: local or mounted).
        Returns the paths of the reports written, by format."""
        self.findings.write.mode(mode).parquet(os.path.join(folder, "findings"))
        self.patients.write.mode(mode).parquet(os.path.join(folder, "patients"))
        self.rejected.write.mode(mode).parquet(os.path.join(folder, "rejected"))
        rows_folder = os.path.join(folder, "rows")
        _save_text(self.rows, rows_folder, mode)
        written = {}
        for report in reports:
            if report not in REPORT_FORMATS:
                raise ValueError("report format '%s': expected one of %s" % (report, ", ".join(REPORT_FORMATS)))
            extension = {"markdown": "md", "text": "txt", "sdtm-dv": "dv.csv"}.get(report, report)
            path = os.path.join(folder, "report." + extension)
            render(self.binary, rows_folder, report, path)
            written[report] = path
        return written


def _save_text(rows, folder, mode):
    """Writes the rows as text, one part file per partition, replacing `folder` if `mode`
    is "overwrite"."""
    import shutil

    if os.path.exists(folder):
        if mode != "overwrite":
            raise FileExistsError(folder)
        shutil.rmtree(folder)
    rows.saveAsTextFile(folder)


def rows_files(folder):
    """The part files of a rows folder that hold rows (empty partitions write empty files)."""
    names = sorted(name for name in os.listdir(folder) if name.startswith("part-"))
    return [os.path.join(folder, name) for name in names if os.path.getsize(os.path.join(folder, name)) > 0]


def render(binary, rows_folder, report_format, path):
    """Renders the report of the rows in `rows_folder` as `report_format` to `path` with
    ``trialcheck merge`` (which checks that every partition's rows end with a summary
    line that counts them). Returns trialcheck's exit code (0, 1 or 2, as the audit's);
    raises :class:`TrialcheckTaskError` if the merge fails."""
    files = rows_files(rows_folder)
    if not files:
        raise TrialcheckTaskError("no rows in %s: nothing was audited" % rows_folder)
    if os.path.exists(path):
        os.remove(path)
    completed = subprocess.run([binary, "merge", "--format", report_format, "--output", path] + files,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if completed.returncode not in (0, 1, 2) or not os.path.exists(path):
        raise TrialcheckTaskError("trialcheck merge exited %d: %s"
                                  % (completed.returncode, completed.stderr.decode("utf-8", "replace").strip()))
    return completed.returncode


def audit(spark, inputs, protocol, input_format="ndjson", binary="trialcheck", partitions=None, extra_args=()):
    """Audits `inputs` (paths as one audit would be given them: NDJSON or CSV files, a FHIR
    Bulk Data folder or NDJSON file, an SDTM folder of CSV datasets) against `protocol`,
    on Spark.

    - `binary` and `protocol` are paths on the executors, absolute or relative to a task's
      working folder (where ``spark-submit --archives trialcheck.tar.gz#tc`` unpacks:
      ``tc/trialcheck``); a file shipped with ``--files`` is also found by its name;
    - `partitions`: how many audits to run (default: twice Spark's default parallelism);
    - `extra_args`: more ``trialcheck audit`` options (``["--data-cutoff", "2026-11-01"]``).

    Raises :class:`UnsupportedInput` for an input that cannot be split by line, or that
    holds no record (blank, or a CSV header alone: one audit stops on it too).

    Returns an :class:`AuditResult`. The partitions are audited before it returns (for the
    totals); the rows are cached, so the tables reuse them (a partition is audited again
    only on a retry, or if the cache was evicted). Raises (a Spark job failure naming
    :class:`TrialcheckTaskError`) if a partition's audit failed more than
    ``spark.task.maxFailures`` times.
    """
    if isinstance(inputs, str):
        inputs = [inputs]
    partitions = partitions or max(2, spark.sparkContext.defaultParallelism * 2)
    files = input_files(spark, list(inputs), input_format)
    try:
        lines, shared = keyed_lines(spark, files, input_format)
        grouped = lines.partitionBy(partitions, lambda key: partition_of(key, partitions))
        rows = grouped.mapPartitionsWithIndex(
            audit_partition(binary, protocol, input_format, shared, extra_args), preservesPartitioning=False)
        from pyspark import StorageLevel

        rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
        result = AuditResult(spark, rows, binary, partitions)
    except Exception as error:
        # A line a task found it cannot group: the job failed with its message inside.
        found = re.search(r"UnsupportedInput: ([^\n]*)", str(error))
        if found is None or isinstance(error, UnsupportedInput):
            raise
        raise UnsupportedInput(found.group(1)) from None
    # One audit stops on an input without a record (a tool error, no report): so does this.
    empty = [path for path in inputs if path not in result.inputs_read]
    if empty:
        rows.unpersist()
        raise UnsupportedInput("%s: the file is empty: no patient records" % empty[0])
    return result
