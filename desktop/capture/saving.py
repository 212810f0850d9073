"""Saving an open household: drafts, complete saves, autosave, deletion.

The save flow of the household editor (household_editor.py), kept apart from its pages and
evaluation: saving as complete asks for every error to be corrected and every warning to be
confirmed with a reason (the reasons travel in the record's ``confirmations``), then asks
before removing answers to questions that no longer apply; every save is stamped with the
interview's paradata (sync/paradata.py). The editor inherits it (``Saving``): it reads the
editor's record, findings and dialogs, and holds no state of its own. It shows no text of its
own either, so the editor's translations stay in one context.
"""

from __future__ import annotations

import copy
from typing import Any

from mopai.forms.findings import CONFIRMATIONS, MAX_REASON, confirmable, unconfirmed
from mopai.sync import paradata
from mopai.sync.households import CompleteRefused

from . import formkit
from .complete_dialog import ErrorsDialog, WarningsDialog
from .delete_dialog import DeleteHouseholdDialog
from .removal_dialog import RemoveAnswersDialog


class Saving:
    """The editor's saving (a base of ``HouseholdEditor``)."""

    state: dict[str, Any]
    read_only: bool
    correction_reason: str
    findings_list: list[Any]

    def _owner(self, member: int | None) -> dict[str, Any] | None:
        if member is None:
            return self.state
        members = self.state.get("members") or []
        return members[member] if 0 <= member < len(members) else None

    def set_reason(self, member: int | None, field: str, reason: str) -> None:
        owner = self._owner(member)
        if owner is None:
            return
        reason = reason.strip()[:MAX_REASON]
        reasons = dict(owner.get(CONFIRMATIONS) or {})
        if reason:
            reasons[field] = reason
        else:
            reasons.pop(field, None)
        if reasons:
            owner[CONFIRMATIONS] = reasons
        else:
            owner.pop(CONFIRMATIONS, None)
        self._mark_dirty()
        self._reevaluate()

    def _ready_to_complete(self) -> bool:
        """Saving as complete: every error corrected (else the list of them, which jumps to
        each) and every warning confirmed with a reason (else one dialog asks them all);
        reasons whose warning has gone are dropped, since they no longer explain anything."""
        errors = [f for f in self.findings_list if formkit.is_error(f)]
        if errors:
            draft_possible = bool(str(self.state["fields"].get("household_no") or "").strip())
            dialog: ErrorsDialog | WarningsDialog = ErrorsDialog(
                [(f, self.describe(f)) for f in errors], draft_possible=draft_possible,
                parent=self)
            dialog.jump.connect(self.jump_to)
            dialog.finished.connect(lambda _r: setattr(self, "check_dialog", None))
            self.check_dialog = dialog
            dialog.open()
            return False
        pending = unconfirmed(self.findings_list)
        if pending:
            asking = WarningsDialog([(f, self.describe(f)) for f in pending], parent=self)
            self.check_dialog = asking
            uuid = self.uuid

            def answered(result: int) -> None:
                self.check_dialog = None
                if result != WarningsDialog.DialogCode.Accepted or self.uuid != uuid:
                    return
                for f, reason in zip(pending, asking.reasons(), strict=True):
                    owner = self._owner(f.member_index)
                    if owner is not None and f.field:
                        owner.setdefault(CONFIRMATIONS, {})[f.field] = reason
                self._mark_dirty()
                self._reevaluate()
                self.save("complete")
            asking.finished.connect(answered)
            asking.open()
            return False
        live = {(f.member_index, f.field) for f in self.findings_list if confirmable(f)}
        for member, owner in [(None, self.state),
                              *enumerate(self.state.get("members") or [])]:
            reasons = owner.get(CONFIRMATIONS) or {}
            kept = {k: v for k, v in reasons.items() if (member, k) in live}
            if kept:
                owner[CONFIRMATIONS] = kept
            else:
                owner.pop(CONFIRMATIONS, None)
        return True

    # -- saving ----------------------------------------------------------------------------
    def record(self, status: str | None = None) -> dict[str, Any]:
        """A copy of the record as it stands, every answer in it."""
        state = copy.deepcopy(self.state)
        if status is not None:
            state["status"] = status
        return state

    def save(self, status: str) -> None:
        """Save a draft with every answer; save as complete once no error is left and every
        warning has a reason (``_ready_to_complete``), after asking, when answers to questions
        that no longer apply would be removed (Cancel changes nothing)."""
        if self.read_only:
            return                          # opened read-only: nothing is ever saved
        self.finish_typing()
        if status == "complete" and not self._ready_to_complete():
            return
        state = self.record(status)
        if status != "complete":
            self._store(state, status)
            return
        if any(formkit.is_error(f) for f in self.findings_list):
            self._store(state, status)      # refused by the store: nothing to remove yet
            return
        removed = formkit.answers_not_asked(self.form, state)
        if not removed:
            self._store(formkit.clean(self.form, state), status, state)
            return
        dialog = RemoveAnswersDialog(self.form, removed, self.member_names(), self.form_lang,
                                     self)
        self.removal_dialog = dialog
        uuid = self.uuid

        def finished(result: int) -> None:
            self.removal_dialog = None
            dialog.deleteLater()
            if result == RemoveAnswersDialog.DialogCode.Accepted and self.uuid == uuid:
                self._store(formkit.clean(self.form, state), status, state)
        dialog.finished.connect(finished)
        dialog.open()

    def _store(self, state: dict[str, Any], status: str,
               before: dict[str, Any] | None = None) -> None:
        """Save ``state``, stamped with the interview's paradata (sync/paradata.py); ``before``
        is the record as the editor held it, when saving removed answers from it (the editor
        then shows what was saved)."""
        at = self.clock()
        stamped = {} if self.correction_reason else formkit.stamp_metadata(   # not the county's
            self.form, state["fields"], at=at, user=self.client.user,
            device_id=self.client.device_id, ending=True,
            zone_name=self.client.settings.time_zone)
        if before is not None:
            before["fields"].update(stamped)
        state[paradata.KEY] = paradata.stamp(
            state.get(paradata.KEY), session_start=paradata.iso_at(self._opened),
            seconds=at - self._since, user=self.client.user, now=paradata.iso_at(at))
        if before is not None:
            before[paradata.KEY] = state[paradata.KEY]

        def done(_changes: Any) -> None:
            if self.uuid != state["uuid"]:  # closed, or another record opened meanwhile
                self.saved.emit(state["uuid"])
                return
            self.state[paradata.KEY], self._since = state[paradata.KEY], at
            self.state["fields"].update(stamped)      # the form's `end` (metadata)
            if before is not None and state != before and self.record(status) == before:
                self._show_saved(state)     # without the answers the cadre agreed to remove
            self.state["status"] = status
            self.stored = True
            self.delete_button.setEnabled(True)
            self.dirty = False
            self._autosaved = True
            self._update_title()
            self.saved.emit(self.uuid)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CompleteRefused):
                self._show_summary()
            self.presenter(exc)
        if self.correction_reason:          # a county correction, with its reason
            self.client.correct(state, self.correction_reason, done, failed)
        else:
            self.client.save(state, done, failed)

    def _show_saved(self, state: dict[str, Any]) -> None:
        """Show the record as saved (a complete save removed answers; same members)."""
        self.state = copy.deepcopy(state)
        self.household_page.load(self.state["fields"])
        for i, page in self._built_pages():
            page.load(self.state["members"][i]["fields"])
        self._reevaluate()

    def autosave_now(self) -> None:
        """Put the record in the store's draft box if it changed since the last autosave."""
        if self.read_only:
            return
        if self.state and self.dirty and not self._autosaved and self.client.is_open:
            self.client.put_draft(self.record())
            self._autosaved = True

    def request_delete(self) -> None:
        """Confirm with a reason, delete in the store (a tombstone that travels), close."""
        if not self.state or not self.stored or self.read_only or self.correction_reason:
            return
        members = self.state.get("members") or []
        head = next((str(m["fields"].get("name") or "") for m in members
                     if m["fields"].get("relation") == "head"), "")
        dialog = DeleteHouseholdDialog(str(self.state["fields"].get("household_no") or ""),
                                       head, self)
        self.delete_dialog = dialog
        uuid = self.uuid

        def finished(result: int) -> None:
            self.delete_dialog = None
            if result != DeleteHouseholdDialog.DialogCode.Accepted or self.uuid != uuid:
                return

            def deleted(_changes: Any) -> None:
                self.client.discard_draft(uuid)
                if self.uuid == uuid:
                    self.dirty = False
                    self.close_record()
            self.client.delete(uuid, dialog.reason_text(), deleted)
        dialog.finished.connect(finished)
        dialog.open()

    def _close_after_save(self, _uuid: str) -> None:
        self.saved.disconnect(self._close_after_save)
        self.close_record()

