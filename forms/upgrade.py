"""Form versions: how they compare, and how a record saved under an older form reads under
a newer one.

A county publishes a new version of the questionnaire now and then; households saved under an
older one keep the version they were saved with (``form_version``) until someone edits them.
Opened under the newer form, a record shows its answers under the new questions:

- an answer whose question still exists stays where it is;
- an answer to a question the new form renamed moves to the new name. A form declares a
  rename in the survey sheet's ``renamed_from`` column: every earlier name of the question,
  separated by spaces (docs/forms.md, "Renaming a question"); the loader checks them;
- an answer to a question the new form no longer has is kept in the record, untouched (it is
  the record's history, and an older form may still read it), but no question shows it;
- free text saved in a question that is now a choice from the 工种 list (`trade`; 2026.1's
  工种, 意向工种, 意向培训工种) moves to the question's `<name>_text` companion, and the choice
  becomes the trade the keyword table reads in it (forms/trades.py) — or stays unanswered
  when no keyword matches, so the editor asks for it; listed in ``recoded`` either way.
- a 务工所在地 typed as text before the form had the province and city lists
  (``work_province``, ``work_city``; forms/places.py) gets them where the text names them
  unambiguously ("广东东莞", "浙江省宁波市"); the text stays as it was, and what cannot be read
  is listed in ``unplaced`` (the required province or city then flags it for review).

Only the newer form is needed: what it declares is the whole mapping, so a workspace that
skipped a version still upgrades a record correctly as long as the renames list every
earlier name.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import trades
from .model import Form, QType, Question
from .places import PLACE_FIELDS, parse_place

VERSION = re.compile(r"\d{1,9}(\.\d{1,9}){0,3}\Z")


def is_version(version: Any) -> bool:
    """Whether `version` is a form version Mopai can order: one to four whole numbers joined
    by dots (``2026.1``, ``2026.10``, ``3``)."""
    return isinstance(version, str) and bool(VERSION.match(version))


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A sort key: numeric parts compare as numbers (``2026.10`` after ``2026.9``); a part that
    is not a number sorts before every number, so an odd label never looks newer."""
    return tuple(_part(p) for p in str(version).split("."))


def _part(part: str) -> tuple[int, str]:
    if part.isdigit():
        try:
            return int(part), ""
        except ValueError:  # a digit int() does not read ("²"), or over 4,300 of them
            pass
    return -1, part


def newer(a: str, b: str) -> bool:
    """Whether version `a` comes after version `b`."""
    return version_key(a) > version_key(b)


@dataclass(frozen=True)
class Upgrade:
    """A record as a (newer) form reads it.

    ``household`` is a copy with renamed answers moved and, when the form is newer than the
    record's, ``form_version`` set to the form's; ``moved`` lists ``(member index or None, old
    name, new name)``; ``kept`` maps the path of every answer no question of the form holds
    (``fields.x``, ``members.<uuid>.fields.x``) to its value: still in the record, not shown.
    """

    household: dict[str, Any]
    from_version: str
    moved: list[tuple[int | None, str, str]] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)
    # (member index or None, question, the free text, the trade it was read as or None)
    recoded: list[tuple[int | None, str, str, str | None]] = field(default_factory=list)
    # (member index, text, province code, city code or "") filled from a place of work's text
    placed: list[tuple[int, str, str, str]] = field(default_factory=list)
    # (member index, text) of a place of work whose province or city the text does not name
    unplaced: list[tuple[int, str]] = field(default_factory=list)

    @property
    def upgraded(self) -> bool:
        """Whether the record was saved under another (older) version of the form."""
        return self.household.get("form_version") != self.from_version


def renames(questions: Mapping[str, Question]) -> dict[str, str]:
    """Earlier name -> current name, for the questions of one level."""
    return {old: q.name for q in questions.values() for old in q.renamed_from}


def upgrade_household(form: Form, household: Mapping[str, Any]) -> Upgrade:
    """`household` as `form` reads it (see the module's docstring); the input is not changed.

    A record of another form (``form_id``) or of a newer version is returned as it is, with
    what the form does not know listed in ``kept``: it is not this form's to rewrite.
    """
    result = copy.deepcopy(dict(household))
    version = str(result.get("form_version") or "")
    moved: list[tuple[int | None, str, str]] = []
    recoded: list[tuple[int | None, str, str, str | None]] = []
    placed: list[tuple[int, str, str, str]] = []
    unplaced: list[tuple[int, str]] = []
    ours = result.get("form_id") in (None, "", form.form_id) and not newer(version, form.version)
    if ours:
        _move(result.get("fields"), form.fields, None, moved)
        for i, member in enumerate(result.get("members") or []):
            if isinstance(member, dict):
                _move(member.get("fields"), form.member_fields, i, moved)
                _place(member.get("fields"), form.member_fields, i, placed, unplaced)
        if version != form.version:
            _recode(result.get("fields"), form.fields, None, recoded)
            for i, member in enumerate(result.get("members") or []):
                if isinstance(member, dict):
                    _recode(member.get("fields"), form.member_fields, i, recoded)
            result["form_version"] = form.version
    kept = {f"fields.{k}": v for k, v in _unknown(result.get("fields"), form.fields).items()}
    for member in result.get("members") or []:
        if isinstance(member, dict):
            kept.update({f"members.{member.get('uuid')}.fields.{k}": v for k, v in
                         _unknown(member.get("fields"), form.member_fields).items()})
    return Upgrade(result, version, moved, kept, recoded, placed, unplaced)


def _move(fields: Any, questions: Mapping[str, Question], member: int | None,
          moved: list[tuple[int | None, str, str]]) -> None:
    if not isinstance(fields, dict):
        return
    for old, new in renames(questions).items():
        if old in fields and old not in questions and fields.get(new) in (None, "", []):
            fields[new] = fields.pop(old)
            moved.append((member, old, new))


def _recode(fields: Any, questions: Mapping[str, Question], member: int | None,
            recoded: list[tuple[int | None, str, str, str | None]]) -> None:
    """Free text in a question that is now a choice from the `trade` list (see the module)."""
    if not isinstance(fields, dict):
        return
    for name, q in questions.items():
        value = fields.get(name)
        if q.type is not QType.SELECT_ONE or q.choices is None or q.choices.name != TRADE_LIST \
                or not isinstance(value, str) or not value.strip() or value in q.choices:
            continue
        companion = questions.get(f"{name}_text")
        if companion is None or companion.type is not QType.TEXT:
            continue  # nowhere to keep the text: left as it is, for the checks to show
        if fields.get(companion.name) in (None, ""):
            fields[companion.name] = value
        code = trades.code_trade(value)
        if code is not None and code in q.choices:
            fields[name] = code
        else:
            del fields[name]
            code = None
        recoded.append((member, name, value, code))


TRADE_LIST = "trade"


def _place(fields: Any, questions: Mapping[str, Question], member: int,
           placed: list[tuple[int, str, str, str]], unplaced: list[tuple[int, str]]) -> None:
    """The province and city of a place of work typed as text, when the form asks for them
    and the record has neither (forms/places.py, ``parse_place``)."""
    text_name, province_name, city_name = PLACE_FIELDS
    if not (isinstance(fields, dict) and all(n in questions for n in PLACE_FIELDS)):
        return
    text = fields.get(text_name)
    if not isinstance(text, str) or not text.strip() or fields.get(province_name) not in (
            None, "") or fields.get(city_name) not in (None, ""):
        return
    found = parse_place(text)
    if found is None or found[0].code not in (questions[province_name].choices or {}):
        unplaced.append((member, text))
        return
    province, city = found
    fields[province_name] = province.code
    if city is not None and city.code in (questions[city_name].choices or {}):
        fields[city_name] = city.code
        placed.append((member, text, province.code, city.code))
    else:
        placed.append((member, text, province.code, ""))
        unplaced.append((member, text))


def _unknown(fields: Any, questions: Mapping[str, Question]) -> dict[str, Any]:
    if not isinstance(fields, dict):
        return {}
    return {k: v for k, v in fields.items() if k not in questions and v not in (None, "", [])}
