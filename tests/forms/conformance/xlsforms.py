"""Small XLSForms for the conformance tests, and what pyxform makes of each.

A form is written with openpyxl as a designer types it (``sheets`` maps a sheet's name to its
rows, the header first); ``pyxform_of`` converts it with pyxform's ``xls2xform`` (no ODK
Validate: no Java) and gives pyxform's JSON form and warnings, or its error. The tests hold
Mopai's loader to what pyxform decides: a form pyxform refuses, Mopai refuses; a form pyxform
accepts, Mopai accepts with the same names, types and texts — or refuses what cannot make
sense on a laptop, naming the row, the column and why (docs/forms.md, "XLSForm in Mopai").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from mopai import forms

Rows = list[list[Any]]


def write(path: Path, sheets: dict[str, Rows]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@dataclass
class Pyxform:
    """pyxform's answer: its JSON form and warnings, or the error it raised."""

    json: dict[str, Any] | None
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    xform: str = ""

    @property
    def accepted(self) -> bool:
        return self.json is not None

    def element(self, name: str, within: str = "") -> dict[str, Any]:
        """The survey element of that name, at any depth (inside the element ``within``)."""
        def walk(node: dict[str, Any]) -> dict[str, Any] | None:
            for child in node.get("children", []):
                if child.get("name") == name:
                    return child
                found = walk(child)
                if found is not None:
                    return found
            return None
        assert self.json is not None, self.error
        found = walk(self.element(within) if within else self.json)
        assert found is not None, f"{name} not in pyxform's form"
        return found


def pyxform_of(path: Path) -> Pyxform:
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        result = convert(xlsform=str(path), validate=False, pretty_print=False)
    except PyXFormError as exc:
        return Pyxform(None, error=str(exc))
    return Pyxform(result._pyxform, list(result.warnings), xform=result.xform)


def both(path: Path) -> tuple[Pyxform, forms.Form | forms.FormError]:
    """pyxform's answer and Mopai's (the loaded form, or the FormError)."""
    try:
        mopai: forms.Form | forms.FormError = forms.load_form(path)
    except forms.FormError as exc:
        mopai = exc
    return pyxform_of(path), mopai


def refused(mopai: forms.Form | forms.FormError) -> list[forms.FormProblem]:
    if not isinstance(mopai, forms.FormError):
        pytest.fail(f"Mopai accepted the form: {mopai.summary()}")
    return mopai.problems


def accepted(mopai: forms.Form | forms.FormError) -> forms.Form:
    if isinstance(mopai, forms.FormError):
        pytest.fail("Mopai refused the form:\n" + "\n".join(p.one_line("en") for p in mopai.problems))
    return mopai
