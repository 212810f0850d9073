from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from mopai import forms
from mopai.forms import FormError, QType, load_form
from mopai.forms.model import Form, Group, Repeat

HEADER = ["type", "name", "label::zh_CN", "label::en", "relevant", "calculation", "required"]


def workbook(path: Path, survey: list[list[Any]], *, choices: list[list[Any]] | None = None,
             settings: list[Any] | None = None, header: list[str] | None = None,
             skip: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(header or HEADER)
    for row in survey:
        ws.append(row)
    if "choices" not in skip:
        cs = wb.create_sheet("choices")
        cs.append(["list_name", "name", "label::zh_CN", "label::en"])
        for row in choices or [["yes_no", "yes", "是", "Yes"], ["yes_no", "no", "否", "No"]]:
            cs.append(row)
    if "settings" not in skip:
        ss = wb.create_sheet("settings")
        ss.append(["form_id", "version", "default_language"])
        ss.append(settings or ["test_form", "1", "zh_CN"])
    wb.save(path)
    return path


def problems(path: Path) -> list[forms.FormProblem]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return caught.value.problems


# -- the shipped form ------------------------------------------------------------------
HOUSEHOLD_FIELDS = ["village_code", "group", "household_no", "address", "phone", "household_type",
                    "monitoring_category", "help_measures", "helper_name", "helper_phone",
                    "survey_date", "survey_method", "surveyor"]
MEMBER_FIELDS = ["name", "id_number", "sex", "birth_date", "age", "relation", "phone", "education",
                 "student_status", "health", "labor_capacity", "employment_status", "work_region",
                 "work_place", "employer", "industry", "job_type", "channel", "start_month",
                 "months_worked", "monthly_income", "post_type", "unemployed_reason", "wants_job",
                 "desired_job", "desired_region", "wants_training", "desired_training",
                 "wants_business", "returned", "return_date", "planned_departure", "transport",
                 "policies"]


def test_shipped_form_has_every_field_of_domain_md(form: Form) -> None:
    assert (form.form_id, form.default_language) == ("labor_survey", "zh_CN")
    assert form.version
    assert [n for n in HOUSEHOLD_FIELDS if n not in form.fields] == []
    assert [n for n in MEMBER_FIELDS if n not in form.member_fields] == []
    assert form.repeat is not None and form.repeat.name == "members"


@pytest.mark.parametrize(("field", "labels"), [
    ("household_type", ["一般农户", "脱贫户", "监测户"]),
    ("labor_capacity", ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"]),
    ("employment_status", ["外出务工", "县内务工", "就业帮扶车间", "公益性岗位", "自主创业",
                           "灵活就业", "务农", "未就业"]),
    ("work_region", ["乡（镇）内", "乡（镇）外县内", "县外省内", "省外", "国外"]),
    ("policies", ["交通补贴", "一次性求职补贴", "岗位补贴", "培训补贴", "创业补贴", "社保补贴", "无"]),
    ("health", ["健康", "长期慢性病", "患有大病", "残疾"]),
])
def test_code_lists_use_the_exact_chinese_strings(form: Form, field: str, labels: list[str]) -> None:
    q = form.fields.get(field) or form.member_fields[field]
    assert q.choices is not None
    assert [c.label.zh for c in q.choices.choices] == labels
    assert all(c.name.isascii() and c.label.en for c in q.choices.choices)


def test_relation_and_industry_lists(form: Form) -> None:
    relation = form.member_fields["relation"].choices
    assert relation is not None and len(relation.choices) == 28
    assert relation.choices[0].label.zh == "户主" and relation.choices[-1].label.zh == "其他"
    industry = form.member_fields["industry"].choices
    assert industry is not None
    assert [c.name for c in industry.choices] == list("ABCDEFGHIJKLMNOPQRST")
    assert industry.label("C") == "制造业" and industry.label("T") == "国际组织"


def test_model_serves_a_renderer(form: Form) -> None:
    top = form.children
    assert isinstance(top[0], Group) and top[0].name == "household"
    assert any(isinstance(item, Repeat) for item in top)
    age = form.member_fields["age"]
    assert age.read_only and age.label.get("en") == "Age" and age.type is QType.INTEGER
    assert form.fields["phone"].appearance == "numbers"
    assert form.member_fields["start_month"].appearance == "month-year"
    assert form.member_fields["phone"] is not form.fields["phone"]


def test_default_form_is_cached_and_path_is_packaged() -> None:
    assert forms.default_form_path().name == "labor_survey.xlsx"
    assert forms.load_default_form() is forms.load_default_form()


# -- accepting what ODK accepts -----------------------------------------------------------
def test_odk_spellings_are_accepted(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [
        ["begin group", "g", "组", "G"],
        ["select one yes_no", "q", "问题", "Q"],
        ["end group"],
        ["begin repeat", "people", "成员", "People"],
        ["integer", "n", "数", "N", "${q} = 'yes'"],
        ["end repeat"],
        ["calculate", "total", "", "", "", "sum(${n})"],
    ])
    form = load_form(path)
    assert form.fields["q"].type is QType.SELECT_ONE
    assert form.member_fields["n"].relevant is not None
    assert form.repeat is not None and form.repeat.name == "people"


def test_header_spellings(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [["text", "a", "甲", "A", "yes"]],
                    header=["Type", "Name", "Label::Chinese (zh_CN)", "label::English (en)",
                            "required"])
    q = load_form(path).fields["a"]
    assert (q.label.zh, q.label.en, q.required) == ("甲", "A", True)


# -- refusing mistakes, all of them, with their rows --------------------------------------
def test_five_different_mistakes_are_all_reported_with_their_rows(tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", [
        ["text", "name", "姓名", "Name"],                          # row 2: fine
        ["textt", "nickname", "小名", "Nickname"],                 # row 3: unknown type
        ["select_one colours", "colour", "颜色", "Colour"],        # row 4: unknown list
        ["integer", "age", "年龄", "Age", "${name} = "],           # row 5: bad expression
        ["text", "note1", "备注", "Note", "${missing} = 1"],       # row 6: missing field
        ["text", "name", "姓名", "Name"],                          # row 7: duplicate name
    ])
    found = problems(path)
    assert [(p.sheet, p.row) for p in found] == [("survey", r) for r in (3, 4, 5, 6, 7)]
    assert [p.column for p in found] == ["type", "type", "relevant", "relevant", "name"]
    text = "\n".join(p.one_line("en") for p in found)
    for fragment in ("unknown type 'textt'", "'colours' is not in the choices sheet",
                     "at character 10", "${missing} refers to a question that does not exist",
                     "already used in row 2"):
        assert fragment in text
    assert all(p.message_zh and p.fix_zh and p.fix_en for p in found)


@pytest.mark.parametrize(("survey", "row", "fragment"), [
    ([["begin_group", "g", "组"], ["text", "a", "甲"]], 2, "never closed"),
    ([["text", "a", "甲"], ["end_group"]], 3, "does not close"),
    ([["begin_repeat", "r", "组"], ["text", "a", "甲"], ["end_group"]], 4, "does not close"),
    ([["text", "1bad", "甲"]], 2, "invalid name"),
    ([["text", "a", ""]], 2, "has no label"),
    ([["calculate", "c"]], 2, "needs a calculation"),
    ([["text", "a", "甲", "", "${b} = 1"], ["text", "b", "乙", "", "${a} = 1"]], 2,
     "circular reference"),
    ([*(["begin_repeat", f"r{i}", "甲"] for i in range(4)), *(["end_repeat"] for _ in range(4))],
     5, "repeats nest more than 3 levels deep"),
    ([["begin_repeat", "r", "甲"], ["integer", "n", "数"], ["end_repeat"],
      ["text", "t", "乙", "", "${n} > 1"]], 5, "use count() or sum()"),
    ([["text", "a", "甲", "", "", "", "maybe("]], 2, "bad expression"),
])
def test_each_kind_of_mistake(tmp_path: Path, survey: list[list[Any]], row: int,
                              fragment: str) -> None:
    found = problems(workbook(tmp_path / "bad.xlsx", survey))
    assert any(p.row == row and fragment in p.message_en for p in found), found


def test_missing_sheets_columns_and_settings(tmp_path: Path) -> None:
    # No settings: pyxform's id (the file's name) and the time the workbook was saved, each
    # with a warning; no choices sheet is needed without a select (decision 44).
    form = load_form(workbook(tmp_path / "a.xlsx", [["text", "a", "甲"]],
                              skip=("settings", "choices")))
    assert form.form_id == "a" and re.fullmatch(r"\d{8}\.\d{4}", form.version)
    assert [(w.sheet, w.column) for w in form.warnings] == [("settings", "form_id"),
                                                            ("settings", "version")]
    assert form.declared == ()
    found = problems(workbook(tmp_path / "b.xlsx", [["a", "甲"]], header=["name", "label"]))
    assert [(p.column, p.row) for p in found] == [("type", 1)]
    form = load_form(workbook(tmp_path / "c.xlsx", [["text", "a", "甲"]], settings=["", ""]))
    assert {w.column for w in form.warnings} == {"form_id", "version"}
    found = problems(workbook(tmp_path / "e.xlsx", [["select_one yes_no", "a", "甲"]],
                              skip=("choices",)))
    assert [p.message_en for p in found] == [
        "the list 'yes_no' is not in the choices sheet (there is no choices sheet)"]
    found = problems(workbook(tmp_path / "d.xlsx", [["text", "a", "甲", "", "yes"]],
                              header=["type", "name", "label", "hint", "requried"]))
    assert any("did you mean 'required'" in p.fix_en for p in found)


def test_choice_mistakes(tmp_path: Path) -> None:
    found = problems(workbook(tmp_path / "a.xlsx", [["select_one yes_no", "a", "甲"]], choices=[
        ["yes_no", "yes", "是"], ["yes_no", "yes", "是的"], ["yes_no", "", "否"],
        ["yes_no", "maybe", ""]]))
    assert [(p.sheet, p.row) for p in found] == [("choices", 3), ("choices", 4)]
    # a choice without a label is shown by its name, with a warning (as pyxform warns)
    form = load_form(workbook(tmp_path / "b.xlsx", [["select_one yes_no", "a", "甲"]], choices=[
        ["yes_no", "yes", "是"], ["yes_no", "maybe", ""]]))
    assert [(w.sheet, w.row) for w in form.warnings] == [("choices", 3)]
    assert form.choice_label("a", "maybe") == "maybe"


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("not excel")
    assert "cannot open" in problems(path)[0].message_en
    assert "not found" in problems(tmp_path / "missing.xlsx")[0].message_en


def test_form_error_presents_like_core_errors(tmp_path: Path) -> None:
    with pytest.raises(FormError) as caught:
        load_form(workbook(tmp_path / "bad.xlsx", [["textt", "a", "甲"]]))
    err = caught.value
    assert err.exit_code == 1 and "1" in err.zh and err.one_line().startswith("错误：")
    assert "survey, row 2, column type" in err.message("en")


def test_choice_filter_limits_the_choices(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", [
        ["select_one region", "region", "地区", "Region", "", "", "yes"],
        ["select_one town", "town", "乡镇", "Town", "", "", "yes", "region = ${region}"],
    ], header=[*HEADER, "choice_filter"], choices=[
        ["region", "east", "东", "East"], ["region", "west", "西", "West"],
        ["town", "t1", "甲镇", "T1", "east"], ["town", "t2", "乙镇", "T2", "west"],
    ])
    import openpyxl
    wb = openpyxl.load_workbook(path)
    wb["choices"]["E1"] = "region"
    wb.save(path)
    form = load_form(path)
    assert form.fields["town"].choices.get("t1").extra == {"region": "east"}
    ok = {"fields": {"region": "east", "town": "t1"}, "members": []}
    bad = {"fields": {"region": "east", "town": "t2"}, "members": []}
    assert "invalid_choice" not in {f.code for f in forms.validate_household(form, ok)}
    assert "invalid_choice" in {f.code for f in forms.validate_household(form, bad)}


def test_choice_filter_only_on_selects(tmp_path: Path) -> None:
    found = problems(workbook(tmp_path / "f.xlsx", [["text", "a", "甲", "", "", "", "", "x = 1"]],
                              header=[*HEADER, "choice_filter"]))
    assert [p.column for p in found] == ["choice_filter"]
