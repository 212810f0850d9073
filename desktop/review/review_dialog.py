"""The review of one household (审核): 审核通过, or 退回修改 with a comment and the questions it
concerns (a household question, or a member's), for the county or a township. Opened from the
editor (a household the reviewer is looking at) and from the 审核 queue; the decision is
made on the worker (`StoreClient.decide_review`) and travels to the village with the next
return bundle (sync/review.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..shell.client import StoreClient
from ..shell.i18n import form_language

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_COMMENT = 500  # sync.review.MAX_COMMENT; the store refuses a longer one too


def question_choices(form: Any, state: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, path) of every question that holds an answer: the household's, those of the
    household's other lists ("帮扶措施 2 · label"), then each member's as "[人编号 姓名] label"
    and those of the member's lists ("[1 张三] 年内工作 2 · label"), by the record's path
    (instances by their id: the comment follows the entry when entries are reordered)."""
    out = [(q.label.get(lang) or q.name, f"fields.{q.name}")
           for q in form.household_questions() if q.type.holds_answer]
    repeats = getattr(form, "repeats", None) or {}
    out += _instance_choices(state, "", "", [r for r in repeats.values() if r.chain == (r,)],
                             lang)
    for i, m in enumerate(state.get("members") or []):
        who = f"[{i + 1} {m.get('fields', {}).get('name') or ''}] "
        out += [(who + (q.label.get(lang) or q.name), f"members.{m['uuid']}.fields.{q.name}")
                for q in form.member_questions() if q.type.holds_answer]
        if form.repeat is not None and repeats:
            out += _instance_choices(m, f"members.{m['uuid']}.", who, form.repeat.repeats(),
                                     lang)
    return out


def _instance_choices(owner: dict[str, Any], path: str, label: str, repeats: list[Any],
                      lang: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for repeat in repeats:
        title = repeat.label.get(lang) or repeat.name
        for i, instance in enumerate((owner.get("repeats") or {}).get(repeat.name) or []):
            here = f"{path}repeats.{repeat.name}.{instance['uuid']}."
            who = f"{label}{title} {i + 1} · "
            out += [(who + (q.label.get(lang) or q.name), f"{here}fields.{q.name}")
                    for q in repeat.fields().values() if q.type.holds_answer]
            out += _instance_choices(instance, here, who, repeat.repeats(), lang)
    return out


class ReviewDialog(QDialog):
    decided = Signal(str)      # approve | reject

    def __init__(self, client: StoreClient, uuid: str,
                 presenter: Callable[[BaseException], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client, self.uuid, self.presenter = client, uuid, presenter
        self.setObjectName("reviewDialog")
        self.lang = form_language()     # the questions' labels
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.history = QLabel()
        self.history.setObjectName("reviewHistory")
        self.history.setWordWrap(True)
        layout.addWidget(self.history)
        self.comment_label = QLabel()
        layout.addWidget(self.comment_label)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("reviewComment")
        self.comment.setMaximumHeight(90)
        self.comment.textChanged.connect(self._update)
        layout.addWidget(self.comment)
        self.questions_label = QLabel()
        layout.addWidget(self.questions_label)
        self.questions = QListWidget()
        self.questions.setObjectName("reviewQuestions")
        layout.addWidget(self.questions, 1)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton()
        self.approve_button.setObjectName("approveHousehold")
        self.approve_button.clicked.connect(lambda: self.decide("approve"))
        self.reject_button = QPushButton()
        self.reject_button.setObjectName("rejectHousehold")
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.approve_button, self.reject_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.item: Any = None
        self.state: dict[str, Any] | None = None
        self.busy = False
        self.retranslate()
        self.resize(560, 520)
        client.get(uuid, self._got_state, self._failed)
        client.review_of(uuid, self._got_review, self._failed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Review household"))
        self.comment_label.setText(self.tr("Comment to the village (required to send back, "
                                           "at most {n} characters):").replace(
                                               "{n}", str(MAX_COMMENT)))
        self.questions_label.setText(self.tr("Questions concerned (optional): the village sees "
                                             "the comment beside them"))
        self.approve_button.setText(self.tr("Approve"))
        self.reject_button.setText(self.tr("Send back for correction"))
        self.close_button.setText(self.tr("Close"))
        self._show()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update()
        if self.presenter is not None:
            self.presenter(exc)

    def _got_state(self, state: dict[str, Any]) -> None:
        self.state = state
        self.questions.clear()
        chosen = set(self.item.questions) if self.item is not None else set()
        for label, path in question_choices(self.client.form, state, self.lang):
            item = QListWidgetItem(label)
            item.setData(PATH_ROLE, path)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if path in chosen
                               else Qt.CheckState.Unchecked)
            self.questions.addItem(item)
        self._show()

    def _got_review(self, pair: tuple[Any, list[Any]]) -> None:
        self.item, decisions = pair
        lines = [self.tr("{at} {by}: {decision} {comment}")
                 .replace("{at}", d.decided_at[:16].replace("T", " "))
                 .replace("{by}", d.decided_by)
                 .replace("{decision}", self.tr("approved") if d.decision == "approve"
                          else self.tr("sent back"))
                 .replace("{comment}", d.comment) for d in decisions]
        self.history.setText("\n".join(lines) or self.tr("Not reviewed yet."))
        self._show()

    def _show(self) -> None:
        if self.item is None:
            self.heading.setText(self.tr("Loading…") if self.state is None else "")
        else:
            self.heading.setText(self.tr("Household {no} {head} — now: {state}")
                                 .replace("{no}", self.item.household_no)
                                 .replace("{head}", self.item.head_name)
                                 .replace("{state}", self.item.state_zh))
        self._update()

    def _update(self) -> None:
        ready = self.item is not None and self.state is not None and not self.busy
        text = self.comment.toPlainText().strip()
        self.approve_button.setEnabled(ready and self.item.status == "complete"
                                       and len(text) <= MAX_COMMENT)
        self.reject_button.setEnabled(ready and 0 < len(text) <= MAX_COMMENT)

    def checked_paths(self) -> list[str]:
        return [self.questions.item(i).data(PATH_ROLE) for i in range(self.questions.count())
                if self.questions.item(i).checkState() == Qt.CheckState.Checked]

    def decide(self, decision: str) -> None:
        self.busy = True
        self._update()

        def done(_d: Any) -> None:
            self.busy = False
            self.decided.emit(decision)
            self.accept()
        self.client.decide_review(self.uuid, decision, self.comment.toPlainText().strip(),
                                  self.checked_paths() if decision == "reject" else [],
                                  done, self._failed)
