"""The first-run flow as a plain state machine (Electrum's wizard.py): no Qt, tested alone.

The Qt pages in ``setup_dialog.py`` only show the current step, copy what the user typed
into ``SetupFlow`` and ask it to go on; every rule (which step follows which, what is a valid
code) lives here, and how strong a passphrase must be is the core's one policy
(``sync/passphrase.py``), the same that ``mopai init`` and ``mopai passwd`` apply. Problems are returned as codes so that the
GUI can translate them; ``problem_text`` gives an untranslated fallback for tools.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mopai.sync import passphrase as policy
from mopai.sync.workspace import CODE_DIGITS, Workspace

MIN_PASSPHRASE = policy.MIN_CHARS


class Step(StrEnum):
    START = "start"          # create a workspace, or open the demo
    ROLE = "role"            # village / township / county
    AREA = "area"            # administrative code and name
    USER = "user"            # first user's name
    PASSPHRASE = "passphrase"
    CONFIRM = "confirm"      # summary before creating
    DONE = "done"            # a workspace was created
    DEMO = "demo"            # the user chose the demo


class Problem(StrEnum):
    NO_CHOICE = "no_choice"
    NO_ROLE = "no_role"
    BAD_CODE = "bad_code"
    NO_NAME = "no_name"
    BAD_USER = "bad_user"
    SHORT_PASSPHRASE = "short_passphrase"
    WEAK_PASSPHRASE = "weak_passphrase"
    MISMATCH = "mismatch"


PROBLEM_TEXT = {
    Problem.NO_CHOICE: "Choose: create a workspace or open the demo.",
    Problem.NO_ROLE: "Choose village, township or county.",
    Problem.BAD_CODE: "The code must have {digits} digits.",
    Problem.NO_NAME: "Enter the name of the village, township or county.",
    Problem.BAD_USER: "Enter a user name (at most 64 characters).",
    Problem.SHORT_PASSPHRASE: "The passphrase needs at least {min} characters.",
    Problem.WEAK_PASSPHRASE: "The passphrase is too easy to guess.",
    Problem.MISMATCH: "The two passphrases differ.",
}

@dataclass
class SetupFlow:
    home: Path
    step: Step = Step.START
    choice: str = ""          # "create" | "demo"
    role: str = ""
    code: str = ""
    name: str = ""
    user: str = ""
    passphrase: str = ""
    confirm: str = ""
    history: list[Step] = field(default_factory=list)

    ORDER = (Step.START, Step.ROLE, Step.AREA, Step.USER, Step.PASSPHRASE, Step.CONFIRM)

    def problems(self) -> list[Problem]:
        """What stops the current step from going on (empty: it may)."""
        s = self.step
        if s is Step.START:
            return [] if self.choice in ("create", "demo") else [Problem.NO_CHOICE]
        if s is Step.ROLE:
            return [] if self.role in CODE_DIGITS else [Problem.NO_ROLE]
        if s is Step.AREA:
            found = []
            if not re.fullmatch(rf"\d{{{self.code_digits}}}", self.code.strip()):
                found.append(Problem.BAD_CODE)
            if not self.name.strip():
                found.append(Problem.NO_NAME)
            return found
        if s is Step.USER:
            name = unicodedata.normalize("NFC", self.user).strip()
            ok = 0 < len(name) <= 64 and not any(c in name for c in "\r\n\t")
            return [] if ok else [Problem.BAD_USER]
        if s is Step.PASSPHRASE:
            verdict = self.verdict
            if verdict.reason is policy.Reason.SHORT:
                return [Problem.SHORT_PASSPHRASE]
            found = []
            if not verdict.ok:
                found.append(Problem.WEAK_PASSPHRASE)
            if self.confirm != self.passphrase:
                found.append(Problem.MISMATCH)
            return found
        return []

    @property
    def code_digits(self) -> int:
        return CODE_DIGITS.get(self.role, 12)

    @property
    def verdict(self) -> policy.Verdict:
        """The core policy's judgement of the passphrase, for this role, user and area."""
        return policy.assess(self.passphrase, role=self.role or "village",
                             user_inputs=policy.inputs(user=self.user, code=self.code.strip(),
                                                       name=self.name))

    @property
    def strength(self) -> int:
        """zxcvbn's 0–4 score, for the meter; `verdict.ok` decides, not this."""
        return self.verdict.score

    def passphrase_reason(self, lang: str = "zh_CN") -> str:
        """Why the passphrase is refused and what to do (empty when it is fine)."""
        return self.verdict.text(lang)

    def can_go_on(self) -> bool:
        return not self.problems()

    def next(self) -> Step:
        """Advance if the current step is complete; return the (possibly unchanged) step."""
        if self.step in (Step.DONE, Step.DEMO) or self.problems():
            return self.step
        if self.step is Step.START and self.choice == "demo":
            return self._go(Step.DEMO)
        if self.step is Step.CONFIRM:
            return self.step  # creating is explicit: call create()
        return self._go(self.ORDER[self.ORDER.index(self.step) + 1])

    def back(self) -> Step:
        if self.history and self.step not in (Step.DONE,):
            self.step = self.history.pop()
        return self.step

    def _go(self, step: Step) -> Step:
        self.history.append(self.step)
        self.step = step
        return step

    def create(self) -> Workspace:
        """Create the workspace (slow: Argon2id); run it off the UI thread."""
        if self.step is not Step.CONFIRM:
            raise RuntimeError(f"create() at step {self.step}")
        ws = Workspace.create(self.home, role=self.role, code=self.code.strip(),
                              user=self.user.strip(), passphrase=self.passphrase,
                              name=self.name.strip())
        self.passphrase = self.confirm = ""  # do not keep it longer than needed
        self._go(Step.DONE)
        return ws

    def problem_text(self, problem: Problem) -> str:
        return PROBLEM_TEXT[problem].format(digits=self.code_digits, min=MIN_PASSPHRASE)
