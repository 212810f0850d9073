"""The desktop's one doorway to ``forms``: evaluate, clean, label, read findings.

``forms`` is built alongside the desktop; this adapter keeps every call into it in one place
so that the widgets depend on a small, stable surface: ``evaluate`` (relevance and computed
values, for showing and hiding questions) and ``finding_*`` accessors that tolerate small API
differences. Which form is in use, and the one validator, belong to the store
(``sync.formbook``; the widgets read them from ``StoreClient.catalog``). Qt-free.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mopai import forms
from mopai.forms import timevalues
from mopai.forms.model import Form, QType, Question
from mopai.forms.output import fill_text, unfilled
from mopai.forms.settings import DEFAULT_SETTINGS
from mopai.forms.state import evaluate_household
from mopai.forms.validate import allowed_choices as forms_allowed
from mopai.forms.validate import cross_household_findings

__all__ = ["DEFAULT_SETTINGS", "Form", "QType", "Question", "evaluate", "finding_member", "finding_field",
           "finding_message", "is_error"]


def evaluate(form: Form, state: dict[str, Any], today: dt.date | None = None, *,
             settings: Any = None, display_language: str = "") -> Any:
    """The ``forms.state.HouseholdState`` of a record: values, relevance, derived values,
    under the county's ``settings`` (``sync.county_settings.load(store)``; the documented
    defaults when None); ``display_language``: the questionnaire language the editor shows
    (jr:choice-name follows it), '' for the form's default."""
    return evaluate_household(form, state, settings=settings, today=today,
                              display_language=display_language)


def cross_findings(form: Form, state: dict[str, Any], owners: dict[str, list[str]]
                   ) -> list[Any]:
    """Warnings that need the rest of the store (the same ID number in another household),
    from the mapping the store supplied (``StoreClient.id_owners``)."""
    return list(cross_household_findings(form, state, owners)) if owners else []


def allowed_choices(form: Form, hs: Any, member: int | None = None) -> dict[str, frozenset[str]]:
    """For each question of the household (or of member ``member``) with a ``choice_filter``,
    the choices it leaves given the answers: the list a cascading select offers now."""
    questions = form.member_questions() if member is not None else form.household_questions()
    return {q.name: frozenset(forms_allowed(hs, q, member)) for q in questions
            if q.choice_filter is not None}


def stamp_metadata(form: Form, fields: dict[str, Any], *, at: float, user: str, device_id: str,
                   ending: bool, zone_name: str = timevalues.DEFAULT_ZONE) -> dict[str, Any]:
    """Fill the form's metadata rows in a household's ``fields`` as ODK does: ``start``,
    ``today``, ``deviceid`` and ``username`` once (when the household is first opened under a
    form that has them), ``end`` at every save (``ending``). Times and the day are the
    county's, in its ``time_zone`` (``zone_name``; forms/timevalues.py), whatever zone the
    laptop is set to. Returns what was set."""
    moment = dt.datetime.fromtimestamp(at, dt.UTC)
    now = timevalues.now_text(zone_name, at=moment)
    once = {QType.START: now, QType.TODAY: now[:10], QType.DEVICEID: device_id,
            QType.USERNAME: user}
    stamped: dict[str, Any] = {}
    for q in form.household_questions():
        if q.type is QType.END and ending:
            stamped[q.name] = now
        elif q.type in once and fields.get(q.name) in (None, "") and once[q.type]:
            stamped[q.name] = once[q.type]
    fields.update(stamped)
    return stamped


def metadata_lines(form: Form, fields: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, value) of the household's metadata, for the county's view of the interview."""
    found = []
    for q in form.household_questions():
        value = fields.get(q.name)
        if q.type.is_metadata and value not in (None, ""):
            shown = str(value)
            when = timevalues.parse_datetime(shown)
            if when is not None:
                shown = when.strftime("%Y-%m-%d %H:%M:%S")
            found.append((label(q, lang) or q.name, shown))
    return found


def member_id_numbers(state: dict[str, Any]) -> list[str]:
    return sorted({str(m["fields"]["id_number"]).strip() for m in state.get("members", [])
                   if str(m.get("fields", {}).get("id_number") or "").strip()})


def is_error(finding: Any) -> bool:
    return str(getattr(finding, "severity", "error")).lower().endswith("error")


def finding_member(finding: Any) -> int | None:
    """0-based member index of a finding about a member, else None."""
    for attr in ("member", "member_index", "index"):
        value = getattr(finding, attr, None)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def finding_field(finding: Any) -> str | None:
    for attr in ("field", "name", "question"):
        value = getattr(finding, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def finding_message(finding: Any, lang: str) -> str:
    zh = getattr(finding, "message_zh", "") or ""
    en = getattr(finding, "message_en", "") or ""
    return (zh or en) if lang.startswith("zh") else (en or zh)


def form_message(form: Form, finding: Any, lang: str, hs: Any) -> str | None:
    """The form's own message of a finding (``constraint_message``, ``required_message``,
    ``warning_message``) as written in the questionnaire language ``lang``, its ``${name}``
    filled; None when the form gives none in that language (the finding's own message, in
    the app's language, is shown then)."""
    field, member = finding_field(finding), finding_member(finding)
    q = question(form, field, member=member is not None) if field else None
    if not isinstance(q, Question) or hs is None:
        return None
    code = getattr(finding, "code", "")
    text = next((m for c, m in ((q.constraint_code, q.constraint_message),
                                (q.warning_code, q.warning_message),
                                (q.required_code, q.required_message)) if c and c == code),
                None)
    written = text.of(lang) if text else ""
    return fill_text(written, hs, member, lang) if written else None


def label(q: Question | Any, lang: str) -> str:
    text = getattr(q, "label", None)
    return text.get(lang) if text else getattr(q, "name", "")


def clean(form: Form, state: dict[str, Any]) -> dict[str, Any]:
    """The record without answers to questions that are not relevant (forms.clean_household):
    only for a save as complete, after the cadre agreed (``answers_not_asked``). A draft keeps
    every answer."""
    return forms.clean_household(form, state)


def answers_not_asked(form: Form, state: dict[str, Any]) -> list[Any]:
    """What ``clean`` would remove (``forms.RemovedAnswer``s), to list and ask first."""
    return forms.answers_not_asked(form, state)


def held(raw: dict[str, Any], name: str) -> bool:
    value = raw.get(name)
    return value is not None and value != "" and value != []


def kept_answers(hs: Any) -> list[tuple[int | None, str]]:
    """``(member index or None, question)`` of every answer kept because its question's
    relevance cannot be decided yet (forms/undecided.py: unknown is not false)."""
    kept = forms.undecided_in(hs)
    if not kept:
        return []
    found = [(None, n) for n in kept.of(None) if held(hs.raw, n)]
    for i, raw in enumerate(hs.member_raw):
        found += [(i, n) for n in kept.of(i) if held(raw, n)]
    return found


def shown_relevance(form: Form, hs: Any) -> tuple[dict[str, bool], list[dict[str, bool]]]:
    """What the pages show: what is relevant, and every question whose relevance cannot be
    decided yet and that holds an answer, with the groups around it (the answer stays in
    view; an undecided question without an answer stays hidden, as a new form would show
    every question otherwise)."""
    kept = kept_answers(hs)
    if not kept:
        return hs.relevant, hs.members_relevant
    household = dict(hs.relevant)
    members = [dict(r) for r in hs.members_relevant]
    for member, name in kept:
        target = household if member is None else members[member]
        target[name] = True
        q = question(form, name, member=member is not None)
        node = q.parent if q is not None else None
        while node is not None and node is not form.repeat:
            target[node.name] = True
            node = node.parent
    return household, members


def question(form: Form, name: str, *, member: bool = False) -> Question | None:
    """The household's (or, with ``member``, the member repeat's) question called ``name``."""
    table = getattr(form, "member_fields" if member else "fields", None)
    if isinstance(table, dict):
        return table.get(name)
    return None


def choice_label(form: Form, name: str, value: Any, lang: str, *, member: bool = False,
                 household: Any = None, member_index: int | None = None) -> str:
    """The label of the choice ``value`` of question ``name``, as every screen shows an answer;
    a label holding ``${name}`` (“${head}的配偶”) is filled with ``household``'s answers (a
    record, or its evaluated ``HouseholdState``; for a member's question, member
    ``member_index``'s) as the editor fills its lists (``forms.output.fill_text``). Without a
    household (a list of choices for every household: a filter) each ``${}`` is "…"
    (``forms.output.unfilled``, decision 67)."""
    q = question(form, name, member=member)
    if q is not None and q.choices is not None and isinstance(value, str):
        text = q.choices.label(value, lang)
        if "${" in text and household is not None:
            return fill_text(text, _evaluated(form, household), member_index if member else None,
                             lang)
        return unfilled(text)
    return "" if value is None else str(value)


def _evaluated(form: Form, household: Any) -> Any:
    """``household`` evaluated under ``form`` (a state as it is). Only a label holding ``${}``
    asks, so nothing is kept: a record may change between two calls."""
    return household if not isinstance(household, dict) else evaluate(form, household)


def has_choice(form: Form, name: str, choice: str, *, member: bool = False) -> bool:
    q = question(form, name, member=member)
    return q is not None and q.choices is not None and choice in q.choices


def choice_codes(choices: Any) -> list[str]:
    """The code a cadre types for each choice of a list, in order: the choices sheet's
    ``code`` column when the form has one; else the choice's own name when it is an
    official code: a short one (the industry's GB/T 4754 门类 A–T), or numbers of at least
    two digits (GB/T 2260's provinces 44, cities 4419 and county-level cities 419001: the
    code the cadre knows and the value saved); else its number on the paper form (1, 2, 3 …
    in the list's order, as in ../shared/domain.md)."""
    items = list(getattr(choices, "choices", ()) or ())
    given = [str((c.extra or {}).get("code") or "").strip() for c in items]
    if items and all(given) and len(set(given)) == len(given):
        return given
    names = [c.name for c in items]
    if items and all(len(n) <= 2 and n.isalnum() for n in names) and \
            len({n.upper() for n in names}) == len(names) and not all(n.isdigit() for n in names):
        return [n.upper() for n in names]
    if items and all(n.isascii() and n.isdigit() and len(n) >= 2 for n in names) \
            and len(set(names)) == len(names):
        return names
    return [str(i + 1) for i in range(len(items))]
