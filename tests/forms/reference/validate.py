"""Validate one household against a form, clean it, and sort its fields into known and unknown.

The checks of a question come from the workbook: ``required`` (only when relevant), the type,
the ID number, the choice list, ``constraint`` (an error) and ``warning_constraint`` (a
warning). The Python rule registry (``rules.py``) adds what spans members. Answers to questions
that are not relevant are reported as ``not_relevant`` and removed by ``clean_household``.

Records outlive forms: a household saved under an older version of the form carries answers to
questions that have since been removed. Validation ignores them (they are not this form's
business) and ``clean_household`` keeps them unless asked; they stay in the record's history.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mopai.forms.findings import ERROR, WARNING, Finding, Severity, has_errors
from mopai.forms.model import Form, QType, Question
from mopai.forms.settings import CountySettings

from . import idnumber
from .expr_eval import is_empty, to_bool
from .rules import covered, run_rules
from .state import HouseholdState, coerce, evaluate_household

__all__ = ["Finding", "clean_household", "cross_household_findings", "has_errors",
           "split_fields", "unknown_answers", "validate_household"]

_TYPE_MESSAGES = {
    "invalid_integer": ("应为整数", "must be a whole number"),
    "invalid_decimal": ("应为数字", "must be a number"),
    "invalid_date": ("应为日期（年-月-日）", "must be a date (YYYY-MM-DD)"),
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


class _Checker:
    """Engine checks of one household; collects findings in workbook order."""

    def __init__(self, state: HouseholdState) -> None:
        self.state = state
        self.findings: list[Finding] = []

    def add(self, code: str, severity: Severity, member: int | None, field: str | None,
            zh: str, en: str) -> None:
        uuid = self.state.member_uuids[member] if member is not None else None
        self.findings.append(Finding(code, severity, member, uuid, field, zh, en))

    def questions(self, questions: Iterable[Question], member: int | None) -> None:
        state = self.state
        raw = state.raw if member is None else state.member_raw[member]
        for q in questions:
            if q.type is QType.NOTE or q.calculation is not None:
                continue  # derived values are checked by rules.py against stored ones
            answer = raw.get(q.name)
            if not state.is_relevant(q.name, member):
                if not is_empty(answer):
                    self.add("not_relevant", WARNING, member, q.name,
                             f"“{q.label.zh}”在此情况下不需填写，该答案将被清除",
                             f"{q.label.get('en')} is not asked in this case; the answer will "
                             "be removed")
                continue
            if is_empty(answer):
                if q.required or (q.required_if is not None
                                  and to_bool(q.required_if(state.context(member)))):
                    msg = q.required_message
                    self.add(q.required_code, ERROR, member, q.name,
                             msg.zh or f"请填写“{q.label.zh}”",
                             msg.en or f"{q.label.get('en')} is required")
                continue
            self.answer(q, answer, member)

    def answer(self, q: Question, answer: Any, member: int | None) -> None:
        value, problem = coerce(q, answer)
        label_zh, label_en = q.label.zh, q.label.get("en")
        if problem:
            zh, en = _TYPE_MESSAGES[problem]
            self.add(problem, ERROR, member, q.name, f"“{label_zh}”{zh}", f"{label_en} {en}")
            return
        if q.type is QType.ID_NUMBER:
            info = idnumber.inspect(value, self.state.today)
            if info.status is not idnumber.IdStatus.VALID:
                zh, en = _ID_MESSAGES[info.status]
                severity = WARNING if info.ok else ERROR
                self.add(info.status.value, severity, member, q.name, zh, en)
                if not info.ok:
                    return
        ctx = self.state.context(member, value)
        if q.choices is not None:
            wrong = [v for v in (value if isinstance(value, tuple) else (value,))
                     if not self.allowed(q, v, ctx)]
            if wrong:
                if q.choice_filter is not None and all(q.choices.get(v) for v in wrong):
                    # in the list, but the filter (choice_filter) leaves it out: an earlier
                    # answer changed since it was chosen, as ODK flags it
                    zh_names = "、".join(q.choices.label(v) for v in wrong)
                    en_names = ", ".join(repr(q.choices.label(v, "en")) for v in wrong)
                    self.add("invalid_choice", ERROR, member, q.name,
                             f"“{label_zh}”的选项“{zh_names}”与前面的回答不符，请重新选择",
                             f"{en_names} is not a choice of {label_en} given the earlier "
                             "answers; choose again")
                    return
                self.add("invalid_choice", ERROR, member, q.name,
                         f"“{label_zh}”的选项“{'、'.join(wrong)}”不在列表中",
                         f"{', '.join(map(repr, wrong))} is not a choice of {label_en}")
                return
        ctx.current = value
        if q.constraint is not None and not to_bool(q.constraint(ctx)):
            msg = q.constraint_message
            self.add(q.constraint_code, ERROR, member, q.name,
                     msg.zh or f"“{label_zh}”的答案不符合要求",
                     msg.en or f"the answer to {label_en} is not allowed")
        if q.warning is not None and not to_bool(q.warning(ctx)):
            msg = q.warning_message
            self.add(q.warning_code, WARNING, member, q.name,
                     msg.zh or f"“{label_zh}”的答案请核实",
                     msg.en or f"please check the answer to {label_en}")

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
            return to_bool(q.choice_filter(ctx))
        finally:
            ctx.choice = {}

    def record(self, form: Form, household: Mapping[str, Any]) -> None:
        form_id, version = household.get("form_id"), household.get("form_version")
        if form_id and form_id != form.form_id:
            self.add("form_mismatch", ERROR, None, None,
                     f"该户按问卷“{form_id}”填写，不是“{form.form_id}”",
                     f"the household was recorded with form {form_id!r}, not {form.form_id!r}")
        elif version and _version_key(str(version)) > _version_key(form.version):
            self.add("form_version_newer", WARNING, None, None,
                     f"该户按较新的问卷版本 {version} 填写，本机问卷为 {form.version}，请更新问卷",
                     f"recorded with the newer form version {version} (this is {form.version});"
                     " update the form")


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.split("."))


def validate_household(form: Form, household: Mapping[str, Any], *,
                       settings: CountySettings | None = None, today: dt.date | None = None,
                       state: HouseholdState | None = None) -> list[Finding]:
    """Every error and warning of one household (dict of docs/architecture.md).

    ``today`` fixes "now" (survey date checks, ages when no survey date); pass the state of
    ``evaluate_household`` to avoid evaluating twice.
    """
    state = state or evaluate_household(form, household, settings=settings, today=today)
    checker = _Checker(state)
    checker.record(form, household)
    checker.questions(form.household_questions(), None)
    members = form.member_questions()
    for i in range(len(state.members)):
        checker.questions(members, i)
    ruled = run_rules(state)
    skip = covered(ruled)
    engine = [f for f in checker.findings
              if not (f.code == "required" and (f.member_index, f.field) in skip)]
    return sorted(engine + ruled, key=lambda f: -1 if f.member_index is None else f.member_index)


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
    taken = list((household_nos or {}).get(str(number)) or ()) if number else []
    if taken and form.has("household_no"):
        findings.append(Finding(
            "dup_household_no", ERROR, None, None, "household_no",
            f"户编号 {number} 在本村已被使用：{'、'.join(taken)}",
            f"household number {number} is already used in this village: {', '.join(taken)}"))
    if not form.has("id_number", member=True):
        return findings
    for i, member in enumerate(household.get("members") or []):
        raw = (member.get("fields") or {}).get("id_number")
        if is_empty(raw):
            continue
        number = idnumber.normalize(str(raw))
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
                  drop_unknown: bool) -> None:
    for name in list(raw):
        q = questions.get(name)
        if q is None:
            if drop_unknown:
                del raw[name]
        elif not relevant.get(name, False) or not q.type.holds_answer:
            del raw[name]
        elif q.calculation is not None and coerce(q, raw[name])[0] == values.get(name):
            del raw[name]  # a stored copy of a derived value that agrees with it


def clean_household(form: Form, household: Mapping[str, Any], *,
                    settings: CountySettings | None = None, today: dt.date | None = None,
                    drop_unknown: bool = False) -> dict[str, Any]:
    """A copy without answers to questions that are not relevant (they are not live data).

    Also drops stored copies of derived values (sex, birth date, age) that agree with the ID
    number; one that disagrees is kept so that validation goes on reporting it. Answers the
    form does not know (removed questions) are kept unless ``drop_unknown``.
    """
    state = evaluate_household(form, household, settings=settings, today=today)
    result = copy.deepcopy(dict(household))
    result["fields"] = result.get("fields") or {}
    _clean_fields(form.fields, result["fields"], state.values, state.relevant, drop_unknown)
    for i, member in enumerate(result.get("members") or []):
        member["fields"] = member.get("fields") or {}
        _clean_fields(form.member_fields, member["fields"], state.members[i],
                      state.members_relevant[i], drop_unknown)
    return result
