"""A county's new form: renames declared in `renamed_from` and checked by the loader, versions
that order, workbooks of hostile size refused, and a record of an older version read under
the new form (forms/upgrade.py)."""

from __future__ import annotations

import copy
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mopai import forms
from mopai.forms import FormError, load_form
from mopai.forms.sheets import MAX_ROWS, MAX_UNPACKED_BYTES, MAX_WORKBOOK_BYTES
from tests.formfiles import edited_form
from tests.forms.builders import TODAY, household, worker
from tests.forms.test_loader import workbook


def problems(source: Any) -> list[forms.FormProblem]:
    with pytest.raises(FormError) as caught:
        load_form(source)
    return caught.value.problems


@pytest.fixture(scope="module")
def new_form(tmp_path_factory: pytest.TempPathFactory) -> forms.Form:
    return load_form(edited_form(tmp_path_factory.mktemp("form") / "2026.2.xlsx"))


# -- declaring renames ---------------------------------------------------------------------
HEADER = ["type", "name", "label::zh_CN", "renamed_from"]


def test_renamed_from_is_read_with_every_earlier_name(tmp_path: Path) -> None:
    form = load_form(workbook(tmp_path / "f.xlsx", [
        ["text", "home", "住址", "address addr_old"],
        ["begin_repeat", "members", "成员", ""],
        ["text", "workplace", "工作地点", "work_place"],
        ["end_repeat", "", "", ""]], header=HEADER))
    assert form.fields["home"].renamed_from == ("address", "addr_old")
    assert form.member_fields["workplace"].renamed_from == ("work_place",)


@pytest.mark.parametrize(("survey", "row", "fragment"), [
    ([["text", "home", "住址", "2bad"]], 2, "invalid earlier name '2bad'"),
    ([["text", "home", "住址", "home"]], 2, "is the question's own name"),
    ([["text", "home", "住址", "phone"], ["text", "phone", "电话", ""]], 2,
     "is still the name of the question in row 3"),
    ([["text", "home", "住址", "address"], ["text", "dwelling", "住所", "address"]], 3,
     "already claimed by 'home' in row 2"),
])
def test_renamed_from_is_checked(tmp_path: Path, survey: list[list[str]], row: int,
                                 fragment: str) -> None:
    found = problems(workbook(tmp_path / "bad.xlsx", survey, header=HEADER))
    assert any(p.sheet == "survey" and p.row == row and p.column == "renamed_from"
               and fragment in p.message_en for p in found), found


def test_a_member_may_take_a_household_name_as_its_earlier_one(tmp_path: Path) -> None:
    """Levels are apart: a member question renamed from `phone` while the household keeps its
    own `phone` is fine (domain.md has both)."""
    form = load_form(workbook(tmp_path / "f.xlsx", [
        ["text", "phone", "电话", ""],
        ["begin_repeat", "members", "成员", ""],
        ["text", "mobile", "手机", "phone"],
        ["end_repeat", "", "", ""]], header=HEADER))
    assert form.member_fields["mobile"].renamed_from == ("phone",)


@pytest.mark.parametrize("version", ["二〇二六", "2026 v2", "2026..2"])
def test_a_version_must_order(tmp_path: Path, version: str) -> None:
    path = workbook(tmp_path / "v.xlsx", [["text", "a", "甲"]], settings=["f", version, "zh_CN"])
    found = [p for p in problems(path) if p.column == "version"]
    assert found and found[0].sheet == "settings" and found[0].row == 2


def test_no_version_is_the_time_the_workbook_was_saved(tmp_path: Path) -> None:
    """As pyxform meant it (yyyymmddhh…), from the workbook's own properties: the same bytes
    give the same version on every machine, whatever the file's date on disk."""
    path = workbook(tmp_path / "v.xlsx", [["text", "a", "甲"]], settings=["f", "", "zh_CN"])
    form = forms.load_form(path)
    os.utime(path, (0, 0))
    assert forms.load_form(io.BytesIO(path.read_bytes())).version == form.version
    assert forms.is_version(form.version) and re.fullmatch(r"\d{8}\.\d{4}", form.version)
    assert [w.column for w in form.warnings] == ["version"]


def test_versions_compare_as_numbers() -> None:
    assert forms.version_key("2026.10") > forms.version_key("2026.9") > forms.version_key("2026")
    assert forms.is_version("2026.2") and not forms.is_version("2026.2b")


# -- workbooks of hostile size -------------------------------------------------------------
def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as f:
        f.truncate(MAX_WORKBOOK_BYTES + 1)
    [p] = problems(big)
    assert "too large" in p.message_en and "MB" in p.message_zh
    [p] = problems(io.BytesIO(b"PK" + bytes(MAX_WORKBOOK_BYTES)))
    assert "too large" in p.message_en


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """A few kilobytes on disk that would unpack to more than the limit."""
    bomb = tmp_path / "bomb.xlsx"
    source = io.BytesIO(forms.default_form_path().read_bytes())
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            out.writestr(item, z.read(item))
        with out.open("xl/media/padding.bin", "w") as pad:
            chunk = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                pad.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    [p] = problems(bomb)
    assert "unpacks too large" in p.message_en


def test_a_sheet_too_long_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    wb = load_workbook(forms.default_form_path())
    ws = wb["choices"]
    for i in range(MAX_ROWS + 5):
        ws.append(["padding", f"c{i}", "填充", "pad"])
    wb.save(path)
    found = problems(path)
    assert any(p.sheet == "choices" and f"more than {MAX_ROWS} rows" in p.message_en
               for p in found), found


# -- a record of an older version under the new form ---------------------------------------
def old_record() -> dict[str, Any]:
    return household(worker(employer="东莞某电子厂"), worker("spouse", 38, "female"),
                     helper_phone="13800138000", survey_method="phone")


def test_an_old_record_reads_under_the_new_questions(new_form: forms.Form) -> None:
    record = old_record()
    before = copy.deepcopy(record)
    up = forms.upgrade_household(new_form, record)
    assert record == before  # the input is not changed
    h = up.household
    assert (up.from_version, h["form_version"], up.upgraded) == ("2026.1", "2026.2", True)
    assert h["fields"]["interview_mode"] == "phone" and "survey_method" not in h["fields"]
    assert h["members"][0]["fields"]["employer_name"] == "东莞某电子厂"
    assert "employer" not in h["members"][0]["fields"]
    assert up.moved == [(None, "survey_method", "interview_mode"),
                        (0, "employer", "employer_name")]
    # the removed question's answer stays in the record, listed as not shown
    assert h["fields"]["helper_phone"] == "13800138000"
    assert up.kept == {"fields.helper_phone": "13800138000"}
    # under the new form the record is complete as it was under the old one
    assert not forms.has_errors(forms.validate_household(new_form, h, today=TODAY))


def test_a_new_answer_is_not_overwritten_by_an_old_one(new_form: forms.Form) -> None:
    record = old_record()
    record["fields"]["interview_mode"] = "visit"
    up = forms.upgrade_household(new_form, record)
    assert up.household["fields"]["interview_mode"] == "visit"
    assert up.kept["fields.survey_method"] == "phone" and not any(
        old == "survey_method" for _m, old, _n in up.moved)


def test_a_newer_or_foreign_record_is_left_as_it_is(new_form: forms.Form) -> None:
    for key, value in (("form_version", "2027.1"), ("form_id", "other_survey")):
        record = {**old_record(), key: value}
        up = forms.upgrade_household(new_form, record)
        assert up.household == record and not up.moved and not up.upgraded
        assert "fields.survey_method" in up.kept


def test_the_shipped_form_reads_its_own_records_unchanged(form: forms.Form) -> None:
    record = {**old_record(), "form_version": form.version}
    up = forms.upgrade_household(form, record)
    assert up.household == record and not up.moved and not up.upgraded and not up.kept


def test_a_place_of_work_typed_as_text_gets_its_province_and_city(form: forms.Form) -> None:
    """Records from before the lists: the text is read where it names a province and a city
    unambiguously, kept as it was, and what cannot be read is listed (its required province
    or city then flags it for review)."""
    texts = ["广东东莞", "东莞市", "浙江省宁波市", "湖南省中方县", "义乌", "越南胡志明市"]
    record = household(*[worker(work_place=t, work_province=None, work_city=None) for t in texts])
    for member in record["members"]:
        del member["fields"]["work_province"], member["fields"]["work_city"]
    up = forms.upgrade_household(form, record)
    got = [(m["fields"]["work_place"], m["fields"].get("work_province"),
            m["fields"].get("work_city")) for m in up.household["members"]]
    assert got == [("广东东莞", "44", "4419"), ("东莞市", "44", "4419"),
                   ("浙江省宁波市", "33", "3302"), ("湖南省中方县", "43", None),
                   ("义乌", None, None), ("越南胡志明市", None, None)]
    assert up.placed == [(0, "广东东莞", "44", "4419"), (1, "东莞市", "44", "4419"),
                         (2, "浙江省宁波市", "33", "3302"), (3, "湖南省中方县", "43", "")]
    assert up.unplaced == [(3, "湖南省中方县"), (4, "义乌"), (5, "越南胡志明市")]
    assert record["members"][0]["fields"].get("work_province") is None  # the input unchanged
    found = {(f.member_index, f.field, f.code)
             for f in forms.validate_household(form, up.household, today=TODAY)}
    assert {(3, "work_city", "workplace_months"), (4, "work_province", "workplace_months")} <= found
    chosen = forms.upgrade_household(form, household(worker(work_place="长安镇",
                                                            work_province="44")))
    assert not chosen.placed and not chosen.unplaced  # a province chosen is left as it is
