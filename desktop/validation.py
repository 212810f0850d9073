"""Glue between the questionnaire engine and the store, for the command line and the GUI.

`forms` checks one household; the store knows the others. This module supplies the mappings
`forms.cross_household_findings` needs (ID numbers and 户编号 used elsewhere) and prints the
findings of a whole workspace.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import forms


def _validate(record: dict[str, Any]) -> Sequence[Any]:
    return forms.validate_household(forms.load_default_form(), record)


def batch_reasons(lines: Sequence[bytes]) -> list[tuple[str, str]]:
    """The schema's and the form's verdict on each revision line of a bundle, for an
    import's worker processes (sync/checking.py): module-level, so a `spawn`ed process can
    run it."""
    from sync.checking import check_lines  # start-up: only in an import's workers

    return check_lines(_validate, lines)


def store_validator() -> Callable[[dict[str, Any]], Sequence[Any]]:
    """The validator the store runs before saving a household as complete; `batch` lets a
    large import run it in other processes."""

    def validate(record: dict[str, Any]) -> Sequence[Any]:
        return _validate(record)

    validate.batch = batch_reasons  # type: ignore[attr-defined]
    return validate


def open_store(workspace, user: str | None, passphrase: str):  # noqa: ANN001, ANN201
    """The one way the command line, the app and the benchmarks open a store: with the
    form's validator, so every import and save is checked the same way wherever it runs
    (tests/test_open_store.py holds each of them to it)."""
    return workspace.unlock(user, passphrase, validator=store_validator())


def form_check(path: Path, out=None) -> int:  # noqa: ANN001 - a text stream
    """`mopai form check`: exit 0 and one summary line, or 1 and every problem."""
    out = out or sys.stdout
    try:
        form = forms.load_form(path)
    except forms.FormError as exc:
        print(exc.one_line(), file=sys.stderr)
        for problem in exc.problems:
            print(problem.one_line(), file=out)
        return 1
    members = len(form.member_fields)
    print(f"问卷无误 Form is sound: {form.form_id} {form.version} — "
          f"{len(form.fields)} 户级题目 household questions, {members} 成员题目 member questions, "
          f"{len(form.choice_lists)} 选项列表 choice lists ({path})", file=out)
    return 0


def _label(household: dict[str, Any]) -> str:
    fields = household.get("fields") or {}
    return f"{fields.get('village_code', '')}-{fields.get('household_no', '')}"


def validate_records(records: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], Any]]:
    """Every finding of every household, cross-household checks included."""
    form = forms.load_default_form()
    records = list(records)
    id_owners: dict[str, set[str]] = defaultdict(set)
    number_owners: dict[str, set[str]] = defaultdict(set)
    for h in records:
        number_owners[str((h.get("fields") or {}).get("household_no"))].add(h["uuid"])
        for m in h.get("members") or []:
            raw = (m.get("fields") or {}).get("id_number")
            if raw:
                id_owners[forms.idnumber.normalize(str(raw))].add(h["uuid"])
    labels = {h["uuid"]: _label(h) for h in records}
    found = []
    for h in records:
        others = {n: sorted(labels[u] for u in owners if u != h["uuid"])
                  for n, owners in id_owners.items() if len(owners) > 1 and h["uuid"] in owners}
        nos = {n: sorted(labels[u] for u in owners if u != h["uuid"])
               for n, owners in number_owners.items() if len(owners) > 1 and h["uuid"] in owners}
        for f in [*forms.validate_household(form, h),
                  *forms.cross_household_findings(form, h, others, household_nos=nos)]:
            found.append((h, f))
    return found


def validate_store(store, *, as_json: bool = False, out=None) -> int:  # noqa: ANN001
    """`mopai validate`: findings counted by rule and severity, then the list."""
    out = out or sys.stdout
    found = validate_records(store.households.states())
    counts = Counter((f.code, f.severity) for _, f in found)
    if as_json:
        print(json.dumps({
            "households": store.households.count(),
            "counts": [{"code": c, "severity": s, "count": n}
                       for (c, s), n in sorted(counts.items())],
            "findings": [{"household_uuid": h["uuid"], "household": _label(h),
                          **f.to_dict()} for h, f in found],
        }, ensure_ascii=False, indent=1), file=out)
        return 0
    errors = sum(n for (_, s), n in counts.items() if s == "error")
    print(f"共检查 {store.households.count()} 户：错误 {errors} 条，警告 {len(found) - errors} 条 / "
          f"checked {store.households.count()} households: {errors} errors, "
          f"{len(found) - errors} warnings", file=out)
    for (code, severity), n in sorted(counts.items(), key=lambda kv: (kv[0][1], -kv[1])):
        print(f"  {severity:7} {code:28} {n}", file=out)
    for h, f in found:
        print(f"{_label(h)} {f.severity}: {f.describe()}", file=out)
    return 0
