"""One partition, one trialcheck process: the tagged lines in, the rows out.

The partition's lines are sorted into the order one audit reads them (inputs in the order
given, a folder's files by name, lines by number), so the same partition always gives the
same rows: a retried task writes exactly what the failed attempt would have.

A task succeeds only when trialcheck's rows end with a summary line whose counts match the
rows before it. Exit codes 0 (clean), 1 (findings) and 2 (rejected records, or an
incomplete audit) with a valid summary are outcomes of the audit, carried in the rows; any
other exit code, or a missing or short summary, is a tool error: the task raises
:class:`TrialcheckTaskError` and Spark retries it (``spark.task.maxFailures``).
"""

import json
import os
import subprocess
import threading

#: Exit codes that are outcomes of an audit (its rows say what came of it).
AUDIT_OUTCOMES = (0, 1, 2)

class TrialcheckTaskError(RuntimeError):
    """trialcheck did not finish a partition's audit: no valid summary line (a crash, a
    tool error such as a missing protocol, or a killed process)."""


def command(binary, protocol, input_format, extra_args=()):
    """The trialcheck command line that audits one partition's tagged lines."""
    return [binary, "audit", "--protocol", protocol, "--tagged-lines", "--input-format", input_format,
            "--format", "rows", "--jobs", "1", "--color", "never"] + list(extra_args) + ["-"]


def check_rows(lines):
    """Raises :class:`TrialcheckTaskError` unless `lines` (rows, without line feeds) end with
    a summary whose counts match the rows before it."""
    if not lines:
        raise TrialcheckTaskError("trialcheck wrote no rows (no summary line)")
    try:
        summary = json.loads(lines[-1])
    except ValueError:
        raise TrialcheckTaskError("the last row is not JSON: the rows end before the summary line")
    if not isinstance(summary, dict) or summary.get("type") != "summary" or not isinstance(summary.get("rows"), dict):
        raise TrialcheckTaskError("the rows do not end with a summary line")
    counts = {"patient": 0, "finding": 0, "rejected": 0}
    for line in lines[:-1]:
        kind = json.loads(line).get("type")
        if kind not in counts:
            raise TrialcheckTaskError("a row of unknown type %r before the summary" % kind)
        counts[kind] += 1
    expected = summary["rows"]
    found = {"patients": counts["patient"], "findings": counts["finding"], "rejected": counts["rejected"]}
    if any(expected.get(name) != found[name] for name in found):
        raise TrialcheckTaskError("the summary counts %s rows but %s came before it" % (expected, found))


def resolve(path):
    """`path` on this executor: as given if it exists (absolute, or relative to the task's
    working folder, where ``--archives`` unpack), else a file shipped with ``--files``."""
    if os.path.exists(path):
        return os.path.abspath(path)
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get(os.path.basename(path))
    except Exception:
        return path
    return shipped if os.path.exists(shipped) else path


def audit_partition(binary, protocol, input_format, shared, extra_args=()):
    """A function for ``mapPartitionsWithIndex``: (index, lines of (key, (sort key,
    tagged line))) to trialcheck's rows, as text lines. `shared` lines ((sort key, tagged
    line) pairs) are added to each partition that has lines of their input."""

    def run(partition, pairs):
        lines = sorted(value for _, value in pairs)
        if not lines:
            return
        # The shared lines (a CSV file's header, a Medication) of the inputs this
        # partition has lines of: an input is read only where it has a patient.
        inputs = {order[0] for (order, _), _ in lines}
        stream = sorted([line for line in shared if line[0][0][0] in inputs] + lines)
        process = subprocess.Popen(command(resolve(binary), resolve(protocol), input_format, extra_args),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        errors = []

        def feed():
            try:
                for _, text in stream:
                    process.stdin.write(text.encode("utf-8") + b"\n")
                process.stdin.close()
            except BrokenPipeError:
                pass

        def drain_errors():
            # Keep the last 50 lines of standard error, for the task's error message.
            for line in process.stderr:
                errors.append(line.decode("utf-8", "replace").rstrip("\n"))
                del errors[:-50]

        threads = [threading.Thread(target=feed), threading.Thread(target=drain_errors)]
        for thread in threads:
            thread.start()
        rows = [line.decode("utf-8").rstrip("\n") for line in process.stdout]
        for thread in threads:
            thread.join()
        status = process.wait()
        try:
            if status not in AUDIT_OUTCOMES:
                raise TrialcheckTaskError("trialcheck exited %d" % status)
            check_rows(rows)
        except TrialcheckTaskError as error:
            raise TrialcheckTaskError("partition %d: %s; trialcheck's standard error:\n%s"
                                      % (partition, error, "\n".join(errors))) from None
        for row in rows:
            yield row

    return run
