"""The GUI's one service object per open store: every store call, run on the worker.

Widgets get a ``StoreClient``, never the store or a session. Each method queues one job on
the serial ``StoreWorker`` and hands the result to a callback on the UI thread. Every call
that changes data re-emits the returned ``sync.households.Changes`` on ``changed``; views
connect to that one signal and refresh only the households it names.

Start-up: what only some screens need (the review queues, the county's reports and villages,
the ID-number lookup) is imported inside the method that runs it, so a village's app never
loads the county's modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from mopai.sync.formbook import FormCatalog, shipped
from mopai.sync.households import Changes

from ..capture import formkit
from ..capture.drafts import DraftBox
from ..capture.facts import FactsCache
from .client_calls import Done
from .client_county import CountyCalls
from .client_services import ServiceCalls
from .client_sync import SyncCalls
from .i18n import form_language
from .worker import Failed, Job, StoreWorker

__all__ = ["Done", "Row", "StoreClient"]


class Row(NamedTuple):
    """One household as the list shows it; built on the worker from the projection."""

    uuid: str
    household_no: str
    head_name: str
    phone: str | None
    household_type: str | None
    status: str
    updated_at: str
    updated_by: str
    type_text: str = ""     # 户类型 when its label holds ${}: filled with this household's answers


def _rows(households: list[Any], store: Any = None, form: formkit.Form | None = None,
          lang: str = "") -> list[Row]:
    rows = [Row(h.uuid, h.household_no, h.head_name, h.phone, h.household_type, h.status,
                h.updated_at, h.updated_by) for h in households]
    q = form.fields.get("household_type") if form is not None else None
    if q is None or q.choices is None:
        return rows
    # a 户类型 whose label holds ${} (“${head}家”) is filled with that household's answers,
    # read here on the worker (the list holds no records); any other is labelled by the list
    return [r._replace(type_text=formkit.choice_label(
                form, "household_type", r.household_type, lang,
                household=store.households.get(r.uuid)))
            if r.household_type and "${" in q.choices.label(r.household_type, lang) else r
            for r in rows]


class StoreClient(QObject, SyncCalls, CountyCalls, ServiceCalls):
    """The store's calls; those of each area are in client_sync, client_county and
    client_services."""

    changed = Signal(object)          # sync.households.Changes
    closed = Signal()
    form_changed = Signal()           # the store's current form is another version

    def __init__(self, worker: StoreWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        # The forms the open store holds (sync.formbook.FormCatalog: plain data, read on the
        # worker); before a store is open, the built-in form.
        self.catalog = FormCatalog(shipped())
        self._store: Any = None          # touched only inside jobs, on the worker thread
        self._facts = FactsCache()
        self._county: Any = None         # reports.figures.CountyFiguresCache, worker only
        # the county's settings (forms.CountySettings) as the store holds them, read on the
        # worker (refresh_settings): the editor's time zone, its day and its definitions
        self.settings: Any = formkit.DEFAULT_SETTINGS
        self.user = ""
        self.device_id = ""
        self.village_code = ""
        self.workspace_name = ""
        self.role = ""

    def attach(self, store: Any, catalog: FormCatalog | None = None,
               settings: Any = None) -> None:
        """Serve an unlocked store (the object came back from the worker's unlock job, with
        the forms it holds and the county's settings, read there: `store.forms.catalog()`,
        `sync.county_settings.load`; without them, they are read by a job)."""
        self._store = store
        self._facts = FactsCache()
        self._county = None
        if catalog is not None:
            self._set_catalog(catalog)
        self.user = store.user
        self.device_id = store.device_id
        self.village_code = store.workspace.code
        self.workspace_name = store.meta.get("name", "")
        self.role = store.workspace.role
        self.settings = settings if settings is not None else formkit.DEFAULT_SETTINGS
        if settings is None:
            self.refresh_settings()

    @property
    def form(self) -> formkit.Form:
        """The store's current form: what new households are captured with and what the
        editor opens every record under (sync/formbook.py)."""
        return self.catalog.current_form()

    def set_catalog(self, catalog: FormCatalog) -> None:
        """The forms the store holds, read on the worker after something brought new ones
        (a network sync's return bundle)."""
        self._set_catalog(catalog)
        self.refresh_settings()            # a return bundle carries the county's settings

    def _set_catalog(self, catalog: FormCatalog) -> None:
        before = self.catalog.current
        self.catalog = catalog
        if catalog.current != before:
            self.form_changed.emit()

    def _with_forms(self, done: Done | None) -> Done:
        """`done` of a job that returned `(result, catalog)`: the forms first, so that what
        `done` shows is shown under the current form."""
        def deliver(pair: tuple[Any, FormCatalog]) -> None:
            result, catalog = pair
            self._set_catalog(catalog)
            self.refresh_settings()        # an import may have brought the county's settings
            if done is not None:
                done(result)
        return deliver

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def _submit(self, fn: Callable[[Any, Job], Any], done: Done | None,
                failed: Failed | None = None, label: str = "") -> Job:
        store = self._store
        if store is None:
            raise RuntimeError("the store is closed")
        return self._worker.submit(lambda job: fn(store, job), done, failed, label=label)

    def _changing(self, done: Done | None) -> Done:
        def deliver(changes: Changes) -> None:
            if changes:
                self.changed.emit(changes)
            if done is not None:
                done(changes)
        return deliver

    # -- reading ---------------------------------------------------------------------------
    def search(self, text: str, done: Done, *, limit: int | None = None) -> Job:
        """Households matching ``text`` as list ``Row``s (name, 拼音 initials, ID, 户编号, phone)."""
        form, lang = self.form, form_language()
        return self._submit(lambda s, _j: _rows(s.households.search(text, limit=limit), s,
                                                form, lang), done)

    def matching(self, text: str, done: Done) -> Job:
        """Ids of the households matching ``text``, in 户编号 order (one search per keystroke)."""
        return self._submit(lambda s, _j: s.households.matching(text), done)

    def rows(self, uuids: frozenset[str], done: Done) -> Job:
        """Current rows of the households a change named; deleted ones are simply absent."""
        form, lang = self.form, form_language()
        return self._submit(lambda s, _j: _rows(s.households.rows(uuids), s, form, lang), done)

    def get(self, uuid: str, done: Done, failed: Failed | None = None) -> Job:
        return self._submit(lambda s, _j: s.households.get(uuid), done, failed)

    def history(self, uuid: str, done: Done) -> Job:
        return self._submit(lambda s, _j: s.households.history(uuid), done)

    def id_owners(self, id_numbers: list[str], exclude: str, done: Done) -> Job:
        """``{ID number: [labels of the other households holding it]}`` (sync.lookup)."""
        from mopai.sync.lookup import id_owners  # start-up: see the module docstring

        return self._submit(lambda s, _j: id_owners(s, id_numbers, exclude=exclude), done)

    def status(self, done: Done) -> Job:
        return self._submit(lambda s, _j: s.status(), done)

    def facts(self, done: Done, *, label: str = "") -> Job:
        """Facts of every household (``{uuid: Facts}``), recomputing only changed ones."""
        def run(s: Any, job: Job) -> Any:
            return self._facts.refresh(s, job.progress)
        return self._submit(run, done, label=label)

    # -- writing ---------------------------------------------------------------------------
    def save(self, state: dict[str, Any], done: Done | None = None,
             failed: Failed | None = None) -> Job:
        """Save a revision; on success the draft of that household is dropped too."""
        def run(s: Any, _j: Job) -> Changes:
            changes = s.households.save(state)
            DraftBox(s).discard(state["uuid"])
            return changes
        return self._submit(run, self._changing(done), failed)

    def restore(self, uuid: str, revision_id: str, *, member: str | None = None,
                path: str | None = None, done: Done | None = None,
                failed: Failed | None = None) -> Job:
        """Restore a field, a member or the whole household as at ``revision_id``: a new
        revision (store.households.restore)."""
        return self._submit(lambda s, _j: s.households.restore(
            uuid, revision_id, member=member, path=path), self._changing(done), failed)

    def delete(self, uuid: str, reason: str, done: Done | None = None) -> Job:
        return self._submit(lambda s, _j: s.households.delete(uuid, reason=reason),
                            self._changing(done))

    # -- drafts ----------------------------------------------------------------------------
    def put_draft(self, state: dict[str, Any], done: Done | None = None) -> Job:
        return self._submit(lambda s, _j: DraftBox(s).put(state), done)

    def discard_draft(self, uuid: str, done: Done | None = None) -> Job:
        return self._submit(lambda s, _j: DraftBox(s).discard(uuid), done)

    def drafts(self, done: Done) -> Job:
        return self._submit(lambda s, _j: DraftBox(s).list(), done)

    def expected_visits(self, done: Done, failed: Failed | None = None) -> Job:
        """The households this village must visit, each with what was captured of it
        (sync.expected.visits)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.expected import visits  # start-up: only when the list is shown

            return visits(s, s.workspace.code)
        return self._submit(run, done, failed)

    def next_household_no(self, done: Done) -> Job:
        """One more than the largest numeric 户编号, keeping its width (0012 -> 0013)."""
        def run(s: Any, _j: Job) -> str:
            numbers = [r.household_no for r in _rows(s.households.search(""))]
            digits = [n for n in numbers if n.isdigit()]
            if not digits:
                return "1" if not numbers else ""
            top = max(digits, key=int)
            return str(int(top) + 1).zfill(len(top))
        return self._submit(run, done)

    # -- lifetime --------------------------------------------------------------------------
    # -- network sync (desktop/shell/net_sync.py) -------------------------------------------
    def net_config(self, done: Done) -> Job:
        """``{"server": url or "", "synced_at": UTC stamp or ""}`` of the open store."""
        from mopai.sync import meta

        return self._submit(lambda s, _j: {
            "server": (s.meta.get(meta.SERVER_URL) or "") if s.meta.get(meta.SERVER_CERT)
            else "", "synced_at": s.meta.fresh().get(meta.NET_SYNCED_AT) or ""}, done)

    def call_blocking(self, fn: Callable[[Any], Any], cancel: Any = None) -> Any:
        """Run ``fn(store)`` on the store's worker and wait for it: only from a background
        thread (the network sync's), never the GUI thread. Refused once the store is closed
        or ``cancel`` is set (the app locked): nothing runs on a closed store."""
        store = self._store

        def job() -> Any:
            if store is None or self._store is not store or (cancel is not None
                                                              and cancel.is_set()):
                from mopai.sync.net.client import Cancelled

                raise Cancelled("本机已锁定，同步已停止", "the app locked; sync stopped")
            return fn(store)
        try:
            future = self._worker.future(job)
        except RuntimeError as exc:  # the worker was shut down (the app closed)
            from mopai.sync.net.client import Cancelled

            raise Cancelled("程序已关闭，同步已停止", "the app closed; sync stopped") from exc
        return future.result()

    def close(self, done: Done | None = None) -> None:
        """Close the store on the worker (dropping the key); no call is accepted after."""
        store, self._store = self._store, None
        self._facts = FactsCache()               # derived data goes with the key
        self._county = None
        if store is None:
            return

        def finished(_: Any) -> None:
            self.closed.emit()
            if done is not None:
                done(None)
        self._worker.submit(lambda _j: store.close(), finished)
