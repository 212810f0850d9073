"""A ledger's mapping: which question each column fills, and which choice each spelling means.

Proposed from the headers (forms/ledger_terms.py), adjusted by the user, saved as JSON and
proposed again for the next file of the same shape (the same headers). The format
(docs/ledger-import.md)::

    {"mopai": "ledger-mapping", "version": 1,
     "headers": ["序号", "户编号", "户主", "身份证号", "性别", "是否在校生", …],
     "columns": [null, "household.household_no", "head_name", "member.id_number",
                 "member.sex", "member.is_student", …],
     "values": {"member.is_student": {"在读": "yes", "不详": null}}}

`columns[i]` is the target of the i-th column (null: not imported); `values` maps a spelling,
compared loosely (`ledger_terms.loose`), to a choice name, or to null for "leave unanswered".

Values are converted here too (`Converter`): ID numbers checked (forms/idnumber.py), numbers
and dates read from what Excel or a CSV holds, choices looked up.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mopai.forms import idnumber, ledger_terms
from mopai.forms.findings import MAX_REASON
from mopai.forms.model import Form, QType, Question

from .atomic import write_atomic
from .errors import InputError, MopaiError, Where
from .ledger_read import text_of

FORMAT = "ledger-mapping"
VERSION = 1


@dataclass
class Mapping:
    headers: list[str]
    columns: list[str | None]
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"mopai": FORMAT, "version": VERSION, "headers": self.headers,
                "columns": self.columns, "values": self.values}

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(self.to_json(), ensure_ascii=False, indent=1)
                     .encode("utf-8"))

    @classmethod
    def load(cls, path: Path, form: Form) -> Mapping:
        where = Where(file=str(path))
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"无法读取对应关系文件 {path}：{exc}",
                             f"cannot read the mapping {path}: {exc}", where=where) from None
        return cls.parse(data, form, where)

    @classmethod
    def parse(cls, data: Any, form: Form, where: Where | None = None) -> Mapping:
        def bad(zh: str, en: str) -> InputError:
            return InputError(f"对应关系文件不对：{zh}", f"bad mapping file: {en}", where=where)
        if not isinstance(data, dict) or data.get("mopai") != FORMAT:
            raise bad("不是 Mopai 的台账对应关系", "not a Mopai ledger mapping")
        if data.get("version") != VERSION:
            raise bad(f"版本 {data.get('version')!r} 不认识", f"unknown version {data.get('version')!r}")
        headers, columns = data.get("headers"), data.get("columns")
        if (not isinstance(headers, list) or not isinstance(columns, list)
                or len(headers) != len(columns) or not all(isinstance(h, str) for h in headers)):
            raise bad("headers 与 columns 应是等长的列表", "headers and columns must be lists "
                      "of the same length")
        known = set(ledger_terms.targets(form))
        for i, target in enumerate(columns):
            if target is not None and target not in known:
                raise bad(f"第 {i + 1} 列（{headers[i]}）对应的“{target}”不是问卷中的问题",
                          f"column {i + 1} ({headers[i]}) maps to {target!r}, not a question")
        values = data.get("values") or {}
        if not isinstance(values, dict) or not all(
                isinstance(v, dict) and all(c is None or isinstance(c, str) for c in v.values())
                for v in values.values()):
            raise bad("values 应是 {问题: {写法: 选项}}", "values must be {target: {text: choice}}")
        for target, spelled in values.items():
            q = ledger_terms.question(form, target)
            if q is None or q.choices is None:
                raise bad(f"“{target}”不是选择题", f"{target!r} is not a choice question")
            for text, choice in spelled.items():
                if choice is not None and choice not in q.choices:
                    raise bad(f"“{text}”对应的选项“{choice}”不在{q.label.get()}的选项中",
                              f"{text!r} maps to {choice!r}, not a choice of {target}")
        return cls(list(headers), list(columns),
                   {t: {ledger_terms.loose(k): c for k, c in v.items()} for t, v in values.items()})

    def same_shape(self, headers: list[str]) -> bool:
        return ledger_terms.signature(self.headers) == ledger_terms.signature(headers)


def propose(form: Form, headers: list[str], saved: list[Mapping] = ()) -> Mapping:  # type: ignore[assignment]
    """The mapping for a file with `headers`: a saved one of the same shape as it is; else
    each column by its header, a saved mapping's choice for a header it knew winning over the
    form's labels and synonyms. A target is given to one column only (the first)."""
    for m in saved:
        if m.same_shape(headers):
            return Mapping(list(headers), list(m.columns), dict(m.values))
    index = ledger_terms.header_index(form)
    remembered: dict[str, str | None] = {}
    values: dict[str, dict[str, str | None]] = {}
    for m in saved:
        for h, t in zip(m.headers, m.columns, strict=True):
            remembered.setdefault(ledger_terms.loose(h), t)
        for t, v in m.values.items():
            values.setdefault(t, {}).update(v)
    columns: list[str | None] = []
    taken: set[str] = set()
    for header in headers:
        key = ledger_terms.loose(header)
        target = remembered[key] if key in remembered else (
            ledger_terms.match_header(index, header) if header else None)
        if target is not None and target != ledger_terms.KNOWN and target in taken:
            target = None
        if target is not None:
            taken.add(target)
        columns.append(target)
    return Mapping(list(headers), columns, values)


# -- values ---------------------------------------------------------------------------------
class Bad(MopaiError):
    """A value that cannot be an answer: code, Chinese, English (a problem of its row in the
    preview, never raised to the user on its own)."""

    code = "ledger_value"

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code=code)


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_UNITS = re.compile(r"[元个月人岁,，\s]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")


class Converter:
    """Cell values to answers, for one form and mapping; the choice indexes built once."""

    def __init__(self, form: Form, mapping: Mapping) -> None:
        self.form = form
        self.mapping = mapping
        self._choices: dict[str, dict[str, str]] = {}
        self._labels: dict[bool, dict[str, str | None]] = {}

    def choice(self, target: str, q: Question, text: str) -> str | None:
        """The choice `text` means; None when the user said to leave it unanswered."""
        key = ledger_terms.loose(text)
        said = self.mapping.values.get(target, {})
        if key in said:
            return said[key]
        index = self._choices.get(target)
        if index is None:
            index = self._choices[target] = ledger_terms.choice_index(q)
        found = index.get(key) or index.get(ledger_terms.unbracketed(key))
        if found is None:
            raise Bad("unknown_choice", f"“{text}”不是“{q.label.get()}”的选项",
                      f"{text!r} is not a choice of {q.name}")
        return found

    def value(self, target: str, q: Question, raw: Any) -> Any:
        """The answer a cell holds (None: blank), or raises `Bad`."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        t = q.type
        if t == QType.ID_NUMBER:
            number = idnumber.normalize(text_of(raw))
            if not idnumber.inspect(number).ok:
                raise Bad("invalid_id", f"证件号码“{text_of(raw)}”无效（位数、出生日期或校验位不对）",
                          f"invalid ID number {text_of(raw)!r}")
            return number
        if t == QType.SELECT_ONE:
            return self.choice(target, q, text_of(raw))
        if t == QType.SELECT_MULTIPLE:
            text = text_of(raw)
            try:
                one = self.choice(target, q, text)
                return [one] if one is not None else None
            except Bad:
                pass
            picks = [self.choice(target, q, part) for part in ledger_terms.split_multiple(text)]
            picks = list(dict.fromkeys(p for p in picks if p is not None))
            return picks or None
        if t in (QType.INTEGER, QType.DECIMAL):
            return _number(raw, q, integer=t == QType.INTEGER)
        if t == QType.DATE:
            return _date(raw, q)
        return text_of(raw)


    def reasons(self, raw: Any) -> tuple[dict[str, str], dict[str, str]]:
        """The household's and the person's reasons in a 核实说明 cell, as `mopai ledger`
        writes it: "label：reason" parts joined by "；", the household's marked "户·". A part
        that does not start with a question's label continues the reason before it (a reason
        may hold a "；"); a cell that starts with no label raises `Bad`."""
        text = text_of(raw).strip() if raw is not None else ""
        household: dict[str, str] = {}
        person: dict[str, str] = {}
        last: tuple[dict[str, str], str] | None = None
        for part in text.split("；") if text else ():
            found = self._reason_of(part)
            if found is None:
                if last is None:
                    raise Bad("unknown_reason", f"核实说明“{_cut(part)}”不是“问题：说明”的写法，"
                              "或其中的问题不在问卷中",
                              f"the reason {_cut(part)!r} does not start with a question's label")
                said, name = last
                said[name] += "；" + part
                continue
            on_household, name, reason = found
            said = household if on_household else person
            if name in said:
                raise Bad("duplicate_reason", f"核实说明中“{_cut(part)}”的问题出现了两次",
                          f"two reasons for {name!r}")
            said[name] = reason
            last = (said, name)
        for said in (household, person):
            for name, reason in said.items():
                if not 0 < len(reason.strip()) <= MAX_REASON:
                    raise Bad("bad_reason", f"“{name}”的核实说明应为1至{MAX_REASON}个字",
                              f"the reason for {name!r} must be 1 to {MAX_REASON} characters")
                said[name] = reason.strip()
        return household, person

    def _reason_of(self, part: str) -> tuple[bool, str, str] | None:
        label, colon, reason = part.partition("：")
        if not colon:
            return None
        on_household = label.startswith(ledger_terms.HOUSEHOLD_REASON)
        if on_household:
            label = label[len(ledger_terms.HOUSEHOLD_REASON):]
        index = self._labels.get(on_household)
        if index is None:
            questions = self.form.fields if on_household else self.form.member_fields
            index = {}
            for q in questions.values():
                for text in {q.name, q.label.get("zh_CN") if q.label is not None else None}:
                    if text:  # a label two questions share names neither: None
                        key = ledger_terms.loose(text)
                        index[key] = None if index.get(key, q.name) != q.name else q.name
            self._labels[on_household] = index
        name = index.get(ledger_terms.loose(label))
        return (on_household, name, reason) if name else None


def _cut(text: str, most: int = 30) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _number(raw: Any, q: Question, *, integer: bool) -> int | float:
    if isinstance(raw, bool):
        raw = int(raw)
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = _UNITS.sub("", text_of(raw))
        if not _NUMBER.fullmatch(text):
            raise Bad("bad_number", f"“{text_of(raw)}”不是{q.label.get()}的数字",
                      f"{text_of(raw)!r} is not a number for {q.name}")
        number = float(text)
    if integer:
        if not number.is_integer():
            raise Bad("bad_number", f"{q.label.get()}应为整数，不是 {text_of(raw)}",
                      f"{q.name} must be a whole number, not {text_of(raw)!r}")
        return int(number)
    return number


def _date(raw: Any, q: Question) -> str:
    month_only = "month-year" in q.appearance
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        day = raw
    else:
        text = text_of(raw)
        m = _DATE.fullmatch(text) or _COMPACT.fullmatch(text)
        try:
            if m is None:
                raise ValueError(text)
            y, mo, d = m.group(1), m.group(2), m.group(3)
            if d is None and not month_only:
                raise ValueError(text)
            day = dt.date(int(y), int(mo), int(d or 1))
        except ValueError:
            raise Bad("bad_date", f"“{text}”不是{q.label.get()}的日期（应如 2024-03-05）",
                      f"{text!r} is not a date for {q.name} (YYYY-MM-DD)") from None
    if month_only:
        day = day.replace(day=1)
    return day.isoformat()
