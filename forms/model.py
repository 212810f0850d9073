"""The typed form model: what the loader makes of a workbook, and what every client reads.

The GUI renderer walks ``Form.children`` in order (questions, groups, the repeats) and
picks one editor per ``QType``; validation and the indicators read the compiled expressions and
choice lists. Nothing here knows about Excel: the model is the same whichever workbook or
version it came from, which is why adding a question to the workbook needs no code change.

Households are flat: a question's value is stored under its ``name`` in the household's or a
member's ``fields`` whatever group it sits in, so names are unique across the whole form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .expr_eval import Expression

if TYPE_CHECKING:
    from .errors import FormProblem
    from .state import Plan


class QType(StrEnum):
    """Question types; the value is the XLSForm spelling in the ``type`` column."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    NOTE = "note"
    CALCULATE = "calculate"
    ID_NUMBER = "id_number"
    TIME = "time"
    DATETIME = "dateTime"
    # Metadata (XLSForm's "metadata" rows): filled in by the app, never shown as questions.
    START = "start"
    END = "end"
    TODAY = "today"
    DEVICEID = "deviceid"
    USERNAME = "username"

    @property
    def is_select(self) -> bool:
        return self in (QType.SELECT_ONE, QType.SELECT_MULTIPLE)

    @property
    def is_metadata(self) -> bool:
        """Filled in automatically (start, end, today, deviceid, username): stored in the
        record's ``fields`` like an answer, shown to the county as the interview's paradata."""
        return self in _METADATA

    @property
    def holds_answer(self) -> bool:
        """Whether an interviewer types or picks a value (notes and calculations do not)."""
        return self not in (QType.NOTE, QType.CALCULATE)


_METADATA = frozenset({QType.START, QType.END, QType.TODAY, QType.DEVICEID, QType.USERNAME})


_NAMED = {"chinese": "zh", "中文": "zh", "汉语": "zh", "english": "en", "英文": "en"}


@lru_cache(maxsize=256)
def language_code(language: str) -> str:
    """The code a language is matched by: ``Chinese (zh_CN)`` -> ``zh_cn``, ``English`` ->
    ``en``, ``Français (fr)`` -> ``fr``, ``Swahili`` -> ``swahili`` (the code in the last
    brackets if any, else the name; lower case, ``-`` as ``_``)."""
    text = language.strip()
    inner = re.findall(r"\(([^()]*)\)", text)
    code = (inner[-1] if inner and inner[-1].strip() else text).strip().lower().replace("-", "_")
    return _NAMED.get(code, code)


def language_key(language: str) -> str:
    """The key a language's texts are kept under: ``zh``, ``en`` or its code."""
    code = language_code(language)
    primary = code.partition("_")[0]
    return primary if primary in ("zh", "en") else code


def _primary(code: str) -> str:
    return code.partition("_")[0]


@dataclass(frozen=True)
class Text:
    """A label, hint or message in every language the workbook gives it.

    ``zh`` and ``en`` are the Chinese and English texts (the app's own two languages);
    ``more`` holds every other language as (code, text) in column order (``language_code``);
    ``default`` is the code of the form's default language, the first fallback.
    """

    zh: str = ""
    en: str = ""
    more: tuple[tuple[str, str], ...] = ()
    default: str = field(default="", compare=False)

    def of(self, lang: str) -> str:
        """The text in exactly this language (by code, then by its primary subtag), or ''."""
        code = language_code(lang)
        primary = _primary(code)
        if primary == "zh":
            return self.zh
        if primary == "en":
            return self.en
        exact = dict(self.more).get(code)
        if exact:
            return exact
        return next((t for c, t in self.more if _primary(c) == primary and t), "")

    def get(self, lang: str = "zh_CN") -> str:
        """The text in ``lang``; else in the form's default language; else any text present
        (Chinese, English, then the others in column order)."""
        return (self.of(lang) or (self.of(self.default) if self.default else "")
                or self.zh or self.en or next((t for _, t in self.more if t), ""))

    def languages(self) -> list[str]:
        """The codes of the languages this text is given in."""
        return ([c for c, t in (("zh", self.zh), ("en", self.en)) if t]
                + [c for c, t in self.more if t])

    def __bool__(self) -> bool:
        return bool(self.zh or self.en or any(t for _, t in self.more))


@dataclass(frozen=True)
class Choice:
    """One option of a list; ``extra`` holds other columns of the choices sheet (filters)."""

    name: str
    label: Text
    row: int = 0
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]
    _by_name: dict[str, Choice] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.choices})

    def get(self, name: str) -> Choice | None:
        return self._by_name.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> list[str]:
        return [c.name for c in self.choices]

    def label(self, name: str, lang: str = "zh_CN") -> str:
        choice = self.get(name)
        return choice.label.get(lang) if choice else name


@dataclass(eq=False)
class Question:
    """One row of the survey sheet that is not a group marker."""

    name: str
    type: QType
    label: Text
    row: int = 0
    hint: Text = Text()
    choices: ChoiceList | None = None
    required: bool = False
    required_if: Expression | None = None
    required_message: Text = Text()
    required_code: str = "required"
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_message: Text = Text()
    constraint_code: str = ""
    warning: Expression | None = None
    warning_message: Text = Text()
    warning_code: str = ""
    calculation: Expression | None = None
    default: str | None = None            # the cell as written
    default_value: Any = None             # a literal default, as the answer (forms/defaults.py)
    default_expr: Expression | None = None  # a dynamic default, evaluated once at creation
    read_only: bool = False
    trigger: tuple[str, ...] = ()           # questions whose change sets it (forms/triggers.py)
    trigger_calc: Expression | None = None  # what it is set to then (its `calculation` cell)
    keeps_value: bool = False               # triggered, or its calculation uses once()
    appearance: str = ""
    choice_filter: Expression | None = None
    renamed_from: tuple[str, ...] = ()  # earlier names (forms/upgrade.py)
    parent: Group | None = None

    @property
    def in_repeat(self) -> bool:
        """Whether it is a member question (directly in the members repeat, not in a repeat
        nested inside it): what every part of Mopai built before other repeats reads."""
        repeat = self.repeat
        return repeat is not None and repeat.is_members

    @property
    def repeat(self) -> Repeat | None:
        """The innermost repeat it is in (None for a household question)."""
        node = self.parent
        while node is not None and not isinstance(node, Repeat):
            node = node.parent
        return node

    @property
    def is_derived(self) -> bool:
        """Its value is computed (a calculate, or a read-only question with a calculation)."""
        return self.calculation is not None

    def is_required_static(self) -> bool:
        return self.required or self.required_if is not None


class _Container:
    """What a group and the whole form share: children in workbook order."""

    children: list[Item]

    def walk(self) -> Iterator[Item]:
        """Every item in workbook order, groups before their contents."""
        for child in self.children:
            yield child
            if isinstance(child, Group):
                yield from child.walk()

    def questions(self) -> list[Question]:
        """Every question in workbook order (for the form: household and member)."""
        return [item for item in self.walk() if isinstance(item, Question)]


@dataclass(eq=False)
class Group(_Container):
    """``begin_group`` … ``end_group``: a page or section; its relevance applies to all inside."""

    name: str
    label: Text
    row: int = 0
    relevant: Expression | None = None
    appearance: str = ""
    children: list[Item] = field(default_factory=list)
    parent: Group | None = None


@dataclass(eq=False)
class Repeat(Group):
    """``begin_repeat`` … ``end_repeat``: the household members (one record per person), or
    another list (decision 59: a household's 帮扶措施, a member's jobs…).

    ``relevant`` is evaluated for its owner (the household for the members: when false, no
    member is asked anything); ``count`` is ``repeat_count``: how many instances there must
    be (a number or an expression of the owner's answers), checked by validation
    (``repeat_count``)."""

    count: Expression | None = None
    # The first top-level repeat is the household's members (``members`` in the record);
    # every other repeat keeps its instances under ``repeats`` (docs/decisions.md 48, 54).
    is_members: bool = False

    @property
    def chain(self) -> tuple[Repeat, ...]:
        """The repeats from the outermost to this one (itself last)."""
        return (*repeat_chain(self.parent), self) if self.parent is not None else (self,)

    def fields(self) -> dict[str, Question]:
        """Its own questions (in its groups, not in a repeat nested inside), by name."""
        found: dict[str, Question] = {}
        pending: list[Item] = list(reversed(self.children))
        while pending:
            item = pending.pop()
            if isinstance(item, Question):
                found[item.name] = item
            elif not isinstance(item, Repeat):
                pending.extend(reversed(item.children))
        return found

    def repeats(self) -> list[Repeat]:
        """The repeats directly inside it (through its groups), in workbook order."""
        found: list[Repeat] = []
        pending: list[Item] = list(reversed(self.children))
        while pending:
            item = pending.pop()
            if isinstance(item, Repeat):
                found.append(item)
            elif isinstance(item, Group):
                pending.extend(reversed(item.children))
        return found


Item = Question | Group


def repeat_chain(item: Question | Group | None) -> tuple[Repeat, ...]:
    """The repeats ``item`` is in or is, outermost first (``()`` at household level)."""
    chain: list[Repeat] = []
    node = item
    while node is not None:
        if isinstance(node, Repeat):
            chain.append(node)
        node = node.parent
    return tuple(reversed(chain))


@dataclass(eq=False)
class Form(_Container):
    """A loaded questionnaire. Build it with ``forms.load_form``; treat it as read-only.

    ``fields`` are the household's questions and ``member_fields`` those of the member repeat,
    each keyed by name. The same name may appear once at each level (domain.md has a household
    ``phone`` and a member ``phone``); inside the repeat ``${phone}`` means the member's.
    """

    form_id: str
    version: str
    title: Text
    default_language: str
    children: list[Item]
    choice_lists: dict[str, ChoiceList]
    source: Path | None = None
    fields: dict[str, Question] = field(default_factory=dict)
    member_fields: dict[str, Question] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    repeat: Repeat | None = None
    plan: Plan | None = None
    # Every repeat but the members (a household-level list, or one nested in an instance) by
    # name, and the questions inside them by name (unique in the whole form): decision 59.
    repeats: dict[str, Repeat] = field(default_factory=dict)
    repeat_fields: dict[str, Question] = field(default_factory=dict)
    # What Mopai leaves aside without changing an answer (forms/xlsform.py), for form check.
    warnings: list[FormProblem] = field(default_factory=list, repr=False, compare=False)
    # The settings the workbook states itself (form_id, version); the others were taken from
    # the file's name and date, which do not travel with its bytes (decision 44).
    declared: tuple[str, ...] = ("form_id", "version")
    # every language the workbook's texts are given in: key (Text.of) -> the name as written
    languages: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    default_order: list[Question] = field(default_factory=list)  # dynamic defaults, in order

    def household_questions(self) -> list[Question]:
        return list(self.fields.values())

    def member_questions(self) -> list[Question]:
        return list(self.member_fields.values())

    def question(self, name: str, *, member: bool = False) -> Question:
        return (self.member_fields if member else self.fields)[name]

    def has(self, name: str, choice: str | None = None, *, member: bool = False) -> bool:
        """Whether the form has question ``name`` (and, if given, that choice in its list)."""
        q = (self.member_fields if member else self.fields).get(name)
        if q is None:
            return False
        return choice is None or (q.choices is not None and choice in q.choices)

    def choice_label(self, name: str, value: str, lang: str = "zh_CN", *,
                     member: bool = False) -> str:
        q = (self.member_fields if member else self.fields).get(name)
        return q.choices.label(value, lang) if q and q.choices else value

    def language_names(self) -> dict[str, str]:
        """The form's languages, the default first: code -> the name the workbook gives."""
        default = language_key(self.default_language)
        names = {default: self.default_language, **self.languages}
        return {default: names[default], **{k: v for k, v in names.items() if k != default}}

    def summary(self) -> str:
        """One line for ``mopai form check``: id, version and size."""
        others = (f", {len(self.repeat_fields)} questions in other repeats "
                  f"({', '.join(self.repeats)})") if self.repeats else ""
        return (f"{self.form_id} {self.version}: {len(self.fields)} household questions, "
                f"{len(self.member_fields)} member questions{others}, "
                f"{len(self.choice_lists)} choice lists")

    def __repr__(self) -> str:
        return f"<Form {self.summary()}>"
