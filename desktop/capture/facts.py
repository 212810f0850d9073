"""What the list and the dashboard show about each household, computed on the worker.

For each household: who heads it, its type, status, survey date, how many members,
劳动力 and employed people, 零就业家庭, willingness counts, 五清 completeness, errors and
warnings. The definitions belong to ``forms`` (its indicator functions, which read the
county settings); this module only calls them and keeps the results, keyed by revision, so
that a save recomputes one household and not the village. The county settings are the ones
kept in the store (``sync.county_settings.load``: the county's own, or those a village or
township received with the last return bundle), so the village counts as the county's reports
do; the kept facts name them, and a change of settings recomputes every household. Each
record is read under the store's current form (``store.forms``; a record saved under an older
version through ``forms.upgrade_household``), and a new form recomputes every household too.
``FactsCache`` lives on the store worker thread. Qt-free.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from mopai import forms
from mopai.sync.county_settings import digest, load
from mopai.sync.households import HEAD_RELATION
from mopai.sync.kept import MAIN, Computed, FactCache

from . import formkit


@dataclass(frozen=True)
class Facts:
    uuid: str
    household_no: str
    head_name: str
    household_type: str | None
    status: str
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
    return f"{KIND_PREFIX}v3:{form.form_id}:{form.version}:{digest(settings)}"


def compute(form: formkit.Form, state: dict[str, Any], *, settings: Any = None) -> Facts:
    """Facts of one record under `form` (the store's current form; a record of an older
    version is read as it reads it) and the county ``settings`` (forms.CountySettings;
    defaults when None)."""
    if state.get("form_version") != form.version:
        state = forms.upgrade_household(form, state).household
    hs = formkit.evaluate(form, state, settings=settings)
    findings = forms.validate_household(form, state, state=hs)
    errors = sum(1 for f in findings if formkit.is_error(f))
    ind = forms.household_indicators(form, state, state=hs)
    people = ind.persons
    labour_poor = sum(p.labour_force for p in people if p.poverty)
    fields = state.get("fields", {})
    members = state.get("members") or []
    head = next((m for m in members if m["fields"].get("relation") == HEAD_RELATION),
                members[0] if members else None)
    return Facts(
        uuid=state["uuid"], household_no=str(fields.get("household_no") or "").strip(),
        head_name=str(head["fields"].get("name") or "") if head else "",
        household_type=fields.get("household_type"), status=state.get("status", "draft"),
        survey_date=fields.get("survey_date"), members=len(members),
        labour=ind.labour_force, employed=ind.employed, labour_poor=labour_poor,
        employed_poor=sum(p.employed for p in people if p.poverty and p.labour_force),
        wants_job=sum(p.wants_job for p in people),
        wants_training=sum(p.wants_training for p in people),
        wants_business=sum(p.wants_business for p in people),
        five_clear=dict(ind.five_clear), errors=errors, warnings=len(findings) - errors)


class _ListFacts(FactCache):
    """The list's facts as a user of the one fact cache (sync/kept.py): one entry per
    household, for any day."""

    prefix = KIND_PREFIX

    def __init__(self, store: Any, form: formkit.Form, settings: Any) -> None:
        super().__init__(store, kind(form, settings))
        self.form, self.settings = form, settings

    def facts_of(self, record: dict[str, Any], day: Any) -> Computed:
        return Computed({MAIN: asdict(compute(self.form, record, settings=self.settings))})


class FactsCache:
    """Facts of every household, refreshed incrementally; used on the worker thread only.

    The facts are kept in the store by the one fact cache (sync/kept.py), so a start reads
    them instead of evaluating the whole village again; only new revisions are computed, and
    this object holds them in memory between refreshes. Each refresh reads the county settings
    and the current form from the store: when either changed (a return bundle brought new
    ones) every household is computed again, under a new kind, and the facts kept under any
    other kind are dropped.
    """

    def __init__(self) -> None:
        self._form: formkit.Form | None = None
        self._settings: Any = None
        self._kept: _ListFacts | None = None
        self._by_uuid: dict[str, Facts] = {}

    def refresh(self, store: Any, progress: Any = None) -> dict[str, Facts]:
        settings = load(store)
        form = store.forms.current().form
        if self._kept is None or self._kept.store is not store or settings != self._settings \
                or form is not self._form:
            self._settings, self._form = settings, form
            self._kept = _ListFacts(store, form, settings)
            self._kept.refresh(progress=progress)
            self._by_uuid = {u: Facts(**data)
                             for u, (_, data) in store.derived.load(self._kept.kind).items()}
        else:
            done = self._kept.refresh(progress=progress)
            self._by_uuid.update((u, Facts(**data)) for u, data in done.computed.items())
            for uuid in done.gone:
                self._by_uuid.pop(uuid, None)
        return dict(self._by_uuid)
