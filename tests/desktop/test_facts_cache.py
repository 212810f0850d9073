"""List and dashboard facts are kept by revision in the store: a new start recomputes none."""

from __future__ import annotations

import forms
from desktop import facts as facts_module
from desktop.facts import FactsCache
from sync.synth import add_households


def test_facts_survive_a_restart_and_follow_new_revisions(store, monkeypatch) -> None:
    add_households(store, 12, seed=4)
    form = forms.load_default_form()
    computed: list[str] = []
    real = facts_module.compute

    def counting(form, state, *, revision):  # noqa: ANN001, ANN202
        computed.append(state["uuid"])
        return real(form, state, revision=revision)

    monkeypatch.setattr(facts_module, "compute", counting)
    first = FactsCache(form).refresh(store)
    assert len(first) == 12 and len(computed) == 12
    computed.clear()
    again = FactsCache(form).refresh(store)  # a new start: everything read back
    assert computed == [] and again == first
    record = store.households.get(next(iter(first)))
    record["fields"]["address"] = "新地址"
    store.households.save(record)
    other = next(u for u in first if u != record["uuid"])
    store.households.delete(other)
    after = FactsCache(form).refresh(store)
    assert computed == [record["uuid"]] and other not in after and len(after) == 11
    assert len(store.derived.load(f"desktop.facts.v1:{form.form_id}:{form.version}")) == 11
