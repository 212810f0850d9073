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
from .worker import Failed, Job, StoreWorker

Done = Callable[[Any], None]


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


def _rows(households: list[Any]) -> list[Row]:
    return [Row(h.uuid, h.household_no, h.head_name, h.phone, h.household_type, h.status,
                h.updated_at, h.updated_by) for h in households]


class StoreClient(QObject):
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
        return self._submit(lambda s, _j: _rows(s.households.search(text, limit=limit)), done)

    def matching(self, text: str, done: Done) -> Job:
        """Ids of the households matching ``text``, in 户编号 order (one search per keystroke)."""
        return self._submit(lambda s, _j: s.households.matching(text), done)

    def rows(self, uuids: frozenset[str], done: Done) -> Job:
        """Current rows of the households a change named; deleted ones are simply absent."""
        return self._submit(lambda s, _j: _rows(s.households.rows(uuids)), done)

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

    # -- 311 service records (store.services, issue 21) ---------------------------------------
    def services(self, household: str, done: Done, failed: Failed | None = None) -> Job:
        """Every service record of the household now (sync.services.ServiceRecord)."""
        return self._submit(lambda s, _j: s.services.records(household=household), done, failed)

    def service_call(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                     done: Done, failed: Failed | None = None) -> Job:
        """`store.services.<method>(*args, **kwargs)`: add, set_outcome, remove (a record);
        confirm_placement also saves a household revision, re-emitted as a change."""
        if method not in ("add", "set_outcome", "remove", "confirm_placement"):
            raise ValueError(method)

        def run(s: Any, _j: Job) -> Any:
            return getattr(s.services, method)(*args, **kwargs)

        def deliver(record: Any) -> None:
            if method == "confirm_placement":
                self.changed.emit(Changes(households=frozenset({record.household_uuid})))
            done(record)
        return self._submit(run, deliver, failed)

    # -- sync (store.sync) ------------------------------------------------------------------
    def export(self, folder: Any, everything: bool, done: Done, failed: Failed | None = None,
               *, label: str = "") -> Job:
        """Write a bundle to ``folder``; it is read back and verified before ``done``."""
        return self._submit(lambda s, j: s.sync.export(folder, everything=everything,
                                                       progress=j.progress),
                            done, failed, label=label)

    def export_return(self, village: str, folder: Any, done: Done,
                      failed: Failed | None = None, *, label: str = "") -> Job:
        """County: the return bundle of ``village`` (acks, resolutions, corrections)."""
        return self._submit(lambda s, j: s.sync.export_return(village, folder,
                                                              progress=j.progress),
                            done, failed, label=label)

    def returns_waiting(self, done: Done, failed: Failed | None = None) -> Job:
        """County: ``([sync.returns.ReturnWaiting], {code: name})``: what waits to go back to
        each village, counted without writing a bundle, and the area list's names."""
        return self._submit(lambda s, _j: (s.sync.returns_waiting(), s.sync.area_names()),
                            done, failed)

    def export_returns(self, codes: list[str], folder: Any, done: Done,
                       failed: Failed | None = None, *, label: str = "") -> Job:
        """County: a return bundle per code, each verified; ``done`` gets one
        ``sync.returns.ReturnOutcome`` per code (a failing village does not stop the others)."""
        return self._submit(lambda s, j: s.sync.export_returns(
            list(codes), folder, progress=j.progress, cancel=j.cancel), done, failed, label=label)

    def ledger_preview(self, path: Any, mapping: Any, village: str | None, done: Done,
                       failed: Failed | None = None, *, label: str = "") -> Job:
        """Read a ledger (sync/ledger_in.py) under `mapping` (None: the proposed one, a saved
        mapping of the same shape first) and preview it; the file is closed again."""
        def run(s: Any, j: Job) -> Any:
            from mopai.sync import ledger_in  # start-up: only when a ledger is imported

            form = s.forms.current().form
            saved = ledger_in.saved_mappings(s.workspace.home, form)
            with ledger_in.read(path, form, mapping=mapping, saved=saved) as led:
                return ledger_in.preview(s, led, village=village, county=village is None,
                                         progress=j.progress)
        return self._submit(run, done, failed, label=label)

    def ledger_import(self, preview: Any, accept_sound_rows: bool, rejected: Any, done: Done,
                      failed: Failed | None = None, *, label: str = "") -> Job:
        """Save a previewed ledger in one transaction; keep its mapping for the next file."""
        def run(s: Any, j: Job) -> Any:
            from mopai.sync import ledger_in

            done_ = ledger_in.apply(s, preview, accept_sound_rows=accept_sound_rows,
                                    progress=j.progress)
            if rejected and preview.problems:
                ledger_in.write_rejected(preview, rejected)
            ledger_in.remember_mapping(s.workspace.home, preview.ledger.mapping)
            return done_

        def deliver(result: Any) -> None:
            if result.changes:
                self.changed.emit(result.changes)
            done(result)
        return self._submit(run, deliver, failed, label=label)

    def area_names(self, done: Done, failed: Failed | None = None) -> Job:
        """``{code: name}`` of the area list (townships and villages)."""
        return self._submit(lambda s, _j: s.sync.area_names(), done, failed)

    def import_paths(self, paths: list[Any], done: Done, failed: Failed | None = None,
                     *, label: str = "") -> Job:
        """Import bundle files or folders; ``done`` gets one ImportResult per bundle."""
        return self._submit(lambda s, j: (s.sync.import_paths(list(paths), progress=j.progress,
                                                              cancel=j.cancel),
                                          s.forms.catalog()),
                            self._with_forms(done), failed, label=label)

    def publish_form(self, path: Any, reason: str, done: Done | None = None,
                     failed: Failed | None = None) -> Job:
        """County: make the workbook at ``path`` the current form (`store.forms.publish`:
        checked, refused with the reasons if unsound or not newer); ``done`` gets the new
        ``sync.formbook.CurrentForm``."""
        return self._submit(lambda s, _j: (s.forms.publish(path, reason), s.forms.catalog()),
                            self._with_forms(done), failed)

    def enrol_request(self, out: Any, done: Done, failed: Failed | None = None, *,
                      device_name: str | None = None, user_name: str | None = None) -> Job:
        """Write the request file naming this laptop as the person chose it, and who asks."""
        return self._submit(lambda s, _j: s.sync.enrol_request(
            out, device_name=device_name, user_name=user_name), done, failed)

    def suggested_device_name(self, done: Done) -> Job:
        """The name the request proposes (chosen last time, else ``<村名>笔记本``)."""
        return self._submit(lambda s, _j: s.sync.suggested_device_name(), done)

    def enrol_preview(self, setup: Any, done: Done, failed: Failed | None = None) -> Job:
        return self._submit(lambda s, _j: s.sync.enrol_preview(setup), done, failed)

    def enrol_accept(self, setup: Any, fingerprint: str, passphrase: str, done: Done,
                     failed: Failed | None = None) -> Job:
        return self._submit(lambda s, _j: s.sync.enrol_accept(setup, fingerprint, passphrase),
                            done, failed)

    # -- review queues (store.sync) --------------------------------------------------------
    def review_queues(self, done: Done, failed: Failed | None = None) -> Job:
        """Open conflicts, quarantine, duplicates and alerts as ``review_items.Queues``."""
        from ..review.review_items import load_queues  # start-up: see the module docstring

        return self._submit(lambda s, _j: load_queues(s), done, failed)

    # -- the review of households (sync/review.py) -----------------------------------------
    def reviews(self, done: Done, failed: Failed | None = None, *,
                states: tuple[str, ...] = (), village: str = "") -> Job:
        """Households with their review state, in ``states`` (all when empty), with the area
        names: ``(list[sync.review.ReviewItem], {code: name})``."""
        return self._submit(lambda s, _j: (s.sync.reviews(village=village, states=states),
                                           s.sync.area_names()), done, failed)

    def review_of(self, uuid: str, done: Done, failed: Failed | None = None) -> Job:
        """``(ReviewItem | None, [Decision…])``: the household's state and every decision."""
        return self._submit(lambda s, _j: (s.sync.review_of(uuid), s.sync.review_history(uuid)),
                            done, failed)

    def decide_review(self, uuid: str, decision: str, comment: str, questions: list[str],
                      done: Done | None = None, failed: Failed | None = None) -> Job:
        """审核通过 (``approve``) or 退回修改 (``reject``) with a comment and the question paths
        concerned; it travels to the village with the next return bundle."""
        return self._submit(lambda s, _j: s.sync.review(uuid, decision, comment, questions),
                            done, failed)

    def alerts(self, done: Done) -> Job:
        """Refused bundles that need a person (cloned or revoked devices)."""
        from ..review.review_items import alerts, device_names  # start-up: as above

        return self._submit(lambda s, _j: alerts(s.sync.alerts(), device_names(s)), done)

    def resolve_conflict(self, conflict_id: int, choice: str, done: Done | None = None,
                         failed: Failed | None = None, *, value: Any = None) -> Job:
        """Keep the ``local`` or ``remote`` value, or (``choice="value"``) the typed ``value``;
        the new revision travels with the next bundle (return bundle at the county, data
        bundle at a village)."""
        def run(s: Any, _j: Job) -> Changes:
            if choice == "value":
                return s.sync.resolve_conflict(conflict_id, choice, value)
            return s.sync.resolve_conflict(conflict_id, choice)
        return self._submit(run, self._changing(done), failed)

    def resolve_duplicate(self, duplicate_id: int, action: str, done: Done | None = None,
                          failed: Failed | None = None, *, household: str | None = None,
                          note: str = "") -> Job:
        """Decide a duplicate ID number: ``remove`` the person from ``household``, mark
        ``household`` as the ``current`` registration, or keep ``both`` (``note`` required).
        A removal is a new revision (its ``Changes`` go out on ``changed``)."""
        return self._submit(lambda s, _j: s.sync.resolve_duplicate(
            duplicate_id, action, household=household, note=note), self._changing(done), failed)

    def approve_claim(self, quarantine_id: int, reason: str, done: Done | None = None,
                      failed: Failed | None = None) -> Job:
        """Approve a village's change of another village's household as a move (迁户): the
        household passes to the claiming village and the change is merged."""
        return self._submit(lambda s, _j: s.sync.approve_claim(quarantine_id, reason),
                            self._changing(done), failed)

    def fast_interviews(self, done: Done, failed: Failed | None = None, *,
                        label: str = "") -> Job:
        """County: complete households entered too fast for their size
        (``sync.interviews.Flagged``; the kept paradata brought up to date first)."""
        def run(s: Any, j: Job) -> Any:
            from mopai.sync.interviews import flagged  # county only

            return flagged(s, j.progress)
        return self._submit(run, done, failed, label=label)

    def fingerprint(self, done: Done) -> Job:
        return self._submit(lambda s, _j: s.sync.fingerprint(), done)

    # -- users and keys (store.users, store.sync) ---------------------------------------------
    # Each of these derives an Argon2id key (~0.2 s, 64 MiB): on the worker, never the GUI.
    def users(self, done: Done) -> Job:
        return self._submit(lambda s, _j: s.users.list(), done)

    def add_user(self, name: str, new_passphrase: str, by_passphrase: str, done: Done,
                 failed: Failed | None = None) -> Job:
        """Add a user; the signed-in user's passphrase proves they may (audited)."""
        return self._submit(lambda s, _j: s.users.add(name, new_passphrase,
                                                      by_passphrase=by_passphrase),
                            done, failed, label=self.tr("Adding the user…"))

    def change_passphrase(self, old: str, new: str, done: Done,
                          failed: Failed | None = None) -> Job:
        """The signed-in user's passphrase (the one policy, sync/passphrase.py)."""
        return self._submit(lambda s, _j: s.users.change_passphrase(old, new), done, failed,
                            label=self.tr("Changing the passphrase…"))

    def backup_due(self, done: Done) -> Job:
        """County: True while no key backup holds the current keys (the reminder)."""
        return self._submit(lambda s, _j: s.sync.backup_due(), done)

    def backup_keys(self, out: Any, passphrase: str, done: Done,
                    failed: Failed | None = None) -> Job:
        """County: the keys, sealed under a backup passphrase, written to ``out``."""
        return self._submit(lambda s, _j: s.sync.backup_keys(out, passphrase), done, failed,
                            label=self.tr("Backing up the county keys…"))

    def restore_keys(self, path: Any, passphrase: str, done: Done,
                     failed: Failed | None = None) -> Job:
        """County (a new laptop): take the keys of a backup; ``done`` gets the fingerprint."""
        def run(s: Any, _j: Job) -> str:
            s.sync.restore_keys(path, passphrase)
            return s.sync.fingerprint()
        return self._submit(run, done, failed, label=self.tr("Restoring the county keys…"))

    def recover(self, keyfile: Any, user: str, new_passphrase: str, done: Done,
                failed: Failed | None = None) -> Job:
        """County: a village key file's user gets a new passphrase (its recovery slot)."""
        return self._submit(lambda s, _j: s.sync.recover(keyfile, user, new_passphrase),
                            done, failed, label=self.tr("Recovering the key file…"))

    # -- county (sync.villages, reports) ----------------------------------------------------
    def county_overview(self, done: Done, failed: Failed | None = None, *,
                        label: str = "") -> Job:
        """``(reports.figures.CountyFigures, [sync.villages.VillageStatus])``: one job, the
        county dashboard's whole refresh. The per-village sums are kept between refreshes
        (``CountyFiguresCache``), so after an import only the villages it touched are summed
        again; a change of the county settings or of the current form starts a new cache."""
        def run(s: Any, j: Job) -> Any:
            from mopai.reports.figures import CountyFiguresCache
            from mopai.sync.county_settings import load
            from mopai.sync.villages import village_overview

            settings = load(s)
            if self._county is None or self._county.rf.settings != settings \
                    or self._county.rf.form is not s.forms.current().form:
                self._county = CountyFiguresCache(s, settings)
            return self._county.figures(progress=j.progress), village_overview(s)
        return self._submit(run, done, failed, label=label)

    def weekly(self, done: Done, failed: Failed | None = None, *, compute: bool = False,
               label: str = "") -> Job:
        """The 周通报 (reports.weekly): the newest ranking kept (None if none), or with
        `compute` the last complete week's, computed from the history and kept (a pass over
        every household per week not kept yet; cancellable)."""
        def run(s: Any, j: Job) -> Any:
            from mopai.reports import weekly
            from mopai.sync.county_settings import load

            if not compute:
                return weekly.latest(s)
            settings = load(s)
            return weekly.weekly_ranking(s, weekly.last_complete(settings), settings=settings,
                                         progress=j.progress, cancel=j.cancel)
        return self._submit(run, done, failed, label=label)

    # -- phone spot checks and 公益性岗位 checks (issue 22) ------------------------------------
    def spot_overview(self, done: Done, failed: Failed | None = None) -> Job:
        """The county's spot-check screen: draws, figures by township and village, the
        correction requests and the 公益岗 findings (reports.spotcheck, reports.posts)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.reports import posts, spotcheck

            villages = spotcheck.tally(s.spotchecks.calls())
            names = s.sync.area_names()
            return {"draws": s.spotchecks.draws(), "villages": villages,
                    "townships": spotcheck.by_township(villages),
                    "names": names, "corrections": s.spotchecks.corrections(),
                    "posts": posts.check_store(s), "role": s.workspace.role,
                    "areas": spotcheck.draw_areas(s, names)}
        return self._submit(run, done, failed)

    def spot_draw(self, params: Any, out: Any, done: Done, failed: Failed | None = None,  # noqa: ANN401
                  ) -> Job:
        """Draw a sample (reports.spotcheck.DrawParams) and write its call sheet to `out`."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.reports import spotcheck

            drawn = spotcheck.draw(s, params)
            spotcheck.write_sheet(s, drawn, out)
            return drawn
        return self._submit(run, done, failed)

    def spot_record(self, path: Any, done: Done, failed: Failed | None = None) -> Job:  # noqa: ANN401
        """Record a filled call sheet (all or nothing)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.reports import spotcheck

            return spotcheck.record_sheet(s, path)
        return self._submit(run, done, failed)

    # -- the household card (明白卡, issue 22; reports/card.py) -----------------------------------
    def print_cards(self, out: Any, done: Done, failed: Failed | None = None, *,  # noqa: ANN401
                    village: str = "", household: str = "", size: str = "A4",
                    label: str = "") -> Job:
        """One household's cards, or a whole village's, written to the PDF `out` on the
        worker (QPdfWriter paints off the UI thread); the number of households."""
        def run(s: Any, j: Job) -> Any:
            from mopai.reports import card

            from ..capture.card_print import write_cards

            uuids = card.household_uuids(s, village=village, household=household)
            write_cards(card.cards(s, uuids), out, size=size, progress=j.progress)
            return len(uuids)
        return self._submit(run, done, failed, label=label)

    def corrections(self, done: Done, failed: Failed | None = None) -> Job:
        """The correction requests of the phone spot checks, with their state here."""
        return self._submit(lambda s, _j: s.spotchecks.corrections(), done, failed)

    def dismiss_correction(self, correction_id: str, reason: str, done: Done,
                           failed: Failed | None = None) -> Job:
        return self._submit(lambda s, _j: s.spotchecks.dismiss(correction_id, reason), done,
                            failed)

    # -- the county's household list (sync/county_list.py) -----------------------------------
    def county_households(self, query: Any, offset: int, limit: int, done: Done,
                          failed: Failed | None = None, *, count: bool = True) -> Job:
        """A page of the county's households matching `query` (`sync.county_list.ListQuery`):
        `sync.county_list.Page`, its total None when not `count`ed and the page does not
        tell (then `county_count`)."""
        return self._submit(lambda s, _j: s.households.county_page(query, offset, limit,
                                                                   count=count),
                            done, failed)

    def county_count(self, query: Any, done: Done, failed: Failed | None = None, *,
                     wanted: Callable[[], bool] = lambda: True) -> Job:
        """How many households match `query`; skipped (None) when, by the time the worker
        gets to it, `wanted()` says the answer is no longer needed (another keystroke)."""
        return self._submit(lambda s, _j: s.households.county_count(query) if wanted()
                            else None, done, failed)

    def county_list_setup(self, done: Done, failed: Failed | None = None) -> Job:
        """What the county list's filters offer: ``(areas, Choices, edits allowed)``."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.county_list import edits_allowed

            area = s.workspace.code if s.workspace.role == "township" else ""
            return s.sync.areas(), s.households.list_choices(area), edits_allowed(s)
        return self._submit(run, done, failed)

    def county_flags(self, done: Done, failed: Failed | None = None, *, label: str = "") -> Job:
        """``(with findings, 零就业家庭)``: the (village code, 户编号) of households with a
        data-quality finding, and of complete 零就业家庭, from the county's kept report facts
        (brought up to date first: after the dashboard's refresh, nothing to compute)."""
        def run(s: Any, j: Job) -> Any:
            from mopai.reports.facts import ReportFacts
            from mopai.sync.county_settings import load

            settings = load(s)
            rf = self._county.rf if self._county is not None \
                and self._county.rf.settings == settings \
                and self._county.rf.form is s.forms.current().form \
                else ReportFacts.of(s, settings)
            rf.refresh(progress=j.progress)
            zero = frozenset((code, str(row[1])) for code, entry in rf.villages()
                             for row in entry.get("z") or [])
            findings = frozenset((code, str(cells[2])) for code, items in rf.villages("q")
                                 for cells, _q in items)
            return findings, zero
        return self._submit(run, done, failed, label=label)

    def allow_county_edits(self, on: bool, done: Done | None = None,
                           failed: Failed | None = None) -> Job:
        """Turn county corrections on or off (`sync.county_list.allow_edits`, audited)."""
        def run(s: Any, _j: Job) -> bool:
            from mopai.sync.county_list import allow_edits, edits_allowed

            allow_edits(s, on)
            return edits_allowed(s)
        return self._submit(run, done, failed)

    def correct(self, state: dict[str, Any], reason: str, done: Done | None = None,
                failed: Failed | None = None) -> Job:
        """Save a county correction with its reason (`store.households.correct`): a new
        revision that goes back to the village in its next return bundle."""
        def run(s: Any, _j: Job) -> Changes:
            from mopai.sync.county_list import correct

            return correct(s, state, reason)
        return self._submit(run, self._changing(done), failed)

    def villages(self, done: Done, failed: Failed | None = None) -> Job:
        """``(areas, [VillageStatus], {village: expected households}, {village: households on
        its 户籍 list})``: the area list, each village's devices and bundles, the expected
        households, and the villages whose number is their list's length."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.areas import expected_households, listed_counts
            from mopai.sync.villages import village_overview

            return s.sync.areas(), village_overview(s), expected_households(s), listed_counts(s)
        return self._submit(run, done, failed)

    def transport(self, done: Done, failed: Failed | None = None) -> Job:
        """County: per device how its bundles travel (`store.sync.transport()`)."""
        return self._submit(lambda s, _j: s.sync.transport(), done, failed)

    def set_expected(self, code: str, households: int | None, done: Done | None = None,
                     failed: Failed | None = None) -> Job:
        """One village's expected households typed by hand (None clears it): `sync.areas.
        set_expected`, audited; returns what changed."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.areas import set_expected

            return set_expected(s, {code: households}, source="hand")
        return self._submit(run, done, failed)

    def import_expected(self, path: Any, done: Done, failed: Failed | None = None) -> Job:
        """Expected households from a sheet of numbers or a 户籍 list (sync.areas; all or
        nothing, every problem with its row)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.areas import import_expected

            return import_expected(s, path)
        return self._submit(run, done, failed,
                            label=self.tr("Reading the expected households…"))

    def edit_area(self, action: str, code: str, name: str, done: Done | None = None,
                  failed: Failed | None = None) -> Job:
        """``add``, ``rename`` or ``remove`` a township or village (sync.villages)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync import villages

            if action == "add":
                return villages.add_area(s, code, name)
            if action == "rename":
                return villages.rename_area(s, code, name)
            return villages.remove_area(s, code)
        return self._submit(run, done, failed)

    def import_areas(self, path: Any, done: Done, failed: Failed | None = None) -> Job:
        """Replace the area list with an Excel sheet's (sync.areas; every problem with its row)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.areas import import_areas

            return import_areas(s, path)
        return self._submit(run, done, failed, label=self.tr("Reading the area list…"))

    def revoke(self, device_id: str, reason: str, done: Done | None = None,
               failed: Failed | None = None) -> Job:
        return self._submit(lambda s, _j: s.sync.revoke(device_id, reason), done, failed)

    def enrol_read_request(self, request: Any, done: Done, failed: Failed | None = None
                           ) -> Job:
        """County: ``(sync.enrol.EnrolRequest, {code: name})``: the request as the approval
        shows it (checked, nothing stored) and the area list's names."""
        return self._submit(lambda s, _j: (s.sync.enrol_read_request(request),
                                           s.sync.area_names()), done, failed)

    def enrol_approve(self, request: Any, out: Any, done: Done,
                      failed: Failed | None = None, *,
                      confirmed_fingerprint: str | None = None) -> Job:
        """County: approve a request file, write the setup file; ``done`` gets
        ``(certificate body, county fingerprint)``. With the device fingerprint the person
        confirmed, a request file changed since it was shown is refused."""
        return self._submit(lambda s, _j: (s.sync.enrol_approve(
            request, out, confirmed_fingerprint=confirmed_fingerprint),
            s.sync.fingerprint()), done, failed)

    def write_report(self, kind: str, out: Any, done: Done, failed: Failed | None = None, *,
                     area: str = "", label: str = "", fmt: str = "csv") -> Job:
        """``summary``: the county summary workbook; ``ledger``: the ledger of ``area``;
        ``export``: the analysts' data files (`fmt`) into the folder ``out``."""
        def run(s: Any, j: Job) -> Any:
            if kind == "export":
                from mopai.reports.export import export_data

                return export_data(s, out, fmt, progress=j.progress)
            if kind == "summary":
                from mopai.reports.summary import summary_workbook

                return summary_workbook(s, out, progress=j.progress)
            from mopai.reports.ledger import ledger_workbook

            return ledger_workbook(s, area, out, progress=j.progress)
        return self._submit(run, done, failed, label=label)

    def county_settings(self, done: Done) -> Job:
        """The county's indicator definitions (forms.CountySettings)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.county_settings import load

            return load(s)
        return self._submit(run, done)

    def set_county_settings(self, settings: Any, done: Done | None = None,
                            failed: Failed | None = None) -> Job:
        """Keep new definitions (audited); the next figures are computed under them."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.county_settings import save

            return save(s, settings)

        def saved(result: Any) -> None:
            self.refresh_settings()
            if done is not None:
                done(result)
        return self._submit(run, saved, failed)

    def refresh_settings(self) -> Job:
        """Read the county's settings into ``settings`` (the editor works under them: its
        time zone for the time inputs, the metadata stamps and the day; its definitions):
        at unlock, and after whatever may bring new ones (an import, a network sync, a
        publish, the county's own change)."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.sync.county_settings import load

            return load(s)

        def keep(settings: Any) -> None:
            self.settings = settings
        return self._submit(run, keep)

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

    # -- job postings (store.jobs, reports.matching; issue 21) -------------------------------
    def jobs(self, done: Done, failed: Failed | None = None) -> Job:
        """Every posting held (``[sync.jobs.Posting]``, newest first)."""
        return self._submit(lambda s, _j: s.jobs.list(), done, failed)

    def save_job(self, job_id: str | None, values: dict[str, Any], done: Done,
                 failed: Failed | None = None, *, area: str = "") -> Job:
        """County: a new posting (`job_id` None) or new content for one; the posting back."""
        def run(s: Any, _j: Job) -> Any:
            return s.jobs.add(values, area=area) if job_id is None else s.jobs.edit(job_id, values)
        return self._submit(run, done, failed)

    def close_job(self, job_id: str, done: Done, failed: Failed | None = None, *,
                  reopen: bool = False) -> Job:
        return self._submit(lambda s, _j: s.jobs.close(job_id, reopen=reopen), done, failed)

    def import_jobs(self, path: Any, done: Done, failed: Failed | None = None, *,
                    area: str = "") -> Job:
        """County: a postings sheet, all or nothing (`sync.jobs.PostingSheetError` names the
        rows); the counts added, updated, unchanged."""
        return self._submit(lambda s, _j: s.jobs.import_file(path, area=area), done, failed,
                            label=self.tr("Importing the postings…"))

    def person_jobs(self, household: dict[str, Any], member_uuid: str, done: Done,
                    failed: Failed | None = None) -> Job:
        """``(reports.matching.Person | None, [Match])``: one person's best open postings."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.reports.matching import person_matches  # start-up: when asked

            return person_matches(s, household, member_uuid)
        return self._submit(run, done, failed)

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
