"""XLSForm as pyxform reads it, and Mopai's answer to each part the loader does not build.

A county designer writes what they saw in ODK or KoboToolbox: the old spellings of types
(``select one from LIST``, ``select_one LIST or specify other``), types that need a phone
(``geopoint``, ``image``, ``barcode``), columns and settings for ODK Collect. The loader
turns a row into a question only for what Mopai does; everything else is here, with what
happens to it: spelled the one way (``canonical_type``), refused with the reason (row,
column, why, what to write instead), or warned about when Mopai can leave it aside without
changing an answer. Nothing is accepted and then silently ignored (docs/decisions.md 44).

The types and columns the loader builds (``time``, ``repeat_count`` …) never reach this
table: the loader matches them first (a column: once it is in ``sheets.SURVEY_COLUMNS``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .sheets import MEDIA_COLUMNS, SURVEY_COLUMNS


class Verdict(NamedTuple):
    """What Mopai does with a type, column or setting it does not build: ``refuse`` or
    ``warn``; the reason and what to write instead, in Chinese and English."""

    action: str
    zh: str
    en: str
    fix_zh: str = ""
    fix_en: str = ""


# -- types ---------------------------------------------------------------------------------
# pyxform's select aliases (aliases.select), longest first so "select one from" wins.
_SELECTS = {
    "add select one prompt using": "select_one", "add select multiple prompt using":
    "select_multiple", "select all that apply from": "select_multiple",
    "select one from": "select_one", "select all that apply": "select_multiple",
    "select multiple": "select_multiple", "select_multiple": "select_multiple",
    "select_one": "select_one", "select one": "select_one", "select1": "select_one",
}
_FROM_FILE = {"select_one_from_file": "select_one_from_file",
              "select one from file": "select_one_from_file",
              "select_multiple_from_file": "select_multiple_from_file",
              "select multiple from file": "select_multiple_from_file"}
_RE_SELECT = re.compile(
    r"^(?P<cmd>" + "|".join(re.escape(k) for k in _SELECTS) + r") (?P<list>\S+)"
    r"(?: (?P<other>or specify other|or_other|or other))?$", re.IGNORECASE)
_RE_FROM_FILE = re.compile(
    r"^(?P<cmd>" + "|".join(re.escape(k) for k in _FROM_FILE) + r") (?P<file>\S+)$",
    re.IGNORECASE)
_RE_CONTROL = re.compile(r"^(?P<edge>begin|end)[ _](?P<what>group|repeat|lgroup|looped group|loop)"
                         r"(?: (?:over )?(?P<list>\S+))?$", re.IGNORECASE)
# pyxform's _type_alias_map and the other names of its question type dictionary
# (question_type_dictionary.py), each to the one spelling the loader and this table use.
_TYPE_ALIASES = {
    **dict.fromkeys(("string", "q string", "add text prompt"), "text"),
    **dict.fromkeys(("int", "q int", "add integer prompt"), "integer"),
    **dict.fromkeys(("q decimal", "add decimal prompt"), "decimal"),
    **dict.fromkeys(("q date", "add date prompt"), "date"),
    **dict.fromkeys(("q note", "add note prompt"), "note"),
    **dict.fromkeys(("q calculate", "add calculate prompt"), "calculate"),
    **dict.fromkeys(("location", "q location", "gps", "add location prompt", "q geopoint"),
                    "geopoint"),
    "q geoshape": "geoshape", "q geotrace": "geotrace",
    **dict.fromkeys(("image", "q picture", "q image", "add image prompt", "add photo prompt"),
                    "photo"),
    **dict.fromkeys(("q audio", "add audio prompt"), "audio"),
    **dict.fromkeys(("q video", "add video prompt"), "video"),
    "add file prompt": "file",
    **dict.fromkeys(("q barcode", "add barcode prompt"), "barcode"),
    **dict.fromkeys(("q acknowledge", "add acknowledge prompt", "trigger"), "acknowledge"),
    **dict.fromkeys(("get phone number", "uri:phonenumber"), "phonenumber"),
    **dict.fromkeys(("get sim id", "sim id", "uri:simserial"), "simserial"),
    **dict.fromkeys(("subscriber id", "get subscriber id", "uri:subscriberid"), "subscriberid"),
    "uri:email": "email",
    **dict.fromkeys(("get start time", "start time"), "start"),
    **dict.fromkeys(("get end time", "end time"), "end"),
    "get today": "today",
    **dict.fromkeys(("imei", "device id", "get device id", "uri:deviceid"), "deviceid"),
    "uri:username": "username",
    **dict.fromkeys(("date time", "add date time prompt", "q date time", "add datetime prompt",
                     "q datetime"), "datetime"),
    "select one external": "select_one_external",
}


def canonical_type(raw: str) -> str:
    """The type as Mopai's loader spells it, from any spelling pyxform accepts.

    ``select one from yes_no`` -> ``select_one yes_no``; ``select_one yes_no or specify
    other`` -> ``select_one yes_no or_other``; ``begin group`` -> ``begin_group``; ``begin
    looped group`` -> ``begin_repeat``; ``add image prompt`` -> ``photo``. A list or file name
    keeps its case (pyxform matches list names exactly); the rest is lower case.
    """
    text = " ".join(raw.split())
    low = text.lower()
    if low in _TYPE_ALIASES:
        return _TYPE_ALIASES[low]
    control = _RE_CONTROL.match(text)
    if control:
        what = control["what"].lower()
        what = {"lgroup": "repeat", "looped group": "repeat"}.get(what, what)
        tail = f" {control['list']}" if control["list"] else ""
        return f"{control['edge'].lower()}_{what}{tail}"
    from_file = _RE_FROM_FILE.match(text)
    if from_file:
        return f"{_FROM_FILE[from_file['cmd'].lower()]} {from_file['file']}"
    select = _RE_SELECT.match(text)
    if select:
        other = " or_other" if select["other"] else ""
        return f"{_SELECTS[select['cmd'].lower()]} {select['list']}{other}"
    return low


_NO_GPS = Verdict("refuse", "需要 GPS 定位，村里的笔记本电脑没有 GPS",
                  "it needs a GPS position, and the village laptops have no GPS",
                  "改为 text 题，填写地点（如 村、组、门牌）", "use a text question for the place "
                  "(village, group, house number)")
_NO_FILES = Verdict("refuse", "需要拍照、录音、录像或附件；Mopai 只保存加密记录中的文字和数字，不保存文件",
                    "it needs a photo, recording or file; Mopai keeps text and numbers in the "
                    "encrypted record, never files", "删除该题，或改为 text 题记录说明",
                    "remove the question, or use a text question for a description")
_PHONE_META = Verdict("refuse", "这是手机 SIM 卡的信息，笔记本电脑上没有",
                      "it is read from a phone's SIM card, which a laptop does not have",
                      "删除该行；Mopai 自动记录设备和填报人", "remove the row; Mopai records the "
                      "device and the user itself")
REFUSED_TYPES: dict[str, Verdict] = {
    **dict.fromkeys(("geopoint", "geotrace", "geoshape", "start-geopoint",
                     "background-geopoint"), _NO_GPS),
    **dict.fromkeys(("photo", "audio", "video", "file", "background-audio"), _NO_FILES),
    **dict.fromkeys(("phonenumber", "simserial", "subscriberid", "email"), _PHONE_META),
    "barcode": Verdict("refuse", "需要摄像头扫码", "it needs a camera to scan the code",
                       "改为 text 题，手工录入编号", "use a text question and type the number"),
    "audit": Verdict("refuse", "这是 ODK 手机端的操作日志；Mopai 自己记录每次修改（谁、何时、在哪台设备）",
                     "it is ODK Collect's log of the phone; Mopai keeps its own history of every "
                     "change (who, when, which device)", "删除该行", "remove the row"),
    "osm": Verdict("refuse", "需要地图应用（OpenMapKit）", "it needs a map application (OpenMapKit)",
                   "改为 text 题", "use a text question"),
    "range": Verdict("refuse", "Mopai 不支持滑块题", "Mopai has no slider questions",
                     "改为 integer 或 decimal 题，用 constraint 限定范围（如 . >= 0 and . <= 10）",
                     "use integer or decimal with a constraint such as . >= 0 and . <= 10"),
    "rank": Verdict("refuse", "Mopai 不支持排序题", "Mopai has no ranking questions",
                    "改为若干道 select_one 题（第一、第二……）", "use several select_one questions "
                    "(first, second, …)"),
    "acknowledge": Verdict("refuse", "Mopai 不支持确认题", "Mopai has no acknowledge questions",
                           "改为 select_one yes_no", "use select_one yes_no"),
    "hidden": Verdict("refuse", "Mopai 不支持隐藏题", "Mopai has no hidden questions",
                      "改为 calculate 题", "use a calculate"),
    "xml-external": Verdict("refuse", "Mopai 不读取外部数据文件", "Mopai reads no external data "
                            "files", "删除该行", "remove the row"),
    "csv-external": Verdict("refuse", "Mopai 不读取外部数据文件", "Mopai reads no external data "
                            "files", "删除该行", "remove the row"),
    "select_one_external": Verdict("refuse", "外部选项（external_choices）需要另外的选项文件",
                                   "external selects need a separate itemsets file",
                                   "改为 select_one，用 choice_filter 做级联选择",
                                   "use select_one with a choice_filter for cascading choices"),
    **{kind: Verdict("refuse", "Mopai 没有带内置范围的题型", "Mopai has no types with a "
                     "built-in range", f"改为 {base}，加 constraint {rule}",
                     f"use {base} with the constraint {rule}")
       for kind, base, rule in (
           ("phone number", "text", "regex(., '^[0-9]*$')"),
           ("percentage", "integer", "0 <= . and . <= 100"),
           ("number of days in last month", "integer", "0 <= . and . <= 31"),
           ("number of days in last six months", "integer", "0 <= . and . <= 183"),
           ("number of days in last year", "integer", "0 <= . and . <= 365"))},
    "begin_loop": Verdict("refuse", "Mopai 不支持按选项循环（loop）", "Mopai has no loops over "
                          "choices", "改为 begin_repeat … end_repeat", "use begin_repeat … "
                          "end_repeat"),
}


def type_verdict(kind: str) -> Verdict | None:
    """Why a type the loader does not build is refused, or None for an unknown type."""
    base = kind.split(" ")[0]
    if kind in REFUSED_TYPES:  # the names of several words
        return REFUSED_TYPES[kind]
    if base in REFUSED_TYPES:
        return REFUSED_TYPES[base]
    if base.startswith("begin_loop"):
        return REFUSED_TYPES["begin_loop"]
    return None


# -- columns -------------------------------------------------------------------------------
_PRESENTATION = ("Mopai 不使用该列（只影响 ODK 手机端的显示），已忽略",
                 "Mopai does not use this column (it only changes how ODK Collect shows the "
                 "form); it is left aside")
_MEDIA = Verdict("warn", "Mopai 不显示图片、声音和视频，只显示文字标签",
                 "Mopai shows no images, sounds or videos, only the text label",
                 "保留文字标签", "keep a text label")
# Columns of the survey sheet pyxform knows and Mopai does not use; the key is the column's
# base (before ``::``).
SURVEY_COLUMN_VERDICTS: dict[str, Verdict] = {
    **dict.fromkeys(MEDIA_COLUMNS, _MEDIA),
    **dict.fromkeys(("guidance_hint", "autoplay", "rows", "body", "instance", "compact_tag",
                     "noapperrorstring", "sms_field", "sms_option", "sms_separator",
                     "sms_allow_media", "sms_date_format", "sms_datetime_format",
                     "sms_response"), Verdict("warn", *_PRESENTATION)),
    "save_to": Verdict("warn", "Mopai 不建立 ODK 实体（entities），该列已忽略",
                       "Mopai makes no ODK entities; the column is left aside"),
    "constraintmsg": Verdict("refuse", "pyxform 和 ODK 都不认这个旧列名，约束提示会丢失",
                             "pyxform and ODK ignore this old header, so the message would be "
                             "lost", "改为列标题 constraint_message",
                             "write the header constraint_message"),
    "jr:constraintmsg": Verdict("refuse", "pyxform 和 ODK 都不认这个旧列名，约束提示会丢失",
                                "pyxform and ODK ignore this old header, so the message would "
                                "be lost", "改为列标题 constraint_message",
                                "write the header constraint_message"),
}
# Headers pyxform knows: never taken for a typo of one of Mopai's.
KNOWN_ELSEWHERE = frozenset(SURVEY_COLUMN_VERDICTS)


def column_verdict(key: str) -> Verdict | None:
    """What becomes of a survey column the loader does not read (None: it reads it)."""
    base = key.partition("::")[0]
    if base in SURVEY_COLUMNS:
        return None
    if base in SURVEY_COLUMN_VERDICTS:
        return SURVEY_COLUMN_VERDICTS[base]
    return Verdict("warn", "Mopai 和 pyxform 都不认识这个列，已忽略",
                   "neither Mopai nor pyxform knows this column; it is left aside",
                   "如是笔误请改正列标题", "correct the header if it is a typo")


def choices_column_verdict(key: str) -> Verdict | None:
    """A choices column: media is warned about; every other column is kept for
    ``choice_filter`` (a bare name in the filter is that column of the choice)."""
    base = key.partition("::")[0]
    return _MEDIA if base in MEDIA_COLUMNS else None


# -- settings ------------------------------------------------------------------------------
_COLLECT = ("这是 ODK Collect 发送表单的设置；Mopai 用加密同步包传送数据，不使用它",
            "it is an ODK Collect sending setting; Mopai moves data in signed, encrypted "
            "bundles and does not use it")
SETTING_VERDICTS: dict[str, Verdict] = {
    **dict.fromkeys(("public_key", "submission_url", "auto_send", "auto_delete"),
                    Verdict("warn", *_COLLECT)),
    **dict.fromkeys(("style", "instance_name", "name", "prefix", "delimiter", "namespaces",
                     "instance_xmlns", "sms_keyword", "sms_separator", "sms_allow_media",
                     "sms_date_format", "sms_datetime_format", "sms_response", "client_editable",
                     "omit_instanceid", "entities_version"),
                    Verdict("warn", "Mopai 不使用该设置（只影响 ODK 的 XForm 或手机端），已忽略",
                            "Mopai does not use this setting (it only changes ODK's XForm or "
                            "Collect); it is left aside")),
}


def setting_verdict(key: str, value: str) -> Verdict | None:
    """What becomes of a settings column other than form_id, version, default_language and
    form_title; the ones whose value changes the answers are refused when they would."""
    base = key.partition("::")[0]
    yes = value.strip().lower() in ("yes", "true", "true()", "1")
    if base == "allow_choice_duplicates":
        return Verdict("refuse", "Mopai 按选项名称保存答案，同一列表中的重复名称无法区分",
                       "Mopai stores an answer by the choice's name; duplicate names in a list "
                       "could not be told apart", "删除该设置，并让每个列表的选项名称各不相同",
                       "remove the setting and give each choice of a list its own name") \
            if yes else None
    if base == "add_none_option":
        return Verdict("refuse", "Mopai 不会自动添加“无”选项", "Mopai does not add a 'none' "
                       "choice by itself", "在选项列表里添加 none 选项，并删除该设置",
                       "add a none choice to the list and remove the setting") if yes else None
    if base == "clean_text_values":
        return Verdict("warn", "Mopai 总是去掉单元格首尾的空白", "Mopai always trims the "
                       "blanks around a cell's text") if not yes and value else None
    if base in SETTING_VERDICTS:
        return SETTING_VERDICTS[base]
    return Verdict("warn", "Mopai 和 pyxform 都不认识这个设置，已忽略",
                   "neither Mopai nor pyxform knows this setting; it is left aside",
                   "如是笔误请改正列标题", "correct the header if it is a typo")


# -- appearance ----------------------------------------------------------------------------
# ODK's appearances (docs.getodk.org/form-question-types; pyxform passes the cell through,
# word by word): what the editor honours, by the question's type; what only changes how ODK
# Collect shows a question (warned about: the answer is the same typed here); what takes
# the answer from elsewhere (refused). Decision 67.
HONOURED_APPEARANCES: dict[str, frozenset[str]] = {
    "date": frozenset({"month-year", "year"}),       # stored as ODK stores them (…-01, -01-01)
    "text": frozenset({"numbers"}),                  # digits, sign, point and spaces only
    "calculate": frozenset({"show"}),                # Mopai's: shown, read-only
}
DISPLAY_APPEARANCES = frozenset({
    # selects
    "minimal", "quick", "horizontal", "horizontal-compact", "compact", "quickcompact",
    "columns", "columns-pack", "no-buttons", "label", "list-nolabel", "list", "likert",
    "autocomplete", "map", "image-map",
    # groups
    "field-list", "table-list",
    # text, numbers, dates
    "multiline", "numbers", "masked", "url", "thousands-sep", "counter", "rating", "distress",
    "bearing", "no-calendar", "ethiopian", "coptic", "islamic", "bikram-sambat", "myanmar",
    "persian", "printer", "hidden-answer",
    # what other types take (refused or warned about there; harmless words here)
    "signature", "draw", "annotate", "new", "new-front", "selfie", "placement-map", "maps",
    "vertical", "no-ticks", "picker", "spinner",
})
_DISPLAY_PATTERN = re.compile(r"^(?:columns-\d+|compact-\d+|w\d+)$")
_DISPLAY = Verdict("warn", "只改变 ODK 手机端的显示方式；Mopai 用自己的输入框，答案不变，已忽略",
                   "it only changes how ODK Collect shows the question; Mopai uses its own "
                   "input and the answer is the same; it is left aside")
_EXTERNAL_APP = Verdict("warn", "要调用手机上的其他应用；在 Mopai 中直接输入答案，已忽略",
                        "it calls another Android app; in Mopai the answer is typed; it is "
                        "left aside")
_SEARCH = Verdict("refuse", "search() 从外部 CSV 文件取选项，Mopai 不这样取选项",
                  "search() takes the choices from an external CSV file, which Mopai does not do",
                  "改用题型 select_one_from_file 文件名，需要筛选时写 choice_filter",
                  "use the type select_one_from_file FILE, with a choice_filter to narrow it")
_UNKNOWN_APPEARANCE = Verdict("warn", "Mopai 和 ODK 都不认识这个外观，已忽略",
                              "neither Mopai nor ODK knows this appearance; it is left aside",
                              "如是笔误请改正", "correct it if it is a typo")


def appearance_verdicts(value: str, kind: str) -> list[tuple[str, Verdict]]:
    """A verdict for each word of an ``appearance`` cell on a row of type ``kind`` (``date``,
    ``select_one``, ``begin_group`` …) that the editor does not honour there."""
    if re.search(r"\bsearch\s*\(", value):
        return [(value.strip(), _SEARCH)]
    found: list[tuple[str, Verdict]] = []
    for word in value.split():
        token = word.lower()
        if token in HONOURED_APPEARANCES.get(kind, ()):
            continue
        owners = [k for k, words in HONOURED_APPEARANCES.items() if token in words]
        if owners and token not in DISPLAY_APPEARANCES:
            found.append((word, Verdict(
                "warn", f"只用于 {'、'.join(owners)} 题，对这一题无作用，已忽略",
                f"it applies to {', '.join(owners)} questions only; here it does nothing and "
                "is left aside")))
        elif token.startswith("ex:"):
            found.append((word, _EXTERNAL_APP))
        elif token in DISPLAY_APPEARANCES or _DISPLAY_PATTERN.match(token):
            found.append((word, _DISPLAY))
        else:
            found.append((word, _UNKNOWN_APPEARANCE))
    return found
