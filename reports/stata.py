"""A Stata 14+ data file (.dta format 118), written as a stream, with no third-party library.

Format 118 is Stata's documented format since Stata 14 (`help dta`): a header with the number
of variables and observations, a map of section offsets, the variables' types, names, display
formats, value-label names and labels (UTF-8), the observations as fixed-width rows, the long
strings (strL) after them, then the value-label tables. Every width is known before the first
row is written (`DataColumn.width`, measured by the caller), so rows go straight to the file;
the map's offsets of the sections after the data are filled in at the end. Long strings (over
2045 bytes) are kept aside, sealed (sync/spill.py), until the data section is done.

Why our own writer rather than pyreadstat: docs/decisions.md, "Analysts' data export".
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from mopai.sync.spill import SealedRecords

STR_MAX = 2045  # bytes of a fixed-width string (str1…str2045); longer ones are strL
STRL = 32768
DOUBLE, LONG, BYTE = 65526, 65528, 65530
MISSING = {DOUBLE: struct.pack("<d", 2.0 ** 1023), LONG: struct.pack("<i", 2147483621),
           BYTE: struct.pack("<b", 101)}
BYTE_MAX, LONG_MAX = 100, 2147483620  # the largest values that are not missing codes
LABEL_CHARS = 80  # a variable label or the data label: 80 characters (UTF-8, 4 bytes each)


@dataclass
class DataColumn:
    """One variable as the statistical writers see it.

    kind: ``str`` (text), ``byte`` (a code or a 0/1 flag, 0…100), ``long`` (a count),
    ``double`` (a number). width: the longest value in bytes (UTF-8) of a text column.
    labels: (label set name, {code: label}) of a coded column."""

    name: str
    label: str
    kind: str
    width: int = 1
    labels: tuple[str, dict[int, str]] | None = None
    measure: str = field(default="nominal")


def _type(col: DataColumn) -> int:
    if col.kind == "str":
        return STRL if col.width > STR_MAX else max(1, col.width)
    return {"byte": BYTE, "long": LONG, "double": DOUBLE}[col.kind]


def _fmt(col: DataColumn, code: int) -> str:
    if col.kind == "str":
        return "%9s" if code == STRL else f"%{min(max(1, col.width), 2045)}s"
    return "%10.0g" if code == DOUBLE else "%9.0g"


def _fixed(text: str, size: int) -> bytes:
    """`text` in UTF-8, cut to `size - 1` bytes on a character boundary, null padded."""
    raw = text.encode("utf-8")[:size - 1]
    return raw.decode("utf-8", "ignore").encode("utf-8").ljust(size, b"\0")


def _label(text: str) -> str:
    return text[:LABEL_CHARS]


class _Tag:
    def __init__(self, f: IO[bytes]) -> None:
        self.f = f

    def __call__(self, name: str, body: bytes = b"") -> None:
        self.f.write(f"<{name}>".encode() + body + f"</{name}>".encode())


def write_dta(f: IO[bytes], columns: Sequence[DataColumn], nrows: int,
              rows: Iterable[Sequence[Any]], *, label: str = "",
              when: dt.datetime | None = None) -> None:
    """Write `nrows` rows (values in column order: str, int, float or None for missing) to
    the binary file `f`, which must be seekable (the map is filled in at the end)."""
    if len(columns) > 32767:
        raise ValueError("Stata 14 takes at most 32,767 variables")
    tag = _Tag(f)
    types = [_type(c) for c in columns]
    when = when or dt.datetime.now()
    stamp = f"{when.day:2d} {when:%b %Y %H:%M}".encode("ascii")
    data_label = _label(label).encode("utf-8")
    offsets = [0] * 14
    f.write(b"<stata_dta><header>")
    tag("release", b"118")
    tag("byteorder", b"LSF")
    tag("K", struct.pack("<H", len(columns)))
    tag("N", struct.pack("<Q", nrows))
    tag("label", struct.pack("<H", len(data_label)) + data_label)
    tag("timestamp", struct.pack("<B", len(stamp)) + stamp)
    f.write(b"</header>")
    offsets[1] = f.tell()
    tag("map", b"\0" * 8 * 14)  # filled in at the end
    offsets[2] = f.tell()
    tag("variable_types", b"".join(struct.pack("<H", t) for t in types))
    offsets[3] = f.tell()
    tag("varnames", b"".join(_fixed(c.name, 129) for c in columns))
    offsets[4] = f.tell()
    tag("sortlist", b"\0\0" * (len(columns) + 1))
    offsets[5] = f.tell()
    tag("formats", b"".join(_fixed(_fmt(c, t), 57) for c, t in zip(columns, types, strict=True)))
    offsets[6] = f.tell()
    tag("value_label_names", b"".join(_fixed(c.labels[0] if c.labels else "", 129)
                                      for c in columns))
    offsets[7] = f.tell()
    tag("variable_labels", b"".join(_fixed(_label(c.label), 321) for c in columns))
    offsets[8] = f.tell()
    tag("characteristics")
    offsets[9] = f.tell()
    long_strings = SealedRecords()
    try:
        f.write(b"<data>")
        written = 0
        for obs, row in enumerate(rows, start=1):
            f.write(_row(row, columns, types, obs, long_strings))
            written += 1
        if written != nrows:
            raise ValueError(f"{written} rows written, {nrows} announced")
        f.write(b"</data>")
        offsets[10] = f.tell()
        f.write(b"<strls>")
        for n in range(len(long_strings)):
            f.write(long_strings[n])
        f.write(b"</strls>")
    finally:
        long_strings.close()
    offsets[11] = f.tell()
    f.write(b"<value_labels>")
    seen: set[str] = set()
    for c in columns:
        if c.labels and c.labels[0] not in seen:
            seen.add(c.labels[0])
            f.write(_value_labels(*c.labels))
    f.write(b"</value_labels>")
    offsets[12] = f.tell()
    f.write(b"</stata_dta>")
    offsets[13] = f.tell()
    f.seek(offsets[1] + len(b"<map>"))
    f.write(b"".join(struct.pack("<Q", o) for o in offsets))
    f.seek(offsets[13])


def _row(row: Sequence[Any], columns: Sequence[DataColumn], types: list[int], obs: int,
         long_strings: SealedRecords) -> bytes:
    out = bytearray()
    for var, (value, t) in enumerate(zip(row, types, strict=True), start=1):
        if t == STRL:
            if value is None or value == "":
                out += b"\0" * 8
                continue
            text = str(value).encode("utf-8") + b"\0"
            # (v, o): the variable (2 bytes) and the observation (6 bytes) it belongs to
            out += struct.pack("<H", var) + struct.pack("<Q", obs)[:6]
            long_strings.append(b"GSO" + struct.pack("<IQBI", var, obs, 130, len(text)) + text)
        elif t <= STR_MAX:
            raw = b"" if value is None else str(value).encode("utf-8")
            out += raw[:t].ljust(t, b"\0")
        elif value is None:
            out += MISSING[t]
        elif t == DOUBLE:
            out += struct.pack("<d", float(value))
        elif t == LONG:
            v = int(value)
            out += struct.pack("<i", v) if -LONG_MAX <= v <= LONG_MAX else MISSING[t]
        else:
            v = int(value)
            out += struct.pack("<b", v) if -127 <= v <= BYTE_MAX else MISSING[t]
    return bytes(out)


def _value_labels(name: str, labels: dict[int, str]) -> bytes:
    codes = sorted(labels)
    texts = [labels[c].encode("utf-8")[:32000] + b"\0" for c in codes]
    offs, at = [], 0
    for t in texts:
        offs.append(at)
        at += len(t)
    table = (struct.pack("<ii", len(codes), at) + struct.pack(f"<{len(codes)}i", *offs)
             + struct.pack(f"<{len(codes)}i", *codes) + b"".join(texts))
    return (b"<lbl>" + struct.pack("<i", len(table)) + _fixed(name, 129) + b"\0\0\0" + table
            + b"</lbl>")


__all__ = ["STR_MAX", "DataColumn", "write_dta"]
