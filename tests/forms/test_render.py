from __future__ import annotations

from pathlib import Path

from mopai import forms
from mopai.forms.model import Form


def test_committed_text_equals_the_rendering_of_the_committed_workbook(form: Form) -> None:
    committed = forms.default_form_path().with_suffix(".md").read_text(encoding="utf-8")
    assert committed == forms.render_markdown(form), (
        "forms/labor_survey.md is stale: run `python -m mopai.forms.render`")


def test_rendering_shows_logic_lists_and_rules(form: Form) -> None:
    text = forms.render_markdown(form)
    assert text.startswith("# 农村劳动力摸底调查表")
    assert "| relation | 与户主关系<br>Relation to the head |" in text
    assert "`${is_student} = 'no'`" in text
    assert "| 2_01_011 | error | member `labor_capacity` |" in text
    assert "| workplace_months | error | member `work_place` (required) |" in text
    assert "| out_of_province | 省外 | Outside the province |" in text


def test_render_command_writes_the_file(tmp_path: Path) -> None:
    from mopai.forms.render import main

    out = tmp_path / "form.md"
    assert main([str(forms.default_form_path()), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == forms.render_markdown(forms.load_default_form())
