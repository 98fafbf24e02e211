"""Spark's one job: group the input's lines by patient. It never maps them.

Every line of every input file becomes a *tagged line*, the JSON object
``{"input": ..., "file": ..., "line": n, "text": ...}`` that ``trialcheck audit
--tagged-lines`` reads: the original line with its file and line number, so every location
trialcheck reports is the original one. Spark only decides which patient a line belongs
to, to send all of a patient's lines to one partition:

- ``ndjson``: a record by its parsed top-level ``id`` (a line that does not parse, or has
  no text ``id``, is its own group: trialcheck rejects it, located);
- ``csv``: a row by its ``patient_id`` column;
- ``sdtm``: a row of any dataset by its ``USUBJID`` column;
- ``fhir``: a ``Patient`` resource by its id, any other by its ``subject``, ``patient`` or
  ``individual`` reference to a Patient.

Some lines belong to every partition (*shared* lines): CSV and SDTM header lines, and FHIR
resources that reference no patient (a ``Medication`` that statements reference). They are
collected on the driver (they are few) and sent to every partition that has patients.
"""

import csv
import json
import zlib

FORMATS = ("ndjson", "csv", "fhir", "sdtm")

#: The key of a line that belongs to every partition.
SHARED = None


class InputFile:
    """One file to read: the input it belongs to (as given), its name in locations, and
    its position in the audit's order (inputs in the order given, a folder's files by name)."""

    def __init__(self, input_path, file_path, input_index, file_index):
        self.input_path = input_path
        self.file_path = file_path
        self.input_index = input_index
        self.file_index = file_index


class UnsupportedInput(ValueError):
    """An input this integration cannot split by line (say why, and what to do instead)."""


def _join(folder, name):
    return folder + name if folder.endswith("/") else folder + "/" + name


def _listing(spark, path):
    """(is_folder, sorted non-hidden file names) of `path`, through Hadoop (any file system)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(conf)
    if not fs.exists(hpath):
        raise FileNotFoundError("%s: no such file or folder" % path)
    if not fs.getFileStatus(hpath).isDirectory():
        return False, []
    names = [status.getPath().getName() for status in fs.listStatus(hpath) if status.isFile()]
    return True, sorted(name for name in names if not name.startswith("."))


def input_files(spark, inputs, input_format):
    """The files to read, in the order one audit reads them."""
    if input_format not in FORMATS:
        raise UnsupportedInput("input format '%s': expected one of %s" % (input_format, ", ".join(FORMATS)))
    files = []
    for input_index, path in enumerate(inputs):
        is_folder, names = _listing(spark, path)
        if not is_folder:
            lowered = path.lower()
            if input_format == "sdtm":
                raise UnsupportedInput("%s: SDTM is read from a folder of datasets (dm.csv, ae.csv, ...); give the folder" % path)
            if input_format in ("ndjson", "fhir") and not lowered.endswith((".ndjson", ".jsonl")):
                raise UnsupportedInput("%s: only NDJSON (.ndjson, .jsonl) is split by line; audit a JSON or YAML document (or a FHIR Bundle) with trialcheck directly, or export it as NDJSON" % path)
            files.append(InputFile(path, path, input_index, 0))
            continue
        if input_format == "csv":
            raise UnsupportedInput("%s: a folder is not read as CSV; give the CSV files" % path)
        lowered = [name.lower() for name in names]
        if input_format == "sdtm":
            if any(name.endswith(".xpt") for name in lowered):
                raise UnsupportedInput("%s: SAS XPORT datasets (.xpt) are not split by line; convert them to CSV, or audit the folder with trialcheck directly" % path)
            chosen = [name for name, low in zip(names, lowered) if low.endswith(".csv")]
        elif input_format == "fhir":
            chosen = [name for name, low in zip(names, lowered) if low.endswith(".ndjson")]
        else:
            if any(low.endswith((".json", ".yaml", ".yml")) for low in lowered):
                raise UnsupportedInput("%s: JSON and YAML documents are not split by line; give NDJSON files, or audit the folder with trialcheck directly" % path)
            chosen = [name for name, low in zip(names, lowered) if low.endswith((".ndjson", ".jsonl"))]
        if not chosen:
            raise UnsupportedInput("%s: the folder holds no %s files" % (path, "CSV" if input_format == "sdtm" else "NDJSON"))
        for file_index, name in enumerate(chosen):
            files.append(InputFile(path, _join(path, name), input_index, file_index))
    return files


def tagged(input_file, number, text):
    """The tagged line trialcheck reads for line `number` of `input_file`."""
    return json.dumps({"input": input_file.input_path, "file": input_file.file_path, "line": number, "text": text},
                      ensure_ascii=False, separators=(",", ":"))


def _is_blank(text):
    return not text.strip(" \t\r")


def _separator(header):
    """The CSV separator trialcheck detects from a header line: ';' when it holds more ';'
    than ',' outside double quotes, else ','."""
    commas = semicolons = 0
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == ",":
            commas += 1
        elif not quoted and char == ";":
            semicolons += 1
    return ";" if semicolons > commas else ","


def _column(header, separator, name):
    """The index of column `name` (case-insensitive, padding and a BOM ignored), or None."""
    fields = next(csv.reader([header], delimiter=separator), [])
    for index, field in enumerate(fields):
        if field.strip().strip("\ufeff").strip().lower() == name:
            return index
    return None


def _header_line(spark, file_path):
    """(line number, text) of the first non-blank line of a CSV file: its header."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    hpath = jvm.org.apache.hadoop.fs.Path(file_path)
    stream = hpath.getFileSystem(conf).open(hpath)
    reader = jvm.java.io.BufferedReader(jvm.java.io.InputStreamReader(stream, "UTF-8"))
    try:
        number = 0
        while True:
            line = reader.readLine()
            if line is None:
                return None
            number += 1
            if not _is_blank(line):
                return number, line
    finally:
        reader.close()


def _fhir_key(text):
    try:
        resource = json.loads(text)
    except ValueError:
        return "invalid"
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return "invalid"
    if resource["resourceType"] == "Patient":
        return "Patient/%s" % resource.get("id") if isinstance(resource.get("id"), str) else "invalid"
    for member in ("subject", "patient", "individual"):
        value = resource.get(member)
        reference = value.get("reference") if isinstance(value, dict) else None
        if isinstance(reference, str):
            parts = reference.split("/")
            if "_history" in parts:
                parts = parts[:parts.index("_history")]
            if "Patient" in parts[:-1]:
                index = len(parts) - 1 - parts[::-1].index("Patient")
                if index + 1 < len(parts):
                    return "Patient/%s" % parts[index + 1]
            return "reference:%s" % reference
    return SHARED


def _ndjson_key(text):
    try:
        record = json.loads(text)
    except ValueError:
        return "invalid"
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return "id:%s" % record["id"]
    return "invalid"


def keyed_lines(spark, files, input_format):
    """An RDD of (patient key, (sort key, tagged line)) over every line of `files`, and
    the list of shared (sort key, tagged line) pairs, collected on the driver.

    A line whose patient cannot be told is keyed by its own place (file and line), so it
    is audited (and rejected, located) alone. Blank lines are left out (trialcheck skips them)."""
    sc = spark.sparkContext
    shared = []
    rdds = []
    for input_file in files:
        order = (input_file.input_index, input_file.file_index)
        if input_format in ("csv", "sdtm"):
            header = _header_line(spark, input_file.file_path)
            if header is None:
                raise UnsupportedInput("%s: the file is empty: no patient records" % input_file.file_path)
            header_number, header_text = header
            separator = _separator(header_text)
            column = _column(header_text, separator, "patient_id" if input_format == "csv" else "usubjid")
            shared.append(((order, header_number), tagged(input_file, header_number, header_text)))
        else:
            header_number, separator, column = 0, None, None

        def key_of(pair, input_file=input_file, order=order, header_number=header_number,
                   separator=separator, column=column):
            text, index = pair
            number = index + 1
            if number <= header_number or _is_blank(text):
                return []
            if input_format == "ndjson":
                key = _ndjson_key(text)
            elif input_format == "fhir":
                key = _fhir_key(text)
            else:
                key = "invalid"
                if column is not None:
                    fields = next(csv.reader([text], delimiter=separator), [])
                    if column < len(fields) and fields[column].strip():
                        key = "id:%s" % fields[column].strip()
            if key == "invalid":
                key = "line:%s:%d" % (input_file.file_path, number)
            return [(key, ((order, number), tagged(input_file, number, text)))]

        # One split per file block (not two per small file), so that numbering the lines
        # (zipWithIndex) needs no job of its own for files smaller than a block.
        rdds.append(sc.textFile(input_file.file_path, minPartitions=1).zipWithIndex().flatMap(key_of))
    lines = sc.union(rdds) if rdds else sc.emptyRDD()
    if input_format == "fhir":
        lines = lines.persist()
        shared += lines.filter(lambda pair: pair[0] is SHARED).values().collect()
        lines = lines.filter(lambda pair: pair[0] is not SHARED)
    return lines, sorted(shared)


def partition_of(key, partitions):
    """The partition of a patient key: a hash that is the same on every machine and run
    (Python's own string hash is salted per process), so a retried task gets the same lines."""
    return zlib.crc32(key.encode("utf-8")) % partitions
