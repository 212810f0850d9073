"""StoreClient's calls for the county and the township: review queues and decisions, the
dashboard and weekly ranking, spot checks, the county's household list, villages and areas,
reports and settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from mopai.sync.households import Changes

from .client_calls import Calls, Done
from .worker import Failed, Job

translate = QCoreApplication.translate  # the strings stay in StoreClient's context


class CountyCalls(Calls):
    """Review, figures, spot checks, the household list, villages, reports, settings."""

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
                            label=translate("StoreClient", "Reading the expected households…"))

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
        return self._submit(run, done, failed, label=translate("StoreClient", "Reading the area list…"))

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
                     area: str = "", label: str = "", fmt: str = "csv",
                     language: str = "") -> Job:
        """``summary``: the county summary workbook; ``ledger``: the ledger of ``area``, the
        form's texts in ``language`` ('' Chinese: decision 55); ``export``: the analysts'
        data files (`fmt`) into the folder ``out``."""
        def run(s: Any, j: Job) -> Any:
            if kind == "export":
                from mopai.reports.export import export_data

                return export_data(s, out, fmt, progress=j.progress)
            if kind == "summary":
                from mopai.reports.summary import summary_workbook

                return summary_workbook(s, out, progress=j.progress)
            from mopai.reports.ledger import ledger_workbook

            return ledger_workbook(s, area, out, progress=j.progress, language=language or None)
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
