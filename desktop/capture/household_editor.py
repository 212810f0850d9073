"""The household editor: the questionnaire rendered from the form model, one page for the
household and one per member, relevance and derived values live, findings at the field and
in a summary that jumps to it.

The record being edited is a plain dict (docs/architecture.md); pages write answers into it
and ``forms`` evaluates it after every change. Saving goes through the client (the store
refuses "complete" while errors remain; the save flow is in saving.py); a draft is autosaved
into the encrypted store every ``autosave_ms`` while there are unsaved changes, and when the
app locks.

The editor is one widget made of parts, each a base class in its own module that holds no
state of its own: this module builds the window, opens and closes records and switches the
form (a new form or display language); ``editor_members`` the member pages, the roster and
the grid; ``editor_evaluation`` what happens after each change (triggers, relevance,
findings); ``editor_counts`` the instances ``repeat_count`` asks for; ``editor_notices`` the review, interview and form-version notices; ``saving`` the
save flow, autosave and deletion.
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

from mopai.forms.defaults import household_defaults, member_defaults
from mopai.sync.record import new_household, new_member

from ..shell.client import StoreClient
from ..shell.i18n import current_language, form_language
from ..widgets.reason_dialog import ReasonDialog
from . import formkit, repeat_editor
from .complete_dialog import ErrorsDialog, WarningsDialog
from .delete_dialog import DeleteHouseholdDialog
from .editor_counts import Counts
from .editor_evaluation import Evaluation
from .editor_members import Members
from .editor_notices import Notices
from .findings_panel import FindingsPanel
from .form_page import FormPage
from .removal_dialog import RemoveAnswersDialog
from .roster import Roster
from .roster_grid import RosterGrid
from .saving import Saving


class HouseholdEditor(Members, Counts, Evaluation, Notices, Saving, QWidget):
    closed = Signal(str)                 # uuid of the record that was open
    saved = Signal(str)
    history_requested = Signal(str)

    def __init__(self, client: StoreClient, presenter: Any, *, autosave_ms: int = 30_000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.form = client.form
        self.presenter = presenter
        self.lang = current_language()      # the app's own words, findings
        self.form_lang = form_language()    # the questionnaire's texts
        self.form_zone = ""                 # the county's time_zone the pages type times in
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
        # A member's best job postings and 311 services (issue 21; editor_members.py).
        self.jobs_button = QPushButton()
        self.jobs_button.setObjectName("memberJobs")
        self.jobs_button.clicked.connect(self.open_job_matches)
        self.services_button = QPushButton()
        self.services_button.setObjectName("memberServices")
        self.services_button.clicked.connect(self.open_services)
        self.card_button = QPushButton()   # 明白卡 of this household (card_dialog.py)
        self.card_button.setObjectName("householdCard")
        self.card_button.clicked.connect(self.open_card)
        for b in (self.history_button, self.jobs_button, self.services_button, self.card_button,
                  self.review_button, self.delete_button,
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
        page = FormPage([i for i in self.form.children if i is not self.form.repeat],
                        self.form_lang, zone=self.form_zone)
        page.changed.connect(lambda name: self._changed(None, name))
        repeat_editor.attach(page, self.form, repeat_editor.household_repeats(self.form),
                             self.form_lang, self._repeat_changed, host=self)
        return page

    def _repeat_changed(self) -> None:
        """An instance of a repeat besides the members was added, removed, moved or
        answered (repeat_editor.py: the record is already changed)."""
        self._mark_dirty()
        self._reevaluate()

    def _roster_grid(self) -> RosterGrid:
        grid = RosterGrid(self.form, self.form_lang)
        grid.open_member.connect(lambda i, field: self.jump_to(i, field))
        grid.name_edited.connect(self._grid_name)
        self.pages.addWidget(grid)
        return grid

    def _use_current_form(self) -> None:
        """Build the pages from the store's current form when it is not the one they show
        (the store was opened, or an import brought a new form), or in another display
        language (the settings' questionnaire language) or time zone (the county's
        settings): before a record opens."""
        zone = self.client.settings.time_zone
        if self.client.form is self.form and self.form_lang == form_language() \
                and self.form_zone == zone:
            return
        self.form, self.form_lang, self.form_zone = self.client.form, form_language(), zone
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
        for button in (self.draft_button, self.complete_button, self.jobs_button,
                       self.services_button):
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
        for repeat in page.repeat_editors:
            repeat.set_editable(editable)

    def retranslate(self) -> None:
        self.history_button.setText(self.tr("History"))
        self.jobs_button.setText(self.tr("Job postings…"))
        self.jobs_button.setToolTip(self.tr("The open postings that fit the member shown"))
        self.services_button.setText(self.tr("311 services…"))
        self.services_button.setToolTip(self.tr("The 311 services of the household (of the "
                                                "member shown, if one is)"))
        self.card_button.setText(self.tr("Household card…"))
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
        today = today or self.client.settings.today(                  # the county's day
            dt.datetime.fromtimestamp(self.clock(), dt.UTC))
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
                                   ending=False, zone_name=self.client.settings.time_zone)
        self.stored = not dirty
        self._opened = self._since = self.clock()
        self.delete_button.setEnabled(self.stored)
        self._owners, self._asked = {}, ("", ())
        self.household_page.load(self.state["fields"])
        for repeat in self.household_page.repeat_editors:
            repeat.bind(self.state, "")
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

    def open_card(self) -> Any:  # noqa: ANN401 - a CardDialog
        """The household card (明白卡) of the household on screen, as last saved."""
        from .card_dialog import CardDialog  # start-up: only when asked

        village = str(((self.state or {}).get("fields") or {}).get("village_code") or "")
        self.card_dialog = CardDialog(self.client, self, household=self.uuid, village=village)
        self.card_dialog.show()
        return self.card_dialog

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
