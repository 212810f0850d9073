"""The strict shape of a household record and of a revision, checked before anything else.

Every record that reaches the store passes here first, whoever made it: the editor's saves
and drafts, the command line, the generator, every revision of a data or return bundle
(drafts and deletions included) and the county's merges. A bundle is hostile input even when
its signature is valid, so nothing downstream (the merge, the projections, the validator,
the reports) ever sees a dict where a name should be, a list as 户编号, a 40 MB string, a
household of 10,000 members or JSON nested a thousand deep.

The check is structural and bounded, not the questionnaire's rules (``forms`` checks those):
each value must have the JSON type its question's type stores (docs/architecture.md, "The
household record"), texts and lists have maximum lengths, and the walk never recurses into
anything the format does not allow. A problem is returned as a sentence in Chinese and
English naming the field (and the member's position), never raised: the importer quarantines
the revision with it, the store refuses the save with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mopai import forms
from mopai.forms import timevalues
from mopai.forms.findings import CONFIRMATIONS, MAX_REASON

from . import paradata
from .errors import InputError, MopaiError
from .record import REPEATS

MAX_TEXT = 2000          # characters in one text answer (an address, a remark)
MAX_CHOICE = 64          # characters in a choice name
MAX_CHOICES = 64         # choices picked in one select_multiple
MAX_FIELDS = 300         # answers in one household or one member
MAX_MEMBERS = 60         # people in one household
MAX_INSTANCES = 200      # instances of one repeat other than the members, in one owner
MAX_ALL_INSTANCES = 2000  # instances of every other repeat in one household, together
MAX_REPEAT_DEPTH = 3     # repeats inside repeats (a member's jobs is depth 1)
MAX_ID = 64              # characters in a uuid, a device id, a form id, a user name
MAX_NUMBER = 10**12      # magnitude of an integer or decimal answer
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.]{5,20}(Z|[+-]\d{2}:\d{2})?\Z")
STATE_KEYS = frozenset({"uuid", "form_id", "form_version", "status", "fields", "members",
                        paradata.KEY, CONFIRMATIONS, REPEATS})
MEMBER_KEYS = frozenset({"uuid", "fields", CONFIRMATIONS, REPEATS})
INSTANCE_KEYS = MEMBER_KEYS
REVISION_KEYS = frozenset({"t", "revision_id", "record_uuid", "rev_no", "parent_id",
                           "merge_parent", "kind", "state", "device_id", "user", "created_at"})

# The JSON type each question type stores (forms.model.QType values).
_TEXTUAL = ("text", "id_number", "calculate", "note")
_SHORT_TEXT = {**dict.fromkeys(_TEXTUAL, MAX_TEXT), "select_one": MAX_CHOICE}
_TIMED = {"time": timevalues.parse_time, "dateTime": timevalues.parse_datetime,
          "start": timevalues.parse_datetime, "end": timevalues.parse_datetime}


@dataclass(frozen=True)
class FieldTypes:
    """Question name -> QType value, for the household, for members and for the instances of
    each other repeat (by the repeat's name; docs/decisions.md 48)."""

    household: Mapping[str, str]
    member: Mapping[str, str]
    repeats: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, form: Any) -> FieldTypes:
        return cls({n: q.type.value for n, q in form.fields.items()},
                   {n: q.type.value for n, q in form.member_fields.items()},
                   {name: {n: q.type.value for n, q in repeat.fields().items()}
                    for name, repeat in (getattr(form, "repeats", None) or {}).items()})


@lru_cache(maxsize=1)
def default_types() -> FieldTypes:
    return FieldTypes.of(forms.load_default_form())


class Problem(MopaiError):
    """One shape problem: where it is and what is wrong, in both languages. Internal: the
    callers turn it into a quarantine reason or the `InputError` the user sees."""

    code = "record_shape"

    def text(self) -> str:
        return f"{self.zh} / {self.en}"


def _where(member: int | None, name: str) -> tuple[str, str]:
    if member is None:
        return f"字段“{name}”", f"field {name!r}"
    return f"第 {member + 1} 位成员的字段“{name}”", f"member {member + 1}, field {name!r}"


def _bounded_text(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _number(value: Any, integer: bool) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_NUMBER <= value <= MAX_NUMBER
    if isinstance(value, float) and not integer:
        return math.isfinite(value) and abs(value) <= MAX_NUMBER
    return False


def _value_ok(qtype: str | None, value: Any) -> bool:
    """Whether `value` is a JSON value a question of type `qtype` may hold (None: unknown
    question, kept from another form version: any bounded scalar or list of short texts)."""
    if value is None:
        return True
    if qtype in _TEXTUAL:
        return _bounded_text(value, MAX_TEXT)
    if qtype == "integer":
        return _number(value, integer=True)
    if qtype == "decimal":
        return _number(value, integer=False)
    if qtype == "date":
        return isinstance(value, str) and bool(DATE.match(value))
    if qtype == "select_one":
        return _bounded_text(value, MAX_CHOICE)
    if qtype in _TIMED:                # ODK's text of a time or date-time (forms/timevalues)
        return isinstance(value, str) and _TIMED[qtype](value) is not None
    if qtype == "today":
        return isinstance(value, str) and bool(DATE.match(value))
    if qtype in ("deviceid", "username"):
        return _bounded_text(value, MAX_ID)
    if qtype == "select_multiple":
        return (isinstance(value, list) and len(value) <= MAX_CHOICES
                and all(_bounded_text(v, MAX_CHOICE) for v in value))
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    if isinstance(value, bool) or _number(value, integer=False):
        return True
    return (isinstance(value, list) and len(value) <= MAX_CHOICES
            and all(_bounded_text(v, MAX_CHOICE) for v in value))


_KIND_ZH = {"text": "文字", "id_number": "文字", "calculate": "文字", "note": "文字",
            "integer": "整数", "decimal": "数字", "date": "日期（年-月-日）",
            "select_one": "一个选项", "select_multiple": "选项列表", "time": "时间（时:分）",
            "dateTime": "日期时间", "start": "日期时间", "end": "日期时间",
            "today": "日期（年-月-日）", "deviceid": "设备编号", "username": "用户名"}


def _check_fields(fields: Any, types: Mapping[str, str], member: int | None) -> None:
    if not isinstance(fields, dict):
        where = "成员" if member is not None else "户"
        raise Problem(f"{where}的答案不是字段表", "the answers are not a mapping")
    if len(fields) > MAX_FIELDS:
        raise Problem(f"答案超过 {MAX_FIELDS} 项", f"more than {MAX_FIELDS} answers")
    for name, value in fields.items():
        qtype = types.get(name)
        if qtype is None and not (isinstance(name, str) and KEY.match(name)):
            raise Problem(f"字段名不合法（{str(name)[:40]!r}）", f"invalid field name {str(name)[:40]!r}")
        if value is None or (type(value) is str and qtype in _SHORT_TEXT  # the common case
                             and len(value) <= _SHORT_TEXT[qtype]):
            continue
        if not _value_ok(qtype, value):
            zh, en = _where(member, name)
            expected = _KIND_ZH.get(qtype or "", "文字或数字")
            raise Problem(f"{zh}的值类型或长度不对（应为{expected}）",
                          f"{en} has a value of the wrong type or size "
                          f"(expected {qtype or 'a short scalar'})")


def _check_confirmations(value: Any, member: int | None) -> None:
    """``confirmations``: {question name: the reason a warning on it is right}, each reason a
    text of 1 to MAX_REASON characters, at most one per answer."""
    if value is None:
        return
    where = "户" if member is None else f"第 {member + 1} 位成员"
    where_en = "household" if member is None else f"member {member + 1}"
    if not isinstance(value, dict) or len(value) > MAX_FIELDS:
        raise Problem(f"{where}的核实说明不是字段表或超过 {MAX_FIELDS} 项",
                      f"the {where_en}'s confirmations are not a mapping of at most "
                      f"{MAX_FIELDS} reasons")
    for name, reason in value.items():
        if not (isinstance(name, str) and KEY.match(name)):
            raise Problem(f"{where}的核实说明字段名不合法（{str(name)[:40]!r}）",
                          f"invalid field name {str(name)[:40]!r} in the {where_en}'s "
                          "confirmations")
        if not (isinstance(reason, str) and 0 < len(reason) <= MAX_REASON):
            raise Problem(f"{where}“{name}”的核实说明应为1至{MAX_REASON}个字的文字",
                          f"the {where_en}'s reason for {name!r} must be text of 1 to "
                          f"{MAX_REASON} characters")


def _object(value: Any, keys: frozenset[str], ids: tuple[str, ...], zh: str, en: str) -> None:
    """`value` is an object with no key outside `keys` and each of `ids` a short text."""
    if not isinstance(value, dict):
        raise Problem(f"{zh}不是一个对象", f"the {en} is not an object")
    extra = set(value) - keys
    if extra:
        name = sorted(map(str, extra))[0][:40]
        raise Problem(f"{zh}含有未知的项（{name}）", f"the {en} has an unknown key {name!r}")
    for key in ids:
        if not (_bounded_text(value.get(key), MAX_ID) and value.get(key)):
            raise Problem(f"{zh}的“{key}”缺失或不合法", f"the {en}'s {key!r} is missing or invalid")


def _check_repeats(value: Any, types: FieldTypes, where: tuple[str, str], depth: int,
                   count: list[int]) -> None:
    """``repeats`` of a household, member or instance: {repeat name: [instance, …]}, each
    instance of a member's shape with a uuid unique in its list; names, counts and depth
    bounded. ``where`` names the owner (zh, en) in the message; ``count`` the instances seen
    in the whole record."""
    if value is None:
        return
    zh, en = where
    if depth > MAX_REPEAT_DEPTH:
        raise Problem(f"{zh}的重复组嵌套超过 {MAX_REPEAT_DEPTH} 层",
                      f"{en}: repeats nested more than {MAX_REPEAT_DEPTH} deep")
    if not isinstance(value, dict) or len(value) > MAX_FIELDS:
        raise Problem(f"{zh}的重复组不是名称到列表的对应", f"{en}: repeats are not a mapping "
                      "of names to lists")
    for name, instances in value.items():
        if not (isinstance(name, str) and KEY.match(name)):
            raise Problem(f"{zh}的重复组名称不合法（{str(name)[:40]!r}）",
                          f"{en}: invalid repeat name {str(name)[:40]!r}")
        if not isinstance(instances, list) or len(instances) > MAX_INSTANCES:
            raise Problem(f"{zh}的重复组“{name}”不是列表或超过 {MAX_INSTANCES} 条",
                          f"{en}: repeat {name!r} is not a list of at most {MAX_INSTANCES}")
        count[0] += len(instances)
        if count[0] > MAX_ALL_INSTANCES:
            raise Problem(f"一户的重复组记录超过 {MAX_ALL_INSTANCES} 条",
                          f"more than {MAX_ALL_INSTANCES} repeat instances in one household")
        seen: set[str] = set()
        for i, instance in enumerate(instances):
            at = (f"{zh}的“{name}”第 {i + 1} 条", f"{en}, {name} {i + 1}")
            if not isinstance(instance, dict) or set(instance) - INSTANCE_KEYS:
                raise Problem(f"{at[0]}的结构不合法", f"{at[1]} is malformed")
            uuid = instance.get("uuid")
            if not (_bounded_text(uuid, MAX_ID) and uuid) or uuid in seen:
                raise Problem(f"{at[0]}的编号缺失或重复", f"{at[1]} has a missing or repeated uuid")
            seen.add(uuid)
            try:
                _check_fields(instance.get("fields"), types.repeats.get(name, {}), None)
                _check_confirmations(instance.get(CONFIRMATIONS), None)
            except Problem as exc:
                raise Problem(f"{at[0]}：{exc.zh}", f"{at[1]}: {exc.en}") from None
            _check_repeats(instance.get(REPEATS), types, at, depth + 1, count)


def check_state(state: Any, types: FieldTypes | None = None) -> None:
    """Raise `Problem` unless `state` is a household record of the documented shape."""
    types = types or default_types()
    _object(state, STATE_KEYS, ("uuid", "form_id", "form_version"), "记录", "record")
    if state.get("status") not in ("draft", "complete"):
        raise Problem("记录状态必须是草稿或完成", "status must be 'draft' or 'complete'")
    fields = state.get("fields")
    _check_fields(fields, types.household, None)
    _check_confirmations(state.get(CONFIRMATIONS), None)
    number = fields.get("household_no")
    if number is not None and not _bounded_text(number, MAX_CHOICE):
        raise Problem("户编号必须是不超过 64 个字符的文字", "户编号 must be text of at most 64 characters")
    code = fields.get("village_code")
    if code not in (None, "") and not (isinstance(code, str) and code.isdigit()
                                       and len(code) <= 12):
        raise Problem("行政村代码必须是数字", "the village code must be digits")
    if state.get(paradata.KEY) is not None:  # interview times (sync/paradata.py): bounded too
        found = paradata.problem(state[paradata.KEY])
        if found is not None:
            raise Problem(*found)
    members = state.get("members")
    if not isinstance(members, list):
        raise Problem("成员列表缺失或不合法", "the member list is missing or invalid")
    if len(members) > MAX_MEMBERS:
        raise Problem(f"一户超过 {MAX_MEMBERS} 人", f"more than {MAX_MEMBERS} members")
    count = [0]
    _check_repeats(state.get(REPEATS), types, ("户", "the household"), 1, count)
    seen: set[str] = set()
    for i, member in enumerate(members):
        if not isinstance(member, dict) or set(member) - MEMBER_KEYS:
            raise Problem(f"第 {i + 1} 位成员的结构不合法", f"member {i + 1} is malformed")
        uuid = member.get("uuid")
        if not (_bounded_text(uuid, MAX_ID) and uuid) or uuid in seen:
            raise Problem(f"第 {i + 1} 位成员的编号缺失或重复", f"member {i + 1} has a missing or "
                          "repeated uuid")
        seen.add(uuid)
        _check_fields(member.get("fields"), types.member, i)
        _check_confirmations(member.get(CONFIRMATIONS), i)
        _check_repeats(member.get(REPEATS), types, (f"第 {i + 1} 位成员", f"member {i + 1}"), 1,
                       count)


def check_revision(rev: Any, types: FieldTypes | None = None) -> None:
    """Raise `Problem` unless `rev` is a revision line of the documented shape."""
    _object(rev, REVISION_KEYS, ("revision_id", "record_uuid", "device_id", "user"),
            "修订", "revision")
    for key in ("parent_id", "merge_parent"):
        if rev.get(key) is not None and not (_bounded_text(rev[key], MAX_ID) and rev[key]):
            raise Problem(f"修订的“{key}”不合法", f"the revision's {key!r} is invalid")
    rev_no = rev.get("rev_no")
    if isinstance(rev_no, bool) or not isinstance(rev_no, int) or not 1 <= rev_no <= 10**9:
        raise Problem("修订序号不合法", "the revision number is invalid")
    if rev.get("kind") not in ("save", "delete"):
        raise Problem("修订类型必须是保存或删除", "the revision kind must be save or delete")
    created = rev.get("created_at")
    if not (isinstance(created, str) and TIMESTAMP.match(created)):
        raise Problem("修订时间不合法", "the revision time is invalid")
    check_state(rev.get("state"), types)
    if rev["state"]["uuid"] != rev["record_uuid"]:
        raise Problem("修订与记录编号不符", "the revision's record uuid differs from the record's")


def revision_problem(rev: Any, types: FieldTypes | None = None) -> str:
    """'' when `rev` has the documented shape, else the reason (both languages)."""
    try:
        check_revision(rev, types)
    except Problem as exc:
        return exc.text()
    return ""


def require_state(state: Any, types: FieldTypes | None = None) -> None:
    """For the store's own saves: the same check, as the error the user sees."""
    try:
        check_state(state, types)
    except Problem as exc:
        raise InputError(f"记录不合法：{exc.zh}", f"invalid record: {exc.en}") from None
