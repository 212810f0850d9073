"""The household editor's evaluation after every change: answers collected from the page,
triggered values (ODK's setvalue), relevance, derived values and findings shown at each
question and in the summary, "the same ID number elsewhere" asked of the store, warnings
confirmed with a reason.

A base of ``HouseholdEditor`` (household_editor.py). Its texts are the editor's (context
"HouseholdEditor"), so the translations stay in one context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mopai.forms import triggers
from mopai.forms.findings import CONFIRMATIONS, MAX_REASON, confirmable, explain, with_reasons
from mopai.forms.output import fill_text

from ..widgets.reason_dialog import ReasonDialog
from . import formkit
from .form_page import FormPage

translate = QCoreApplication.translate


class Evaluation:
    """The editor's evaluation (a base of ``HouseholdEditor``)."""

    state: dict[str, Any]
    read_only: bool
    findings_list: list[Any]

    # -- editing ---------------------------------------------------------------------------
    def _changed(self, page: FormPage | None, name: str) -> None:
        index: int | None = None
        if page is None:
            self.household_page.collect(self.state["fields"])
        else:
            index = self._member_pages.index(page)
            page.collect(self.state["members"][index]["fields"])
            if name in ("name", "relation"):
                self._refresh_roster()
        # trigger: when the answer is given (a text's typing ends; a choice or a date at once),
        # as ODK's xforms-value-changed fires on a committed answer, not per keystroke
        field = (self.household_page if page is None else page).editors.get(name)
        if not self._triggering and not getattr(field, "typing", False):
            self._triggered(name, index)
        self._mark_dirty()
        self._reevaluate()

    def _field_editors(self) -> list[Any]:
        """Every field editor shown: the household's, the built members' and those of the
        repeat editors below them (and below those)."""
        out: list[Any] = []
        pages = [self.household_page, *(page for _, page in self._built_pages())]
        while pages:
            page = pages.pop()
            out += page.editors.values()
            pages += [r.page for r in getattr(page, "repeat_editors", ())]
        return out

    def _typing(self) -> bool:
        return any(e.typing for e in self._field_editors())

    def finish_typing(self) -> None:
        """The text being typed is the answer now (before a save: Ctrl+S leaves the focus
        where it is)."""
        for editor in self._field_editors():
            editor.finish_typing()

    def _triggered(self, name: str, member: Any) -> None:
        """Questions whose `trigger` names the changed one (of the household, member
        ``member``, or the instance at steps ``member``) get their calculation's value
        (ODK's setvalue; forms/triggers.py), shown at once."""
        updates = triggers.triggered_values(self.form, self.state, name, member,
                                            settings=self.client.settings)
        triggers.apply(self.state, updates)
        self._triggering = True
        try:
            for at, target, value in updates:
                if isinstance(at, tuple):          # inside an instance (repeat_editor.py)
                    for editor in self._repeat_editors():
                        editor.show_value(at, target, value)
                    continue
                page = self.household_page if at is None else self._member_pages[at]
                if page is not None and target in page.editors:
                    page.editors[target].set_value(value)
        finally:
            self._triggering = False

    # -- the host of the repeat editors (repeat_editor.Host) ---------------------------------
    def repeat_context(self) -> tuple[dict[str, Any], Any]:
        return self.state, self.client.settings

    def repeat_answered(self, steps: Any, name: str) -> None:
        if not self._triggering:
            self._triggered(name, steps)

    def _repeat_editors(self) -> list[Any]:
        """The editors of the repeats on the household's page and the members' built ones."""
        return [*self.household_page.repeat_editors,
                *(e for _, page in self._built_pages() for e in page.repeat_editors)]

    def _mark_dirty(self) -> None:
        self.dirty = True
        self._autosaved = False
        self._update_title()

    def _reevaluate(self) -> None:
        """Relevance, derived values and findings for the whole household, after each edit."""
        hs = self._counted(self._evaluate())     # repeat_count: editor_counts.py
        self._show_member_count(hs)
        if not self._typing():   # once(): kept, of answers given (not of half a word)
            triggers.apply(self.state, triggers.kept_values(self.form, hs))
        self._evaluated = hs
        # Unknown is not false: an answer whose question may or may not apply (the age is
        # unknown while the ID number is wrong) stays in view, marked, until it is decided.
        self._shown = formkit.shown_relevance(self.form, hs)
        self.household_page.apply(self._shown[0], hs.values,
                                  formkit.allowed_choices(self.form, hs))
        self.household_page.fill(lambda text: fill_text(text, hs, None, self.form_lang))
        for i, page in self._built_pages():
            page.apply(self._shown[1][i], hs.members[i],
                       formkit.allowed_choices(self.form, hs, i))
            page.fill(lambda text, i=i: fill_text(text, hs, i, self.form_lang))
        # The one validator (sync.formbook.FormCatalog.validate): the record is under the
        # current form once open, so this is what the store's save check will say.
        found = list(self.client.catalog.validate(self.state))
        found += formkit.cross_findings(self.form, self.state, self._owners)
        self.findings_list = with_reasons(found, self.state)  # the cadre's reasons on warnings
        self._ask_owners()
        household: dict[str, tuple[str, str]] = {}
        members: list[dict[str, tuple[str, str]]] = [{} for _ in self._member_pages]
        for f in self.findings_list:
            field, member = formkit.finding_field(f), formkit.finding_member(f)
            if field is None:
                continue
            target = household if member is None else (
                members[member] if member < len(members) else None)
            if target is not None and field not in target:
                text = formkit.form_message(self.form, f, self.form_lang, hs) \
                    or formkit.finding_message(f, self.lang)
                if getattr(f, "reason", ""):
                    text += translate("HouseholdEditor", " (reason: {reason})") \
                        .replace("{reason}", f.reason)
                target[field] = (text, "error" if formkit.is_error(f) else "warning")
        pending = translate(
            "HouseholdEditor", "Whether this question applies cannot be decided yet (an answer "
            "it depends on is missing or wrong); the answer is kept.")
        for member, field in formkit.kept_answers(hs):
            target = household if member is None else (
                members[member] if member < len(members) else None)
            if target is not None and field not in target:
                target[field] = (pending, "warning")
        self._review_findings(household, members)
        self.household_page.show_findings(household)
        self._member_findings = members
        for i, page in self._built_pages():
            page.show_findings(members[i])
        self._apply_repeats(self.household_page, None)
        for i, page in self._built_pages():
            self._apply_repeats(page, i)
        self._show_summary()
        if self.pages.currentWidget() is self.grid:
            self._fill_grid()

    def _apply_repeats(self, page: FormPage, member: int | None) -> None:
        """The evaluated instances of the repeats on ``page`` (the household's or member
        ``member``'s; repeat_editor.py): relevance, values and findings."""
        hs = self._evaluated
        if not page.repeat_editors or hs is None or hs.root is None:
            return
        owner = hs.root if member is None else (
            hs.root.repeats.get(self.form.repeat.name, []) if self.form.repeat else [])
        if member is not None:
            owner = owner[member] if member < len(owner) else None
        notes = getattr(self, "_instance_notes", {})    # the reviewer's (editor_notices.py)
        for editor in page.repeat_editors:
            editor.set_notes(notes)
            editor.apply(owner, hs, self.findings_list)

    def _show_summary(self) -> None:
        self.findings.show_findings(self.findings_list, self.lang, self.member_names(),
                                    describe=self.describe)

    def describe(self, finding: Any) -> str:
        """Who, which question, what to do (and the reason given): forms.findings.explain."""
        return explain(finding, self.form, self.state, self.lang, form_lang=self.form_lang,
                       message=formkit.form_message(self.form, finding, self.form_lang,
                                                    self._evaluated))

    def _ask_owners(self) -> None:
        """Ask the store which other households hold this record's ID numbers (when they
        changed); the answer re-runs the checks with the "same ID elsewhere" warning."""
        key = (self.uuid, tuple(formkit.member_id_numbers(self.state)))
        if key == self._asked or not self.client.is_open:
            return
        self._asked = key
        if not key[1]:
            self._owners = {}
            return
        self.client.id_owners(list(key[1]), self.uuid,
                              lambda owners, key=key: self._got_owners(key, owners))

    def _got_owners(self, key: tuple[str, tuple[str, ...]], owners: dict[str, list[str]]
                    ) -> None:
        if key != self._asked or not self.state:
            return                        # an older answer, or the record was closed
        if owners != self._owners:
            self._owners = owners
            self._reevaluate()

    # -- warnings confirmed with a reason (saving.py keeps them) ---------------------------
    def confirm_warning(self, member: int | None, field: str) -> None:
        """Ask the reason a warning's answer is right; it is kept in the record (the
        household's or the member's ``confirmations``) and travels with it."""
        warnings = [f for f in self.findings_list if confirmable(f)
                    and f.member_index == member and f.field == field]
        owner = self._owner(member)
        if not warnings or owner is None or self.read_only:
            return
        dialog = ReasonDialog(
            translate("HouseholdEditor", "Confirm the warning"),
            "\n".join(self.describe(f) for f in warnings),
            translate("HouseholdEditor", "Confirm"),
            ok_name="confirmReasonOk", reason_name="confirmReason",
            prompt=translate("HouseholdEditor",
                             "If the answer is right, say why (at most {max} characters):")
            .replace("{max}", str(MAX_REASON)), parent=self)
        dialog.reason.setMaxLength(MAX_REASON)
        dialog.reason.setText(str((owner.get(CONFIRMATIONS) or {}).get(field) or ""))
        self.check_dialog = dialog
        uuid = self.uuid

        def finished(result: int) -> None:
            self.check_dialog = None
            if result == ReasonDialog.DialogCode.Accepted and self.uuid == uuid:
                self.set_reason(member, field, dialog.reason_text())
        dialog.finished.connect(finished)
        dialog.open()
