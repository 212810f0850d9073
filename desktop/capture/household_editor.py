"""The household editor: the questionnaire rendered from the form model, one page for the
household and one per member, relevance and derived values live, findings at the field and
in a summary that jumps to it.

The record being edited is a plain dict (docs/architecture.md); pages write answers into it
and ``forms`` evaluates it after every change. Saving goes through the client (the store
refuses "complete" while errors remain; the save flow is in saving.py); a draft is autosaved
into the encrypted store every ``autosave_ms`` while there are unsaved changes, and when the
app locks.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mopai.forms import triggers
from mopai.forms.defaults import household_defaults, member_defaults
from mopai.forms.findings import (
    CONFIRMATIONS,
    MAX_REASON,
    confirmable,
    explain,
    with_reasons,
)
from mopai.forms.output import fill_text
from mopai.sync import paradata
from mopai.sync.record import new_household, new_member

from ..shell.client import StoreClient
from ..shell.i18n import current_language
from ..widgets.reason_dialog import ReasonDialog
from . import formkit
from .complete_dialog import ErrorsDialog, WarningsDialog
from .delete_dialog import DeleteHouseholdDialog
from .findings_panel import FindingsPanel
from .form_page import FormPage
from .removal_dialog import RemoveAnswersDialog
from .roster import Roster
from .roster_grid import RosterGrid
from .saving import Saving


class HouseholdEditor(Saving, QWidget):
    closed = Signal(str)                 # uuid of the record that was open
    saved = Signal(str)
    history_requested = Signal(str)

    def __init__(self, client: StoreClient, presenter: Any, *, autosave_ms: int = 30_000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.form = client.form
        self.presenter = presenter
        self.lang = current_language()
        self.state: dict[str, Any] = {}
        self.dirty = False
        self._triggering = False
        self._autosaved = True
        self.findings_list: list[Any] = []
        # Member pages are built when first shown and reused for the next record: a page is
        # ~35 questions of widgets (~60 ms), so opening 8 members must not build 8 of them.
        self._member_pages: list[FormPage | None] = []
        self._spare_pages: list[FormPage] = []
        self._evaluated: Any = None
        self._member_findings: list[dict[str, tuple[str, str]]] = []
        self._owners: dict[str, list[str]] = {}      # ID number -> other households holding it
        self._asked: tuple[str, tuple[str, ...]] = ("", ())
        self.stored = False                          # saved in the store (can be deleted)
        self.delete_dialog: DeleteHouseholdDialog | None = None
        self.removal_dialog: RemoveAnswersDialog | None = None
        self._shown: tuple[dict[str, bool], list[dict[str, bool]]] = ({}, [])
        # Paradata (sync/paradata.py): the interview's session started when the record was
        # opened; each save adds the time since then (or since the session's last save).
        self.clock = time.time
        self._opened = self._since = 0.0
        # County (issue 17): a household opened from the county list is read-only; where the
        # county allows corrections, 编辑 reopens it to correct, each save with the reason.
        self.read_only = False
        self.correction_reason = ""

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        head.addWidget(self.title, 1)
        self.history_button = QPushButton()
        self.history_button.clicked.connect(lambda: self.history_requested.emit(self.uuid))
        self.draft_button = QPushButton()
        self.draft_button.setObjectName("saveDraft")
        self.draft_button.clicked.connect(lambda: self.save("draft"))
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("saveComplete")
        self.complete_button.clicked.connect(lambda: self.save("complete"))
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.request_close)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteHousehold")
        self.delete_button.clicked.connect(self.request_delete)
        self.delete_button.setEnabled(False)
        # County or township: 审核通过 / 退回修改 of the household on screen (sync/review.py).
        self.review_button = QPushButton()
        self.review_button.setObjectName("reviewHousehold")
        self.review_button.clicked.connect(self.open_review)
        self.review_button.hide()
        for b in (self.history_button, self.review_button, self.delete_button,
                  self.draft_button, self.complete_button, self.close_button):
            head.addWidget(b)
        layout.addLayout(head)
        self.mode_banner = QLabel()       # 只读 / 县级修改 (county)
        self.mode_banner.setObjectName("modeBanner")
        self.mode_banner.setWordWrap(True)
        self.mode_banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;"
                                       " font-weight: bold;")
        self.mode_banner.hide()
        layout.addWidget(self.mode_banner)
        # A record saved under an older form: what moved, and what no question shows now.
        self.form_notice = QLabel()
        self.form_notice.setObjectName("formNotice")
        self.form_notice.setWordWrap(True)
        self.form_notice.hide()
        layout.addWidget(self.form_notice)
        # The household's review: the comment of a 退回修改 (and 已修改待复审), shown on the
        # questions concerned too (`_review_findings`).
        self.review_notice = QLabel()
        self.review_notice.setObjectName("reviewNotice")
        self.review_notice.setWordWrap(True)
        self.review_notice.hide()
        layout.addWidget(self.review_notice)
        self.review_item: Any = None
        self.review_dialog: Any = None
        self.interview = QLabel()  # county: the interview's paradata (sync/paradata.py)
        self.interview.setObjectName("interviewLine")
        self.interview.hide()
        layout.addWidget(self.interview)
        self.upgrade: Any = None                     # forms.Upgrade of the open record

        split = QSplitter(Qt.Orientation.Horizontal)
        self.roster = Roster()
        self.roster.page_selected.connect(self._show_page)
        self.roster.add_member.connect(self.add_member)
        self.roster.remove_member.connect(self.remove_member)
        self.roster.move_member.connect(self.move_member)
        self.roster.grid_requested.connect(self.show_grid)
        split.addWidget(self.roster)
        self.pages = QStackedWidget()
        split.addWidget(self.pages)
        self.findings = FindingsPanel()
        self.findings.jump.connect(self.jump_to)
        self.findings.confirm_requested.connect(self.confirm_warning)
        self.check_dialog: ErrorsDialog | WarningsDialog | ReasonDialog | None = None
        split.addWidget(self.findings)
        split.setStretchFactor(1, 1)
        self.split = split
        self._fit_split()
        layout.addWidget(split, 1)

        self.household_page = self._household_page()
        self.pages.addWidget(self.household_page)
        self.grid = self._roster_grid()

        self.saved.connect(lambda _uuid: self._load_review())
        self._autosave = QTimer(self)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.autosave_now)
        self.retranslate()

    def _fit_split(self) -> None:
        """Roster and findings as wide as some characters of the font in use (fixed pixels cut
        the names at a large font size)."""
        em = self.fontMetrics().horizontalAdvance("中")
        self.split.setSizes([em * 10, em * 40, em * 14])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:
            self._fit_split()
        super().changeEvent(event)

    def _household_page(self) -> FormPage:
        page = FormPage([i for i in self.form.children if i is not self.form.repeat], self.lang)
        page.changed.connect(lambda name: self._changed(None, name))
        return page

    def _roster_grid(self) -> RosterGrid:
        grid = RosterGrid(self.form, self.lang)
        grid.open_member.connect(lambda i, field: self.jump_to(i, field))
        grid.name_edited.connect(self._grid_name)
        self.pages.addWidget(grid)
        return grid

    def _use_current_form(self) -> None:
        """Build the pages from the store's current form when it is not the one they show
        (the store was opened, or an import brought a new form): before a record opens."""
        if self.client.form is self.form:
            return
        self.form = self.client.form
        old = self.household_page
        self.household_page = self._household_page()
        self.pages.insertWidget(0, self.household_page)
        old_grid, self.grid = self.grid, self._roster_grid()
        for page in [old, old_grid, *self._spare_pages, *(p for p in self._member_pages if p)]:
            self.pages.removeWidget(page)
            page.deleteLater()
        self._spare_pages, self._member_pages = [], []

    def _apply_mode(self) -> None:
        """Read-only: no field, member button or save can change the record; the banner says
        so. Correcting: the banner names the reason every save carries."""
        editable = not self.read_only
        for page in [self.household_page, *(p for _i, p in self._built_pages())]:
            self._page_editable(page, editable)
        for button in (self.draft_button, self.complete_button):
            button.setVisible(editable)
        self.delete_button.setVisible(editable and not self.correction_reason)
        for button in (self.roster.add, self.roster.remove, self.roster.up, self.roster.down):
            button.setVisible(editable)
        if self.read_only:
            self.mode_banner.setText(self.tr(
                "Read only: this household is shown as the village sent it; nothing can be "
                "changed or saved here."))
        elif self.correction_reason:
            self.mode_banner.setText(self.tr(
                "County correction — reason: {reason}. Each save is a correction that goes "
                "back to the village in its next return bundle.")
                .replace("{reason}", self.correction_reason))
        self.mode_banner.setVisible(bool(self.state) and (self.read_only
                                                          or bool(self.correction_reason)))

    @staticmethod
    def _page_editable(page: FormPage, editable: bool) -> None:
        for editor in page.editors.values():
            editor.setEnabled(editable)

    def retranslate(self) -> None:
        self.history_button.setText(self.tr("History"))
        self.draft_button.setText(self.tr("Save draft"))
        self.complete_button.setText(self.tr("Save as complete"))
        self.close_button.setText(self.tr("Close"))
        self.delete_button.setText(self.tr("Delete household"))
        self.review_button.setText(self.tr("Review…"))
        self.roster.retranslate()
        self.findings.retranslate()
        self.grid.retranslate()
        self._update_title()
        self._show_notice()
        self._show_interview()
        self._show_review()

    # -- opening ---------------------------------------------------------------------------
    @property
    def uuid(self) -> str:
        return self.state.get("uuid", "")

    def new_record(self, household_no: str = "", today: dt.date | None = None, *,
                   fields_given: dict[str, Any] | None = None,
                   head: dict[str, Any] | None = None) -> None:
        """A new household; `fields_given` and `head` pre-fill its answers and its head's
        (a household of the village's list: 户编号, 村民小组, the head's name and ID)."""
        self._use_current_form()
        today = today or dt.date.today()
        given = {k: v for k, v in (fields_given or {}).items()
                 if formkit.question(self.form, k) is not None and v}
        fields: dict[str, Any] = household_defaults(self.form, given, today=today)
        defaults = {"village_code": self.client.village_code, "household_no": household_no,
                    "surveyor": self.client.user, "survey_date": today.isoformat()}
        for name, value in defaults.items():
            if formkit.question(self.form, name) is not None and value:
                fields.setdefault(name, value)
        for name, value in (fields_given or {}).items():
            if formkit.question(self.form, name) is not None and value:
                fields[name] = value
        state = new_household(fields, form_id=self.form.form_id, form_version=self.form.version)
        state["members"].append(new_member(member_defaults(
            self.form, state, {"relation": "head"} if formkit.has_choice(
                self.form, "relation", "head", member=True) else {}, today=today)))
        state["members"][0]["fields"].update(
            {k: v for k, v in (head or {}).items()
             if v and formkit.question(self.form, k, member=True) is not None})
        self.open_record(state, dirty=True)

    def open_record(self, state: dict[str, Any], *, dirty: bool = False,
                    read_only: bool = False, correction: str = "") -> None:
        """Show a record under the store's current form: one saved under an older version
        has its renamed answers under the new questions, its answers to removed questions kept
        in it but not shown (the notice says which), and is saved under the current version
        (forms/upgrade.py). `read_only`: shown, never saved (the county list); `correction`:
        a county correction's reason, which each save carries (`StoreClient.correct`)."""
        self._use_current_form()
        self.read_only, self.correction_reason = read_only, correction.strip()
        self.upgrade = self.client.catalog.upgrade(state)
        self.state = self.upgrade.household
        if not read_only and not self.correction_reason:   # the form's start, today, device, user
            formkit.stamp_metadata(self.form, self.state["fields"], at=self.clock(),
                                   user=self.client.user, device_id=self.client.device_id,
                                   ending=False)
        self.stored = not dirty
        self._opened = self._since = self.clock()
        self.delete_button.setEnabled(self.stored)
        self._owners, self._asked = {}, ("", ())
        self.household_page.load(self.state["fields"])
        self._rebuild_members()
        self.dirty = dirty
        self._autosaved = not dirty
        if read_only:
            self._autosave.stop()
        else:
            self._autosave.start()
        self._apply_mode()
        self._reevaluate()
        self._show_page(0)
        self.roster.select(0)
        self._update_title()
        self._show_notice()
        self._show_interview()
        self.review_item = None
        self._show_review()
        self._load_review()

    # -- the review (审核, sync/review.py) -------------------------------------------------
    def _load_review(self) -> None:
        if self.stored and self.uuid and self.client.is_open:
            self.client.review_of(self.uuid, self._got_review, self.presenter)

    def _got_review(self, pair: tuple[Any, list[Any]]) -> None:
        item = pair[0]
        if item is None or item.uuid != self.uuid:   # another record opened meanwhile
            return
        self.review_item = item
        self._show_review()
        self._reevaluate()

    def _shown_review(self) -> Any:
        item = self.review_item
        return item if item is not None and item.state in ("rejected", "corrected") else None

    def _show_review(self) -> None:
        reviewer = self.client.role in ("county", "township")
        self.review_button.setVisible(reviewer and self.stored and bool(self.state))
        item = self._shown_review() if self.state else None
        if item is not None:
            text = (self.tr("Sent back for correction ({date}, {by}): {comment}")
                    if item.state == "rejected" else
                    self.tr("Corrected since it was sent back ({date}, {by}: {comment}); "
                            "waiting for review again"))
            self.review_notice.setText(text.replace("{date}", item.decided_at[:10])
                                       .replace("{by}", item.decided_by)
                                       .replace("{comment}", item.comment))
        self.review_notice.setVisible(item is not None)

    def _review_findings(self, household: dict[str, tuple[str, str]],
                         members: list[dict[str, tuple[str, str]]]) -> None:
        """The reviewer's comment on each question it names, beside that question."""
        item = self._shown_review()
        if item is None:
            return
        index = {m.get("uuid"): i for i, m in enumerate(self.state.get("members") or [])}
        note = self.tr("Reviewer: {comment}").replace("{comment}", item.comment)
        for path in item.questions:
            parts = path.split(".")
            if parts[0] == "fields":
                target, name = household, ".".join(parts[1:])
            elif parts[0] == "members" and index.get(parts[1], len(members)) < len(members):
                target, name = members[index[parts[1]]], ".".join(parts[3:])
            else:
                continue
            text, severity = target.get(name, ("", "warning"))
            target[name] = (f"{text}\n{note}" if text else note, severity)

    def open_review(self) -> None:
        from ..review.review_dialog import ReviewDialog  # start-up: county and township only

        self.review_dialog = ReviewDialog(self.client, self.uuid, self.presenter, self)
        self.review_dialog.decided.connect(lambda _d: self._load_review())
        self.review_dialog.open()

    def _show_interview(self) -> None:
        """At the county: when, how long and by whom the household was entered."""
        iv = paradata.of(self.state) if self.client.role == "county" else None
        if iv is not None:
            text = (self.tr("Interview {start} – {end}, {min} min ({per} min per person), "
                            "entered by {by}")
                    .replace("{start}", paradata.local_time(iv.started_at))
                    .replace("{end}", paradata.local_time(iv.ended_at))
                    .replace("{min}", f"{iv.minutes:g}")
                    .replace("{per}", f"{iv.per_member_minutes or 0:g}").replace("{by}", iv.by))
            if iv.suspicious and self.state.get("status") == "complete":
                text += self.tr(" — too fast for the household's size: check with the village")
        # The form's metadata rows (start, end, today, deviceid, username), as the county's
        # paradata too: they are filled in, never asked.
        meta = formkit.metadata_lines(self.form, self.state.get("fields") or {}, self.lang) \
            if self.client.role == "county" else []
        if meta:
            lines = "；".join(f"{name}：{value}" for name, value in meta)
            more = self.tr("Form metadata: {items}").replace("{items}", lines)
            text = f"{text}\n{more}" if iv is not None else more
        if iv is not None or meta:
            self.interview.setText(text)
        self.interview.setVisible(iv is not None or bool(meta))

    def _show_notice(self) -> None:
        up = self.upgrade
        lines = []
        if up is not None and self.state and up.upgraded:
            lines.append(self.tr("This household was saved under form version {old}; it is "
                                 "shown under the current version {new} and saved under it.")
                         .replace("{old}", up.from_version or "?")
                         .replace("{new}", str(self.state.get("form_version"))))
        if up is not None and self.state and up.moved:
            lines.append(self.tr("{n} answers moved to renamed questions: {names}.")
                         .replace("{n}", str(len(up.moved)))
                         .replace("{names}", "、".join(f"{old} → {new}"
                                                      for _m, old, new in up.moved)))
        if up is not None and self.state and up.kept:
            names = sorted({path.rsplit(".", 1)[-1] for path in up.kept})
            lines.append(self.tr("{n} answers belong to questions the current form no longer "
                                 "has ({names}): they are kept in the record but not shown.")
                         .replace("{n}", str(len(up.kept))).replace("{names}", "、".join(names)))
        self.form_notice.setText("\n".join(lines))
        self.form_notice.setVisible(bool(lines))

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
                page = FormPage(list(repeat.children) if repeat else [], self.lang)
                page.changed.connect(lambda name, p=page: self._changed(p, name))
                self.pages.addWidget(page)
            page.load(self.state["members"][index]["fields"])
            page.verticalScrollBar().setValue(0)
            self._member_pages[index] = page
            hs = self._evaluated
            if hs is not None and index < len(hs.members):
                page.apply(self._shown[1][index], hs.members[index],
                           formkit.allowed_choices(self.form, hs, index))
                page.fill(lambda text: fill_text(text, hs, index, self.lang))
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
        for m in self.state["members"]:
            relation = m["fields"].get("relation")
            rel = formkit.choice_label(self.form, "relation", relation, self.lang, member=True)
            labels.append((str(m["fields"].get("name") or ""), rel))
        self.roster.set_members(labels)

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
        if not self._triggering:
            self._triggered(name, index)
        self._mark_dirty()
        self._reevaluate()

    def _triggered(self, name: str, member: int | None) -> None:
        """Questions whose `trigger` names the changed one get their calculation's value
        (ODK's setvalue; forms/triggers.py), shown at once."""
        updates = triggers.triggered_values(self.form, self.state, name, member)
        triggers.apply(self.state, updates)
        self._triggering = True
        try:
            for at, target, value in updates:
                page = self.household_page if at is None else self._member_pages[at]
                if page is not None and target in page.editors:
                    page.editors[target].set_value(value)
        finally:
            self._triggering = False

    def _mark_dirty(self) -> None:
        self.dirty = True
        self._autosaved = False
        self._update_title()

    def _reevaluate(self) -> None:
        """Relevance, derived values and findings for the whole household, after each edit."""
        hs = formkit.evaluate(self.form, self.state)
        triggers.apply(self.state, triggers.kept_values(self.form, hs))   # once(): kept
        self._evaluated = hs
        # Unknown is not false: an answer whose question may or may not apply (the age is
        # unknown while the ID number is wrong) stays in view, marked, until it is decided.
        self._shown = formkit.shown_relevance(self.form, hs)
        self.household_page.apply(self._shown[0], hs.values,
                                  formkit.allowed_choices(self.form, hs))
        self.household_page.fill(lambda text: fill_text(text, hs, None, self.lang))
        for i, page in self._built_pages():
            page.apply(self._shown[1][i], hs.members[i],
                       formkit.allowed_choices(self.form, hs, i))
            page.fill(lambda text, i=i: fill_text(text, hs, i, self.lang))
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
                text = formkit.finding_message(f, self.lang)
                if getattr(f, "reason", ""):
                    text += self.tr(" (reason: {reason})").replace("{reason}", f.reason)
                target[field] = (text, "error" if formkit.is_error(f) else "warning")
        pending = self.tr("Whether this question applies cannot be decided yet (an answer it "
                          "depends on is missing or wrong); the answer is kept.")
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
        self._show_summary()
        if self.pages.currentWidget() is self.grid:
            self._fill_grid()

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
                                self._member_findings)

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

    def _show_summary(self) -> None:
        self.findings.show_findings(self.findings_list, self.lang, self.member_names(),
                                    describe=self.describe)

    def describe(self, finding: Any) -> str:
        """Who, which question, what to do (and the reason given): forms.findings.explain."""
        return explain(finding, self.form, self.state, self.lang)

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

    # -- the roster ------------------------------------------------------------------------
    def add_member(self) -> None:
        if self.read_only:
            return
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
        answer = QMessageBox.question(self, self.tr("Remove member"), self.tr(
            "Remove {name} from this household?").replace("{name}", name))
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
        if field:
            page.focus_field(field)

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
            self.tr("Confirm the warning"),
            "\n".join(self.describe(f) for f in warnings), self.tr("Confirm"),
            ok_name="confirmReasonOk", reason_name="confirmReason",
            prompt=self.tr("If the answer is right, say why (at most {max} characters):")
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

    def request_close(self) -> None:
        if self.dirty:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                              self.tr("This household has unsaved changes."),
                              QMessageBox.StandardButton.Save
                              | QMessageBox.StandardButton.Discard
                              | QMessageBox.StandardButton.Cancel, self)
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.saved.connect(self._close_after_save)
                self.save("draft")
                return
            self.client.discard_draft(self.uuid)
        self.close_record()

    def close_record(self) -> None:
        uuid = self.uuid
        self._autosave.stop()
        self.state = {}
        self.read_only, self.correction_reason = False, ""
        self._apply_mode()
        self.upgrade = None
        self.review_item = None
        self._show_notice()
        self._show_interview()
        self._show_review()
        self.dirty = False
        self.closed.emit(uuid)

    def _update_title(self) -> None:
        if not self.state:
            self.title.setText("")
            return
        no = self.state["fields"].get("household_no") or self.tr("(new)")
        status = (self.tr("complete") if self.state.get("status") == "complete"
                  else self.tr("draft"))
        mark = " *" if self.dirty else ""
        self.title.setText(self.tr("Household {no} — {status}").replace("{no}", str(no))
                           .replace("{status}", status) + mark)
