"""Workbooks as Excel, WPS and LibreOffice save them are read as pyxform reads them, without
walking the million empty rows a LibreOffice sheet states (bench: form_check_saved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.saved_forms import PROGRAMS, write_form
from mopai import forms
from mopai.forms.sheets import read_workbook
from tests.forms.conformance.xlsforms import accepted, both, pyxform_of

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_form_saved_by_each_program(tmp_path: Path, program: str) -> None:
    path = write_form(tmp_path / f"{program}.xlsx", program, 60)
    pyx, mopai = both(path)
    form = accepted(mopai)
    assert pyx.accepted, pyx.error
    names = [c["name"] for g in pyx.json["children"] if g["name"] != "meta"
             for c in g["children"]]
    assert list(form.fields) == names and len(names) == 60
    assert form.title.get() == pyx.json["title"] == "测速问卷"


def test_a_real_libreoffice_file_with_a_million_row_dimension() -> None:
    """pyxform's own UCL_Biomass_Plot_Form.xlsx: every sheet says A1:AMJ1048576 (choices:
    A1:D1048576) and ends with empty formatted rows at 1,048,573–1,048,576."""
    path = FILES / "UCL_Biomass_Plot_Form.xlsx"
    sheets, problems, _ = read_workbook(path)
    assert problems == []
    pyx = pyxform_of(path)
    assert pyx.accepted
    ours = [(r.get("list_name"), r.get("name")) for r in sheets["choices"].rows]
    theirs = [(name, c["name"]) for name, items in pyx.json["choices"].items() for c in items]
    assert sorted(ours) == sorted(theirs) and len(ours) == 27
    assert sheets["survey"].rows[-1].number < 200
    # what Mopai refuses of it, it refuses for what the form says, not for its size
    with pytest.raises(forms.FormError) as caught:
        forms.load_form(path)
    assert not any("rows" in p.message_en for p in caught.value.problems)
    assert any(p.column == "type" and "GPS" in p.message_en for p in caught.value.problems)


def test_rows_are_read_as_the_file_holds_them(tmp_path: Path) -> None:
    """No empty row is made up between the data and row 1,048,571 (openpyxl's iter_rows
    would make a million; tests/forms/test_upgrade.py: real rows past the limit are refused)."""
    path = write_form(tmp_path / "lo.xlsx", "libreoffice", 3)
    from openpyxl import load_workbook

    from mopai.forms.sheets import _raw_rows

    wb = load_workbook(path, read_only=True, data_only=True)
    numbers = [n for n, _ in _raw_rows(wb["survey"])]
    wb.close()
    assert numbers[-1] == 1_048_576 and len(numbers) < 20
