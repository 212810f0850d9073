"""`mopai form check` and `mopai validate` as real processes (issue 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from mopai import forms
from mopai.sync.workspace import Workspace
from tests.cli.test_main import mopai
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household


def test_form_check_sound_workbook() -> None:
    r = mopai("form", "check", str(forms.default_form_path()))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n") == 1 and "labor_survey" in r.stdout


def test_form_check_lists_every_problem_with_place(tmp_path: Path) -> None:
    broken = tmp_path / "edited.xlsx"
    shutil.copy(forms.default_form_path(), broken)
    wb = openpyxl.load_workbook(broken)
    survey = wb["survey"]
    header = [c.value for c in survey[1]]
    type_col = header.index("type") + 1
    relevant_col = header.index("relevant") + 1
    survey.cell(row=3, column=type_col, value="selectone relation")  # unknown type
    survey.cell(row=5, column=relevant_col, value="${no_such_field} = 'x'")  # missing ref
    wb.save(broken)
    r = mopai("form", "check", str(broken))
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2, r.stdout
    assert "survey, row 3, column type" in lines[0] or "survey, row 3, column type" in lines[1]
    assert any("row 5" in line and "no_such_field" in line for line in lines)
    assert "Traceback" not in r.stderr


def test_validate_counts_findings_by_rule(home: Path) -> None:
    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        bad = household("0001", ("张三", "11010519491231002Y"))  # wrong check character
        a = household("0002", ("李四", "440524188001010014"))
        b = household("0003", ("王五", "440524188001010014"))  # same ID in another household
        store.households.save_many([bad, a, b])
    r = mopai("validate", "--home", str(home), "--json", passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    counts = {(c["code"], c["severity"]): c["count"] for c in report["counts"]}
    assert report["households"] == 3
    assert counts[("dup_id_other_household", "warning")] == 2
    id_errors = [f for f in report["findings"]
                 if f["household"].endswith("-0001") and f["field"] == "id_number"]
    assert id_errors and id_errors[0]["severity"] == "error"
    assert not any(f["household"].endswith("-0001") and f["code"] == "dup_id_other_household"
                   for f in report["findings"])
    text = mopai("validate", "--home", str(home), passphrase=PASSPHRASE).stdout
    assert text.startswith("共检查 3 户") and "dup_id_other_household" in text
