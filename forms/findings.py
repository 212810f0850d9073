"""What validation reports: one ``Finding`` per problem, with a stable code.

Codes are stable because counts by code go into the county's quality report and are compared
month to month and with the provincial checkers (whose codes, such as ``2_01_011``, we reuse).
An error blocks marking a household complete; a warning is shown, saved and counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one household: ``member_index`` is 0-based, None for the household."""

    code: str
    severity: Severity
    member_index: int | None
    member_uuid: str | None
    field: str | None
    message_zh: str
    message_en: str
    reason: str = ""  # a warning the cadre confirmed: why the answer is right (the record's
    #                   ``confirmations``; set by ``with_reasons``, never by validation)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "zh_CN") -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en

    def describe(self, lang: str = "zh_CN") -> str:
        """The message with where it applies, e.g. "第2位成员 relation：…"."""
        if lang.startswith("zh"):
            who = "户" if self.member_index is None else f"第{self.member_index + 1}位成员"
        else:
            who = "household" if self.member_index is None else f"member {self.member_index + 1}"
        # an instance of a repeat besides the members names itself: members[2]/jobs[1]/wage
        where = self.field if self.field and "[" in self.field else (
            f"{who} {self.field}" if self.field else who)
        return f"[{self.code}] {where}: {self.message(lang)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def shown(value: Any, convert: Callable[[Any], str] = str) -> str:
    """``convert(value)`` for a message, or ``<type>`` for a value that cannot be shown.

    Records come from files: a 5,000-digit number or a list nested 5,000 deep is valid JSON
    but cannot be turned into text (ValueError, RecursionError); the finding is still reported.
    """
    try:
        return convert(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__}>"


CONFIRMATIONS = "confirmations"  # {question name: reason}, in the household and each member
MAX_REASON = 200                  # characters of one reason (sync/schema.py bounds it)
UNCONFIRMABLE = frozenset({"not_relevant"})  # warnings about the record, not an answer


def confirmable(finding: Finding) -> bool:
    """A warning about an answer, which the cadre may confirm with a reason (an error must be
    corrected; ``not_relevant`` is about removing the answer, asked when saving)."""
    return (finding.severity == WARNING and finding.field is not None
            and finding.code not in UNCONFIRMABLE)


def confirmations_of(household: Mapping[str, Any], member: int | None) -> Mapping[str, Any]:
    """The reasons kept in the record for the household (None) or member ``member``."""
    owner: Any = household
    if member is not None:
        members = household.get("members")
        if not isinstance(members, list | tuple) or not 0 <= member < len(members):
            return {}
        owner = members[member]
    found = owner.get(CONFIRMATIONS) if isinstance(owner, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def with_reasons(findings: Iterable[Finding], household: Mapping[str, Any]) -> list[Finding]:
    """The findings with the record's reasons on the warnings they confirm (by member and
    question); errors and warnings without a reason are unchanged."""
    out = []
    for f in findings:
        reason = confirmations_of(household, f.member_index).get(f.field or "") \
            if confirmable(f) else None
        out.append(replace(f, reason=reason) if isinstance(reason, str) and reason.strip()
                   else f)
    return out


def unconfirmed(findings: Iterable[Finding]) -> list[Finding]:
    """The warnings that still want a reason before the household is saved as complete."""
    return [f for f in findings if confirmable(f) and not f.reason.strip()]


def place(finding: Finding, form: Any, household: Mapping[str, Any], lang: str = "zh_CN",
          form_lang: str | None = None) -> str:
    """Who and which question, for a person to read: "第2位成员 张三 · 证件号码" or
    "户 · 户编号" (labels from ``form``, in ``form_lang`` when the form is shown in another
    language than the app's words; the member's name from the record)."""
    zh = lang.startswith("zh")
    member = finding.member_index
    if member is None:
        who = "户" if zh else "household"
    else:
        members = household.get("members")
        record = members[member] if isinstance(members, list | tuple) and \
            0 <= member < len(members) else {}
        fields = record.get("fields") if isinstance(record, Mapping) else None
        name = fields.get("name") if isinstance(fields, Mapping) else None
        name = name.strip() if isinstance(name, str) else ""
        who = f"第{member + 1}位成员" if zh else f"member {member + 1}"
        if name:
            who += f" {name[:20]}"
    if not finding.field:
        return who
    if "[" in finding.field:
        return " · ".join([who, *_instance_place(finding.field, form, lang)])
    table = getattr(form, "member_fields" if member is not None else "fields", {}) or {}
    q = table.get(finding.field)
    label = q.label.get(form_lang or lang) if q is not None and q.label is not None \
        else finding.field
    return f"{who} · {label or finding.field}"


def _instance_place(path: str, form: Any, lang: str) -> list[str]:
    """``members[2]/jobs[1]/wage`` as a person reads it: ["工作 1", "月收入"] (the member is
    already named; labels from ``form``, the path's own words where it has none)."""
    members = getattr(getattr(form, "repeat", None), "name", None)
    repeats = getattr(form, "repeats", {}) or {}
    questions = getattr(form, "repeat_fields", {}) or {}
    parts: list[str] = []
    for step in path.split("/"):
        name, _, index = step.partition("[")
        if index:
            if name != members:
                repeat = repeats.get(name)
                parts.append(f"{(repeat.label.get(lang) if repeat else '') or name} "
                             f"{index.rstrip(']')}")
        else:
            q = questions.get(name)
            parts.append((q.label.get(lang) if q is not None else "") or name)
    return parts


def explain(finding: Finding, form: Any, household: Mapping[str, Any], lang: str = "zh_CN",
            *, form_lang: str | None = None, message: str | None = None) -> str:
    """The whole message: who, which question, what is wrong and what to do (the rule's
    message says that), and the reason when the cadre confirmed the warning. ``form_lang``:
    the language the form's labels are shown in; ``message``: the form's own message in it
    (its constraint_message …), instead of the finding's in ``lang``."""
    where, said = place(finding, form, household, lang, form_lang), message or finding.message(lang)
    text = f"{where}：{said}" if lang.startswith("zh") else f"{where}: {said}"
    if finding.reason:
        text += f"（说明：{finding.reason}）" if lang.startswith("zh") else \
            f" (reason: {finding.reason})"
    return text


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding blocks marking the household complete."""
    return any(f.is_error for f in findings)


def count_by_code(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
    """``(code, severity) -> count``, the shape of the quality report and ``mopai validate``."""
    return Counter((f.code, f.severity) for f in findings)
