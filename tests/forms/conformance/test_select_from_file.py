"""Conformance: ``select_one_from_file`` / ``select_multiple_from_file`` with a CSV (or, as
Mopai's extension, an .xlsx) list beside the workbook; how the list travels with the form
(published into the workbook, carried as a return bundle's form line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from pyxform.xls2xform import convert

from mopai import forms
from mopai.forms import FormError, load_form
from mopai.sync import formbook
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.sync.conftest import COUNTY, COUNTY_USER

HEADER = ["type", "name", "label::zh_CN", "label::en", "choice_filter", "parameters"]
CITIES = "name,label,province\nguangzhou,广州市,p44\ndongguan,东莞市,p44\nchangsha,长沙市,p43\n"
TODAY = dt.date(2026, 6, 15)


def workbook(path: Path, survey: list[list[Any]], form_id: str = "file_form",
             version: str = "1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(HEADER)
    for row in survey:
        ws.append(row)
    cs = wb.create_sheet("choices")
    cs.append(["list_name", "name", "label::zh_CN", "label::en"])
    cs.append(["province", "p44", "广东", "Guangdong"])
    cs.append(["province", "p43", "湖南", "Hunan"])
    ss = wb.create_sheet("settings")
    ss.append(["form_id", "version"])
    ss.append([form_id, version])
    wb.save(path)
    return path


CASCADE = [["select_one province", "prov", "省", "Province"],
           ["select_one_from_file cities.csv", "city", "市", "City", "province = ${prov}"]]


def problems(path: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return [(p.sheet, p.row, p.column) for p in caught.value.problems]


def test_a_csv_beside_the_workbook_is_the_list_as_odk_reads_it(tmp_path: Path) -> None:
    (tmp_path / "cities.csv").write_text(CITIES, encoding="utf-8")
    path = workbook(tmp_path / "f.xlsx", CASCADE)
    xform = convert(xlsform=str(path), validate=False).xform
    assert '<instance id="cities" src="jr://file-csv/cities.csv"/>' in xform
    assert "instance('cities')/root/item[province =  /data/prov ]" in xform
    form = load_form(path)
    city = form.question("city")
    assert city.type is forms.QType.SELECT_ONE and city.choices is not None
    assert city.choices.names() == ["guangzhou", "dongguan", "changsha"]
    assert city.choices.label("dongguan") == "东莞市"
    household = {"uuid": "h", "form_id": "file_form", "form_version": "1", "status": "draft",
                 "fields": {"prov": "p43", "city": "dongguan"}, "members": []}
    [finding] = forms.validate_household(form, household, today=TODAY)
    assert (finding.code, finding.field) == ("invalid_choice", "city")
    household["fields"]["city"] = "changsha"
    assert forms.validate_household(form, household, today=TODAY) == []


def test_gbk_csv_xlsx_lists_and_the_parameters_columns(tmp_path: Path) -> None:
    (tmp_path / "towns.csv").write_bytes("code,town\nt1,甲镇\nt2,乙镇\n".encode("gbk"))
    wb = Workbook()
    wb.active.append(["name", "label::zh_CN", "label::en"])
    wb.active.append(["bus", "汽车", "Bus"])
    wb.active.append(["train", "火车", "Train"])
    wb.save(tmp_path / "vehicles.xlsx")
    form = load_form(workbook(tmp_path / "f.xlsx", [
        ["select_one_from_file towns.csv", "town", "镇", "Town", "", "value=code label=town"],
        ["select_multiple_from_file vehicles.xlsx", "vehicles", "交通", "Vehicles"]]))
    assert [(c.name, c.label.zh) for c in form.question("town").choices.choices] == [
        ("t1", "甲镇"), ("t2", "乙镇")]
    vehicles = form.question("vehicles")
    assert vehicles.type is forms.QType.SELECT_MULTIPLE
    assert vehicles.choices.label("train", "en") == "Train"


@pytest.mark.parametrize("file,content,where", [
    ("cities.csv", None, ("survey", 3, "type")),                          # not there
    ("cities.xml", "<root/>", ("survey", 3, "type")),                     # not a list we read
    ("cities.csv", "name,label\nx,甲\nx,乙\n", ("cities.csv", 3, "name")),  # a name twice
    ("cities.csv", "code,label\nx,甲\n", ("cities.csv", 1, "name")),        # no name column
    ("cities.csv", "name,label\nx,\n", ("cities.csv", 2, "label")),         # no label
    ("cities.csv", "name,label\n" + "x,甲\n" * 0 + "".join(f"c{i},甲\n" for i in range(5001)),
     ("cities.csv", 5002, "")),                                            # too long
])
def test_a_bad_list_file_is_refused_naming_file_row_and_column(
        tmp_path: Path, file: str, content: str | None, where: tuple[str, int, str]) -> None:
    if content is not None:
        (tmp_path / file).write_text(content, encoding="utf-8")
    path = workbook(tmp_path / "f.xlsx", [["select_one province", "prov", "省", "P"],
                                          [f"select_one_from_file {file}", "city", "市", "C"]])
    assert problems(path) == [where]


def test_a_space_in_a_name_is_refused_for_a_select_multiple(tmp_path: Path) -> None:
    (tmp_path / "v.csv").write_text("name,label\nbig bus,大巴\n", encoding="utf-8")
    path = workbook(tmp_path / "f.xlsx", [["select_multiple_from_file v.csv", "v", "车", "V"]])
    assert problems(path) == [("v.csv", 2, "name")]


def test_the_list_travels_inside_the_published_form(tmp_path: Path) -> None:
    """Published with the CSV beside it, the form kept and sent is one workbook holding the
    list: read back from its bytes alone (no file beside it), and through a return bundle's
    form line as a village receives it."""
    folder = tmp_path / "edit"
    folder.mkdir()
    (folder / "cities.csv").write_text(CITIES, encoding="utf-8")
    builtin = forms.load_default_form()
    path = _shipped_with_cascade(folder / "county.xlsx", builtin.version)
    home = tmp_path / "county"
    Workspace.create(home, role="county", code=COUNTY, user=COUNTY_USER, passphrase=PASSPHRASE,
                     name="测试县")
    with Workspace(home).unlock(COUNTY_USER, PASSPHRASE) as county:
        county.forms.publish(path)
        with county.engine.connect() as conn:
            ref = formbook.current_ref(conn)
    (folder / "cities.csv").unlink()
    alone = tmp_path / "alone.xlsx"
    alone.write_bytes(ref.content)
    assert load_form(alone).member_fields["file_city"].choices.names() == [
        "guangzhou", "dongguan", "changsha"]
    received = formbook.received(formbook.line(ref))
    form = formbook.parse(received)
    assert form.member_fields["file_city"].choices.label("changsha") == "长沙市"


def _shipped_with_cascade(path: Path, version: str) -> Path:
    from openpyxl import load_workbook
    wb = load_workbook(forms.default_form_path())
    ws = wb["survey"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    at = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["name"]).value == "relation")
    # beside the shipped form's own work_province / work_city (GB/T 2260 lists)
    for offset, cells in enumerate(({"type": "select_one file_province", "name": "file_province",
                                     "label::zh_CN": "务工省份", "label::en": "Province"},
                                    {"type": "select_one_from_file cities.csv",
                                     "name": "file_city", "label::zh_CN": "务工城市",
                                     "label::en": "City",
                                     "choice_filter": "province = ${file_province}"}), start=1):
        ws.insert_rows(at + offset)
        for key, value in cells.items():
            ws.cell(at + offset, col[key], value)
    cs = wb["choices"]
    cs.append(["file_province", "p44", "广东", "Guangdong"])
    cs.append(["file_province", "p43", "湖南", "Hunan"])
    parts = [int(p) for p in version.split(".")]
    wb["settings"]["B2"] = ".".join(map(str, [*parts[:-1], parts[-1] + 1]))
    wb.save(path)
    return path
