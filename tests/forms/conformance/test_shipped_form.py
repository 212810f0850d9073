"""The shipped questionnaire is an ordinary XLSForm: pyxform converts it (ODK Validate, which
needs Java, is not run), and what pyxform reads is what Mopai reads."""

from __future__ import annotations

import shutil
from pathlib import Path

from mopai import forms
from tests.forms.conformance.xlsforms import pyxform_of


def test_pyxform_converts_the_shipped_form(tmp_path: Path) -> None:
    path = shutil.copy(forms.default_form_path(), tmp_path / "labor_survey.xlsx")
    pyx = pyxform_of(Path(path))
    assert pyx.accepted, pyx.error
    form = forms.load_default_form()
    assert (pyx.json["id_string"], pyx.json["version"], pyx.json["title"]) == (
        form.form_id, form.version, form.title.get())
    # its one warning: pyxform would like "Chinese (zh)" rather than zh_CN as a language name
    assert [w for w in pyx.warnings if "zh_CN" not in w] == []
    # the ID number is a text question to ODK, Mopai's id_number to Mopai
    id_number = pyx.element("id_number")
    assert id_number["type"] == "text" and id_number["mopai_type"] == "id_number"
    assert form.member_fields["id_number"].type is forms.QType.ID_NUMBER
    # every question Mopai reads, pyxform reads with the same labels
    for q in form.questions():
        element = pyx.element(q.name, "members" if q.in_repeat else "")
        if q.label:
            assert element["label"] == {"zh_CN": q.label.zh, "en": q.label.en}, q.name
    assert '<bind nodeset="/data/members/member_basic/id_number" type="string"' in pyx.xform


def test_the_old_id_number_type_still_loads_with_a_warning(tmp_path: Path) -> None:
    """Households saved under a county's form written the old way stay readable."""
    from openpyxl import load_workbook

    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("name")].value == "id_number":
            row[header.index("type")].value = "id_number"
            row[header.index("mopai_type")].value = None
            number = row[0].row
    wb.save(tmp_path / "old.xlsx")
    form = forms.load_form(tmp_path / "old.xlsx")
    assert form.member_fields["id_number"].type is forms.QType.ID_NUMBER
    assert [(w.row, w.column) for w in form.warnings] == [(number, "type")]
    assert not pyxform_of(tmp_path / "old.xlsx").accepted
