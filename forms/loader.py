"""Turn an XLSForm workbook into a ``Form``, or refuse it with every problem it has.

Three passes, so that one mistake does not hide the next: (1) read settings and choices and
build the tree of groups and questions from the survey sheet, (2) compile every expression
now that all names are known, (3) order the questions for evaluation and reject circular
references. Problems from all passes are raised together in one ``FormError``.

The custom columns ``constraint_code``, ``required_code``, ``warning_constraint``,
``warning_message::…`` and ``warning_code`` are Mopai's: they give workbook rules the stable
codes of the provincial checkers and let the workbook declare warnings (ODK ignores them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from .errors import FormError, FormProblem
from .expr_eval import Scope
from .expr_parser import Call, walk
from .loader_base import _NO, _YES, NAME, _problem
from .loader_checks import ChecksPart, _group_in_repeat
from .loader_lists import ListsPart
from .model import ChoiceList, Form, Group, QType, Question, Repeat, Text, repeat_chain
from .sheets import CHOICES_COLUMNS, SURVEY_COLUMNS, Row, Sheet, check_columns, read_workbook
from .state import build_plan
from .xlsform import (
    KNOWN_ELSEWHERE,
    canonical_type,
    choices_column_verdict,
    column_verdict,
    type_verdict,
)

_MARKERS = {"begin_group", "end_group", "begin_repeat", "end_repeat"}
_SIMPLE = {t.value.lower(): t for t in QType if not t.is_select}
# Groups and repeats inside each other, at most (the form's tree is walked recursively; ODK's
# own forms use a handful of levels). The one place this limit is kept.
MAX_GROUP_DEPTH = 50
# Repeats inside each other, at most: the record's bound (sync/schema.py, decision 48).
MAX_REPEAT_DEPTH = 3
_TYPES_LISTED = ("text integer decimal date time dateTime select_one select_multiple "
                 "select_one_from_file select_multiple_from_file note calculate id_number "
                 "start end today deviceid username begin_group end_group begin_repeat end_repeat")


class _Loader(ListsPart, ChecksPart):
    # -- the survey tree ----------------------------------------------------------------
    def survey(self, sheet: Sheet, lists: dict[str, ChoiceList]
               ) -> tuple[list[Question | Group], list[tuple[Question | Group, Row]]]:
        root: list[Question | Group] = []
        stack: list[tuple[Group, Row]] = []
        items: list[tuple[Question | Group, Row]] = []
        # a name may be used once for the household and once inside the repeat (domain.md
        # has both a household and a member ``phone``); group names must be unique overall
        seen: dict[str, dict[str, int]] = {"household": {}, "member": {}, "group": {},
                                           "repeat": {}}
        repeats = 0
        for row in self.or_other(sheet.rows, lists):
            kind = canonical_type(row.get("type"))
            word = row.get("type").split(" ")[0]
            if word != word.lower():
                self.warnings.append(_problem(
                    row, "type", f"题型“{row.get('type')}”应写成小写，pyxform 和 ODK 只认小写",
                    f"the type {row.get('type')!r} should be in lower case: pyxform and ODK "
                    "read only lower case", f"改为 {kind}", f"write {kind}"))
            if not kind:
                self.add("type", "缺少题型", "the type is empty", "填写题型（如 text）",
                         "fill in a type such as text", row=row)
                continue
            if kind in ("end_group", "end_repeat"):
                want = Repeat if kind == "end_repeat" else Group
                if not stack or type(stack[-1][0]) is not want:
                    opened = f"（当前打开的是第{stack[-1][1].number}行）" if stack else ""
                    self.add("type", f"“{kind}”没有对应的开始行{opened}",
                             f"{kind} does not close an open {kind[4:]}", "检查分组的开始和结束是否配对",
                             "check that every begin has a matching end", row=row)
                    continue
                stack.pop()
                continue
            item = self.item(row, kind, lists)
            if item is None:
                continue
            in_repeat = any(isinstance(g, Repeat) for g, _ in stack)
            if in_repeat and isinstance(item, Question) and item.type.is_metadata:
                self.add("type", f"元数据“{kind}”只能放在重复组之外（每户一份）",
                         f"the metadata {kind!r} belongs outside a repeat (one per household)",
                         "把这一行移到 begin_repeat 之前", "move the row before begin_repeat",
                         row=row)
                continue
            depth = sum(isinstance(g, Repeat) for g, _ in stack)
            if isinstance(item, Repeat):
                repeats += 1
                item.is_members = repeats == 1 and not in_repeat
                if depth + 1 > MAX_REPEAT_DEPTH:
                    self.add("type", f"重复组嵌套超过 {MAX_REPEAT_DEPTH} 层",
                             f"repeats nest more than {MAX_REPEAT_DEPTH} levels deep",
                             "减少重复组的层数", "use fewer levels of repeats", row=row)
            # a question of a repeat other than the members, and such a repeat, is named
            # once in the whole form (its instances' answers are read by name from anywhere)
            extra = any(isinstance(g, Repeat) and not g.is_members for g, _ in stack) or (
                isinstance(item, Repeat) and not item.is_members)
            if isinstance(item, Group):
                clash = [seen[k][item.name] for k in seen if item.name in seen[k]]
                level = "repeat" if extra else "group"
            elif extra:
                level = "repeat"
                clash = [seen[k][item.name] for k in seen if item.name in seen[k]]
            else:
                level = "member" if in_repeat else "household"
                clash = [seen[k][item.name] for k in (level, "group", "repeat")
                         if item.name in seen[k]]
            if clash:
                self.add("name", f"名称“{item.name}”重复（第{clash[0]}行已使用）",
                         f"the name {item.name!r} is already used in row {clash[0]}",
                         "每个题目和分组的名称必须唯一", "every name must be unique", row=row)
            else:
                seen[level][item.name] = row.number
                items.append((item, row))
            parent = stack[-1][0] if stack else None
            item.parent = parent
            (parent.children if parent else root).append(item)
            if isinstance(item, Group):
                if len(stack) == MAX_GROUP_DEPTH:
                    self.too_deep = True
                    self.add("type", f"分组嵌套超过 {MAX_GROUP_DEPTH} 层",
                             f"groups nest more than {MAX_GROUP_DEPTH} levels deep",
                             "减少分组的层数", "use fewer levels of groups", row=row)
                stack.append((item, row))
        for group, row in stack:
            self.add("type", f"分组“{group.name}”没有结束行", f"{group.name!r} is never closed",
                     "在分组最后一题后添加 end_group / end_repeat",
                     "add end_group / end_repeat after its last question", row=row)
        return root, items

    def item(self, row: Row, kind: str, lists: dict[str, ChoiceList]) -> Question | Group | None:
        name = row.get("name")
        if not name or not NAME.fullmatch(name):
            self.add("name", f"名称“{name}”无效" if name else "缺少名称",
                     f"invalid name {name!r}" if name else "the name is empty",
                     "名称只能用英文字母、数字、下划线、- 和 .，且以字母或下划线开头",
                     "use letters, digits, _, - and . only, starting with a letter or _",
                     row=row)
            return None
        label = row.text("label", self.lang)
        if kind in ("begin_group", "begin_repeat"):
            cls = Repeat if kind == "begin_repeat" else Group
            self.appearances(row, kind)
            return cls(name, label, row.number, appearance=row.get("appearance"))
        base, _, list_name = kind.partition(" ")
        if base in ("select_one_from_file", "select_multiple_from_file"):
            qtype = QType.SELECT_ONE if base == "select_one_from_file" else QType.SELECT_MULTIPLE
            choices = self.file_list(row, row.get("type").split()[-1] if list_name else "",
                                     qtype is QType.SELECT_MULTIPLE)
            if choices is None:
                return None
        elif base in ("select_one", "select_multiple"):
            qtype = QType(base)
            if not list_name.strip():
                self.add("type", f"“{base}”缺少选项列表名", f"{base} needs a list name",
                         f"写成 {base} 列表名", f"write {base} LIST_NAME", row=row)
                return None
            if list_name.strip() not in lists:
                self.add("type", f"选项列表“{list_name.strip()}”在 choices 表中不存在"
                         + ("（没有 choices 表）" if not lists else ""),
                         f"the list {list_name.strip()!r} is not in the choices sheet"
                         + (" (there is no choices sheet)" if not lists else ""),
                         "在 choices 表中添加该列表，或改正列表名",
                         "add the list to choices or correct its name", row=row)
                return None
            choices: ChoiceList | None = lists[list_name.strip()]
        elif kind in _SIMPLE:
            qtype, choices = _SIMPLE[kind], None
            qtype = self.mopai_type(row, qtype)
        elif type_verdict(kind):
            verdict = type_verdict(kind)
            assert verdict is not None
            self.verdict(verdict, row.sheet, row.number, row.column("type"),
                         (f"题型“{row.get('type')}”", f"the type {row.get('type')!r}"))
            return None
        else:
            self.add("type", f"不支持的题型“{row.get('type')}”", f"unknown type {row.get('type')!r}",
                     f"可用：{_TYPES_LISTED}", f"use one of: {_TYPES_LISTED}", row=row)
            return None
        hint = row.text("hint", self.lang)
        if qtype.holds_answer and not qtype.is_metadata and not label and not hint:
            # pyxform: "no label or hint"; metadata rows need none
            self.add("label", f"题目“{name}”缺少标签",
                     f"{name!r} has no label or hint", "填写标签", "fill in the label", row=row)
        if qtype is QType.CALCULATE and not row.get("calculation"):
            self.add("calculation", "calculate 题缺少 calculation", "a calculate needs a calculation",
                     "填写计算表达式", "fill in the calculation", row=row)
        required, read_only = self.flag(row, "required", expr_ok=True), self.flag(row, "read_only")
        self.appearances(row, qtype.value)
        return Question(
            name, qtype, label, row.number, hint=hint,
            choices=choices, required=bool(required),
            required_message=row.text("required_message", self.lang),
            required_code=row.get("required_code") or "required",
            constraint_message=row.text("constraint_message", self.lang),
            constraint_code=row.get("constraint_code") or f"{name}_constraint",
            warning_message=row.text("warning_message", self.lang),
            warning_code=row.get("warning_code") or f"{name}_warning",
            default=row.get("default") or None,
            read_only=bool(read_only) or bool(row.get("calculation") and not row.get("trigger")),
            appearance=row.get("appearance"), renamed_from=self.earlier_names(row, name))

    def mopai_type(self, row: Row, qtype: QType) -> QType:
        """Mopai's own type, written so that pyxform and ODK read an ordinary question: a
        ``text`` whose ``mopai_type`` is ``id_number`` is a resident ID number. The bare type
        ``id_number`` (Mopai's earlier spelling) still loads, with a warning: pyxform refuses
        it."""
        extension = row.get("mopai_type")
        if qtype is QType.ID_NUMBER:
            self.warnings.append(_problem(
                row, "type", "题型 id_number 是 Mopai 的旧写法，pyxform 和 ODK 不认识",
                "the type id_number is Mopai's earlier spelling, which pyxform and ODK refuse",
                "题型写 text，在 mopai_type 列写 id_number",
                "write the type text and id_number in the mopai_type column"))
        if not extension:
            return qtype
        if extension == "id_number" and qtype in (QType.TEXT, QType.ID_NUMBER):
            return QType.ID_NUMBER
        self.add("mopai_type", f"mopai_type“{extension}”不能用于题型“{row.get('type')}”",
                 f"mopai_type {extension!r} does not apply to the type {row.get('type')!r}",
                 "mopai_type 只有 id_number 一种，用于 text 题", "the only mopai_type is "
                 "id_number, on a text question", row=row)
        return qtype

    def earlier_names(self, row: Row, name: str) -> tuple[str, ...]:
        """The ``renamed_from`` cell: the question's earlier names (forms/upgrade.py)."""
        names: list[str] = []
        for old in re.split(r"[\s,，、;；]+", row.get("renamed_from")):
            if not old:
                continue
            if not NAME.fullmatch(old):
                self.add("renamed_from", f"原名称“{old}”无效", f"invalid earlier name {old!r}",
                         "原名称只能用英文字母、数字和下划线，多个原名称用空格分隔",
                         "use letters, digits and _; separate several earlier names with spaces",
                         row=row)
            elif old == name:
                self.add("renamed_from", f"原名称“{old}”与题目名称相同",
                         f"the earlier name {old!r} is the question's own name",
                         "删除该原名称", "remove it", row=row)
            elif old not in names:
                names.append(old)
        return tuple(names)

    def renames(self, items: list[tuple[Question | Group, Row]]) -> None:
        """An earlier name must not be a question of the same level (household or member)
        or the earlier name of two questions: an old answer must have one place to go."""
        for in_repeat in (False, True):
            level = [(q, row) for q, row in items if isinstance(q, Question)
                     and q.in_repeat == in_repeat]
            current = {q.name: row.number for q, row in level}
            claimed: dict[str, tuple[str, int]] = {}
            for q, row in level:
                for old in q.renamed_from:
                    if old in current:
                        self.add("renamed_from",
                                 f"原名称“{old}”仍是本问卷第{current[old]}行的题目名称",
                                 f"the earlier name {old!r} is still the name of the question in "
                                 f"row {current[old]}", "删除该原名称，或给那道题改名",
                                 "remove the earlier name, or rename that question", row=row)
                    elif old in claimed:
                        self.add("renamed_from",
                                 f"原名称“{old}”已由第{claimed[old][1]}行的“{claimed[old][0]}”使用",
                                 f"the earlier name {old!r} is already claimed by "
                                 f"{claimed[old][0]!r} in row {claimed[old][1]}",
                                 "一个原名称只能对应一道题", "an earlier name belongs to one question",
                                 row=row)
                    else:
                        claimed[old] = (q.name, row.number)

    # -- pass two: expressions ----------------------------------------------------------
    def expressions(self, items: list[tuple[Question | Group, Row]]) -> None:
        outside: dict[str, Scope] = {}
        for item, _ in items:
            if isinstance(item, Repeat):
                outside[item.name] = Scope.REPEAT
            elif isinstance(item, Group):
                outside[item.name] = Scope.GROUP
            elif item.repeat is not None:
                outside.setdefault(item.name, Scope.MEMBER)
            else:
                outside[item.name] = Scope.HOUSEHOLD
        inside = dict(outside)
        inside.update({i.name: Scope.MEMBER for i, _ in items
                       if isinstance(i, Question) and i.repeat is not None})
        self.labels_outside, self.labels_inside = self.choice_labels(items)
        members = next((i for i, _ in items if isinstance(i, Repeat) and i.is_members), None)
        self.members_name = members.name if members is not None else ""
        if any(isinstance(i, Repeat) and not i.is_members for i, _ in items):
            levels: dict[str, list[tuple[str, ...]]] = {}
            for item, _ in items:
                if not isinstance(item, Group) or isinstance(item, Repeat):
                    chain = tuple(r.name for r in repeat_chain(item))
                    levels.setdefault(item.name, []).append(chain)
            self.levels = {k: tuple(v) for k, v in levels.items()}
        self.paths = {}
        for item, _ in items:        # a name may be once at each level (phone, 联系电话)
            self.paths.setdefault(item.name, []).append(_ancestry(item))
        for item, row in items:
            # a repeat's own relevance and repeat_count are its owner's (pyxform: jr:count)
            owner = item.parent if isinstance(item, Repeat) else item
            self.here = tuple(r.name for r in repeat_chain(owner))
            self.at = _ancestry(item)
            in_repeat = item.in_repeat if isinstance(item, Question) else _group_in_repeat(item)
            in_repeat = in_repeat or bool(self.here)
            scopes = inside if in_repeat else outside
            self.outputs(row, scopes, in_repeat)
            # a repeat's relevance and repeat_count are the household's (pyxform: jr:count)
            item.relevant = self.compile(row, "relevant", scopes, in_repeat)
            if isinstance(item, Repeat):
                item.count = self.compile(row, "repeat_count", scopes, in_repeat)
            elif row.get("repeat_count"):
                self.add("repeat_count", "只有 begin_repeat 可以用 repeat_count",
                         "repeat_count only applies to begin_repeat", "删除该单元格",
                         "clear the cell", row=row)
            if not isinstance(item, Question):
                continue
            item.calculation = self.compile(row, "calculation", scopes, in_repeat)
            self.choice_outputs(item, scopes, in_repeat)
            self.default(item, row, scopes, in_repeat)
            if row.get("trigger"):
                item.trigger = self.trigger(item, row, scopes, in_repeat)
                item.trigger_calc, item.calculation = item.calculation, None
                item.keeps_value = True
            elif item.calculation is not None and any(
                    isinstance(n, Call) and n.name == "once" for n in walk(item.calculation.tree)):
                item.keeps_value = True
            item.constraint = self.compile(row, "constraint", scopes, in_repeat)
            item.warning = self.compile(row, "warning_constraint", scopes, in_repeat)
            if row.get("required").lower() not in _YES | _NO:
                item.required_if = self.compile(row, "required", scopes, in_repeat)
            if row.get("choice_filter"):
                if not item.type.is_select:
                    self.add("choice_filter", "只有选择题可以用 choice_filter",
                             "choice_filter only applies to select questions",
                             "删除该单元格", "clear the cell", row=row)
                else:
                    item.choice_filter = self.compile(row, "choice_filter", scopes, in_repeat,
                                                      allow_bare=True)

    def choice_labels(self, items: list[tuple[Question | Group, Row]]
                      ) -> tuple[dict[str, dict[str, Text]], dict[str, dict[str, Text]]]:
        """Each select question's choice labels (``Text``: jr:choice-name() shows them in the
        display language the evaluation is given, else the form's default): as seen from the
        household, and from inside the repeat (a member's question first)."""
        outside: dict[str, dict[str, Text]] = {}
        inside: dict[str, dict[str, Text]] = {}
        for q, _ in items:
            if isinstance(q, Question) and q.choices is not None:
                labels = {c.name: c.label for c in q.choices.choices}
                if q.in_repeat:
                    outside.setdefault(q.name, labels)
                    inside[q.name] = labels
                else:
                    outside[q.name] = labels
                    inside.setdefault(q.name, labels)
        return outside, inside


def _ancestry(item: Question | Group) -> tuple[str, ...]:
    """The names of the groups and repeats around ``item``, outermost first (XPath's steps
    from the form down to its parent)."""
    names: list[str] = []
    node = item.parent
    while node is not None:
        names.append(node.name)
        node = node.parent
    return tuple(reversed(names))


def _fallback_id(source: str | Path | IO[bytes]) -> str:
    """pyxform's form id without settings: the file's name without its extension ("data"
    for a workbook that has no name)."""
    name = Path(source).stem if isinstance(source, str | Path) else getattr(source, "name", "")
    return Path(str(name)).stem if name else "data"


def _audit_columns(loader: _Loader, sheet: Sheet, verdict_of, typos: set[str]) -> None:  # noqa: ANN001
    """A refusal or warning for every header the loader does not read (forms/xlsform.py);
    a header already refused as a likely typo is not named twice."""
    for key, header in sheet.headers.items():
        verdict = verdict_of(key)
        if verdict and header not in typos:
            loader.verdict(verdict, sheet.name, sheet.header_row, header,
                           (f"列“{header}”", f"the column {header!r}"))


def load_form(source: str | Path | IO[bytes], *, folder: Path | None = None) -> Form:
    """Load an XLSForm workbook; raises ``FormError`` listing every problem found. What
    Mopai leaves aside without changing an answer is in ``Form.warnings`` (and in the
    error's ``warnings``). The list files of ``select_*_from_file`` are read from the workbook
    itself (a published form), else from ``folder`` (default: the workbook's own folder).

    The first top-level repeat is the household's members; any other repeat (a list of the
    household's, one inside each member or instance) keeps its instances under ``repeats``
    (decision 59)."""
    sheets, problems, modified = read_workbook(source)
    loader = _Loader()
    loader.embedded = {k[5:]: v.raw for k, v in sheets.items() if k.startswith("file:")}
    loader.folder = folder or (Path(source).parent if isinstance(source, str | Path) else None)
    loader.problems.extend(problems)
    if "survey" not in sheets:
        raise FormError(loader.problems)
    survey = sheets["survey"]
    # pyxform requires the type column only (a question then needs a label or a hint)
    typos = check_columns(survey, ("type", "name"), SURVEY_COLUMNS | KNOWN_ELSEWHERE)
    loader.problems += typos
    _audit_columns(loader, survey, column_verdict, {p.column for p in typos})
    form_id, version, language, title = loader.settings(
        sheets.get("settings"), _fallback_id(source), modified)
    lists: dict[str, ChoiceList] = {}
    if "choices" in sheets:
        typos = check_columns(sheets["choices"], ("list_name", "name"), CHOICES_COLUMNS)
        loader.problems += typos
        _audit_columns(loader, sheets["choices"], choices_column_verdict,
                       {p.column for p in typos})
        lists = loader.choices(sheets["choices"])
    if not (survey.has("type") and survey.has("name")):
        raise FormError(loader.problems)  # every row would repeat the same complaint
    root, items = loader.survey(survey, lists)
    if loader.too_deep:
        raise FormError(loader.problems)  # the checks below walk the tree recursively
    loader.renames(items)
    loader.expressions(items)
    questions = [i for i, _ in items if isinstance(i, Question)]
    groups = {i.name: i for i, _ in items if isinstance(i, Group)}
    repeat = next((g for g in groups.values() if isinstance(g, Repeat) and g.is_members), None)
    path = Path(source) if isinstance(source, str | Path) else None
    form = Form(form_id, version, title, language or "zh_CN", root, lists, path,
                {q.name: q for q in questions if q.repeat is None},
                {q.name: q for q in questions if q.in_repeat}, groups, repeat)
    form.repeats = {g.name: g for g in groups.values() if isinstance(g, Repeat)
                    and not g.is_members}
    form.repeat_fields = {q.name: q for q in questions
                          if q.repeat is not None and not q.in_repeat}
    before = len(loader.problems)
    form.default_order = loader.cycles(items)
    plan, cycles = build_plan(form)
    rows = {id(item): row for item, row in items}
    for cycle in cycles if len(loader.problems) == before else ():  # pragma: no cover - named above
        first, row = cycle[0], rows[id(cycle[0])]
        names = [n.name for n in cycle]
        column = "calculation" if isinstance(first, Question) and first.calculation else "relevant"
        loader.add(column, "循环引用：" + "、".join(names), "circular reference among: "
                   + ", ".join(names), "去掉其中一个引用", "remove one of the references", row=row)
    form.plan = plan
    form.warnings = sorted(loader.warnings, key=FormProblem.sort_key)
    form.languages = {**survey.languages,
                      **(sheets["choices"].languages if "choices" in sheets else {})}
    form.declared = tuple(k for k in ("form_id", "version")
                          if "settings" in sheets and sheets["settings"].rows
                          and sheets["settings"].rows[0].get(k))
    if loader.problems:
        error = FormError(loader.problems)
        error.warnings = form.warnings
        raise error
    return form
