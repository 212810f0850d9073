"""公益性岗位 checks (issue 22, reports/posts.py): each rule has a case that fires and one that
does not, and `mopai validate --json` lists them with their own codes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from mopai import forms
from mopai.reports.posts import check
from tests.forms.builders import household, person, worker

TODAY = dt.date(2026, 6, 15)
POST = {"is_student": "no", "education": "junior", "health": ["healthy"],
        "labor_capacity": "ordinary", "employment_status": "public_post",
        "post_type": "护林员", "monthly_income": 800}


def holder(relation: str = "head", age: int = 45, **fields: Any) -> dict[str, Any]:
    return person(relation, age, **{**POST, **fields})


def codes(records: list[dict[str, Any]], settings: forms.CountySettings | None = None,
          calls: list[dict[str, Any]] = ()) -> list[tuple[str, str, int | None]]:
    found = check(records, settings or forms.CountySettings(), calls, today=TODAY)
    return [(f.finding.code, f.household["uuid"], f.finding.member_index) for f in found]


def test_a_plain_post_holder_raises_nothing() -> None:
    assert codes([household(holder()), household(worker())]) == []


def test_one_person_in_two_posts() -> None:
    a = household(holder(), village_code="110105001001")
    twin = holder()
    twin["fields"]["id_number"] = a["members"][0]["fields"]["id_number"]
    b = household(twin, village_code="110105001002")
    assert codes([a, b]) == [("post_multiple", a["uuid"], 0), ("post_multiple", b["uuid"], 0)]
    other = household(holder(), village_code="110105001002")
    assert codes([a, other]) == []


def test_a_post_holder_working_away_elsewhere_or_outside_the_county() -> None:
    a = household(holder())
    away = worker("son")
    away["fields"]["id_number"] = a["members"][0]["fields"]["id_number"]
    b = household(away)
    assert codes([a, b]) == [("post_absent", a["uuid"], 0)]
    c = household(holder(work_region="out_of_province"))
    assert codes([c]) == [("post_absent", c["uuid"], 0)]
    d = household(holder(work_region="in_township"))
    assert codes([d, household(worker())]) == []


def test_a_post_holder_outside_the_age_band_or_without_capacity() -> None:
    old, young = household(holder(age=70)), household(holder(age=40))
    assert codes([old, young]) == [("post_age", old["uuid"], 0)]
    assert codes([old], forms.CountySettings(post_age_max=70)) == []
    lost = household(holder(labor_capacity="lost"))
    assert codes([lost]) == [("post_capacity", lost["uuid"], 0)]
    assert codes([household(holder(labor_capacity="weak"))]) == []


def test_a_post_holder_whose_phone_check_heard_another_status() -> None:
    h = household(holder())
    uuid = h["members"][0]["uuid"]
    heard = [{"member_uuid": uuid, "outcome": "reached",
              "answers": {"employment_status": {"agree": False, "heard": "外出务工"}}}]
    assert codes([h], calls=heard) == [("post_substitute", h["uuid"], 0)]
    agreed = [{**heard[0], "answers": {"employment_status": {"agree": True, "heard": ""},
                                       "wants_job": {"agree": False, "heard": "是"}}}]
    assert codes([h], calls=agreed) == []
    unreached = [{**heard[0], "outcome": "no_answer"}]
    assert codes([h], calls=unreached) == []


def test_a_household_with_more_posts_than_allowed() -> None:
    two = household(holder(), holder("spouse", sex="female"))
    assert codes([two]) == [("post_per_household", two["uuid"], None)]
    assert codes([two], forms.CountySettings(posts_per_household=2)) == []


def test_validate_json_lists_the_post_checks(store, capsys) -> None:  # noqa: ANN001
    from mopai.cli.questionnaire import validate_store

    two = household(holder(), holder("spouse", sex="female"), village_code=store.workspace.code)
    store.households.save(two)
    validate_store(store, as_json=True)
    out = json.loads(capsys.readouterr().out)
    [found] = [f for f in out["findings"] if f["code"].startswith("post_")]
    assert (found["code"], found["household_uuid"], found["severity"]) == (
        "post_per_household", two["uuid"], "warning")
    assert "一户多岗" in found["message_zh"]
    assert {"code": "post_per_household", "severity": "warning", "count": 1} in out["counts"]


def test_the_kept_report_facts_find_what_the_records_find(store, monkeypatch) -> None:  # noqa: ANN001
    """The summary reads the post holders from the kept report facts (their village entries)
    and reads whole only the households that share a holder's ID number: the findings are
    those of the records, also after edits since the facts were kept, and no household text
    is scanned (`mentioning`: half the summary's time at county size)."""
    from mopai.reports.facts import ReportFacts
    from mopai.reports.posts import check_store
    from tests.forms.builders import person

    v1, v2, v3 = "431222100201", "431222100202", "431222101201"  # two townships
    a = household(holder(), worker("son", 30), village_code=v1)
    twin = holder("head", 50)
    twin["fields"]["id_number"] = a["members"][0]["fields"]["id_number"]
    b = household(person("head", 70), twin, village_code=v3)           # 一人多岗, far away
    two = household(holder(age=70), holder("spouse", sex="female", labor_capacity="lost"),
                    village_code=v2)
    away = worker("son", 30)
    away["fields"]["id_number"] = two["members"][1]["fields"]["id_number"].lower()
    elsewhere = household(person("head", 60), away, village_code=v1)   # 挂岗 by ID number
    own = household(holder(work_region="abroad"), village_code=v3)    # 挂岗 in its own record
    plain = household(holder(), village_code=v2)
    store.households.save_many([a, b, two, elsewhere, own, plain, household(worker(),
                                                                             village_code=v1)])
    kept = ReportFacts.of(store)
    kept.refresh()
    # after the facts were kept: a holder loses the post, another gains a twin elsewhere
    plain["members"][0]["fields"]["id_number"] = a["members"][1]["fields"]["id_number"]
    store.households.save(plain)
    calls = [{"member_uuid": own["members"][0]["uuid"], "outcome": "reached",
              "answers": {"employment_status": {"agree": False, "heard": "务农"}}}]
    monkeypatch.setattr(type(store.spotchecks), "calls", lambda self: calls)

    def shown(found: list[Any]) -> list[tuple[Any, ...]]:
        return [(p.household["uuid"], p.household["fields"]["village_code"],
                 p.household["fields"]["household_no"], p.name, p.id_number,
                 p.finding.to_dict()) for p in found]

    expected = shown(check_store(store, today=TODAY))
    assert {p[5]["code"] for p in expected} == {
        "post_multiple", "post_absent", "post_age", "post_capacity", "post_substitute",
        "post_per_household"}
    read: list[list[str]] = []
    get_many = type(store.households).get_many
    monkeypatch.setattr(type(store.households), "mentioning",
                        lambda self, text: pytest.fail("the records were scanned"))
    monkeypatch.setattr(type(store.households), "get_many",
                        lambda self, uuids: read.append(sorted(uuids)) or get_many(self, uuids))
    assert shown(check_store(store, today=TODAY, kept=ReportFacts.of(store))) == expected
    # whole: the two sharing 一人多岗, the holder and the household it is away in, and the
    # holder sharing an ID number with a worker (no finding, but only the records can say)
    assert read == [sorted([a["uuid"], b["uuid"], two["uuid"], elsewhere["uuid"],
                            plain["uuid"]])]
