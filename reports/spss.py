"""An SPSS system file (.sav), written as a stream, with no third-party library.

The layout is the one SPSS has written since version 14 and PSPP documents ("System File
Format"): a 176-byte header, one variable record per 8 bytes of a case (a string of width w
takes ceil(w / 8), a numeric one), value labels, the extension records that name the
machine (little-endian IEEE doubles), the file's encoding (UTF-8, so Chinese labels and
text read back intact), the variables' measurement levels and their long names (names up to
64 bytes; the records carry 8-byte short names V0001…), then the cases, uncompressed. Every
width is known before the first case (`DataColumn.width`), so cases go straight to the file.

A text value is at most 255 bytes here (85 Chinese characters): SPSS's longer strings are
split over several variables, which this writer does not do. A longer value is cut on a
character boundary and the caller counts it (docs/export.md says so; the csv and dta files
keep it whole).

Why our own writer rather than pyreadstat: docs/decisions.md, "Analysts' data export".
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .stata import DataColumn

STR_MAX = 255  # bytes of one SPSS string variable
SYSMIS = -1.7976931348623157e308
HIGHEST = 1.7976931348623157e308
LOWEST = -1.7976931348623155e308
MEASURE = {"nominal": 1, "ordinal": 2, "scale": 3}


def _slots(col: DataColumn) -> int:
    return (_width(col) + 7) // 8 if col.kind == "str" else 1


def _width(col: DataColumn) -> int:
    return min(max(1, col.width), STR_MAX)


def _pad(raw: bytes, unit: int, fill: bytes = b" ") -> bytes:
    return raw + fill * (-len(raw) % unit)


def cut(text: str, size: int) -> bytes:
    """`text` in UTF-8, at most `size` bytes, cut on a character boundary."""
    raw = text.encode("utf-8")
    if len(raw) <= size:
        return raw
    return raw[:size].decode("utf-8", "ignore").encode("utf-8")


def write_sav(f: IO[bytes], columns: Sequence[DataColumn], nrows: int,
              rows: Iterable[Sequence[Any]], *, label: str = "",
              when: dt.datetime | None = None) -> None:
    """Write `nrows` rows (values in column order: str, int, float or None for missing)."""
    when = when or dt.datetime.now()
    short = [f"V{i:04d}" if i < 10000 else f"V{i:07d}" for i in range(1, len(columns) + 1)]
    f.write(b"$FL2" + b"@(#) SPSS DATA FILE Mopai".ljust(60)
            + struct.pack("<iiiii", 2, sum(map(_slots, columns)), 0, 0, nrows)
            + struct.pack("<d", 100.0) + when.strftime("%d %b %y").encode("ascii")
            + when.strftime("%H:%M:%S").encode("ascii") + cut(label, 64).ljust(64) + b"\0" * 3)
    index, at = [], 1  # each variable's dictionary index (1-based, counting continuations)
    for col, name in zip(columns, short, strict=True):
        index.append(at)
        at += _slots(col)
        text = col.kind == "str"
        fmt = (1 << 16 | _width(col) << 8) if text else (
            5 << 16 | 12 << 8 | (2 if col.kind == "double" else 0))
        lab = cut(col.label, 255)
        f.write(struct.pack("<iiiiii", 2, _width(col) if text else 0, 1, 0, fmt, fmt)
                + name.encode("ascii").ljust(8) + struct.pack("<i", len(lab)) + _pad(lab, 4))
        for _ in range(_slots(col) - 1):
            f.write(struct.pack("<iiiiii", 2, -1, 0, 0, 0, 0) + b" " * 8)
    sets: dict[str, list[int]] = {}
    for col, i in zip(columns, index, strict=True):
        if col.labels and col.kind != "str":
            sets.setdefault(col.labels[0], []).append(i)
    by_name = {c.labels[0]: c.labels[1] for c in columns if c.labels}
    for name, members in sets.items():
        labels = by_name[name]
        f.write(struct.pack("<ii", 3, len(labels)))
        for code in sorted(labels):
            text = cut(labels[code], 120)
            f.write(struct.pack("<d", float(code)) + _pad(bytes([len(text)]) + text, 8))
        f.write(struct.pack(f"<ii{len(members)}i", 4, len(members), *members))
    _extension(f, 3, 4, struct.pack("<8i", 20, 0, 0, -1, 1, 1, 2, 65001))
    _extension(f, 4, 8, struct.pack("<3d", SYSMIS, HIGHEST, LOWEST))
    _extension(f, 11, 4, b"".join(
        struct.pack("<3i", MEASURE[c.measure], min(max(8, len(c.name)), 40),
                    0 if c.kind == "str" else 1) for c in columns))
    _extension(f, 13, 1, "\t".join(f"{s}={c.name}" for s, c in zip(short, columns, strict=True)
                                   ).encode("ascii"))
    _extension(f, 20, 1, b"UTF-8")
    f.write(struct.pack("<ii", 999, 0))
    written = 0
    for row in rows:
        f.write(_case(row, columns))
        written += 1
    if written != nrows:
        raise ValueError(f"{written} rows written, {nrows} announced")


def _extension(f: IO[bytes], subtype: int, size: int, data: bytes) -> None:
    f.write(struct.pack("<iiii", 7, subtype, size, len(data) // size) + data)


def _case(row: Sequence[Any], columns: Sequence[DataColumn]) -> bytes:
    out = bytearray()
    for value, col in zip(row, columns, strict=True):
        if col.kind == "str":
            raw = b"" if value is None else cut(str(value), STR_MAX)
            out += raw.ljust(_slots(col) * 8)
        else:
            out += struct.pack("<d", SYSMIS if value is None else float(value))
    return bytes(out)


__all__ = ["STR_MAX", "cut", "write_sav"]
