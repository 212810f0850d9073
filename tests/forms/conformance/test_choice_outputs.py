"""``${}`` inside choice labels (issue 19): pyxform writes an ``<output>`` in the choice's
itext and javarosa shows it; Mopai checks each at form check like a question label's (an
unknown name, or one out of reach of a select using the list, is refused naming the choices
row), fills it where the label is shown (``fill_text``, the editor's lists) and in
``jr:choice-name()``'s result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2xform import convert

from mopai import forms
from mopai.forms import FormError, load_form
from mopai.forms.output import fill_text
from tests.forms.conformance.xlsforms import write

TODAY = dt.date(2026, 6, 15)
HEADER = ["type", "name", "label::zh_CN", "label::en", "calculation"]


def _form(path: Path, who_label: str = "${head}的配偶",
          who_en: str = "Spouse of ${head}") -> Path:
    return write(path, {
        "survey": [HEADER,
                   ["text", "head", "户主姓名", "Head"],
                   ["select_one who", "answered_by", "回答人", "Answered by"],
                   ["calculate", "by_name", "", "", "jr:choice-name(${answered_by}, '${answered_by}')"],
                   ["note", "said", "回答人：${answered_by}", "Answered by: ${answered_by}"],
                   ["begin_repeat", "members", "成员", "Members"],
                   ["text", "name", "姓名", "Name"],
                   ["select_one rel", "relation", "与${head}的关系", "Relation to ${head}"],
                   ["calculate", "rel_name", "", "", "jr:choice-name(${relation}, '${relation}')"],
                   ["end_repeat", "members"]],
        "choices": [["list_name", "name", "label::zh_CN", "label::en"],
                    ["who", "head", "户主本人", "The head"],
                    ["who", "spouse", who_label, who_en],
                    ["rel", "child", "${head}的子女（${name}）", "Child of ${head} (${name})"],
                    ["rel", "other", "其他", "Other"]],
        "settings": [["form_id", "version"], ["outputs", "1"]]})


def _household(answered_by: str = "spouse") -> dict[str, Any]:
    return {"uuid": "h1", "form_id": "outputs", "form_version": "1", "status": "draft",
            "fields": {"head": "张三", "answered_by": answered_by},
            "members": [{"uuid": "m1", "fields": {"name": "张小明", "relation": "child"}}]}


def test_pyxform_writes_an_output_in_the_choice_label(tmp_path: Path) -> None:
    xform = convert(xlsform=str(_form(tmp_path / "outputs.xlsx")), validate=False).xform
    assert '<output value=" /data/head "/>的配偶' in xform


def test_jr_choice_name_gives_the_label_with_its_references_filled(tmp_path: Path) -> None:
    form = load_form(_form(tmp_path / "outputs.xlsx"))
    state = forms.evaluate_household(form, _household(), today=TODAY)
    assert state.value("by_name") == "张三的配偶"
    assert state.value("rel_name", 0) == "张三的子女（张小明）"
    english = forms.evaluate_household(form, _household(), today=TODAY, display_language="en")
    assert english.value("by_name") == "Spouse of 张三"
    assert forms.evaluate_household(form, _household("head"), today=TODAY) \
        .value("by_name") == "户主本人"


def test_a_text_showing_the_select_shows_its_label_filled(tmp_path: Path) -> None:
    form = load_form(_form(tmp_path / "outputs.xlsx"))
    state = forms.evaluate_household(form, _household(), today=TODAY)
    assert fill_text(form.fields["said"].label.zh, state) == "回答人：张三的配偶"
    assert fill_text(form.fields["said"].label.en, state, lang="en") == \
        "Answered by: Spouse of 张三"


@pytest.mark.parametrize(("label", "said"), [
    ("${nobody}的配偶", "does not exist"),
    ("${name}的配偶", "name"),                 # a member's answer, from a household select
])
def test_a_reference_out_of_reach_is_refused_naming_the_choices_row(
        tmp_path: Path, label: str, said: str) -> None:
    with pytest.raises(FormError) as err:
        load_form(_form(tmp_path / "bad.xlsx", who_label=label, who_en="Spouse"))
    [problem] = [p for p in err.value.problems if p.sheet == "choices"]
    assert (problem.row, problem.column) == (3, "label")
    assert "spouse" in problem.message_en and "at character 1" in problem.message_en
    assert said in problem.message_zh + problem.message_en


def test_pyxform_refuses_the_unknown_name_too(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="Could not find the name 'nobody'"):
        convert(xlsform=str(_form(tmp_path / "bad.xlsx", who_label="${nobody}的配偶",
                                  who_en="Spouse")), validate=False)


def test_jr_choice_name_is_computed_after_what_its_labels_read(tmp_path: Path) -> None:
    """A calculation showing a choice's label comes before, in the form, the question the
    label reads: the label's ``${}`` counts as read by the calculation, so it is computed
    after it (javarosa's output is evaluated when shown, so ODK shows the filled label)."""
    path = write(tmp_path / "order.xlsx", {
        "survey": [HEADER,
                   ["select_one who", "answered_by", "回答人", "Answered by"],
                   ["calculate", "by_name", "", "", "jr:choice-name(${answered_by}, '${answered_by}')"],
                   ["calculate", "head", "", "", "concat('张', '三')"]],
        "choices": [["list_name", "name", "label::zh_CN", "label::en"],
                    ["who", "spouse", "${head}的配偶", "Spouse of ${head}"]],
        "settings": [["form_id", "version"], ["order", "1"]]})
    form = load_form(path)
    record = {"uuid": "h1", "form_id": "order", "form_version": "1", "status": "draft",
              "fields": {"answered_by": "spouse"}, "members": []}
    assert forms.evaluate_household(form, record, today=TODAY).value("by_name") == "张三的配偶"
