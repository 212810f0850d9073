"""The names the shipped workbooks are kept under without being loaded (forms/resources.py
`SHIPPED_NAMES`) are the names they give themselves."""

from __future__ import annotations

from mopai import forms
from mopai.forms.resources import DEFAULT_FORM, EARLIER_FORMS
from mopai.sync import formbook


def test_every_shipped_workbook_is_named_as_it_names_itself() -> None:
    paths = [*forms.earlier_form_paths(), forms.default_form_path()]
    assert sorted(forms.SHIPPED_NAMES) == sorted([*EARLIER_FORMS, DEFAULT_FORM])
    for path, ref in zip(paths, formbook.shipped(), strict=True):
        form = forms.load_form(path)
        assert forms.SHIPPED_NAMES[path.name] == (form.form_id, form.version), path.name
        assert (ref.form_id, ref.version, ref.content) == (form.form_id, form.version,
                                                           path.read_bytes())
    assert formbook.builtin() == formbook.shipped()[-1]
