"""Small builders shared by tests (plain functions, no fixtures)."""

from __future__ import annotations

from typing import Any

from mopai.sync.record import new_household, new_member


def household(no: str, *people: tuple[str, str], **fields: Any) -> dict[str, Any]:
    """A draft household with members given as (name, id_number); the first is the head."""
    state = new_household({"household_no": no, **fields}, form_id="labor_survey",
                          form_version="2026.1")
    for i, (name, id_number) in enumerate(people):
        state["members"].append(new_member(
            {"name": name, "id_number": id_number, "relation": "head" if i == 0 else "child"}))
    return state


def zip64_records(path: Any) -> list[str]:
    """Every Zip64 record of a zip file, read from its headers (not guessed from bytes): a
    Zip64 end of central directory or its locator, and Zip64 extra fields (id 1) in the
    central directory and in each local file header. [] for a workbook WPS opens."""
    import struct
    from pathlib import Path

    data = Path(path).read_bytes()
    found = []
    end = data.rfind(b"PK\x05\x06")
    assert end >= 0, f"{path}: no end of central directory"
    if data[end - 20:end - 16] == b"PK\x06\x07":
        found.append("zip64 end of central directory locator")
    if data.find(b"PK\x06\x06", max(0, end - 76), end) >= 0:
        found.append("zip64 end of central directory")
    entries, size, offset = struct.unpack_from("<HII", data, end + 10)
    at = offset
    for _ in range(entries):
        assert data[at:at + 4] == b"PK\x01\x02", f"{path}: central directory at {at}"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        local = struct.unpack_from("<I", data, at + 42)[0]
        name = data[at + 46:at + 46 + name_len].decode("utf-8")
        if _has_zip64(data[at + 46 + name_len:at + 46 + name_len + extra_len]):
            found.append(f"zip64 extra in the central directory: {name}")
        assert data[local:local + 4] == b"PK\x03\x04", f"{path}: local header of {name}"
        l_name, l_extra = struct.unpack_from("<HH", data, local + 26)
        if _has_zip64(data[local + 30 + l_name:local + 30 + l_name + l_extra]):
            found.append(f"zip64 extra in the local header: {name}")
        at += 46 + name_len + extra_len + comment_len
    return found


def _has_zip64(extra: bytes) -> bool:
    import struct

    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        if kind == 1:
            return True
        i += 4 + size
    return False


def sheet_notes(ws) -> list[str]:  # noqa: ANN001 - an openpyxl sheet
    """The 注： lines under a report sheet's table: the first text of each row that starts
    with one (after the repeated key columns when the sheet prints in column groups)."""
    notes = []
    for r in ws.iter_rows(values_only=True):
        text = next((str(v) for v in r if v is not None), "")
        if text.startswith("注："):
            notes.append(text)
    return notes


def table_rows(ws, first: int) -> list[tuple[Any, ...]]:  # noqa: ANN001 - an openpyxl sheet
    """The data rows of a report sheet from row `first`: up to the blank row above the
    signature line (reports/layout.py)."""
    rows = []
    for r in ws.iter_rows(min_row=first, values_only=True):
        if all(v is None for v in r):
            break
        rows.append(r)
    return rows
