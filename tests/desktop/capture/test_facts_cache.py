"""List and dashboard facts are kept by revision in the store: a new start recomputes none."""

from __future__ import annotations

from mopai import forms
from mopai.desktop.capture import facts as facts_module
from mopai.desktop.capture.facts import FactsCache
from mopai.sync.synth import add_households
from tests.forms.builders import farmer, household, worker


def test_facts_survive_a_restart_and_follow_new_revisions(store, monkeypatch) -> None:
    add_households(store, 12, seed=4)
    form = forms.load_default_form()
    computed: list[str] = []
    real = facts_module.compute

    def counting(form, state, **kw):  # noqa: ANN001, ANN003, ANN202
        computed.append(state["uuid"])
        return real(form, state, **kw)

    monkeypatch.setattr(facts_module, "compute", counting)
    first = FactsCache().refresh(store)
    assert len(first) == 12 and len(computed) == 12
    computed.clear()
    again = FactsCache().refresh(store)  # a new start: everything read back
    assert computed == [] and again == first
    record = store.households.get(next(iter(first)))
    record["fields"]["address"] = "新地址"
    store.households.save(record)
    other = next(u for u in first if u != record["uuid"])
    store.households.delete(other)
    after = FactsCache().refresh(store)
    assert computed == [record["uuid"]] and other not in after and len(after) == 11
    assert len(store.derived.load(facts_module.kind(form, forms.CountySettings()))) == 11


def test_new_settings_recompute_every_household_and_drop_other_facts(store, monkeypatch
                                                                     ) -> None:
    from mopai.sync import county_settings

    store.households.save_many([household(worker("head", 40), farmer("spouse", 38))
                                for _ in range(6)])  # a county (--backend=postgresql) too
    form = forms.load_default_form()
    store.derived.save("desktop.facts.v1:labor_survey:2026.1", [("gone", "r", {})])  # older
    cache = FactsCache()
    cache.refresh(store)
    assert store.derived.kinds(facts_module.KIND_PREFIX) == [
        facts_module.kind(form, forms.CountySettings())]
    computed: list[str] = []
    real = facts_module.compute

    def counting(form, state, **kw):  # noqa: ANN001, ANN003, ANN202
        computed.append(state["uuid"])
        return real(form, state, **kw)

    monkeypatch.setattr(facts_module, "compute", counting)
    cache.refresh(store)
    assert computed == []
    new = forms.CountySettings(farming_counts_as_employed=False)
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        assert county_settings.receive(conn, store, new.as_mapping())  # as an import does
    cache.refresh(store)
    assert len(computed) == 6
    assert store.derived.kinds(facts_module.KIND_PREFIX) == [facts_module.kind(form, new)]
    computed.clear()
    FactsCache().refresh(store)  # the next start
    assert computed == []


def test_a_new_form_recomputes_every_household_under_it(store, monkeypatch, tmp_path) -> None:
    """The list's facts follow the store's current form: once a return bundle brought 2026.2
    (kept here as the import keeps it), every household is read again under it."""
    import hashlib

    from mopai.sync import formbook
    from tests.formfiles import edited_form

    records = [household(worker("head", 40), farmer("spouse", 38)) for _ in range(4)]
    store.households.save_many(records)
    cache = FactsCache()
    first = cache.refresh(store)
    computed: list[str] = []
    real = facts_module.compute

    def counting(form, state, **kw):  # noqa: ANN001, ANN003, ANN202
        computed.append(form.version)
        return real(form, state, **kw)

    monkeypatch.setattr(facts_module, "compute", counting)
    content = edited_form(tmp_path / "v2.xlsx").read_bytes()
    ref = formbook.FormRef("labor_survey", "2026.2", hashlib.sha256(content).hexdigest(), content)
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        assert formbook.keep(conn, ref, store)
    after = cache.refresh(store)
    assert computed == ["2026.2"] * 4
    assert store.derived.kinds(facts_module.KIND_PREFIX) == [
        facts_module.kind(store.forms.current().form, forms.CountySettings())]
    # the same households, read under the new questions: nothing changes but the form
    assert {u: (f.labour, f.employed, f.errors) for u, f in after.items()} == {
        u: (f.labour, f.employed, f.errors) for u, f in first.items()}
