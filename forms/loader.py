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

from .defaults import is_dynamic, static_value
from .errors import FormError, FormProblem
from .expr_eval import Expression, Scope, compile_expression
from .expr_parser import Call, ExprError, walk
from .listfiles import FILE_NAME, choices_of, read_list_file
from .model import Choice, ChoiceList, Form, Group, QType, Question, Repeat, Text, language_key
from .output import references as output_references
from .settings import SETTING_NAMES
from .sheets import (
    CHOICES_COLUMNS,
    SETTINGS_COLUMNS,
    SURVEY_COLUMNS,
    TEXT_COLUMNS,
    Row,
    Sheet,
    check_columns,
    read_workbook,
)
from .state import build_plan, topological
from .upgrade import is_version
from .xlsform import (
    KNOWN_ELSEWHERE,
    Verdict,
    canonical_type,
    choices_column_verdict,
    column_verdict,
    setting_verdict,
    type_verdict,
)

# An XML name as pyxform accepts it (letters, digits, _, - and .; not starting with a digit,
# - or .): the name is an element of ODK's XForm, and a key of Mopai's record.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_YES = {"yes", "true", "1", "true()", "是"}
_NO = {"no", "false", "0", "false()", "否", ""}
_MARKERS = {"begin_group", "end_group", "begin_repeat", "end_repeat"}
_SIMPLE = {t.value.lower(): t for t in QType if not t.is_select}
# Groups and repeats inside each other, at most (the form's tree is walked recursively; ODK's
# own forms use a handful of levels). The one place this limit is kept.
MAX_GROUP_DEPTH = 50
_OR_OTHER = re.compile(r"(select_one|select_multiple) (\S+) or_other")  # canonical_type's spelling
# pyxform's labels of what or_other adds ("Other", "Specify other."), with the Chinese ones.
OTHER_CHOICE = Text("其他", "Other")
OTHER_QUESTION = Text("请注明其他", "Specify other.")
_TYPES_LISTED = ("text integer decimal date time dateTime select_one select_multiple "
                 "select_one_from_file select_multiple_from_file note calculate id_number "
                 "start end today deviceid username begin_group end_group begin_repeat end_repeat")


def _problem(row: Row, column: str, zh: str, en: str, fix_zh: str = "", fix_en: str = ""
             ) -> FormProblem:
    return FormProblem(row.sheet, row.number, row.column(column), zh, en, fix_zh, fix_en)


class _Loader:
    def __init__(self) -> None:
        self.problems: list[FormProblem] = []
        self.warnings: list[FormProblem] = []
        self.lang = "zh"
        self.too_deep = False
        self.labels_outside: dict[str, dict[str, str]] = {}
        self.labels_inside: dict[str, dict[str, str]] = {}
        self.embedded: dict[str, list[list[str]]] = {}   # list files inside the workbook
        self.folder: Path | None = None                   # where list files lie beside it
        self.file_lists: dict[tuple[str, str, str, bool], ChoiceList | None] = {}

    def add(self, *args: str, row: Row) -> None:
        self.problems.append(_problem(row, *args))

    def verdict(self, verdict: Verdict, sheet: str, row: int, column: str, what: tuple[str, str]
                ) -> None:
        """A refusal or a warning for something Mopai does not build (forms/xlsform.py);
        ``what`` names it, in Chinese and English."""
        problem = FormProblem(sheet, row, column, f"{what[0]}：{verdict.zh}",
                              f"{what[1]}: {verdict.en}", verdict.fix_zh, verdict.fix_en)
        (self.problems if verdict.action == "refuse" else self.warnings).append(problem)

    # -- settings and choices ---------------------------------------------------------
    def settings(self, sheet: Sheet | None, fallback_id: str, modified: str
                 ) -> tuple[str, str, str, Text]:
        """form_id, version, default_language and title. Without a settings sheet (or a
        value in it) the id is the file's name and the version its date, as pyxform does;
        a warning says so, because a form that travels must carry both (decision 44)."""
        row = (sheet.rows[0] if sheet and sheet.rows
               else Row("settings", 2, {}, sheet.headers if sheet else {}))
        form_id, version = row.get("form_id"), row.get("version")
        if not form_id:
            form_id = fallback_id
            self.warnings.append(FormProblem(
                "settings", row.number, "form_id", f"没有设置 form_id，问卷编号取文件名“{form_id}”",
                f"no form_id is set; the form id is the file's name, {form_id!r}",
                "在 settings 表填写 form_id（发布问卷时必须填写，且与正在使用的问卷相同）",
                "fill in form_id in the settings sheet (publishing needs it, equal to the form "
                "in use)"))
        if not version:
            version = modified
            self.warnings.append(FormProblem(
                "settings", row.number, "version", f"没有设置 version，版本号取文件保存时间“{version}”",
                f"no version is set; the version is the time the file was saved, {version!r}",
                "在 settings 表填写 version（发布问卷时必须填写）",
                "fill in version in the settings sheet (publishing needs it)"))
        elif not is_version(version):
            self.problems.append(FormProblem(
                "settings", row.number, row.column("version"), f"版本号“{version}”无法比较新旧",
                f"the version {version!r} cannot be ordered",
                "版本号用数字和点，如 2026.2（发布新版时必须比当前版本大）",
                "use numbers joined by dots such as 2026.2 (a new version must be larger)"))
        language = row.get("default_language") or "zh_CN"
        self.lang = language_key(language)
        for key in row.cells:
            if key.partition("::")[0] not in SETTINGS_COLUMNS:
                verdict = setting_verdict(key, row.get(key))
                if verdict:
                    self.verdict(verdict, "settings", row.number, row.column(key),
                                 (f"设置“{row.column(key)}”", f"the setting {row.column(key)!r}"))
        return form_id, version, language, row.text("form_title", self.lang)

    def choices(self, sheet: Sheet) -> dict[str, ChoiceList]:
        lists: dict[str, list[Choice]] = {}
        seen: dict[tuple[str, str], int] = {}
        for row in sheet.rows:
            list_name, name = row.get("list_name"), row.get("name")
            if not list_name:
                self.add("list_name", "选项缺少列表名", "choice without a list name",
                         "填写 list_name", "fill in list_name", row=row)
                continue
            if not name:
                self.add("name", "选项缺少名称", "choice without a name",
                         "填写英文名称（如 yes）", "fill in an ASCII name such as yes", row=row)
                continue
            label = row.text("label", self.lang)
            if not label:  # pyxform warns; the choice is shown by its name
                self.warnings.append(_problem(
                    row, "label", f"选项“{name}”缺少标签，显示其名称", f"choice {name!r} has no "
                    "label; its name is shown", "填写标签", "fill in the label"))
                label = Text(**{"zh" if self.lang == "zh" else "en": name}) \
                    if self.lang in ("zh", "en") else Text(more=((self.lang, name),))
            if (list_name, name) in seen:
                self.add("name", f"列表“{list_name}”中选项“{name}”重复（第{seen[list_name, name]}行已有）",
                         f"choice {name!r} repeats in list {list_name!r} (first in row "
                         f"{seen[list_name, name]})", "改用不同的名称", "use a different name",
                         row=row)
                continue
            seen[list_name, name] = row.number
            extra = {k: v for k, v in row.cells.items()
                     if k.partition("::")[0] not in CHOICES_COLUMNS}
            lists.setdefault(list_name, []).append(Choice(name, label, row.number, extra))
        return {name: ChoiceList(name, tuple(items)) for name, items in lists.items()}

    # -- the survey tree ----------------------------------------------------------------
    def survey(self, sheet: Sheet, lists: dict[str, ChoiceList]
               ) -> tuple[list[Question | Group], list[tuple[Question | Group, Row]]]:
        root: list[Question | Group] = []
        stack: list[tuple[Group, Row]] = []
        items: list[tuple[Question | Group, Row]] = []
        # a name may be used once for the household and once inside the repeat (domain.md
        # has both a household and a member ``phone``); group names must be unique overall
        seen: dict[str, dict[str, int]] = {"household": {}, "member": {}, "group": {}}
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
            if isinstance(item, Repeat):
                repeats += 1
                if repeats > 1 or in_repeat:
                    self.add("type", "问卷只能有一个重复组（家庭成员）",
                             "the form may have only one repeat (the household members)",
                             "删除多余的 begin_repeat", "remove the extra begin_repeat", row=row)
            if isinstance(item, Group):
                clash = [seen[k][item.name] for k in seen if item.name in seen[k]]
                level = "group"
            else:
                level = "member" if in_repeat else "household"
                clash = [seen[k][item.name] for k in (level, "group") if item.name in seen[k]]
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

    def or_other(self, rows: list[Row], lists: dict[str, ChoiceList]) -> list[Row]:
        """The survey rows with ``select_one LIST or_other`` read as pyxform does: the list
        gains a choice ``other`` (for every question using it, as pyxform's shared itemset)
        and a text question ``NAME_other`` follows, asked when ``other`` is chosen."""
        out: list[Row] = []
        for row in rows:
            match = _OR_OTHER.fullmatch(canonical_type(row.get("type")))
            if match is None:
                out.append(row)
                continue
            base, list_name, name = match.group(1), match.group(2), row.get("name")
            cells = {**row.cells, "type": f"{base} {list_name}"}
            out.append(Row(row.sheet, row.number, cells, row.headers))
            if row.get("choice_filter"):
                self.add("choice_filter", "or_other 不能与 choice_filter 同用",
                         "choice_filter is not supported with or_other (as in pyxform)",
                         "删除 or_other，在列表中加入选项 other 并自行添加“请注明”题",
                         "remove or_other; add a choice other and a text question yourself",
                         row=row)
                continue
            found = lists.get(list_name)
            if found is not None and "other" not in found:
                lists[list_name] = ChoiceList(list_name, (*found.choices, Choice(
                    "other", Text(OTHER_CHOICE.zh, OTHER_CHOICE.en), row.number)))
            if name and NAME.fullmatch(name):
                out.append(Row(row.sheet, row.number, {
                    "type": "text", "name": f"{name}_other", "label::zh": OTHER_QUESTION.zh,
                    "label::en": OTHER_QUESTION.en, "relevant": f"selected(${{{name}}}, 'other')",
                }, row.headers))
        return out

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

    def file_list(self, row: Row, file: str, multiple: bool) -> ChoiceList | None:
        """The choices of ``select_*_from_file FILE`` (forms/listfiles.py): the sheet the
        published workbook embeds, else the file beside the workbook; ``parameters``
        ``value=`` / ``label=`` name its columns, as in pyxform."""
        params = dict(p.partition("=")[::2] for p in re.split(r"[\s,;]+", row.get("parameters"))
                      if "=" in p)
        value, label = params.get("value", "name"), params.get("label", "label")
        key = (file.lower(), value, label, multiple)
        if key in self.file_lists:
            return self.file_lists[key]
        self.file_lists[key] = None
        if not FILE_NAME.fullmatch(file):
            self.add("type", f"列表文件名“{file}”不可用", f"the list file name {file!r} cannot "
                     "be used", "用 .csv 或 .xlsx 文件，文件名只用英文字母、数字、_ 和 -（不超过26个字符）",
                     "use a .csv or .xlsx file named with letters, digits, _ and - (at most 26)",
                     row=row)
            return None
        rows = self.embedded.get(file.lower())
        if rows is None:
            path = self.folder / file if self.folder is not None else None
            if path is None or not path.is_file():
                self.add("type", f"找不到列表文件“{file}”", f"the list file {file!r} is not found",
                         "把列表文件放在问卷工作簿旁边（发布时会一并保存进问卷）",
                         "put the file beside the workbook (publishing keeps it in the form)",
                         row=row)
                return None
            rows, problems = read_list_file(path)
            self.problems += problems
            if rows is None:
                return None
        found, problems = choices_of(file, rows, value, label, multiple)
        self.problems += problems
        if problems:
            return None
        items = []
        for number, (name, zh, en, extra) in enumerate(found, start=2):
            if self.lang == "en" and not en:
                zh, en = "", zh                   # a bare label is the default language's
            items.append(Choice(name, Text(zh, en), number, extra))
        self.file_lists[key] = ChoiceList(file, tuple(items))
        return self.file_lists[key]

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

    def flag(self, row: Row, column: str, expr_ok: bool = False) -> bool | None:
        value = row.get(column).lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        if expr_ok:
            return None  # an expression, compiled in pass two
        self.add(column, f"“{column}”只能填 yes 或 no", f"{column} must be yes or no",
                 "填 yes 或留空", "write yes or leave it empty", row=row)
        return False

    # -- pass two: expressions ----------------------------------------------------------
    def expressions(self, items: list[tuple[Question | Group, Row]]) -> None:
        outside: dict[str, Scope] = {}
        for item, _ in items:
            if isinstance(item, Repeat):
                outside[item.name] = Scope.REPEAT
            elif isinstance(item, Group):
                outside[item.name] = Scope.GROUP
            elif item.in_repeat:
                outside.setdefault(item.name, Scope.MEMBER)
            else:
                outside[item.name] = Scope.HOUSEHOLD
        inside = dict(outside)
        inside.update({i.name: Scope.MEMBER for i, _ in items
                       if isinstance(i, Question) and i.in_repeat})
        self.labels_outside, self.labels_inside = self.choice_labels(items)
        for item, row in items:
            in_repeat = item.in_repeat if isinstance(item, Question) else _group_in_repeat(item)
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
                      ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        """Each select question's choice labels in the form's language, for jr:choice-name():
        as seen from the household, and from inside the repeat (a member's question first)."""
        outside: dict[str, dict[str, str]] = {}
        inside: dict[str, dict[str, str]] = {}
        lang = "zh_CN" if self.lang == "zh" else "en"
        for q, _ in items:
            if isinstance(q, Question) and q.choices is not None:
                labels = {c.name: c.label.get(lang) for c in q.choices.choices}
                if q.in_repeat:
                    outside.setdefault(q.name, labels)
                    inside[q.name] = labels
                else:
                    outside[q.name] = labels
                    inside.setdefault(q.name, labels)
        return outside, inside

    def trigger(self, q: Question, row: Row, scopes: dict[str, Scope], in_repeat: bool
                ) -> tuple[str, ...]:
        """The ``trigger`` cell: one or more ``${name}``, comma-separated (as pyxform reads it)."""
        names: list[str] = []
        for part in row.get("trigger").split(","):
            match = re.fullmatch(r"\$\{([^}]*)\}", part.strip())
            if match is None:
                self.add("trigger", f"trigger 应写成 ${{题目名}}，多个用逗号分隔（“{part.strip()}”）",
                         f"a trigger is one or more ${{name}}, comma-separated ({part.strip()!r})",
                         "写成 ${题目名}", "write ${name}", row=row)
                continue
            name = match.group(1)
            try:
                compile_expression(f"${{{name}}}", scopes, in_repeat=in_repeat)
            except ExprError as exc:
                self.add("trigger", f"trigger：{exc.zh}", f"trigger: {exc.en}",
                         "改正题目名称", "correct the name", row=row)
                continue
            if name == q.name:
                self.add("trigger", "题目不能由自己触发", f"{name!r} cannot trigger itself",
                         "改为另一道题", "name another question", row=row)
            elif name not in names:
                names.append(name)
        return tuple(names)

    def outputs(self, row: Row, scopes: dict[str, Scope], in_repeat: bool) -> None:
        """``${name}`` in a label, hint or message (ODK's output) must name a question in reach,
        as in an expression (forms/output.py fills them)."""
        for key, text in row.cells.items():
            if key.partition("::")[0] not in TEXT_COLUMNS or "${" not in text:
                continue
            for name, position in output_references(text):
                try:
                    compile_expression(f"${{{name}}}", scopes, in_repeat=in_repeat)
                except ExprError as exc:
                    self.add(key, f"第{position}个字符处：{exc.zh}（{text}）",
                             f"at character {position}: {exc.en} ({text})",
                             "改正 ${} 中的题目名称", "correct the name inside ${}", row=row)

    def default(self, q: Question, row: Row, scopes: dict[str, Scope], in_repeat: bool) -> None:
        """A dynamic default is compiled (evaluated once when the question is created); a
        literal one must be an answer of the question's type (forms/defaults.py)."""
        text = row.get("default")
        if not text:
            return
        if is_dynamic(text, q.type):
            q.default_expr = self.compile(row, "default", scopes, in_repeat)
            return
        value, why = static_value(q, text)
        if why is not None:
            self.add("default", f"默认值“{text}”不适用于“{q.name}”的题型 {q.type.value}",
                     f"the default of {q.name!r} does not fit its type {q.type.value}: {why}",
                     "改正默认值，或留空", "correct the default or clear it", row=row)
        else:
            q.default_value = value

    def cycles(self, items: list[tuple[Question | Group, Row]]) -> list[Question] | None:
        """Refuse self-references and cycles, naming them: among calculations, relevance and
        required (each value needs the others first: ODK refuses these too), among dynamic
        defaults (each is evaluated once, after those it refers to) and among choice
        filters. A constraint gives no value, so it cannot close a cycle: ``${a}`` in a's own
        constraint is its answer, like ``.``. Returns the dynamic defaults in evaluation order."""
        nodes = [item for item, _ in items if not isinstance(item, Repeat)]
        rows = {id(item): row for item, row in items}
        where = {id(n): i for i, n in enumerate(nodes)}
        level: dict[tuple[bool, str], int] = {}
        for i, n in enumerate(nodes):
            level.setdefault((_item_in_repeat(n), n.name), i)

        def target(n: Question | Group, name: str) -> int | None:
            inside = _item_in_repeat(n)
            return level.get((inside, name), level.get((not inside, name)))

        value_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        default_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        filter_edges: list[list[tuple[int, str]]] = [[] for _ in nodes]
        for i, n in enumerate(nodes):
            if n.parent is not None and not isinstance(n.parent, Repeat):
                value_edges[i].append((where[id(n.parent)], "relevant"))
            exprs: list[tuple[str, Expression | None]] = [("relevant", n.relevant)]
            if isinstance(n, Question):
                exprs += [("calculation", n.calculation), ("required", n.required_if)]
            for column, expr in exprs:
                for name in expr.refs if expr is not None else ():
                    j = target(n, name)
                    if j is not None:
                        value_edges[i].append((j, column))
            if isinstance(n, Question) and n.default_expr is not None:
                for name in n.default_expr.refs:
                    j = target(n, name)
                    if j is not None and (j == i or (isinstance(nodes[j], Question)
                                                     and nodes[j].default_expr is not None)):
                        default_edges[i].append((j, "default"))
            if isinstance(n, Question) and n.choice_filter is not None:
                for name in n.choice_filter.refs:
                    j = target(n, name)
                    if j is not None and (j == i or (isinstance(nodes[j], Question)
                                                     and nodes[j].choice_filter is not None)):
                        filter_edges[i].append((j, "choice_filter"))
        for edges in (value_edges, default_edges, filter_edges):
            for cycle in _find_cycles(edges):
                first, column = cycle[0]
                names = [f"{nodes[i].name}（第{rows[id(nodes[i])].number}行）" for i, _ in cycle]
                names_en = [f"{nodes[i].name} (row {rows[id(nodes[i])].number})" for i, _ in cycle]
                lead = nodes[first].name
                self.add(column, "循环引用：" + " → ".join([*names, lead]),
                         "circular reference: " + " → ".join([*names_en, lead]),
                         "去掉其中一个引用（检查答案用 . 表示本题）",
                         "remove one of the references (use . for the answer itself)",
                         row=rows[id(nodes[first])])
        order = _topological(default_edges)
        return [q for i in order if isinstance(q := nodes[i], Question)
                and q.default_expr is not None]

    def compile(self, row: Row, column: str, scopes: dict[str, Scope], in_repeat: bool,
                allow_bare: bool = False) -> Expression | None:
        source = row.get(column)
        if not source:
            return None
        try:
            return compile_expression(source, scopes, in_repeat=in_repeat, allow_bare=allow_bare,
                                      setting_names=SETTING_NAMES,
                                      choice_labels=self.labels_inside if in_repeat
                                      else self.labels_outside)
        except ExprError as exc:
            at = f"第{exc.position}个字符处" if exc.position else ""
            self.add(column, f"表达式错误{at}：{exc.zh}（{source}）",
                     f"bad expression{f' at character {exc.position}' if exc.position else ''}: "
                     f"{exc.en} ({source})", "改正表达式，引用题目写成 ${名称}",
                     "correct the expression; refer to questions as ${name}", row=row)
            return None


def _item_in_repeat(item: Question | Group) -> bool:
    return item.in_repeat if isinstance(item, Question) else _group_in_repeat(item)


def _find_cycles(edges: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Each distinct cycle once, as ``[(node, column of its reference to the next), …]``
    (iterative depth-first search; a self-reference is a cycle of one)."""
    state = [0] * len(edges)          # 0 new, 1 on the path, 2 done
    found: list[list[tuple[int, str]]] = []
    seen: set[frozenset[int]] = set()
    for start in range(len(edges)):
        if state[start]:
            continue
        stack: list[tuple[int, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, k = stack[-1]
            if k < len(edges[node]):
                stack[-1] = (node, k + 1)
                nxt, column = edges[node][k]
                if state[nxt] == 1:
                    on_path = [n for n, _ in stack]
                    at = on_path.index(nxt)
                    cycle = [(n, edges[n][kk - 1][1]) for n, kk in stack[at:]]
                    if frozenset(n for n, _ in cycle) not in seen:
                        seen.add(frozenset(n for n, _ in cycle))
                        found.append(cycle)
                elif state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                stack.pop()
    return found


def _topological(edges: list[list[tuple[int, str]]]) -> list[int]:
    """Nodes after what they refer to, in workbook order otherwise (cycles left out)."""
    return topological([{j for j, _ in e} for e in edges])


def _group_in_repeat(group: Group) -> bool:
    node = group.parent
    while node is not None:
        if isinstance(node, Repeat):
            return True
        node = node.parent
    return False


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
    itself (a published form), else from ``folder`` (default: the workbook's own folder)."""
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
    repeat = next((g for g in groups.values() if isinstance(g, Repeat)), None)
    path = Path(source) if isinstance(source, str | Path) else None
    form = Form(form_id, version, title, language or "zh_CN", root, lists, path,
                {q.name: q for q in questions if not q.in_repeat},
                {q.name: q for q in questions if q.in_repeat}, groups, repeat)
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
