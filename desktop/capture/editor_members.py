"""The household editor's member pages and roster: one page per member, built when first
shown and reused; adding, removing and reordering members; the grid of all members; moving
to a question of a member.

A base of ``HouseholdEditor`` (household_editor.py). Its texts are the editor's (context
"HouseholdEditor"), so the translations stay in one context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from mopai.forms.defaults import member_defaults
from mopai.forms.output import fill_text
from mopai.sync.record import new_member

from . import formkit, repeat_editor
from .form_page import FormPage

translate = QCoreApplication.translate


class Members:
    """The editor's members (a base of ``HouseholdEditor``)."""

    state: dict[str, Any]
    read_only: bool
    _member_pages: list[FormPage | None]
    _spare_pages: list[FormPage]

    @property
    def member_pages(self) -> list[FormPage]:
        """Every member's page (builds the ones not shown yet)."""
        return [self.member_page(i) for i in range(len(self._member_pages))]

    def member_page(self, index: int) -> FormPage:
        """Member ``index``'s page, built (or taken from the spare ones) on first use."""
        page = self._member_pages[index]
        if page is None:
            if self._spare_pages:
                page = self._spare_pages.pop()
            else:
                repeat = self.form.repeat
                page = FormPage(list(repeat.children) if repeat else [], self.form_lang,
                                zone=self.form_zone)
                page.changed.connect(lambda name, p=page: self._changed(p, name))
                repeat_editor.attach(page, self.form, repeat_editor.member_repeats(self.form),
                                     self.form_lang, self._repeat_changed, host=self)
                self.pages.addWidget(page)
            page.load(self.state["members"][index]["fields"])
            for inner in page.repeat_editors:       # the member's jobs…: its own instances
                inner.bind(self.state["members"][index], f"{self.form.repeat.name}[{index + 1}]")
            page.verticalScrollBar().setValue(0)
            self._member_pages[index] = page
            hs = self._evaluated
            if hs is not None and index < len(hs.members):
                page.apply(self._shown[1][index], hs.members[index],
                           formkit.allowed_choices(self.form, hs, index))
                page.fill(lambda text: fill_text(text, hs, index, self.form_lang))
                self._apply_repeats(page, index)
            if index < len(self._member_findings):
                page.show_findings(self._member_findings[index])
            self._page_editable(page, not self.read_only)
        return page

    def _built_pages(self) -> list[tuple[int, FormPage]]:
        return [(i, p) for i, p in enumerate(self._member_pages) if p is not None]

    def _rebuild_members(self) -> None:
        self._spare_pages += [p for _i, p in self._built_pages()]
        self._member_pages = [None] * len(self.state["members"])
        self._refresh_roster()

    def member_names(self) -> list[str]:
        return [str(m["fields"].get("name") or "") for m in self.state.get("members", [])]

    def _refresh_roster(self) -> None:
        labels = []
        for i, m in enumerate(self.state["members"]):
            relation = m["fields"].get("relation")
            rel = formkit.choice_label(self.form, "relation", relation, self.form_lang,
                                       member=True, household=self.state, member_index=i)
            labels.append((str(m["fields"].get("name") or ""), rel))
        self.roster.set_members(labels)

    # -- the grid of all members -----------------------------------------------------------
    def show_grid(self) -> None:
        """All members at once (key answers and problems); a row opens the member."""
        self._fill_grid()
        self.pages.setCurrentWidget(self.grid)
        self.roster.select(-1)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.grid.rowCount() and not self.grid.currentIndex().isValid():
            self.grid.setCurrentCell(0, 0)

    def _fill_grid(self) -> None:
        hs = self._evaluated
        self.grid.set_household(self.state.get("members", []),
                                list(hs.members) if hs is not None else [],
                                self._member_findings,
                                hs if hs is not None else self.state)

    def _grid_name(self, index: int, name: str) -> None:
        if self.read_only:
            return
        if not self.state or not 0 <= index < len(self.state["members"]):
            return                        # the record closed before the edit arrived
        fields = self.state["members"][index]["fields"]
        if name == (fields.get("name") or ""):
            return
        if name:
            fields["name"] = name
        else:
            fields.pop("name", None)
        page = self._member_pages[index]
        if page is not None and "name" in page.editors:
            page.editors["name"].set_value(name or None)
        self._refresh_roster()
        self._mark_dirty()
        self._reevaluate()

    # -- the roster ------------------------------------------------------------------------
    def add_member(self) -> None:
        if self.read_only or self.roster.want is not None:
            return           # while a repeat_count applies, the editor adds them itself
        member = new_member(member_defaults(self.form, self.state))
        self.state["members"].append(member)
        self._member_pages.append(None)
        self._refresh_roster()
        self._mark_dirty()
        self._reevaluate()
        self._show_page(len(self._member_pages))
        self.roster.select(len(self._member_pages))

    def remove_member(self, index: int) -> None:
        if self.read_only:
            return
        if not 0 <= index < len(self.state["members"]):
            return
        name = self.member_names()[index] or str(index + 1)
        text = translate("HouseholdEditor", "Remove {name} from this household?")
        want = self.roster.want
        if want is not None and len(self.state["members"]) <= want:   # decision 67
            text += "\n" + translate(
                "HouseholdEditor", "The count (repeat_count) still asks for {want}: a blank "
                "member takes this one's place. To have fewer, change that answer first.") \
                .replace("{want}", str(want))
        answer = QMessageBox.question(
            self, translate("HouseholdEditor", "Remove member"), text.replace("{name}", name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        del self.state["members"][index]
        self._rebuild_members()
        self._mark_dirty()
        self._reevaluate()
        self._show_page(0)

    def move_member(self, index: int, step: int) -> None:
        if self.read_only:
            return
        members = self.state["members"]
        target = index + step
        if not (0 <= index < len(members) and 0 <= target < len(members)):
            return
        members[index], members[target] = members[target], members[index]
        self._rebuild_members()
        self._mark_dirty()
        self._reevaluate()
        self._show_page(target + 1)
        self.roster.select(target + 1)

    # -- a member's job postings and 311 services (issue 21) --------------------------------
    def shown_member(self) -> str | None:
        """The uuid of the member whose page the roster has selected; None: the household."""
        index = self.roster.list.currentRow() - 1
        members = self.state.get("members", []) if self.state else []
        return members[index]["uuid"] if 0 <= index < len(members) else None

    def open_job_matches(self) -> None:
        """The open postings that fit the member shown (as the editor holds them now)."""
        from .job_matches import JobMatchesDialog

        member = self.shown_member()
        if member is None:
            self.roster.select(1 if self.state.get("members") else 0)
            member = self.shown_member()
            if member is None:
                return
            self._show_page(1)
        dialog = JobMatchesDialog(self.client, self.state, member, self)
        dialog.open()
        self.job_matches = dialog

    def open_services(self) -> None:
        """The household's 311 services, of the member shown when one is."""
        from .services_dialog import ServicesDialog

        dialog = ServicesDialog(self.client, self.uuid, self, member=self.shown_member())
        dialog.show()
        self.services_dialog = dialog

    def _show_page(self, page: int) -> None:
        widget = self.household_page if page <= 0 else self.member_page(page - 1) \
            if page - 1 < len(self._member_pages) else self.household_page
        self.pages.setCurrentWidget(widget)

    def page_for(self, member: int | None) -> FormPage:
        return self.household_page if member is None else self.member_page(member)

    def jump_to(self, member: int | None, field: str) -> None:
        if member is not None and member >= len(self._member_pages):
            return
        page = self.page_for(member)
        self.pages.setCurrentWidget(page)
        self.roster.select(0 if member is None else member + 1)
        if field and "[" in field:           # an instance of another repeat (repeat_editor.py)
            any(editor.focus_path(field) for editor in page.repeat_editors)
        elif field:
            page.focus_field(field)
