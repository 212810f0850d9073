"""StoreClient's calls for moving data and keys: bundles, ledgers, enrolment (store.sync),
users and keys (store.users)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from .client_calls import Calls, Done
from .worker import Failed, Job

translate = QCoreApplication.translate  # the strings stay in StoreClient's context


class SyncCalls(Calls):
    """Bundles, ledger import, enrolment, users and keys."""

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


    # -- users and keys (store.users, store.sync) ---------------------------------------------
    # Each of these derives an Argon2id key (~0.2 s, 64 MiB): on the worker, never the GUI.
    def users(self, done: Done) -> Job:
        return self._submit(lambda s, _j: s.users.list(), done)

    def add_user(self, name: str, new_passphrase: str, by_passphrase: str, done: Done,
                 failed: Failed | None = None) -> Job:
        """Add a user; the signed-in user's passphrase proves they may (audited)."""
        return self._submit(lambda s, _j: s.users.add(name, new_passphrase,
                                                      by_passphrase=by_passphrase),
                            done, failed, label=translate("StoreClient", "Adding the user…"))

    def change_passphrase(self, old: str, new: str, done: Done,
                          failed: Failed | None = None) -> Job:
        """The signed-in user's passphrase (the one policy, sync/passphrase.py)."""
        return self._submit(lambda s, _j: s.users.change_passphrase(old, new), done, failed,
                            label=translate("StoreClient", "Changing the passphrase…"))

    def backup_due(self, done: Done) -> Job:
        """County: True while no key backup holds the current keys (the reminder)."""
        return self._submit(lambda s, _j: s.sync.backup_due(), done)

    def backup_keys(self, out: Any, passphrase: str, done: Done,
                    failed: Failed | None = None) -> Job:
        """County: the keys, sealed under a backup passphrase, written to ``out``."""
        return self._submit(lambda s, _j: s.sync.backup_keys(out, passphrase), done, failed,
                            label=translate("StoreClient", "Backing up the county keys…"))

    def restore_keys(self, path: Any, passphrase: str, done: Done,
                     failed: Failed | None = None) -> Job:
        """County (a new laptop): take the keys of a backup; ``done`` gets the fingerprint."""
        def run(s: Any, _j: Job) -> str:
            s.sync.restore_keys(path, passphrase)
            return s.sync.fingerprint()
        return self._submit(run, done, failed, label=translate("StoreClient", "Restoring the county keys…"))

    def recover(self, keyfile: Any, user: str, new_passphrase: str, done: Done,
                failed: Failed | None = None) -> Job:
        """County: a village key file's user gets a new passphrase (its recovery slot)."""
        return self._submit(lambda s, _j: s.sync.recover(keyfile, user, new_passphrase),
                            done, failed, label=translate("StoreClient", "Recovering the key file…"))
