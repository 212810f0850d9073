"""The ledger and the reports print the questionnaire's Chinese texts (the county's language:
they are official documents), falling back, as the app does, to the form's default language
and then to any language it has (docs/forms.md, "Languages")."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from mopai import forms
from mopai.reports.ledger import reasons
from mopai.reports.people import ledger_columns
from tests.formfiles import edited_form


def test_ledger_columns_in_chinese_then_the_default_then_any(tmp_path: Path) -> None:
    path = edited_form(tmp_path / "f.xlsx", "2026.2", add=[
        ("surveyor", "text", "bicycle", "", "Bicycle"),     # no Chinese label: English
        ("surveyor", "text", "remark", "备注", "Remark")])
    book = load_workbook(path)                             # one more, in French only
    ws = book["survey"]
    header = [c.value for c in ws[1]]
    ws.cell(1, len(header) + 1, "label::Français (fr)")
    ws.append({header.index("type") + 1: "text", header.index("name") + 1: "velo",
               len(header) + 1: "Vélo"})
    book.save(path)
    form = forms.load_form(path)
    _member, household = ledger_columns(form)
    heads = {name: col.title for name, col in household}
    assert heads["remark"] == "备注" and heads["bicycle"] == "Bicycle" and heads["velo"] == "Vélo"
    assert reasons(form.fields, {"bicycle": "借的"}) == "Bicycle：借的"



def test_the_ledger_command_prints_the_form_in_another_of_its_languages(home: Path,
                                                                        tmp_path: Path) -> None:
    """`mopai ledger --language en`: the questions, their groups and the choices in the form's
    English, the ledger's own words (序号, 户主姓名, the title) Chinese; a language the form
    does not have is refused naming those it has, and nothing is written."""
    from mopai.sync.synth import VillageSpec, generate_village
    from mopai.sync.workspace import Workspace
    from tests.cli.test_main import mopai
    from tests.conftest import PASSPHRASE, USER

    with Workspace(home).unlock(USER, PASSPHRASE) as store:
        store.households.save_many(g.state for g in generate_village(
            VillageSpec("110105001001", 4, seed=5, mistake_rate=0.0)))
        form = store.forms.current().form
        types = {str(g.state["fields"]["household_type"]) for g in generate_village(
            VillageSpec("110105001001", 4, seed=5, mistake_rate=0.0))}
    out = tmp_path / "ledger_en.xlsx"
    r = mopai("ledger", "--home", str(home), "--village", "110105001001", "--out", str(out),
              "--language", "en", passphrase=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    ws = load_workbook(out)["台账"]
    values = {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    q = form.fields["household_type"]
    assert q.label.get("en") in values and q.label.get("zh_CN") not in values
    shown = {q.choices.label(t, "en") for t in types}
    assert shown <= values and not {q.choices.label(t, "zh_CN") for t in types} & values
    assert {"序号", "户主姓名"} <= values and ws["A1"].value.endswith("农村劳动力台账")

    refused = tmp_path / "ledger_fr.xlsx"
    r = mopai("ledger", "--home", str(home), "--village", "110105001001", "--out",
              str(refused), "--language", "fr", passphrase=PASSPHRASE)
    assert r.returncode != 0 and not refused.exists()
    assert "问卷没有语言“fr”" in r.stderr and "zh (zh_CN), en" in r.stderr
