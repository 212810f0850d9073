"""Validate one household against a form, clean it, and sort its fields into known and unknown.

The checks of a question come from the workbook: ``required`` (only when relevant), the type,
the ID number, the choice list, ``constraint`` (an error) and ``warning_constraint`` (a
warning). The Python rule registry (``rules.py``) adds what spans members. Answers to questions
that are not relevant are reported as ``not_relevant`` and removed by ``clean_household``;
answers whose relevance cannot be decided yet (``undecided.py``: unknown is not false) are
neither: they are kept until it can be. Likewise a constraint, warning or ``required``
condition that reads an unknown value reports nothing until it can be decided.

Records outlive forms: a household saved under an older version of the form carries answers to
questions that have since been removed. Validation ignores them (they are not this form's
business) and ``clean_household`` keeps them unless asked; they stay in the record's history.
"""

from __future__ import annotations

import copy
import datetime as dt
import weakref
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import idnumber
from .counts import count_text, wanted
from .expr_eval import is_empty
from .findings import ERROR, WARNING, Finding, Severity, has_errors, shown
from .model import Form, QType, Question, Repeat
from .output import fill_text
from .rules import covered, run_rules
from .settings import CountySettings
from .state import HouseholdState, Instance, coerce, evaluate_household
from .undecided import instance_path, undecidable, undecided_in
from .upgrade import version_key

__all__ = ["Finding", "RemovedAnswer", "allowed_choices", "answers_not_asked", "clean_household",
           "cross_household_findings", "has_errors", "instance_choices", "split_fields",
           "unknown_answers", "validate_household"]

_TYPE_MESSAGES = {
    "invalid_integer": ("应为整数", "must be a whole number"),
    "invalid_decimal": ("应为数字", "must be a number"),
    "invalid_date": ("应为日期（年-月-日）", "must be a date (YYYY-MM-DD)"),
    "invalid_time": ("应为时间（时:分）", "must be a time (HH:MM)"),
    "invalid_datetime": ("应为日期时间（年-月-日 时:分）",
                         "must be a date and time (YYYY-MM-DD HH:MM)"),
    "invalid_text": ("应为文字", "must be text"),
    "invalid_choice": ("的选项不在列表中", "is not one of the choices"),
}
_ID_MESSAGES = {
    idnumber.IdStatus.FORMAT: ("证件号码应为18位（旧证15位）数字，最后一位可以是X",
                               "an ID number has 18 characters (old ones 15), digits and a final X"),
    idnumber.IdStatus.CHECKSUM: ("证件号码校验位不对，请逐位核对", "the ID number's check character "
                                 "does not match; check each digit"),
    idnumber.IdStatus.BIRTH_DATE: ("证件号码中的出生日期不存在", "the birth date in the ID number "
                                   "is impossible"),
    idnumber.IdStatus.OLD_15: ("这是15位旧证件号码，请尽量换成18位号码", "an old 15-digit ID "
                               "number; please record the 18-digit one"),
}


# One question's engine checks: its name, the question, for a choice question without
# choice_filter its choice names, whether a well-typed answer may still fail (an ID number,
# choices, a constraint or warning), whether a missing answer may be required, and whether a
# choice in the list is all it needs.
_Check = tuple[str, Question, Container[str] | None, bool, bool, bool]
_CHECKS: weakref.WeakKeyDictionary[Form, tuple[tuple[_Check, ...], tuple[_Check, ...]]] = \
    weakref.WeakKeyDictionary()


def _checks(form: Form) -> tuple[tuple[_Check, ...], tuple[_Check, ...]]:
    """The questions that hold an answer, household and member, in workbook order (cached:
    validating a household then only walks these tuples)."""
    found = _CHECKS.get(form)
    if found is None:
        found = _CHECKS[form] = (_level(form.household_questions()),
                                 _level(form.member_questions()))
    return found


def _level(questions: Iterable[Question]) -> tuple[_Check, ...]:
    return tuple(
        (q.name, q,
         frozenset(q.choices.names())
         if q.choices is not None and q.choice_filter is None else None,
         q.type is QType.ID_NUMBER or q.choices is not None or q.constraint is not None
         or q.warning is not None, q.required or q.required_if is not None,
         q.type is QType.SELECT_ONE and q.choice_filter is None and q.constraint is None
         and q.warning is None)
        for q in questions if q.type is not QType.NOTE and q.calculation is None)


class _Checker:
    """Engine checks of one household; collects findings in workbook order."""

    def __init__(self, state: HouseholdState) -> None:
        self.state = state
        self.findings: list[Finding] = []
        # the instance of a repeat besides the members being checked (decision 59): its
        # findings name it by path, ``members[2]/jobs[1]/wage``, under its member if any
        self.at: Instance | None = None

    def add(self, code: str, severity: Severity, member: int | None, field: str | None,
            zh: str, en: str) -> None:
        if self.at is not None:
            member, field = self.where(field)
        uuid = self.state.member_uuids[member] if member is not None else None
        self.findings.append(Finding(code, severity, member, uuid, field, zh, en))

    def where(self, field: str | None) -> tuple[int | None, str]:
        assert self.at is not None
        path = self.at.ctx.path[1:]
        steps = [f"{i.level[-1]}[{i.position}]" for i in path]
        members = self.state.form.repeat
        member = path[0].position - 1 if members is not None and \
            path[0].level == (members.name,) else None
        return member, "/".join([*steps, field] if field else steps)

    def context(self, member: int | None, current: Any = None) -> Any:
        if self.at is None:
            return self.state.context(member, current)
        self.at.ctx.current = current
        return self.at.ctx

    def undecidable(self, expr: Any, member: int | None, value: Any = None) -> bool:
        # what cannot be decided yet (undecided.py), in the household, a member or an
        # instance of another repeat
        return undecidable(self.state, expr, member, value, instance=self.at)

    def instance(self, checks: Iterable[_Check], at: Instance) -> None:
        """The checks of one instance of a repeat besides the members."""
        self.at = at
        try:
            self.questions(checks, None, at)
        finally:
            self.at = None

    def questions(self, checks: Iterable[_Check], member: int | None,
                  at: Instance | None = None) -> None:
        state = self.state
        if at is not None:
            raw, values, relevant = at.raw, at.values, at.relevant
        elif member is None:
            raw, values, relevant = state.raw, state.values, state.relevant
        else:
            raw, values = state.member_raw[member], state.members[member]
            relevant = state.members_relevant[member]
        for name, q, names, checked, may_require, choice_only in checks:
            answer = raw.get(name)
            if answer is None:
                if may_require and relevant.get(name, False):
                    self.missing(q, member)
                continue
            if type(answer) is str:
                empty = answer == ""
            else:
                empty = is_empty(answer)
            if not relevant.get(name, False):
                kept = undecided_in(state)
                if not empty and not (name in kept.in_instance(instance_path(at))
                                      if at is not None else kept.is_undecided(name, member)):
                    self.add("not_relevant", WARNING, member, name,
                             f"“{q.label.zh}”在此情况下不需填写，该答案将被清除",
                             f"{q.label.get('en')} is not asked in this case; the answer will "
                             "be removed")
                continue
            if empty:
                if may_require:
                    self.missing(q, member)
                continue
            value = values.get(name)  # evaluate_household's coerce(q, answer)[0]
            if value is None:
                self.answer(q, answer, member, *coerce(q, answer), names)
            elif checked and not (choice_only and value in names):  # type: ignore[operator]
                self.answer(q, answer, member, value, None, names)

    def missing(self, q: Question, member: int | None) -> None:
        """A relevant question without an answer: report it if it is required."""
        if q.required or (q.required_if is not None
                          and q.required_if.test(self.context(member))
                          and not self.undecidable(q.required_if, member)):
            msg = q.required_message
            self.add(q.required_code, ERROR, member, q.name,
                     self.fill(msg.zh, member, "zh_CN") or f"请填写“{q.label.zh}”",
                     self.fill(msg.en, member, "en") or f"{q.label.get('en')} is required")

    def answer(self, q: Question, answer: Any, member: int | None, value: Any,
               problem: str | None, names: Container[str] | None) -> None:
        """Checks of one relevant answer; ``value, problem`` are ``coerce(q, answer)``."""
        if problem:
            zh, en = _TYPE_MESSAGES[problem]
            self.add(problem, ERROR, member, q.name, f"“{q.label.zh}”{zh}",
                     f"{q.label.get('en')} {en}")
            return
        if q.type is QType.ID_NUMBER:
            info = idnumber.inspect(value, self.state.today)
            if info.status is not idnumber.IdStatus.VALID:
                zh, en = _ID_MESSAGES[info.status]
                severity = WARNING if info.ok else ERROR
                self.add(info.status.value, severity, member, q.name, zh, en)
                if not info.ok:
                    return
        ctx = self.context(member, value)
        if q.choices is not None:
            if names is not None:
                if type(value) is str:
                    wrong = [] if value in names else [value]
                else:
                    wrong = [v for v in value if v not in names]
            else:
                given = value if isinstance(value, tuple) else (value,)
                wrong = [v for v in given if not self.allowed(q, v, ctx)]
            if wrong:
                if q.choice_filter is not None and all(q.choices.get(v) for v in wrong):
                    # in the list, but the filter (choice_filter) leaves it out: an earlier
                    # answer changed since it was chosen, as ODK flags it
                    zh_names = "、".join(q.choices.label(v) for v in wrong)
                    en_names = ", ".join(repr(q.choices.label(v, "en")) for v in wrong)
                    self.add("invalid_choice", ERROR, member, q.name,
                             f"“{q.label.zh}”的选项“{zh_names}”与前面的回答不符，请重新选择",
                             f"{en_names} is not a choice of {q.label.get('en')} given the earlier "
                             "answers; choose again")
                    return
                self.add("invalid_choice", ERROR, member, q.name,
                         f"“{q.label.zh}”的选项“{'、'.join(wrong)}”不在列表中",
                         f"{', '.join(map(repr, wrong))} is not a choice of {q.label.get('en')}")
                return
        if q.constraint is not None and not q.constraint.test(ctx) \
                and not self.undecidable(q.constraint, member, value):
            msg = q.constraint_message
            self.add(q.constraint_code, ERROR, member, q.name,
                     self.fill(msg.zh, member, "zh_CN") or f"“{q.label.zh}”的答案不符合要求",
                     self.fill(msg.en, member, "en")
                     or f"the answer to {q.label.get('en')} is not allowed")
        if q.warning is not None and not q.warning.test(ctx) \
                and not self.undecidable(q.warning, member, value):
            msg = q.warning_message
            self.add(q.warning_code, WARNING, member, q.name,
                     self.fill(msg.zh, member, "zh_CN") or f"“{q.label.zh}”的答案请核实",
                     self.fill(msg.en, member, "en")
                     or f"please check the answer to {q.label.get('en')}")

    def fill(self, text: str, member: int | None, lang: str) -> str:
        """A message with its ``${name}`` filled with the current answers (forms/output.py)."""
        return fill_text(text, self.state, member, lang, instance=self.at) \
            if "${" in text else text

    def repeat_count(self, repeat: Repeat, owner: Instance | None = None) -> None:
        """``repeat_count``: the household has as many members as it says (none when the
        repeat is not relevant); nothing while the count is unanswered or cannot be read
        (``counts.wanted``). For a repeat besides the members, ``owner`` holds its instances
        (the household or an instance), and the finding names the owner's path."""
        want = wanted(self.state, repeat, owner)
        if want is None:
            return
        have = len(self.state.members) if owner is None else len(
            owner.repeats.get(repeat.name, ()))
        if owner is not None and owner.level:
            self.at = owner
        try:
            self.count_finding(repeat, want, have, owner is not None)
        finally:
            self.at = None

    def count_finding(self, repeat: Repeat, want: int, have: int, extra: bool) -> None:
        if want != have:
            name = repeat.label.zh or repeat.name
            form = self.state.form
            self.add("repeat_count", ERROR, None, repeat.name if extra else None,
                     f"“{name}”应有 {want} 条（repeat_count：{count_text(form, repeat, 'zh_CN')}），"
                     f"现有 {have} 条",
                     f"{repeat.label.get('en') or repeat.name} should have {want} entries "
                     f"(repeat_count: {count_text(form, repeat, 'en')}); there are {have}")

    @staticmethod
    def allowed(q: Question, value: str, ctx: Any) -> bool:
        assert q.choices is not None
        choice = q.choices.get(value)
        if choice is None:
            return False
        if q.choice_filter is None:
            return True
        ctx.choice = {**choice.extra, "name": choice.name}
        try:
            return q.choice_filter.test(ctx)
        finally:
            ctx.choice = {}

    def record(self, form: Form, household: Mapping[str, Any]) -> None:
        form_id, version = household.get("form_id"), household.get("form_version")
        if form_id and form_id != form.form_id:
            self.add("form_mismatch", ERROR, None, None,
                     f"该户按问卷“{shown(form_id)}”填写，不是“{form.form_id}”",
                     f"the household was recorded with form {shown(form_id, repr)}, "
                     f"not {form.form_id!r}")
        elif version and version_key(shown(version)) > _form_version_key(form.version):
            self.add("form_version_newer", WARNING, None, None,
                     f"该户按较新的问卷版本 {shown(version)} 填写，本机问卷为 {form.version}，请更新问卷",
                     f"recorded with the newer form version {shown(version)} "
                     f"(this is {form.version}); update the form")


def allowed_choices(state: HouseholdState, q: Question, member: int | None = None
                    ) -> tuple[str, ...]:
    """The choices of ``q`` its ``choice_filter`` leaves, given the household's answers (the
    list the GUI offers: a cascading select); every choice when it has no filter."""
    if q.choices is None:
        return ()
    if q.choice_filter is None:
        return tuple(q.choices.names())
    # current() in the filter is the select itself: its answer, as validation reads it
    answer = state.value(q.name, member)
    ctx = state.context(member, answer if answer is not None
                        else state.raw_value(q.name, member))
    return tuple(c.name for c in q.choices.choices if _Checker.allowed(q, c.name, ctx))


def instance_choices(q: Question, instance: Instance) -> frozenset[str]:
    """The choices of ``q`` its ``choice_filter`` leaves in one instance of a repeat besides
    the members (the editor's list there)."""
    if q.choices is None:
        return frozenset()
    answer = instance.values.get(q.name)
    instance.ctx.current = answer if answer is not None else instance.raw.get(q.name)
    return frozenset(c.name for c in q.choices.choices
                     if _Checker.allowed(q, c.name, instance.ctx))


def _shape_problem(household: Mapping[str, Any]) -> Finding | None:
    """An error when the record lacks the shape of docs/architecture.md (a mapping of answers
    under ``fields``, a list of members each with such a mapping), so nothing can be checked."""
    fields, members = household.get("fields"), household.get("members")
    problem = None
    if fields and not isinstance(fields, Mapping):
        problem = ("“fields”不是字段表", "“fields” is not a mapping of answers")
    elif members and not isinstance(members, list | tuple):
        problem = ("“members”不是成员列表", "“members” is not a list of members")
    else:
        for i, m in enumerate(members or ()):
            if not isinstance(m, Mapping) or (
                    m.get("fields") and not isinstance(m.get("fields"), Mapping)):
                problem = (f"第{i + 1}位成员的记录格式不对",
                           f"member {i + 1} is not a mapping with its answers under “fields”")
                break
    if problem is None:
        return None
    return Finding("record_shape", ERROR, None, None, None,
                   f"该户记录格式不对：{problem[0]}，无法检查",
                   f"the household record is malformed: {problem[1]}; it cannot be checked")


@lru_cache(maxsize=16)
def _form_version_key(version: str) -> tuple[tuple[int, str], ...]:
    return version_key(version)


def validate_household(form: Form, household: Mapping[str, Any], *,
                       settings: CountySettings | None = None, today: dt.date | None = None,
                       state: HouseholdState | None = None) -> list[Finding]:
    """Every error and warning of one household (dict of docs/architecture.md).

    ``today`` fixes "now" (survey date checks, ages when no survey date); pass the state of
    ``evaluate_household`` for this household to avoid evaluating twice (the checks read its
    typed values).
    """
    if state is None:
        malformed = _shape_problem(household)
        if malformed is not None:
            return [malformed]
        state = evaluate_household(form, household, settings=settings, today=today)
    checker = _Checker(state)
    checker.record(form, household)
    household_checks, member_checks = _checks(form)
    checker.questions(household_checks, None)
    for i in range(len(state.members)):
        checker.questions(member_checks, i)
    if form.repeat is not None and form.repeat.count is not None:
        checker.repeat_count(form.repeat)
    if state.root is not None:
        _check_instances(form, checker, state.root)
    ruled = run_rules(state)
    skip = covered(ruled)
    engine = [f for f in checker.findings
              if not (f.code == "required" and (f.member_index, f.field) in skip)]
    return sorted(engine + ruled, key=lambda f: -1 if f.member_index is None else f.member_index)


def _check_instances(form: Form, checker: _Checker, owner: Instance) -> None:
    """Each repeat besides the members under ``owner``: its count, then each instance's
    answers and, depth first, the repeats inside it (workbook order)."""
    for name, instances in owner.repeats.items():
        repeat = form.repeats.get(name)
        if repeat is not None:
            if repeat.count is not None:
                checker.repeat_count(repeat, owner)
            checks = _instance_checks(form, name)
        for instance in instances:
            if repeat is not None:
                checker.instance(checks, instance)
            _check_instances(form, checker, instance)


def _instance_checks(form: Form, repeat: str) -> tuple[_Check, ...]:
    found = _INSTANCE_CHECKS.setdefault(form, {})
    if repeat not in found:
        found[repeat] = _level(form.repeats[repeat].fields().values())
    return found[repeat]


_INSTANCE_CHECKS: weakref.WeakKeyDictionary[Form, dict[str, tuple[_Check, ...]]] = \
    weakref.WeakKeyDictionary()


def cross_household_findings(form: Form, household: Mapping[str, Any],
                             others: Mapping[str, Sequence[str]], *,
                             household_nos: Mapping[str, Sequence[str]] | None = None
                             ) -> list[Finding]:
    """Findings that need the rest of the store, which the store supplies as mappings.

    ``others`` maps a normalised ID number to labels of the *other* households holding it
    (e.g. "110105001001-0012"): a warning per member found there. ``household_nos`` maps a
    户编号 to labels of other households of the same village using it: an error, since the
    number must be unique within the village.
    """
    findings = []
    number = (household.get("fields") or {}).get("household_no")
    taken = list((household_nos or {}).get(shown(number)) or ()) if number else []
    if taken and form.has("household_no"):
        findings.append(Finding(
            "dup_household_no", ERROR, None, None, "household_no",
            f"户编号 {shown(number)} 在本村已被使用：{'、'.join(taken)}",
            f"household number {shown(number)} is already used in this village: "
            f"{', '.join(taken)}"))
    if not form.has("id_number", member=True):
        return findings
    for i, member in enumerate(household.get("members") or []):
        raw = (member.get("fields") or {}).get("id_number")
        if is_empty(raw):
            continue
        number = idnumber.normalize(shown(raw))
        labels = list(others.get(number) or ())
        if labels:
            where = "、".join(labels)
            findings.append(Finding(
                "dup_id_other_household", WARNING, i, member.get("uuid"), "id_number",
                f"证件号码 {number} 也登记在其他户：{where}",
                f"ID number {number} is also recorded in another household: {', '.join(labels)}"))
    return findings


def split_fields(form: Form, fields: Mapping[str, Any], *, member: bool = False
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(known, unknown)``: answers to questions of this form, and all others."""
    questions = form.member_fields if member else form.fields
    known = {k: v for k, v in fields.items() if k in questions}
    return known, {k: v for k, v in fields.items() if k not in questions}


def unknown_answers(form: Form, household: Mapping[str, Any]) -> dict[str, Any]:
    """Answers the form does not know, by path (``fields.x``, ``members.<uuid>.fields.x``)."""
    found = {f"fields.{k}": v
             for k, v in split_fields(form, household.get("fields") or {})[1].items()}
    for m in household.get("members") or []:
        unknown = split_fields(form, m.get("fields") or {}, member=True)[1]
        found.update({f"members.{m.get('uuid')}.fields.{k}": v for k, v in unknown.items()})
    return found


def _clean_fields(questions: Mapping[str, Question], raw: dict[str, Any],
                  values: Mapping[str, Any], relevant: Mapping[str, bool],
                  kept: Container[str], drop_unknown: bool) -> None:
    for name in list(raw):
        q = questions.get(name)
        if q is None:
            if drop_unknown:
                del raw[name]
        elif not q.type.holds_answer and not q.keeps_value:
            del raw[name]
        elif not relevant.get(name, False):
            if name not in kept:
                del raw[name]
        elif q.calculation is not None and coerce(q, raw[name])[0] == values.get(name):
            del raw[name]  # a stored copy of a derived value that agrees with it


def clean_household(form: Form, household: Mapping[str, Any], *,
                    settings: CountySettings | None = None, today: dt.date | None = None,
                    drop_unknown: bool = False) -> dict[str, Any]:
    """A copy without answers to questions that are not relevant (they are not live data).

    Answers to questions whose relevance cannot be decided yet (an ID number with a wrong
    check digit leaves the age unknown) are kept: unknown is not false (``undecided.py``).
    Only a save as complete cleans, and the editor asks first (``answers_not_asked``).

    Also drops stored copies of derived values (sex, birth date, age) that agree with the ID
    number; one that disagrees is kept so that validation goes on reporting it. Answers the
    form does not know (removed questions) are kept unless ``drop_unknown``.
    """
    state = evaluate_household(form, household, settings=settings, today=today)
    kept = undecided_in(state)
    result = copy.deepcopy(dict(household))
    result["fields"] = result.get("fields") or {}
    _clean_fields(form.fields, result["fields"], state.values, state.relevant, kept.of(None),
                  drop_unknown)
    for i, member in enumerate(result.get("members") or []):
        member["fields"] = member.get("fields") or {}
        _clean_fields(form.member_fields, member["fields"], state.members[i],
                      state.members_relevant[i], kept.of(i), drop_unknown)
    if state.root is not None:
        for record, instance in _instance_records(form, result, state.root):
            record["fields"] = record.get("fields") or {}
            _clean_fields(form.repeat_fields, record["fields"], instance.values,
                          instance.relevant, kept.in_instance(instance_path(instance)),
                          drop_unknown)
    return result


def _instance_records(form: Form, record: Mapping[str, Any], owner: Instance
                      ) -> Iterable[tuple[dict[str, Any], Instance]]:
    """Each instance of a repeat besides the members under ``owner`` with its record (the
    record's ``repeats`` and the evaluated tree are built from the same lists)."""
    for name, instances in owner.repeats.items():
        if name == (form.repeat.name if form.repeat else None):
            for member, evaluated in zip(record.get("members") or [], instances, strict=False):
                yield from _instance_records(form, member, evaluated)
            continue
        stored = (record.get("repeats") or {}).get(name) or []
        for item, evaluated in zip(stored, instances, strict=False):
            if name in form.repeats:
                yield item, evaluated
            yield from _instance_records(form, item, evaluated)


@dataclass(frozen=True)
class RemovedAnswer:
    """An answer ``clean_household`` removes because its question is not asked any more."""

    member_index: int | None       # 0-based; None for the household
    member_uuid: str | None
    field: str
    value: Any


def answers_not_asked(form: Form, household: Mapping[str, Any], *,
                      settings: CountySettings | None = None, today: dt.date | None = None,
                      state: HouseholdState | None = None) -> list[RemovedAnswer]:
    """The answers a save as complete would remove (``clean_household``): answers to
    questions that are decidedly not asked, in workbook order, household first. Derived
    copies and answers the form does not know are not listed (they are not removed as
    answers). The editor lists them and asks before saving (docs/forms.md)."""
    if state is None:
        state = evaluate_household(form, household, settings=settings, today=today)
    kept = undecided_in(state)
    household_checks, member_checks = _checks(form)
    found: list[RemovedAnswer] = []
    levels: list[tuple[int | None, dict[str, Any], Mapping[str, bool],
                       tuple[_Check, ...]]] = [(None, state.raw, state.relevant,
                                                household_checks)]
    levels += [(i, state.member_raw[i], state.members_relevant[i], member_checks)
               for i in range(len(state.members))]
    for member, raw, relevant, checks in levels:
        for name, *_rest in checks:
            answer = raw.get(name)
            if answer is None or is_empty(answer) or relevant.get(name, False):
                continue
            if kept.is_undecided(name, member):
                continue
            uuid = state.member_uuids[member] if member is not None else None
            found.append(RemovedAnswer(member, uuid, name, answer))
    if state.root is not None:       # an instance's: named by its path (members[2]/jobs[1]/x)
        checker = _Checker(state)
        for record, instance in _instance_records(form, state.household, state.root):
            checker.at = instance
            for name, *_rest in _instance_checks(form, instance.level[-1]):
                answer = (record.get("fields") or {}).get(name)
                if answer is None or is_empty(answer) or instance.relevant.get(name, False):
                    continue
                if name in kept.in_instance(instance_path(instance)):
                    continue
                member, path = checker.where(name)
                uuid = state.member_uuids[member] if member is not None else None
                found.append(RemovedAnswer(member, uuid, path, answer))
    return found
