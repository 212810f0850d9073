"""The county settings travel to villages and townships: return bundles and enrolment."""

from __future__ import annotations

import json

import pytest

from mopai import forms
from mopai.desktop.capture.facts import KIND_PREFIX, FactsCache, kind
from mopai.sync import county_settings, export
from mopai.sync.errors import InputError
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.forms.builders import farmer, household, jobless, worker
from tests.sync.conftest import VILLAGE_A, Net, enrol
from tests.sync.helpers import snapshot

NO_FARMING = forms.CountySettings(farming_counts_as_employed=False)


def received(store) -> list[dict]:  # noqa: ANN001
    return [json.loads(e.detail) for e in store.audit.entries(county_settings.RECEIVED)]


def test_a_return_bundle_brings_the_county_settings_once(net: Net) -> None:
    with net.open("county") as county:
        county_settings.save(county, NO_FARMING)
        first = county.sync.export_return(VILLAGE_A, net.stick).path
        second = county.sync.export_return(VILLAGE_A, net.stick).path  # the same settings
        sent = county_settings.load(county)
    with net.open("a1") as a1:
        assert county_settings.load(a1) == forms.CountySettings()
        [r] = a1.sync.import_paths([first])
        assert r.status == "accepted"
        assert county_settings.load(a1) == sent == NO_FARMING
        [entry] = received(a1)
        assert entry["before"] == forms.CountySettings().as_mapping()
        assert entry["after"] == NO_FARMING.as_mapping() and entry["bundle_id"] == r.bundle_id
        [again] = a1.sync.import_paths([first])
        [other] = a1.sync.import_paths([second])
        assert (again.status, other.status) == ("already", "accepted")
        assert len(received(a1)) == 1  # audited only when the settings differ
    with net.open("a1") as a1:  # kept in the store, not only in memory
        assert county_settings.load(a1) == NO_FARMING


def test_enrolment_brings_the_county_settings(net: Net) -> None:
    older = forms.CountySettings(poverty_labour_age_max=65)
    Workspace.create(net.home("c1"), role="village", code=VILLAGE_A, user=USER,
                     passphrase=PASSPHRASE)
    with net.open("county") as county, net.open("c1") as c1:
        county_settings.save(county, older)
        enrol(county, c1, net.root)
        assert county_settings.load(c1) == older
        assert [e["source"] for e in received(c1)] == ["enrolment"]


def test_a_township_receives_the_settings_too(net: Net) -> None:
    Workspace.create(net.home("t1"), role="township", code=VILLAGE_A[:9], user=USER,
                     passphrase=PASSPHRASE, name="甲镇")
    with net.open("county") as county, net.open("t1") as t1:
        enrol(county, t1, net.root)
        county_settings.save(county, NO_FARMING)
        ret = county.sync.export_return(VILLAGE_A[:9], net.stick)
        [r] = t1.sync.import_paths([ret.path])
        assert r.status == "accepted" and county_settings.load(t1) == NO_FARMING
        with pytest.raises(InputError, match="only a county"):
            county_settings.save(t1, forms.CountySettings())  # receiving is not changing


def test_the_village_dashboard_counts_under_the_settings_received(net: Net) -> None:
    records = [household(worker("head", 40), farmer("spouse", 38)),
               household(farmer("head", 55, "male")),
               household(jobless("head", 45), worker("son", 20)),
               household(farmer("head", 33), jobless("spouse", 31, "female"))]
    people = [m["fields"] for h in records for m in h["members"]]
    migrants = sum(p["employment_status"] == "migrant" for p in people)
    farmers = sum(p["employment_status"] == "farming" for p in people)
    form = forms.load_default_form()
    cache = FactsCache()
    with net.open("a1") as a1, net.open("county") as county:
        a1.households.save_many(records)
        before = cache.refresh(a1)
        assert sum(f.labour for f in before.values()) == len(people)  # all adults of labour age
        assert sum(f.employed for f in before.values()) == migrants + farmers
        county_settings.save(county, NO_FARMING)
        ret = county.sync.export_return(VILLAGE_A, net.stick)
        [r] = a1.sync.import_paths([ret.path])
        assert r.status == "accepted"
        after = cache.refresh(a1)  # the refresh after an import
        assert sum(f.employed for f in after.values()) == migrants
        assert sum(f.zero_employment for f in after.values()) == 2  # the lone farmer joins
        assert a1.derived.kinds(KIND_PREFIX) == [kind(form, NO_FARMING)]  # old facts dropped
    with net.open("a1") as a1:
        assert FactsCache().refresh(a1) == after  # the next start reads them back


@pytest.mark.parametrize(("bad", "field"), [
    ({"farming_counts_as_employed": "否"}, "farming_counts_as_employed"),
    ({"labour_age_min": 16, "labour_age_max_female": 12}, "labour_age_max_female"),
    ("farming=no", "mapping"),
])
def test_a_malformed_settings_line_is_refused_whole(net: Net, monkeypatch: pytest.MonkeyPatch,
                                                   bad: object, field: str) -> None:
    with net.open("county") as county:
        county_settings.save(county, NO_FARMING)
        good = county.sync.export_return(VILLAGE_A, net.stick).path
        monkeypatch.setattr(export, "_settings_line", lambda _s: {"t": "settings", "settings": bad})
        broken = county.sync.export_return(VILLAGE_A, net.stick).path
    with net.open("a1") as a1:
        # One run: the refused bundle loses nothing of the other.
        rejected, accepted = a1.sync.import_paths([broken, good])
        assert accepted.status == "accepted" and county_settings.load(a1) == NO_FARMING
        assert rejected.status == "rejected" and rejected.reason == "bad_settings"
        assert field in rejected.message_en and field in rejected.message_zh
        assert "统计口径" in rejected.message_zh
        before = snapshot(a1)
        [again] = a1.sync.import_paths([broken])
        assert again.reason == "bad_settings" and snapshot(a1) == before
        assert county_settings.load(a1) == NO_FARMING and len(received(a1)) == 1
        assert a1.audit.entries("import_rejected")[0].detail.count("bad_settings") == 1


def test_receive_checks_before_writing(village_store) -> None:  # noqa: ANN001
    with village_store.engine.connect() as conn, conn.begin():
        with pytest.raises(county_settings.BadSettings, match="labour_age_min"):
            county_settings.receive(conn, village_store, {"labour_age_min": "16"})
    assert county_settings.load(village_store) == forms.CountySettings()
    assert received(village_store) == []
