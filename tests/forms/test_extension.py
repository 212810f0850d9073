"""A county adds a question in Excel: the engine validates it and derives its relevance with no
code change."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from mopai import forms
from mopai.forms.model import Form, QType
from tests.forms.builders import TODAY, child, codes, household, worker

NEW = {"type": "select_one yes_no", "name": "had_skill_training",
       "label::zh_CN": "是否参加过技能培训", "label::en": "Has had skills training",
       "required": "yes", "relevant": "${labour_force}"}


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Form:
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    header = [c.value for c in ws[1]]
    end_repeat = next(r for r in range(2, ws.max_row + 1)
                      if ws.cell(r, header.index("type") + 1).value == "end_repeat")
    ws.insert_rows(end_repeat)
    for column, value in NEW.items():
        ws.cell(end_repeat, header.index(column) + 1, value)
    path = tmp_path_factory.mktemp("county") / "labor_survey_county.xlsx"
    wb.save(path)
    return forms.load_form(path)


def test_the_new_question_is_in_the_model(extended: Form) -> None:
    q = extended.member_fields["had_skill_training"]
    assert q.type is QType.SELECT_ONE and q.required and q.in_repeat
    assert q.label.zh == "是否参加过技能培训" and q.choices is not None
    assert "had_skill_training" in forms.render_markdown(extended)


def test_it_is_required_for_labour_force_members(extended: Form) -> None:
    hh = household(worker(), child())
    found = forms.validate_household(extended, hh, today=TODAY)
    assert [(f.code, f.member_index, f.field) for f in found] == [
        ("required", 0, "had_skill_training")]
    hh["members"][0]["fields"]["had_skill_training"] = "yes"
    assert forms.validate_household(extended, hh, today=TODAY) == []
    hh["members"][0]["fields"]["had_skill_training"] = "maybe"
    assert "invalid_choice" in codes(forms.validate_household(extended, hh, today=TODAY))


def test_its_relevance_is_derived(extended: Form) -> None:
    hh = household(worker(had_skill_training="no"), child(had_skill_training="yes"))
    state = forms.evaluate_household(extended, hh, today=TODAY)
    assert state.is_relevant("had_skill_training", 0)
    assert not state.is_relevant("had_skill_training", 1)
    found = forms.validate_household(extended, hh, today=TODAY)
    assert [(f.code, f.member_index) for f in found] == [("not_relevant", 1)]
    cleaned = forms.clean_household(extended, hh, today=TODAY)
    assert cleaned["members"][0]["fields"]["had_skill_training"] == "no"
    assert "had_skill_training" not in cleaned["members"][1]["fields"]


def test_the_shipped_form_ignores_the_answer(form: Form) -> None:
    # records made with the county's form still validate under the shipped one
    hh = household(worker(had_skill_training="yes"))
    assert forms.validate_household(form, hh, today=TODAY) == []
    assert forms.unknown_answers(form, hh) == {
        f"members.{hh['members'][0]['uuid']}.fields.had_skill_training": "yes"}
