"""StoreClient's calls for employment services: 311 service records (store.services), the
household card (reports/card.py) and job postings (store.jobs, reports.matching; issue 21)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mopai.sync.households import Changes

from .client_calls import Calls, Done
from .worker import Failed, Job

translate = QCoreApplication.translate  # the strings stay in StoreClient's context


class ServiceCalls(Calls):
    """The 311 records, the household card and job postings."""

    # -- 311 service records (store.services, issue 21) ---------------------------------------
    def services(self, household: str, done: Done, failed: Failed | None = None) -> Job:
        """Every service record of the household now (sync.services.ServiceRecord)."""
        return self._submit(lambda s, _j: s.services.records(household=household), done, failed)

    def service_history(self, household: str, done: Done) -> Job:
        """Every revision of every service record of the household, oldest first (the
        history dialog shows them beside the household's)."""
        return self._submit(lambda s, _j: s.services.history(household), done)

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


    # -- the household card (明白卡, issue 22; reports/card.py) -----------------------------------
    def card_contact(self, village: str, done: Done, failed: Failed | None = None) -> Job:
        """The village contact its cards name: {"name", "phone"}, or {} (reports/card.py)."""
        def run(s: Any, _j: Job) -> dict[str, str]:
            from mopai.reports import card

            return card.contacts(s).get(village, {})
        return self._submit(run, done, failed)

    def set_card_contact(self, village: str, name: str, phone: str, done: Done,
                         failed: Failed | None = None) -> Job:
        """Keep the contact `village`'s cards name (an empty name removes it); a bad village
        code or phone number is refused with nothing changed."""
        def run(s: Any, _j: Job) -> None:
            from mopai.reports import card

            card.set_contact(s, village, name, phone)
        return self._submit(run, done, failed)

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
                            label=translate("StoreClient", "Importing the postings…"))

    def person_jobs(self, household: dict[str, Any], member_uuid: str, done: Done,
                    failed: Failed | None = None) -> Job:
        """``(reports.matching.Person | None, [Match])``: one person's best open postings."""
        def run(s: Any, _j: Job) -> Any:
            from mopai.reports.matching import person_matches  # start-up: when asked

            return person_matches(s, household, member_uuid)
        return self._submit(run, done, failed)
