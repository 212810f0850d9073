"""The loader's lists (forms/loader.py): the settings sheet, the choices sheet, ``or_other``
as pyxform reads it, and the list files of ``select_*_from_file`` (forms/listfiles.py)."""

from __future__ import annotations

import re

from .errors import FormProblem
from .listfiles import FILE_NAME, choices_of, read_list_file
from .loader_base import NAME, LoaderBase, _problem
from .model import Choice, ChoiceList, Text, language_key
from .sheets import CHOICES_COLUMNS, SETTINGS_COLUMNS, Row, Sheet
from .upgrade import is_version
from .xlsform import canonical_type, setting_verdict

_OR_OTHER = re.compile(r"(select_one|select_multiple) (\S+) or_other")  # canonical_type's spelling
# pyxform's labels of what or_other adds ("Other", "Specify other."), with the Chinese ones.
OTHER_CHOICE = Text("其他", "Other")
OTHER_QUESTION = Text("请注明其他", "Specify other.")


class ListsPart(LoaderBase):
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

