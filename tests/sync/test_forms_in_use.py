"""One form in use (sync/formbook.py): the county publishes a form, return bundles and setup
files carry it, villages and townships make it current, and every record is checked under
the form it is saved under — through real bundles, between real encrypted stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from mopai.sync import formbook
from mopai.sync.formbook import FORM_CHECKS, FormRefused
from mopai.sync.households import CompleteRefused
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.formfiles import edited_form
from tests.forms.builders import household, worker
from tests.sync.conftest import VILLAGE_A, VILLAGE_B, Net, enrol
from tests.sync.helpers import snapshot


def complete(version: str = "2026.1", code: str = VILLAGE_A, **fields: Any) -> dict[str, Any]:
    """A household with no errors under the shipped form, saved as complete."""
    h = household(worker(employer="东莞某电子厂"), worker("spouse", 38, "female"),
                  village_code=code, helper_phone="13800138000", **fields)
    h["status"], h["form_version"] = "complete", version
    return h


def under_new_form(code: str = VILLAGE_A) -> dict[str, Any]:
    """A complete household as 2026.2 asks it: renamed questions, a decimal income, the new
    `remark`, no `survey_method` (renamed) and no `helper_phone` (removed)."""
    h = complete("2026.2", code)
    f = h["fields"]
    f["interview_mode"] = f.pop("survey_method")
    del f["helper_phone"]
    f["remark"] = "新问卷的新题"
    m = h["members"][0]["fields"]
    m["employer_name"] = m.pop("employer")
    m["monthly_income"] = 6500.5
    return h


def formfiles(store: Any) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return sorted(conn.execute(text("SELECT form_version, sha256 FROM formfile")).all())


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    return edited_form(tmp_path / "labor_survey-2026.2.xlsx")


# -- the store's current form ----------------------------------------------------------------
def test_a_new_store_holds_the_built_in_form_as_current(net: Net) -> None:
    with net.open("a1") as a1:
        current = a1.forms.current()
        assert (current.form_id, current.version) == ("labor_survey", "2026.1.1")
        assert current.sha256 == formbook.builtin().sha256
        assert current.form is a1.forms.current().form  # parsed once, cached by version
        status = a1.status().to_dict()
        assert (status["form_id"], status["form_version"]) == ("labor_survey", "2026.1.1")


def test_the_county_publishes_a_newer_form(net: Net, v2: Path) -> None:
    with net.open("county") as county:
        published = county.forms.publish(v2, reason="新增备注")
        assert published.version == "2026.2" and county.forms.current().version == "2026.2"
        assert county.status().form_version == "2026.2"
        assert [v["version"] for v in county.forms.versions()] == ["2026.2", "2026.1.1", "2026.1"]
        [entry] = county.audit.entries(formbook.PUBLISHED)
        detail = json.loads(entry.detail)
        assert (detail["version"], detail["previous"], detail["reason"]) == (
            "2026.2", "2026.1.1", "新增备注")
        # the form of an older version stays readable, for records saved under it
        assert "survey_method" in county.forms.form("2026.1").fields


@pytest.mark.parametrize("case", ["same_version", "older", "other_form", "broken", "huge",
                                  "bad_rename", "undeclared"])
def test_a_form_that_cannot_be_published_is_refused_with_its_reasons(
        net: Net, tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.xlsx"
    if case == "same_version":
        edited_form(path, "2026.1.1")
    elif case == "older":
        edited_form(path, "2025.9")
    elif case == "other_form":
        edited_form(path, "2026.2", form_id="another_survey")
    elif case == "broken":  # an expression that does not parse, a list that does not exist
        edited_form(path, add=[("surveyor", "select_one no_such_list", "extra", "额外", "Extra")])
    elif case == "huge":
        path.write_bytes(b"PK\x03\x04" + bytes(5 * 1024**2))
    elif case == "undeclared":  # no settings sheet: its id from the file name, version from its date
        path = edited_form(tmp_path / "labor_survey.xlsx")
        book = load_workbook(path)
        del book["settings"]
        book.save(path)
    else:
        edited_form(path, renamed_from={"helper_name": "address"})  # still a question
    with net.open("county") as county:
        before = (formfiles(county), county.audit.entries(formbook.PUBLISHED))
        with pytest.raises(FormRefused) as caught:
            county.forms.publish(path)
        assert (formfiles(county), county.audit.entries(formbook.PUBLISHED)) == before
        assert county.forms.current().version == "2026.1.1"
    exc = caught.value
    text_zh, text_en = exc.message("zh_CN"), exc.message("en")
    assert exc.where == str(path) and exc.problems
    expected = {
        "same_version": ("不比当前问卷的 2026.1.1 新", "[settings, version]"),
        "older": ("2025.9 不比当前问卷的 2026.1.1 新", "[settings, version]"),
        "other_form": ("another_survey", "[settings, form_id]"),
        "broken": ("no_such_list", "[survey, row"),
        "huge": ("文件太大", "too large"),
        "bad_rename": ("仍是本问卷", "column renamed_from"),
        "undeclared": ("必须在 settings 表中写明 form_id、version", "[settings, form_id]"),
    }[case]
    assert expected[0] in text_zh and expected[1] in text_en, (text_zh, text_en)


def test_only_a_county_publishes(net: Net, v2: Path) -> None:
    with net.open("a1") as a1, pytest.raises(Exception, match="only a county"):
        a1.forms.publish(v2)


# -- through real bundles ----------------------------------------------------------------------
def test_round_trip_village_county_with_the_new_form(net: Net, v2: Path) -> None:
    """The county publishes 2026.2; village A gets it with its return bundle and captures
    with it; village B, not yet reached, goes on with 2026.1: the county takes both, checking
    each under its own form (with the built-in form's checks and types, the new household
    would be quarantined: `survey_method` missing, an income of 6500.5)."""
    with net.open("county", FORM_CHECKS) as county:
        county.forms.publish(v2)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    new, old = under_new_form(), complete("2026.1", VILLAGE_B)
    with net.open("a1", FORM_CHECKS) as a1:
        [r] = a1.sync.import_paths([ret.path])
        assert r.status == "accepted" and r.forms == ["2026.2"]
        assert "收到问卷 2026.2" in r.one_line()
        assert a1.forms.current().version == "2026.2" and a1.status().form_version == "2026.2"
        a1.households.save(new)
        data_a = a1.sync.export(net.stick).path
    with net.open("b1", FORM_CHECKS) as b1:
        b1.households.save(old)
        data_b = b1.sync.export(net.stick).path
    with net.open("county", FORM_CHECKS) as county:
        results = county.sync.import_paths([data_a, data_b])
        assert [(r.status, r.quarantined) for r in results] == [("accepted", 0), ("accepted", 0)]
        assert county.households.get(new["uuid"]) == new
        assert county.households.get(old["uuid"]) == old
        # and both are without error for `mopai validate`, each under its own form
        found = county.forms.findings(county.households.states())
        assert [f for _h, f in found if f.severity == "error"] == []
        # a county correction travels back under the form the record is saved under
        fixed = county.households.get(new["uuid"])
        fixed["fields"]["remark"] = "县里更正"
        county.households.save(fixed)
        back = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a2", FORM_CHECKS) as a2:  # the village's second laptop: all of it at once
        [r] = a2.sync.import_paths([back.path])
        assert (r.status, r.quarantined) == ("accepted", 0)
        assert a2.households.get(new["uuid"])["fields"]["remark"] == "县里更正"
        assert a2.forms.current().version == "2026.2"


def test_the_save_check_uses_the_form_the_record_is_saved_under(net: Net, v2: Path) -> None:
    with net.open("county") as county:
        county.forms.publish(v2)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1", FORM_CHECKS) as a1:
        a1.sync.import_paths([ret.path])
        a1.households.save(complete("2026.1"))  # still complete under its own form
        missing = under_new_form()
        del missing["fields"]["interview_mode"]  # required by 2026.2
        with pytest.raises(CompleteRefused) as caught:
            a1.households.save(missing)
        assert {f.field for f in caught.value.findings} == {"interview_mode"}
        unknown = complete("2027.9")
        with pytest.raises(CompleteRefused) as caught:
            a1.households.save(unknown)
        assert [f.code for f in caught.value.findings] == ["form_version_unknown"]
        # the strict schema reads types from the record's form: a decimal income under 2026.2
        # is fine, the same under 2026.1 (an integer question) is not
        a1.households.save({**under_new_form(), "status": "draft"})
        wrong = complete("2026.1")
        wrong["members"][0]["fields"]["monthly_income"] = 6500.5
        wrong["status"] = "draft"
        with pytest.raises(Exception, match="monthly_income"):
            a1.households.save(wrong)


def test_an_unknown_form_version_is_kept_aside_at_the_county(net: Net) -> None:
    h = complete("2027.9")
    with net.open("a1") as a1:  # no validator on this laptop: saved whatever it says
        a1.households.save(h)
        path = a1.sync.export(net.stick).path
    with net.open("county", FORM_CHECKS) as county:
        [r] = county.sync.import_paths([path])
        assert (r.status, r.quarantined) == ("accepted", 1)
        [q] = county.sync.quarantined()
        assert "2027.9" in q.reason and "本机没有这个版本的问卷" in q.reason


def test_an_older_return_bundle_never_rolls_the_form_back(net: Net, v2: Path, tmp_path: Path
                                                         ) -> None:
    with net.open("county") as county:
        county.forms.publish(v2)
        first = county.sync.export_return(VILLAGE_A, net.stick)
        county.forms.publish(edited_form(tmp_path / "2026.3.xlsx", "2026.3"))
        second = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:
        [r2] = a1.sync.import_paths([second.path])
        assert a1.forms.current().version == "2026.3"
        [r1] = a1.sync.import_paths([first.path])  # arrives late
        assert r1.status == "accepted" and r1.stale
        assert a1.forms.current().version == "2026.3"
        assert [v for v, _ in formfiles(a1)] == ["2026.1", "2026.1.1", "2026.2", "2026.3"]
        assert r2.forms == ["2026.3"] and r1.forms == ["2026.2"]


def test_every_part_of_a_split_return_bundle_carries_the_forms_of_its_revisions(
        net: Net, v2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A village whose households span two form versions gets its return bundle in parts;
    whichever part arrives first, its revisions are checked under their own form."""
    from mopai.sync import export

    olds = [complete("2026.1", household_no=f"{i:04d}") for i in range(3)]
    with net.open("county") as county:
        county.forms.publish(v2)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1", FORM_CHECKS) as a1:
        a1.households.save_many(olds)
        a1.sync.import_paths([ret.path])
        news = [under_new_form() for _ in range(3)]
        for i, h in enumerate(news):
            h["fields"]["household_no"] = f"1{i:03d}"
        a1.households.save_many(news)
        data = a1.sync.export(net.stick).path
    monkeypatch.setattr(export, "MAX_REVISIONS_PER_BUNDLE", 3)
    with net.open("county", FORM_CHECKS) as county:
        [r] = county.sync.import_paths([data])
        assert r.quarantined == 0
        parts = county.sync.export_return(VILLAGE_A, net.stick).parts
    assert len(parts) == 2
    Workspace.create(net.home("a3"), role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE, name="新电脑")
    with net.open("county") as county, net.open("a3", FORM_CHECKS) as a3:
        enrol(county, a3, net.root)
    with net.open("county") as county:
        parts = county.sync.export_return(VILLAGE_A, net.stick).parts
    with net.open("a3", FORM_CHECKS) as a3:  # a new laptop: everything, the last part first
        results = a3.sync.import_paths([Path(p) for p in reversed(parts)])
        assert [(x.status, x.quarantined) for x in results] == [("accepted", 0)] * len(parts)
        assert a3.households.count() == 6 and a3.forms.current().version == "2026.2"


def test_a_new_village_is_enrolled_with_the_current_form(net: Net, v2: Path) -> None:
    Workspace.create(net.home("c1"), role="village", code="110105003001", user=USER,
                     passphrase=PASSPHRASE, name="新村")
    with net.open("county") as county:
        county.forms.publish(v2)
        with net.open("c1") as c1:
            enrol(county, c1, net.root)
            assert c1.forms.current().version == "2026.2"
            setup = net.root / f"{c1.device_id}.setup"
            assert c1.sync.enrol_preview(setup).form_version == "2026.2"
            [entry] = c1.audit.entries(formbook.RECEIVED)
            assert json.loads(entry.detail)["source"] == "enrolment"


def test_a_township_makes_the_form_current_and_checks_with_it(net: Net, v2: Path) -> None:
    Workspace.create(net.home("t1"), role="township", code=VILLAGE_A[:9], user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as county, net.open("t1") as t1:
        enrol(county, t1, net.root)
    with net.open("county") as county:
        county.forms.publish(v2)
        to_village = county.sync.export_return(VILLAGE_A, net.stick)
        to_township = county.sync.export_return(VILLAGE_A[:9], net.stick)
    with net.open("a1", FORM_CHECKS) as a1:  # carried to the village by the township office
        a1.sync.import_paths([to_village.path])
        new = under_new_form()
        a1.households.save(new)
        data = a1.sync.export(net.stick).path
    relay = net.root / "to-county"
    relay.mkdir()
    with net.open("t1", FORM_CHECKS) as t1:
        [r] = t1.sync.import_paths([to_township.path])
        assert r.forms == ["2026.2"] and t1.status().form_version == "2026.2"
        [r] = t1.sync.import_paths([data], forward_to=relay)
        assert (r.status, r.quarantined) == ("accepted", 0)
        assert t1.households.get(new["uuid"]) == new
    with net.open("county", FORM_CHECKS) as county:
        [r] = county.sync.import_paths([relay / data.name])
        assert (r.status, r.quarantined) == ("accepted", 0)


def test_a_return_bundle_with_an_unusable_form_is_refused_whole(
        net: Net, v2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed by the county and still refused: a workbook that does not load (here, one whose
    hash matches but whose content is not a workbook) would stop every capture."""
    import base64
    import hashlib

    junk = b"PK\x03\x04 not a workbook"
    real = formbook.line

    def broken(ref: formbook.FormRef) -> dict[str, Any]:
        return {**real(ref), "content": base64.b64encode(junk).decode(),
                "sha256": hashlib.sha256(junk).hexdigest()}

    with net.open("county") as county:
        county.forms.publish(v2)
        monkeypatch.setattr(formbook, "line", broken)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
    with net.open("a1") as a1:
        before = (snapshot(a1), formfiles(a1))
        [r] = a1.sync.import_paths([ret.path])
        assert (r.status, r.reason) == ("rejected", "bad_form")
        assert (snapshot(a1), formfiles(a1)) == before
        assert a1.forms.current().version == "2026.1.1"


def test_a_setup_file_with_an_unusable_form_is_refused_whole(
        net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import hashlib

    junk = b"PK\x03\x04 not a workbook"
    real = formbook.line
    monkeypatch.setattr(formbook, "line", lambda ref: {
        **real(ref), "content": base64.b64encode(junk).decode(),
        "sha256": hashlib.sha256(junk).hexdigest()})
    Workspace.create(net.home("c1"), role="village", code="110105003001", user=USER,
                     passphrase=PASSPHRASE, name="新村")
    with net.open("county") as county, net.open("c1") as c1:
        before = formfiles(c1)
        with pytest.raises(FormRefused):
            enrol(county, c1, net.root)
        assert c1.sync.enrolment() is None and formfiles(c1) == before


def test_validate_compares_household_numbers_within_a_village_only(net: Net) -> None:
    """`mopai validate` on a county: the same 户编号 in two villages is no finding (numbers are
    per village); used twice in one village, it is an error on each of the two."""
    a = [complete(household_no="0007"), complete(household_no="0007"),
         complete(household_no="0008")]
    b = complete(code=VILLAGE_B, household_no="0007")
    with net.open("a1", FORM_CHECKS) as a1:
        for h in a:
            a1.households.save(h)
        data_a = a1.sync.export(net.stick).path
    with net.open("b1", FORM_CHECKS) as b1:
        b1.households.save(b)
        data_b = b1.sync.export(net.stick).path
    with net.open("county", FORM_CHECKS) as county:
        county.sync.import_paths([data_a, data_b])
        found = county.forms.findings(county.households.states())
    dups = sorted(h["uuid"] for h, f in found if f.code == "dup_household_no")
    assert dups == sorted([a[0]["uuid"], a[1]["uuid"]])
