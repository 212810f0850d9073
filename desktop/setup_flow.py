"""The first-run flow as a plain state machine (Electrum's wizard.py): no Qt, tested alone.

The Qt pages in ``setup_dialog.py`` only show the current step, copy what the user typed
into ``SetupFlow`` and ask it to go on; every rule (which step follows which, what is a valid
code, how strong a passphrase must be) lives here. Problems are returned as codes so that the
GUI can translate them; ``problem_text`` gives an untranslated fallback for tools.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sync.workspace import CODE_DIGITS, Workspace

MIN_PASSPHRASE = 8
MIN_STRENGTH = 2


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

_COMMON = {"12345678", "123456789", "1234567890", "password", "password1", "qwertyui",
           "11111111", "88888888", "66666666", "abcdefgh", "iloveyou", "00000000"}


def passphrase_strength(text: str) -> int:
    """A rough 0–4 score: length and character variety, with common and repeated ones at 0.

    Not an entropy estimate; it only keeps cadres from choosing 12345678 or their village code.
    """
    if len(text) < MIN_PASSPHRASE or text.lower() in _COMMON or len(set(text)) <= 2:
        return 0
    classes = sum([any(c.isdigit() for c in text), any(c.islower() for c in text),
                   any(c.isupper() for c in text), any(not c.isascii() for c in text),
                   any(c.isascii() and not c.isalnum() for c in text)])
    if re.fullmatch(r"\d+", text) and len(text) < 16:
        return 0  # digits only: birthdays, phone and ID numbers
    score = 1 + (classes >= 2) + (len(text) >= 12) + (classes >= 3 or len(text) >= 16)
    return min(score, 4)


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
            if len(self.passphrase) < MIN_PASSPHRASE:
                return [Problem.SHORT_PASSPHRASE]
            found = []
            if self.strength < MIN_STRENGTH or self.passphrase.strip() == self.code.strip():
                found.append(Problem.WEAK_PASSPHRASE)
            if self.confirm != self.passphrase:
                found.append(Problem.MISMATCH)
            return found
        return []

    @property
    def code_digits(self) -> int:
        return CODE_DIGITS.get(self.role, 12)

    @property
    def strength(self) -> int:
        return passphrase_strength(self.passphrase)

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
