"""The one passphrase policy: every place that sets a passphrase asks `require` (issue 12).

A passphrase is checked when it is *set* — a new workspace, a new user, a changed or
recovered passphrase, a county key backup — never when it is used: a store made with a
weaker passphrase under an older Mopai still unlocks.

Strength is estimated by zxcvbn (Dropbox's estimator: common passwords, words and names,
repeats, sequences, keyboard patterns, dates), given what an attacker would try first here:
the user name, the area code and its prefixes, the area's name and a few words of the trade.
How many guesses each role must withstand, and why, is decision 13 in docs/decisions.md.

zxcvbn is imported on first use (~25 ms with its dictionaries): commands that set no
passphrase never pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import WeakPassphrase

MIN_CHARS = 8
_HAN = re.compile(r"[\u3400-\u9fff]")
# zxcvbn's score: 0 < 10^3 guesses, 1 < 10^6, 2 < 10^8, 3 < 10^10, 4 >= 10^10.
MIN_SCORE = {"village": 3, "township": 3, "county": 4}
BACKUP_ROLE = "county"  # the county key backup guards what a county passphrase guards

# Words an attacker who knows the machine runs Mopai would try first (zxcvbn's own lists are
# English; these are the app's and the survey's words, and the commonest Chinese ones).
TRADE_WORDS = ("mopai", "摸排", "laodongli", "劳动力", "renshe", "人社", "shebao", "社保",
               "nongcun", "农村", "cunwei", "村委", "zhongguo", "中国", "woaini", "我爱你",
               "5201314", "1314520")


class Reason(StrEnum):
    SHORT = "short"
    PERSONAL = "personal"    # the user name, the area code or name
    COMMON = "common"        # a common password or word, barely changed
    REPEAT = "repeat"        # aaaaaaaa, abcabcabc, eight spaces
    SEQUENCE = "sequence"    # abcdefgh, 13579
    KEYBOARD = "keyboard"    # qwertyui, 1qaz2wsx
    DATE = "date"            # a birthday or a year
    DIGITS = "digits"        # digits only: phone, birthday, ID numbers
    WEAK = "weak"            # nothing in particular: just too few guesses


_REASON = {
    Reason.SHORT: ("太短，至少需要 {min} 个字符", "it is too short: at least {min} characters"),
    Reason.PERSONAL: ("包含了用户名、区划代码或地名，别人最先会试这些",
                      "it contains the user name, the area code or the area's name, which "
                      "anyone would try first"),
    Reason.COMMON: ("是常见密码或常见词（或只是稍作变化）", "it is a common password or word, "
                    "or one barely changed"),
    Reason.REPEAT: ("由重复的字符或片段组成（如 aaaaaaaa、全是空格、abcabc）",
                    "it is made of repeated characters or chunks (like aaaaaaaa, all spaces, "
                    "abcabc)"),
    Reason.SEQUENCE: ("是连续的字母或数字（如 abcdefgh、13579）",
                      "it is a run of letters or digits (like abcdefgh, 13579)"),
    Reason.KEYBOARD: ("是键盘上挨着的键（如 qwerty、1qaz2wsx）",
                      "it is a row of neighbouring keys (like qwerty, 1qaz2wsx)"),
    Reason.DATE: ("主要是日期或年份（如生日）", "it is mostly a date or a year (like a birthday)"),
    Reason.DIGITS: ("只有数字，像电话号码、生日、身份证号一样容易被猜到",
                    "it has digits only, as easy to guess as a phone, birthday or ID number"),
    Reason.WEAK: ("还不够难猜", "it is not hard enough to guess"),
}
_ADVICE = ("请换一个：用三四个互不相关的词或拼音连起来（如 shanyang-maitian-7-denglong），"
           "至少 {min} 个字符；不要用姓名、区划代码、生日或电话号码",
           "choose another: three or four unrelated words or pinyin joined together (like "
           "shanyang-maitian-7-denglong), at least {min} characters; no names, area codes, "
           "birthdays or phone numbers")
_COUNTY_NOTE = ("县级工作区的密码和县级密钥备份保护全县的密钥，要求最高一级强度。",
                "A county passphrase and the county key backup guard the whole county's "
                "keys and need the highest strength. ")

# zxcvbn pattern -> our reason, for the longest non-random part of a refused passphrase.
_PATTERN = {"dictionary": Reason.COMMON, "repeat": Reason.REPEAT, "sequence": Reason.SEQUENCE,
            "spatial": Reason.KEYBOARD, "date": Reason.DATE, "regex": Reason.DATE}


@dataclass(frozen=True)
class Verdict:
    score: int               # zxcvbn's 0–4 (0 when too short), for a strength meter
    required: int
    reason: Reason | None    # None: acceptable
    county: bool = False

    @property
    def ok(self) -> bool:
        return self.reason is None

    def text(self, lang: str = "zh_CN") -> str:
        """Why the passphrase is refused and what to do, in one of the two languages."""
        if self.reason is None:
            return ""
        i = 0 if lang.startswith("zh") else 1
        reason = _REASON[self.reason][i].format(min=MIN_CHARS)
        advice = _ADVICE[i].format(min=MIN_CHARS)
        note = _COUNTY_NOTE[i] if self.county else ""
        if i == 0:
            return f"密码不够安全：{reason}。{note}{advice}"
        return f"passphrase refused: {reason}. {note}{advice[0].upper()}{advice[1:]}"


def inputs(*, user: str = "", code: str = "", name: str = "", others: Iterable[str] = ()
           ) -> list[str]:
    """What is known about the person and the place: the user name, the area code with its
    county and township prefixes, the area's name (and without its 村/镇/县 suffix), and
    the pinyin of each."""
    found = [user, name, code, code[:6], code[:9], *others]
    if len(name) > 2 and name[-1] in "村镇乡县区市":
        found.append(name[:-1])
    return _clean([*found, *_pinyin(found)])


def _pinyin(items: Iterable[str]) -> list[str]:
    """张科长 -> zhangkezhang, zkz: names are typed in pinyin far more often than in hanzi."""
    from pypinyin import lazy_pinyin  # start-up: its dictionaries only when a passphrase is set

    found = []
    for item in items:
        if item and _HAN.search(item):
            syllables = lazy_pinyin(item)
            found += ["".join(syllables), "".join(s[:1] for s in syllables)]
    return found


def _clean(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        item = unicodedata.normalize("NFC", item or "").strip().lower()
        if len(item) >= (2 if _HAN.search(item) else 3) and item not in seen:
            seen.append(item)
    return seen


def _zxcvbn(passphrase: str, user_inputs: list[str]) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # ~25 ms of dictionaries: only when a passphrase is set

    # zxcvbn's cost grows with length; what it misses beyond 100 characters does not matter.
    return zxcvbn(passphrase[:100], user_inputs=[*user_inputs, *TRADE_WORDS])


def _reason(passphrase: str, result: dict[str, Any], personal: list[str]) -> Reason:
    lowered = passphrase.lower()
    if any(p in lowered for p in personal):
        return Reason.PERSONAL
    best, covered = Reason.WEAK, 0
    for match in result["sequence"]:
        reason = _PATTERN.get(match["pattern"])
        size = len(match["token"])
        if reason is not None and size > covered:
            best, covered = reason, size
    return best


def assess(passphrase: str, *, role: str = "village", user_inputs: Iterable[str] = ()
           ) -> Verdict:
    """How strong `passphrase` is for a workspace of `role` (the key backup: "county")."""
    required = MIN_SCORE.get(role, max(MIN_SCORE.values()))
    county = required > MIN_SCORE["village"]
    passphrase = unicodedata.normalize("NFC", passphrase)
    if len(passphrase) < MIN_CHARS:
        return Verdict(0, required, Reason.SHORT, county)
    personal = _clean(user_inputs)
    result = _zxcvbn(passphrase, personal)
    score = int(result["score"])
    if score < required:
        # Good enough for a village but not for a county: say so rather than pick at words.
        reason = (Reason.WEAK if score >= MIN_SCORE["village"]
                  else _reason(passphrase, result, personal))
        return Verdict(score, required, reason, county)
    if re.fullmatch(r"[\d\s\-./]+", passphrase):
        return Verdict(min(score, required - 1), required, Reason.DIGITS, county)
    return Verdict(score, required, None, county)


def require(passphrase: str, *, role: str = "village", user_inputs: Iterable[str] = (),
            where: str | None = None) -> None:
    """Raise WeakPassphrase unless `passphrase` may be set for a workspace of `role`."""
    verdict = assess(passphrase, role=role, user_inputs=user_inputs)
    if not verdict.ok:
        raise WeakPassphrase(verdict.text("zh_CN"), verdict.text("en"), reason=verdict.reason,
                             where=where)
