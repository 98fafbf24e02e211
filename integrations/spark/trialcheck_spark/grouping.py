"""Spark's one job: group the input's lines by patient. It never maps them.

Every line of every input file becomes a *tagged line*, the JSON object
``{"input": ..., "file": ..., "line": n, "text": ...}`` that ``trialcheck audit
--tagged-lines`` reads: the original line with its file and line number, so every location
trialcheck reports is the original one. Spark only decides which patient a line belongs
to, to send all of a patient's lines to one partition:

- ``ndjson``: a record by its parsed top-level ``id``, read as trialcheck reads it (text
  without surrounding spaces, or a number as written: ``7`` and ``"7"`` are one patient;
  a line that does not parse, or has no such ``id``, is its own group: trialcheck rejects
  it, located);
- ``csv``: a row by its ``patient_id`` column;
- ``sdtm``: a row of any dataset by its ``USUBJID`` column;
- ``fhir``: a ``Patient`` resource by its id, any other by its ``subject``, ``patient`` or
  ``individual`` reference to a Patient.

Some lines belong to every partition (*shared* lines): CSV and SDTM header lines, and FHIR
resources that reference no patient (a ``Medication`` that statements reference). They are
collected on the driver (they are few) and sent to every partition that has patients.
"""

import bisect
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
                raise UnsupportedInput("%s: a JSON or YAML document (or a FHIR Bundle) is not split by line, only NDJSON (.ndjson, .jsonl); audit it with trialcheck directly, or export it as NDJSON" % path)
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
            if any(low.endswith(".json") for low in lowered):
                raise UnsupportedInput("%s: JSON documents (a FHIR Bundle) are not split by line; give the Bulk Data NDJSON files alone, or audit the folder with trialcheck directly" % path)
            others = [name for name, low in zip(names, lowered) if not low.endswith(".ndjson")]
            if others:
                raise UnsupportedInput("%s: files trialcheck does not read as FHIR Bulk Data (%s), which one audit names in its notes; move them out of the folder, or audit it with trialcheck directly" % (path, ", ".join(others)))
            chosen = names
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


def _ends_inside_quotes(text, separator):
    """Whether a CSV line ends inside a quoted cell (a cell that goes on on the next line),
    read as trialcheck reads it: a quote opens a cell only at the cell's start, and a
    doubled quote inside is a quote."""
    index, length = 0, len(text)
    while index <= length:
        if index < length and text[index] == '"':
            index += 1
            while True:
                if index >= length:
                    return True
                if text[index] == '"':
                    if index + 1 < length and text[index + 1] == '"':
                        index += 2
                        continue
                    index += 1
                    break
                index += 1
        end = text.find(separator, index)
        if end < 0:
            return False
        index = end + 1
    return False


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


def _first_wins(pairs):
    """A JSON object whose repeated keys keep their first value, as trialcheck reads them."""
    members = {}
    for key, value in pairs:
        members.setdefault(key, value)
    return members


def _parse(text):
    """A line's JSON as trialcheck reads it: numbers kept as written (their text is read,
    ``1e2`` is not ``100``), the first of repeated keys; ``None`` if it does not parse."""
    try:
        return json.loads(text, parse_int=str, parse_float=str, object_pairs_hook=_first_wins)
    except ValueError:
        return None


def _text(value, booleans=False):
    """A JSON value's text as trialcheck reads it: a string, or a number as written (and a
    boolean where `booleans`: FHIR reads ``true`` as text), without leading and trailing
    spaces, tabs and line feeds; ``None`` for anything else or an empty text."""
    if booleans and isinstance(value, bool):
        value = "true" if value else "false"
    if not isinstance(value, str):
        return None
    return value.strip(" \t\n\r") or None


def _patient_group(reference):
    """The group of the resources that `reference` (a Patient resource's ``Patient/<id>``,
    or a resource's reference to its patient) names, as trialcheck resolves a reference to
    a patient: the last ``Patient`` segment and the one after it (empty segments left out:
    relative, absolute and versioned references of one patient agree). A reference that
    names no Patient this way (``urn:uuid:...``) is a group of its own: trialcheck resolves
    it only to a Bundle entry's ``fullUrl``, which NDJSON does not have."""
    parts = [part for part in reference.split("/") if part]
    if "Patient" in parts:
        index = len(parts) - 1 - parts[::-1].index("Patient")
        if index + 1 < len(parts):
            return "Patient/%s" % parts[index + 1]
    return "reference:%s" % reference


def _fhir_key(text):
    resource = _parse(text)
    kind = _text(resource.get("resourceType"), booleans=True) if isinstance(resource, dict) else None
    if kind is None:
        return "invalid"
    if kind == "Patient":
        identifier = _text(resource.get("id"), booleans=True)
        return _patient_group("Patient/%s" % identifier) if identifier is not None else "invalid"
    for member in ("subject", "patient", "individual"):
        value = resource.get(member)
        reference = _text(value.get("reference"), booleans=True) if isinstance(value, dict) else None
        if reference is not None:
            return _patient_group(reference)
    return SHARED


def _ndjson_key(text):
    record = _parse(text)
    identifier = _text(record.get("id")) if isinstance(record, dict) else None
    return "id:%s" % identifier if identifier is not None else "invalid"


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
                if _ends_inside_quotes(text, separator):
                    raise UnsupportedInput("%s:%d: a quoted cell goes on on the next line, and lines are grouped one by one here; "
                                           "audit the file with trialcheck directly, or write the cell without a line feed"
                                           % (input_file.file_path, number))
                key = "invalid"
                if column is not None:
                    fields = next(csv.reader([text], delimiter=separator), [])
                    identifier = fields[column].strip(" \t\n\r") if column < len(fields) else ""
                    if identifier:
                        key = "id:%s" % identifier
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
    if input_format == "csv":
        lines = lines.persist()
        lines = with_interleaved_patients_together(lines)
    return lines, sorted(shared)


def _is_patient(key):
    return key.startswith("id:")


def with_interleaved_patients_together(lines):
    """`lines` (keyed CSV lines, in file order) with every patient whose rows are not
    contiguous in a file keyed together with every patient that has a row between its
    first and last rows there, so that their partition sees the rows in between and
    trialcheck rejects the patient exactly as one audit of the file does (it reads a CSV
    file as a stream, one patient's contiguous rows at a time).

    Three passes over the (cached) lines when some patient is split, one otherwise: the
    first and last patient of each split of the files, to tell whether a split's first
    rows go on the block before it; the blocks of rows of each patient in each file (a
    patient with two blocks is split); and the patients with a row inside a split
    patient's span of lines. Rows without a patient id do not end a block (trialcheck
    rejects them alone)."""

    def ends(index, pairs):
        first = last = order = None
        for key, ((line_order, _), _) in pairs:
            if _is_patient(key):
                order, last = line_order, key
                first = key if first is None else first
        if first is not None:
            yield index, order, first, last

    before = {}
    carried_order = carried = None
    for index, order, first, last in sorted(lines.mapPartitionsWithIndex(ends).collect()):
        before[index] = carried if carried_order == order else None
        carried_order, carried = order, last

    def blocks(index, pairs):
        previous = before.get(index)
        block = None
        for key, ((order, number), _) in pairs:
            if not _is_patient(key):
                continue
            if block is not None and block[1] == key:
                block[3] = number
                continue
            if block is not None:
                yield (block[0], block[1]), (block[4], block[2], block[3])
            block = [order, key, number, number, 0 if key == previous else 1]
            previous = None
        if block is not None:
            yield (block[0], block[1]), (block[4], block[2], block[3])

    split = (lines.mapPartitionsWithIndex(blocks)
             .reduceByKey(lambda a, b: (a[0] + b[0], min(a[1], b[1]), max(a[2], b[2])))
             .filter(lambda pair: pair[1][0] > 1).collect())
    if not split:
        return lines

    # The spans of lines of the split patients, merged where they overlap, by file.
    spans = {}
    for (order, _), (_, first, last) in sorted(split, key=lambda pair: (pair[0][0], pair[1][1])):
        merged = spans.setdefault(order, [])
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    starts = {order: [span[0] for span in merged] for order, merged in spans.items()}

    def span_of(pair):
        key, ((order, number), _) = pair
        if not _is_patient(key) or order not in spans:
            return []
        index = bisect.bisect_right(starts[order], number) - 1
        if index >= 0 and number <= spans[order][index][1]:
            return [((order, index), key)]
        return []

    # Each span's patients go together; a patient in two spans (of two files) joins them.
    together = {}

    def root(key):
        while together.get(key, key) != key:
            key = together[key]
        return key

    for span, key in sorted(lines.flatMap(span_of).distinct().collect()):
        together.setdefault(key, key)
        together.setdefault(span, span)
        a, b = root(span), root(key)
        if a != b:
            together[a] = b
    group = {key: "together:%s" % repr(root(key)) for key in together if isinstance(key, str)}
    return lines.map(lambda pair: (group.get(pair[0], pair[0]), pair[1]))


def partition_of(key, partitions):
    """The partition of a patient key: a hash that is the same on every machine and run
    (Python's own string hash is salted per process), so a retried task gets the same lines."""
    return zlib.crc32(key.encode("utf-8")) % partitions
