"""A readable Markdown rendering of a form, for review and for diffs between versions.

An .xlsx diff is unreadable, so every workbook change is reviewed through the text beside it:
``labor_survey.md`` is generated from ``labor_survey.xlsx`` by ``render_markdown`` and a test
checks that the committed text equals the rendering of the committed workbook. Regenerate with

    python -m mopai.forms.render [WORKBOOK.xlsx [OUT.md]]
"""

from __future__ import annotations

import sys
from pathlib import Path

from .model import Form, Group, Item, QType, Question, Repeat


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text else ""


def _type(q: Question) -> str:
    base = q.type.value + (f" {q.choices.name}" if q.choices else "")
    shown_read_only = q.read_only and q.type is not QType.CALCULATE
    extras = [x for x in (q.appearance, "read_only" if shown_read_only else "") if x]
    return _code(base) + (f" ({', '.join(extras)})" if extras else "")


def _required(q: Question) -> str:
    if q.required_if is not None:
        return f"if {_code(q.required_if.source)}" + (
            f" [{q.required_code}]" if q.required_code != "required" else "")
    return "yes" if q.required else ""


def _checks(q: Question) -> str:
    parts = []
    if q.calculation is not None:
        parts.append(f"= {_code(q.calculation.source)}")
    if q.constraint is not None:
        parts.append(f"error **{q.constraint_code}**: {_code(q.constraint.source)}"
                     + (f" — {_cell(q.constraint_message.zh)}" if q.constraint_message.zh else ""))
    if q.warning is not None:
        parts.append(f"warning **{q.warning_code}**: {_code(q.warning.source)}"
                     + (f" — {_cell(q.warning_message.zh)}" if q.warning_message.zh else ""))
    if q.choice_filter is not None:
        parts.append(f"filter {_code(q.choice_filter.source)}")
    return "<br>".join(parts)


def _label(q: Question) -> str:
    text = _cell(q.label.zh) + (f"<br>{_cell(q.label.en)}" if q.label.en else "")
    if q.hint:
        text += f"<br>_{_cell(q.hint.zh or q.hint.en)}_"
    return text


_HEAD = ["| name | 题目 Question | type | required | asked when | calculation / checks |",
         "|---|---|---|---|---|---|"]


def _items(items: list[Item], level: int, title: str, out: list[str]) -> None:
    """Questions as tables, sub-groups as sections; a table after a sub-group is "continued"."""
    table: list[str] = []
    heading = ""
    for item in items:
        if isinstance(item, Question):
            relevant = _code(item.relevant.source) if item.relevant else ""
            table.append(f"| {item.name} | {_label(item)} | {_type(item)} | {_required(item)} "
                         f"| {relevant} | {_checks(item)} |")
            continue
        _flush(table, heading, out)
        heading = f"{'#' * level} {title}（续 continued）"
        _group(item, level, out)
    _flush(table, heading, out)


def _flush(table: list[str], heading: str, out: list[str]) -> None:
    if table:
        out.extend(["", heading] if heading else [])
        out.extend(["", *_HEAD, *table])
        table.clear()


def _group(group: Group, level: int, out: list[str]) -> None:
    kind = "repeat" if isinstance(group, Repeat) else "group"
    name = " ".join(t for t in (group.label.zh, group.label.en) if t) or group.name
    out.extend(["", f"{'#' * level} {name} ({kind} `{group.name}`)"])
    if group.relevant is not None:
        out.extend(["", f"Asked when {_code(group.relevant.source)}."])
    _items(group.children, level + 1, name, out)


def render_markdown(form: Form) -> str:
    """The whole form as Markdown: settings, every question with its logic, every list."""
    title = " — ".join(t for t in (form.title.zh, form.title.en) if t) or form.form_id
    out = [f"# {title}", "",
           f"form_id `{form.form_id}` · version `{form.version}` · "
           f"default language `{form.default_language}`", "",
           "Generated from the workbook by `python -m mopai.forms.render`; edit the workbook, not "
           "this file."]
    _items(form.children, 2, "问卷 Form", out)
    out.extend(["", "## Choice lists"])
    for choices in form.choice_lists.values():
        out.extend(["", f"### `{choices.name}`", "", "| name | 中文 | English |", "|---|---|---|"])
        out.extend(f"| {c.name} | {_cell(c.label.zh)} | {_cell(c.label.en)} |"
                   for c in choices.choices)
    rules = []
    for q in form.questions():
        level = "member" if q.in_repeat else "household"
        if q.required_if is not None and q.required_code != "required":
            rules.append((q.required_code, "error", f"{level} `{q.name}` (required)",
                          q.required_message.zh))
        if q.constraint is not None:
            rules.append((q.constraint_code, "error", f"{level} `{q.name}`",
                          q.constraint_message.zh))
        if q.warning is not None:
            rules.append((q.warning_code, "warning", f"{level} `{q.name}`", q.warning_message.zh))
    out.extend(["", "## Rules declared in the workbook", "",
                "| code | severity | where | message |", "|---|---|---|---|"])
    out.extend(f"| {code} | {sev} | {where} | {_cell(msg)} |" for code, sev, where, msg in rules)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    # start-up: the loader (openpyxl, lark) only when run as a command
    from .loader import load_form
    from .resources import default_form_path

    source = Path(argv[0]) if argv else default_form_path()
    target = Path(argv[1]) if len(argv) > 1 else source.with_suffix(".md")
    target.write_text(render_markdown(load_form(source)), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
