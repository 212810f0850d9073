"""The household card's facts (reports/card.py) on the report tests' county, on both backends:
the households of a village in 户编号 order, each member's key answers as labels, the income
band rather than the amount, the 五清 from the indicators, this year's services, the area
names and the village contact kept in the store. The PDF itself: tests/desktop/capture/test_card.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mopai import forms
from mopai.forms.samples import sample_household
from mopai.reports import card as cardlib
from mopai.reports.spotcheck import income_band
from mopai.sync.errors import InputError
from tests.reports.test_summary import TODAY, VILLAGES, county_records  # noqa: F401 - a fixture

VILLAGE = next(iter(VILLAGES))


def test_a_villages_cards_hold_its_households_facts(store: Any, county_records: Any) -> None:  # noqa: ANN401, F811
    mine = sorted((r for r in county_records if r["fields"]["village_code"] == VILLAGE),
                  key=lambda r: (r["fields"]["household_no"], r["uuid"]))
    assert cardlib.household_uuids(store, village=VILLAGE) == [r["uuid"] for r in mine]
    # a served member of a 脱贫户 of the workspace's own village (a county's: any village)
    code = store.workspace.code if len(store.workspace.code) == 12 else VILLAGE
    poor = sample_household(4, seed=9, today=TODAY, village=code)
    poor["fields"].update(household_type="poverty_alleviated", help_measures=["employment"])
    poor["status"] = "complete"
    store.households.save(poor)
    person = poor["members"][0]["fields"]
    store.services.add(person["id_number"], "job_push", day=TODAY)
    store.services.add(person["id_number"], "job_push", day=TODAY)
    store.services.add(person["id_number"], "training", day=dt.date(TODAY.year - 1, 12, 31))
    cardlib.set_contact(store, VILLAGE, "赵文书", "13700001111")
    chosen = [mine[0]["uuid"], poor["uuid"]]
    cards = cardlib.cards(store, chosen, day=TODAY)
    assert [c.household_uuid for c in cards] == chosen
    names = {**VILLAGES, code: VILLAGES.get(code, "")}
    form = store.forms.current().form
    for c, record in zip(cards, [mine[0], poor], strict=True):
        ind = forms.household_indicators(form, record, today=TODAY)
        assert c.reference == cardlib.reference(record["uuid"])
        assert (c.village_name, c.household_no) == (names[record["fields"]["village_code"]],
                                                    record["fields"]["household_no"])
        assert [m.name for m in c.members] == [m["fields"]["name"] for m in record["members"]]
        for m, member, p in zip(c.members, record["members"], ind.persons, strict=True):
            f = member["fields"]
            assert m.labour == ("是" if p.labour_force else "否")
            assert m.income == (income_band(f.get("monthly_income")) or "—")
            status = f.get("employment_status")
            assert m.status == (form.choice_label("employment_status", status, member=True)
                                if status else "—")
        clear = dict(c.five_clear)
        assert clear["劳动力基本情况清"] == ind.five_clear["basic"]
    assert (cards[0].contact_name, cards[0].contact_phone) == ("赵文书", "13700001111")
    served = cards[1].members[0]
    assert served.services == "岗位推送2次"              # last year's training does not count
    assert len(cards[1].services) == 2 and "具体帮扶措施清" in dict(cards[1].five_clear)
    assert cards[1].measures == [form.choice_label("help_measures", v)
                                 for v in poor["fields"].get("help_measures") or []]


def test_unknown_villages_and_contacts_are_refused(store: Any, county_records: Any) -> None:  # noqa: ANN401, F811
    with pytest.raises(InputError, match="431222100299"):
        cardlib.household_uuids(store, village="431222100299")
    with pytest.raises(InputError, match="not a phone number"):
        cardlib.set_contact(store, VILLAGE, "赵文书", "call me")
    assert cardlib.contacts(store) == {}                  # nothing kept on a refusal
    cardlib.set_contact(store, VILLAGE, "赵文书", "0731-12345678")
    cardlib.set_contact(store, VILLAGE, "", "")
    assert cardlib.contacts(store) == {}
