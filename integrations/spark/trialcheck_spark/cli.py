"""``python -m trialcheck_spark`` or ``spark-submit .../trialcheck_spark/cli.py``: audit
inputs on Spark and write the tables and reports to a folder.

Exit codes: trialcheck's for the audit (0 clean, 1 deviations, 2 rejected records or an
incomplete audit), and 3 for a tool error: the audit did not finish (a task failed more
than ``spark.task.maxFailures`` times, trialcheck could not run, an input cannot be split),
in which case no report is written.
"""

import argparse
import os
import sys

TOOL_ERROR = 3


def parse(arguments):
    from . import FORMATS, REPORT_FORMATS

    parser = argparse.ArgumentParser(prog="trialcheck_spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="input files or folders, as one audit would be given them")
    parser.add_argument("--protocol", "-p", required=True, help="protocol file (a path on the executors) or built-in name")
    parser.add_argument("--input-format", choices=FORMATS, required=True)
    parser.add_argument("--output", "-o", required=True, help="folder for the Parquet tables, the rows and the reports")
    parser.add_argument("--report", action="append", choices=REPORT_FORMATS,
                        help="a report to render from the rows (repeatable; default json)")
    parser.add_argument("--binary", default="trialcheck", help="the trialcheck binary (a path on the executors)")
    parser.add_argument("--partitions", type=int, help="audits to run (default: twice the default parallelism)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit (local[2])")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting for a session this command starts (repeatable): --conf spark.driver.memory=2g")
    parser.add_argument("--audit-option", action="append", default=[], metavar="OPTION",
                        help="an extra 'trialcheck audit' argument (repeatable): --audit-option=--data-cutoff=2026-11-01")
    return parser.parse_args(arguments)


def use_this_python_for_local_workers(master, environ):
    """In local mode, Python workers run on this machine: unless PYSPARK_PYTHON says
    otherwise, they use this interpreter (the one that has pyspark and this package) rather
    than whatever `python3` the PATH finds, which may lack both."""
    if master and master.startswith("local") and not environ.get("PYSPARK_PYTHON"):
        environ["PYSPARK_PYTHON"] = sys.executable


def main(arguments=None):
    args = parse(sys.argv[1:] if arguments is None else arguments)
    use_this_python_for_local_workers(args.master, os.environ)
    from pyspark.sql import SparkSession

    from . import TrialcheckTaskError, UnsupportedInput, audit

    # A session already running (a notebook's, a test's) is used and left running.
    running = SparkSession.getActiveSession()
    builder = SparkSession.builder.appName("trialcheck-spark")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = running or builder.getOrCreate()
    try:
        result = audit(spark, args.inputs, args.protocol, input_format=args.input_format, binary=args.binary,
                       partitions=args.partitions, extra_args=args.audit_option)
        written = result.write(args.output, reports=args.report or ["json"])
    except (TrialcheckTaskError, UnsupportedInput, FileNotFoundError) as error:
        sys.stderr.write("trialcheck-spark: error: %s\n" % error)
        return TOOL_ERROR
    except Exception as error:  # a Spark job that failed (a task failed too often)
        sys.stderr.write("trialcheck-spark: error: the audit did not finish: %s\n" % str(error).splitlines()[0])
        return TOOL_ERROR
    finally:
        if running is None:
            spark.stop()
    summary = result.summary
    sys.stderr.write("trialcheck-spark: %d patients audited, %d rejected, %d deviations, %d indeterminate, "
                     "%d not evaluable (%d partitions); reports: %s\n"
                     % (summary["patients"], summary["rejected"], summary["deviation"], summary["indeterminate"],
                        summary["not-evaluable"], result.partitions, ", ".join(written.values())))
    return result.exit_status


if __name__ == "__main__":
    sys.exit(main())
