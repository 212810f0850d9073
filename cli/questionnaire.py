"""`mopai form check | publish | list` and `mopai validate`: what they print.

The checks themselves belong to the store (`sync/formbook.py`): the one validator, the forms a
workspace holds and publishing one; the store is opened with them by `sync.store.open_store`.
This module only turns their answers into lines for a terminal.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mopai import forms


def form_check(path: Path, out=None) -> int:  # noqa: ANN001 - a text stream
    """`mopai form check`: exit 0 and one summary line, or 1 and every problem; either way
    each warning (what Mopai leaves aside, forms/xlsform.py) on a line of its own."""
    out = out or sys.stdout
    try:
        form = forms.load_form(path)
    except forms.FormError as exc:
        print(exc.one_line(), file=sys.stderr)
        for problem in exc.problems:
            print(problem.one_line(), file=out)
        for warning in exc.warnings:
            print("提醒 Warning: " + warning.one_line(), file=out)
        return 1
    for warning in form.warnings:
        print("提醒 Warning: " + warning.one_line(), file=out)
    members = len(form.member_fields)
    print(f"问卷无误 Form is sound: {form.form_id} {form.version} — "
          f"{len(form.fields)} 户级题目 household questions, {members} 成员题目 member questions, "
          f"{len(form.choice_lists)} 选项列表 choice lists ({path})", file=out)
    return 0


def form_publish(store, path: Path, reason: str = "", out=None) -> int:  # noqa: ANN001
    """`mopai form publish`: the county's new current form, or the reasons it was refused
    (`sync.formbook.FormRefused`: one line, then each problem on its own line)."""
    from mopai.sync.formbook import FormRefused

    out = out or sys.stdout
    before = store.forms.current()
    try:
        now = store.forms.publish(path, reason)
    except FormRefused as exc:
        print(exc.one_line(), file=sys.stderr)
        for zh, en in exc.problems:
            print(f"{zh} / {en}", file=sys.stderr)
        return exc.exit_code
    print(f"已发布问卷 Form published: {now.form_id} {now.version}（原为 was {before.version}）；"
          "下次写出的回传包和登记回执都带上它 / every return bundle and setup file from now on "
          "carries it", file=out)
    return 0


def form_list(store, out=None) -> int:  # noqa: ANN001
    """`mopai form list`: the versions this workspace holds, the current one first."""
    out = out or sys.stdout
    current = store.forms.current()
    for row in store.forms.versions():
        mark = "*" if row["version"] == current.version else " "
        print(f"{mark} {row['form_id']} {row['version']}  {row['received_at'][:16]}  "
              f"{row['sha256'][:12]}", file=out)
    return 0


def validate_store(store, *, as_json: bool = False, out=None) -> int:  # noqa: ANN001
    """`mopai validate`: findings counted by rule and severity, then the list; each household
    is checked under the form it is saved under (sync/formbook.py)."""
    from mopai.reports import posts  # start-up: only `validate` needs it
    from mopai.sync.formbook import label

    out = out or sys.stdout
    found = store.forms.findings(store.households.states())
    # The 公益性岗位 checks across households (reports/posts.py: their own rule codes).
    found += [(p.household, p.finding) for p in posts.check_store(store)]
    counts = Counter((f.code, f.severity) for _, f in found)
    if as_json:
        print(json.dumps({
            "households": store.households.count(),
            "counts": [{"code": c, "severity": s, "count": n}
                       for (c, s), n in sorted(counts.items())],
            "findings": [{"household_uuid": h["uuid"], "household": label(h),
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
        print(f"{label(h)} {f.severity}: {f.describe()}", file=out)
    return 0
