"""What the list and the dashboard show about each household, computed on the worker.

For each household: who heads it, its type, status, survey date, how many members,
劳动力 and employed people, 零就业家庭, willingness counts, 五清 completeness, errors and
warnings. The definitions belong to ``forms`` (its indicator functions, which read the
county settings); this module only calls them and keeps the results, keyed by revision, so
that a save recomputes one household and not the village. The county settings are the ones
kept in the store (``sync.county_settings.load``: the county's own, or those a village or
township received with the last return bundle), so the village counts as the county's reports
do; the kept facts name them, and a change of settings recomputes every household.
``FactsCache`` lives on the store worker thread. Qt-free.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from . import formkit


@dataclass(frozen=True)
class Facts:
    uuid: str
    household_no: str
    head_name: str
    household_type: str | None
    status: str
    updated_at: str
    survey_date: str | None = None
    members: int = 0
    labour: int = 0
    employed: int = 0
    labour_poor: int = 0          # 劳动力 in 脱贫户 and 监测户
    employed_poor: int = 0
    wants_job: int = 0
    wants_training: int = 0
    wants_business: int = 0
    five_clear: dict[str, bool] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0

    @property
    def zero_employment(self) -> bool:
        """零就业家庭: at least one 劳动力 and nobody employed (forms' definition)."""
        return self.labour > 0 and self.employed == 0

    @property
    def all_clear(self) -> bool:
        return bool(self.five_clear) and all(self.five_clear.values())


KIND_PREFIX = "desktop.facts."


def kind(form: formkit.Form, settings: Any) -> str:
    """What the facts are kept under in ``store.derived``: layout, form and settings."""
    from sync.county_settings import digest

    return f"{KIND_PREFIX}v2:{form.form_id}:{form.version}:{digest(settings)}"


def compute(form: formkit.Form, state: dict[str, Any], *, revision: dict[str, Any],
            settings: Any = None) -> Facts:
    """Facts of one record under the county ``settings`` (forms.CountySettings; defaults when
    None); ``revision`` holds the projection columns (no, head, updated)."""
    import forms

    hs = formkit.evaluate(form, state, settings=settings)
    findings = forms.validate_household(form, state, state=hs)
    errors = sum(1 for f in findings if formkit.is_error(f))
    ind = forms.household_indicators(form, state, state=hs)
    people = ind.persons
    labour_poor = sum(p.labour_force for p in people if p.poverty)
    return Facts(
        uuid=state["uuid"], household_no=str(revision.get("household_no") or ""),
        head_name=str(revision.get("head_name") or ""),
        household_type=state.get("fields", {}).get("household_type"),
        status=state.get("status", "draft"), updated_at=str(revision.get("updated_at", "")),
        survey_date=state.get("fields", {}).get("survey_date"),
        members=len(state.get("members") or []),
        labour=ind.labour_force, employed=ind.employed, labour_poor=labour_poor,
        employed_poor=sum(p.employed for p in people if p.poverty and p.labour_force),
        wants_job=sum(p.wants_job for p in people),
        wants_training=sum(p.wants_training for p in people),
        wants_business=sum(p.wants_business for p in people),
        five_clear=dict(ind.five_clear), errors=errors, warnings=len(findings) - errors)


class FactsCache:
    """Facts of every household, refreshed incrementally; used on the worker thread only.

    Facts are also kept in the store (``store.derived``, by revision), so a start reads them
    instead of evaluating the whole village again; only new revisions are computed. Each
    refresh reads the county settings from the store: when they changed (a return bundle
    brought new ones) every household is computed again, under a new kind, and the facts kept
    under any other kind are dropped.
    """

    def __init__(self, form: formkit.Form) -> None:
        self._form = form
        self._settings: Any = None
        self._kind = ""
        self._by_uuid: dict[str, tuple[str, Facts]] | None = None

    def refresh(self, store: Any, progress: Any = None) -> dict[str, Facts]:
        from sync.county_settings import load

        settings = load(store)
        if self._by_uuid is None or settings != self._settings:
            self._settings, self._kind = settings, kind(self._form, settings)
            for other in store.derived.kinds(KIND_PREFIX):
                if other != self._kind:
                    store.derived.drop(other)
            self._by_uuid = {u: (rev, Facts(**data))
                             for u, (rev, data) in store.derived.load(self._kind).items()}
        rows = {r.uuid: r for r in store.households.search("")}
        stale = [u for u, r in rows.items() if self._by_uuid.get(u, ("",))[0] != r.revision_id]
        made = []
        for start in range(0, len(stale), 500):
            for uuid, state in store.households.get_many(stale[start:start + 500]).items():
                row = rows[uuid]
                facts = compute(self._form, state, settings=settings, revision={
                    "household_no": row.household_no, "head_name": row.head_name,
                    "updated_at": row.updated_at})
                self._by_uuid[uuid] = (row.revision_id, facts)
                made.append((uuid, row.revision_id, asdict(facts)))
            if progress is not None:
                progress(min(start + 500, len(stale)), len(stale), "")
        if made:
            store.derived.save(self._kind, made)
        gone = [u for u in self._by_uuid if u not in rows]
        if gone:
            store.derived.forget(self._kind, gone)
            for u in gone:
                del self._by_uuid[u]
        return {u: f for u, (_, f) in self._by_uuid.items()}
