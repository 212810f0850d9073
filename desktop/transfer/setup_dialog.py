"""First run: thin Qt pages over ``setup_flow.SetupFlow`` (which holds every rule).

Each page copies what the user typed into the flow and asks it to go on; problems come back
as codes and are shown translated under the page. Creating the workspace (Argon2id) runs on
the store worker so the window stays responsive.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..shell.i18n import current_language
from ..shell.worker import StoreWorker
from .setup_flow import MIN_PASSPHRASE, Problem, SetupFlow, Step


class SetupDialog(QDialog):
    """Result: ``accepted`` with ``flow.step`` DONE (workspace created) or DEMO."""

    created = Signal(str)          # the first user's name

    def __init__(self, home: Path, worker: StoreWorker, presenter,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = SetupFlow(home)
        self.worker = worker
        self.presenter = presenter
        self.setWindowTitle(self.tr("Mopai — first start"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.problems = QLabel()
        self.problems.setObjectName("setupProblems")
        self.problems.setStyleSheet("color: #b00020;")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        row = QHBoxLayout()
        row.addStretch(1)
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.pages: dict[Step, QWidget] = {}
        self._build()
        self._show()

    # -- pages -----------------------------------------------------------------------------
    def _radio_page(self, intro: str, options: list[tuple[str, str]]) -> tuple[QWidget,
                                                                                QButtonGroup]:
        page = QWidget()
        v = QVBoxLayout(page)
        label = QLabel(intro)
        label.setWordWrap(True)
        v.addWidget(label)
        group = QButtonGroup(page)
        for key, text in options:
            radio = QRadioButton(text)
            radio.setObjectName(f"option_{key}")
            radio.setProperty("key", key)
            group.addButton(radio)
            v.addWidget(radio)
        v.addStretch(1)
        return page, group

    def _build(self) -> None:
        page, self.choice = self._radio_page(
            self.tr("Welcome to Mopai. There is no workspace on this computer yet."),
            [("create", self.tr("Create a workspace for my village, township or county")),
             ("demo", self.tr("Open the demo village (synthetic data, to try things out)"))])
        self.pages[Step.START] = page
        page, self.role = self._radio_page(self.tr("Who will use this computer?"), [
            ("village", self.tr("A village (村)")), ("township", self.tr("A township (乡镇)")),
            ("county", self.tr("A county bureau (县人社局)"))])
        self.pages[Step.ROLE] = page
        page = QWidget()
        form = QFormLayout(page)
        self.code = QLineEdit()
        self.code.setObjectName("setupCode")
        self.name = QLineEdit()
        self.name.setObjectName("setupName")
        self.code_label = QLabel()
        form.addRow(self.code_label, self.code)
        form.addRow(self.tr("Name"), self.name)
        self.pages[Step.AREA] = page
        page = QWidget()
        form = QFormLayout(page)
        self.user = QLineEdit()
        self.user.setObjectName("setupUser")
        form.addRow(self.tr("Your name (first user)"), self.user)
        self.pages[Step.USER] = page
        page = QWidget()
        form = QFormLayout(page)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("setupPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("setupConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(False)
        self.strength_text = QLabel()
        self.passphrase.textChanged.connect(self._show_strength)
        hint = QLabel(self.tr("At least {n} characters. Nobody can recover the data without "
                              "it, except the county with its recovery key.")
                      .replace("{n}", str(MIN_PASSPHRASE)))
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Strength"), self.strength)
        form.addRow("", self.strength_text)
        form.addRow(self.tr("Repeat passphrase"), self.confirm)
        self.pages[Step.PASSPHRASE] = page
        page = QWidget()
        v = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        v.addStretch(1)
        self.pages[Step.CONFIRM] = page
        for p in self.pages.values():
            self.stack.addWidget(p)

    # -- flow ------------------------------------------------------------------------------
    def _copy_in(self) -> None:
        f = self.flow
        checked = self.choice.checkedButton()
        f.choice = checked.property("key") if checked else ""
        checked = self.role.checkedButton()
        f.role = checked.property("key") if checked else ""
        f.code, f.name, f.user = self.code.text(), self.name.text(), self.user.text()
        f.passphrase, f.confirm = self.passphrase.text(), self.confirm.text()

    def problem_text(self, problem: Problem) -> str:
        texts = {
            Problem.NO_CHOICE: self.tr("Choose: create a workspace or open the demo."),
            Problem.NO_ROLE: self.tr("Choose village, township or county."),
            Problem.BAD_CODE: self.tr("The code must have {n} digits.").replace(
                "{n}", str(self.flow.code_digits)),
            Problem.NO_NAME: self.tr("Enter the name of the village, township or county."),
            Problem.BAD_USER: self.tr("Enter a user name (at most 64 characters)."),
            Problem.SHORT_PASSPHRASE: self.tr("The passphrase needs at least {n} characters.")
            .replace("{n}", str(MIN_PASSPHRASE)),
            Problem.WEAK_PASSPHRASE: self.tr("The passphrase is too easy to guess: make it "
                                             "longer or mix letters, digits and signs.")
            + "\n" + self.flow.passphrase_reason(current_language()),
            Problem.MISMATCH: self.tr("The two passphrases differ."),
        }
        return texts[problem]

    def go_next(self) -> None:
        self._copy_in()
        if self.flow.step is Step.CONFIRM:
            self._create()
            return
        before = self.flow.step
        after = self.flow.next()
        if after is before:
            self.problems.setText("\n".join(self.problem_text(p) for p in self.flow.problems()))
            return
        if after is Step.DEMO:
            self.accept()
            return
        self._show()

    def go_back(self) -> None:
        self.flow.back()
        self._show()

    def _show(self) -> None:
        step = self.flow.step
        self.problems.clear()
        if step in self.pages:
            self.stack.setCurrentWidget(self.pages[step])
        self.back_button.setEnabled(bool(self.flow.history))
        self.next_button.setText(self.tr("Create") if step is Step.CONFIRM else self.tr("Next"))
        self.code_label.setText(self.tr("Administrative code ({n} digits)").replace(
            "{n}", str(self.flow.code_digits)))
        if step is Step.CONFIRM:
            role = {"village": self.tr("village"), "township": self.tr("township"),
                    "county": self.tr("county")}[self.flow.role]
            self.summary.setText(self.tr("Create a {role} workspace “{name}” ({code}) with "
                                         "the user “{user}”?")
                                 .replace("{role}", role).replace("{name}", self.flow.name)
                                 .replace("{code}", self.flow.code).replace("{user}",
                                                                             self.flow.user))

    def _show_strength(self, text: str) -> None:
        self.flow.passphrase = text
        score = self.flow.strength
        self.strength.setValue(score)
        words = [self.tr("too weak"), self.tr("weak"), self.tr("fair"), self.tr("good"),
                 self.tr("strong")]
        self.strength_text.setText(words[score])

    def _create(self) -> None:
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        user = self.flow.user.strip()

        def done(_ws: object) -> None:
            self.created.emit(user)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.next_button.setEnabled(True)
            self.back_button.setEnabled(True)
            self.presenter(exc)
        self.worker.submit(lambda _job: self.flow.create(), done, failed,
                           label=self.tr("Creating the workspace…"))
