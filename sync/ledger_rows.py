"""A ledger's rows turned into households (step 2 of sync/ledger_in.py, the preview).

Rows become households in one of two layouts. One row per person (the usual ledger, and what
`mopai ledger` writes): a row starts a new household when its 户编号 differs from the row above
(or, without a 户编号 column, its 户主姓名, or its 与户主关系 is 户主); a row with the
household's cells left blank belongs to the household above (the cells were merged, or filled
on the first member's row only). One row per household (a 户籍 list): no 姓名 column, the
head's name and ID number in 户主姓名 and 户主身份证号.

Each cell is converted under the mapping (sync/ledger_map.py) and each row's village found by
code or name; what does not fit is a `Problem` naming the sheet, row and column. Matching the
households with those the store holds is sync/ledger_in.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mopai.forms import ledger_terms
from mopai.forms.findings import CONFIRMATIONS
from mopai.forms.model import QType

from .ledger_map import Bad, Converter
from .ledger_read import column_letter, text_of
from .record import new_household, new_member

if TYPE_CHECKING:
    from .ledger_in import Ledger


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str          # "D 证件号码", or "" for the whole row
    code: str
    zh: str
    en: str
    value: str = ""

    def line(self) -> str:
        where = f"{self.sheet} 第 {self.row} 行" + (f" {self.column} 列" if self.column else "")
        return f"{where}：{self.zh}"


@dataclass(frozen=True)
class Overwrite:
    household_no: str
    who: str             # the person's name, or "户" for the household's own question
    question: str        # its label
    old: Any
    new: Any


@dataclass
class Planned:
    key: tuple[str, ...]
    village: str
    state: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    existing: dict[str, Any] | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    changed: bool = True
    head_name: str = ""
    member_rows: list[int] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.problems


class Builder:
    """The rows of one ledger turned into planned households, one row at a time in file
    order (`add_row`), with every problem by row and column; nothing is written."""

    def __init__(self, store: Any, ledger: Ledger, village: str | None) -> None:
        self.store, self.ledger, self.form = store, ledger, ledger.form
        self.village = village
        self.current = store.forms.current()  # once: each call asks the store
        self.convert = Converter(self.form, ledger.mapping)
        self.sheet = ledger.header.sheet
        cols = ledger.mapping.columns
        self.cols = [(i, t) for i, t in enumerate(cols) if t and t != ledger_terms.KNOWN]
        self.at = {t: i for i, t in self.cols}
        # the columns of each scope that hold answers to import, their questions looked up once
        self.scoped: dict[str, list[tuple[int, str, Any]]] = {}
        for scope in (ledger_terms.HOUSEHOLD, ledger_terms.MEMBER):
            self.scoped[scope] = [
                (i, t, q) for i, t in self.cols if t.startswith(scope)
                and (q := ledger_terms.question(self.form, t)) is not None
                and not q.is_derived and q.type.holds_answer]  # not 性别, 出生日期, 年龄

        self.person_rows = "member.name" in self.at
        self.households: dict[tuple[str, ...], Planned] = {}
        self.order: list[Planned] = []
        self.stray: list[Problem] = []
        self.unknown: dict[str, dict[str, int]] = {}
        self.people = 0
        self.names = names = store.sync.area_names()  # a village may know only its own
        self.by_name: dict[tuple[str, str], list[str]] = {}
        for code, name in names.items():
            if len(code) == 12:
                town = names.get(code[:9], "")
                self.by_name.setdefault(("", ledger_terms.loose(name)), []).append(code)
                self.by_name.setdefault((ledger_terms.loose(town), ledger_terms.loose(name)),
                                        []).append(code)

    def column(self, index: int) -> str:
        return f"{column_letter(index)} {self.ledger.header.titles[index]}"

    def problem(self, row: int, index: int | None, code: str, zh: str, en: str,
                value: Any = "") -> Problem:
        return Problem(self.sheet, row, self.column(index) if index is not None else "", code,
                       zh, en, text_of(value))

    def cell(self, row: tuple[Any, ...], target: str) -> Any:
        i = self.at.get(target)
        if i is None or i >= len(row):
            return None
        v = row[i]
        return None if v is None or (isinstance(v, str) and not v.strip()) else v

    # which village a row is in
    def village_of(self, number: int, row: tuple[Any, ...]) -> tuple[str | None, Problem | None]:
        raw = self.cell(row, ledger_terms.VILLAGE)
        text = text_of(raw) if raw is not None else ""
        if self.village is not None:
            if not text or text == self.village:
                return self.village, None
            known = self.names.get(self.village)
            if known is None or ledger_terms.loose(known) == ledger_terms.loose(text):
                return self.village, None
            return None, self.problem(
                number, self.at[ledger_terms.VILLAGE], "other_village",
                f"这一行是“{text}”的，不是本次导入的{known}", f"the row is of {text!r}, not "
                f"of village {self.village}", text)
        if not text:
            return None, self.problem(number, None, "no_village",
                                      "没有行政村：全县导入时每一行都要有行政村（名称或12位代码）",
                                      "no village: a county import needs each row's village")
        if text.isdigit() and len(text) == 12:
            return text, None
        town = text_of(self.cell(row, ledger_terms.TOWNSHIP) or "")
        codes = self.by_name.get((ledger_terms.loose(town), ledger_terms.loose(text))) or \
            self.by_name.get(("", ledger_terms.loose(text))) or []
        if len(codes) == 1:
            return codes[0], None
        zh = (f"行政村“{text}”在县里的区划名单中{'有重名，请加上乡镇列' if codes else '找不到'}")
        return None, self.problem(number, self.at[ledger_terms.VILLAGE], "unknown_village", zh,
                                  f"village {text!r} is {'ambiguous' if codes else 'unknown'}",
                                  text)

    def read_row(self, number: int, row: tuple[Any, ...], scope: str
                 ) -> tuple[dict[str, Any], list[Problem]]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for i, target, q in self.scoped[scope]:
            raw = row[i] if i < len(row) else None
            try:
                value = self.convert.value(target, q, raw)
            except Bad as bad:
                problems.append(self.problem(number, i, bad.code, bad.zh, bad.en, raw))
                if bad.code == "unknown_choice":  # asked once per spelling (the wizard)
                    seen = self.unknown.setdefault(target, {})
                    text = text_of(raw)
                    parts = ([text] if q.type != QType.SELECT_MULTIPLE
                             else ledger_terms.split_multiple(text))
                    for part in parts:
                        try:
                            self.convert.choice(target, q, part)
                        except Bad:
                            seen[part] = seen.get(part, 0) + 1
                continue
            if value is not None:
                values[q.name] = value
        return values, problems

    def start(self, key: tuple[str, ...], village: str, number: int) -> Planned:
        planned = self.households.get(key)
        if planned is None:
            form = self.current
            state = new_household({"village_code": village}, form_id=form.form_id,
                                  form_version=form.version)
            planned = Planned(key, village, state)
            self.households[key] = planned
            self.order.append(planned)
        planned.rows.append(number)
        return planned

    def add_row(self, number: int, row: tuple[Any, ...], current: Planned | None
                ) -> Planned | None:
        hfields, hproblems = self.read_row(number, row, ledger_terms.HOUSEHOLD)
        mfields, mproblems = self.read_row(number, row, ledger_terms.MEMBER)
        head = text_of(self.cell(row, ledger_terms.HEAD_NAME) or "")
        no = str(hfields.get("household_no") or "")
        relation = mfields.get("relation")
        household_reasons: dict[str, str] = {}
        person_reasons: dict[str, str] = {}
        said = self.cell(row, ledger_terms.REASONS)
        if said is not None:
            try:
                household_reasons, person_reasons = self.convert.reasons(said)
            except Bad as bad:
                mproblems.append(self.problem(number, self.at[ledger_terms.REASONS], bad.code,
                                              bad.zh, bad.en, said))
        if not hfields and not mfields and not head and not hproblems + mproblems:
            return current  # nothing of a household or a person: a note, a 序号-only line
        village, wrong = self.village_of(number, row)
        if not self.person_rows:  # one row per household: the head is the person
            mfields = {**mfields, "relation": "head"} if head else mfields
            if head:
                mfields["name"] = head
            head_id = self.cell(row, ledger_terms.HEAD_ID)
            if head_id is not None:
                try:
                    mfields["id_number"] = self.convert.value(
                        ledger_terms.HEAD_ID, self.form.member_fields["id_number"], head_id)
                except Bad as bad:
                    mproblems.append(self.problem(number, self.at[ledger_terms.HEAD_ID],
                                                  bad.code, bad.zh, bad.en, head_id))
        village = village or (current.village if current else "?")
        if no:
            key: tuple[str, ...] = (village, "no", no)
        elif not self.person_rows or (head and (current is None or head != current.head_name)):
            key = (village, "row", str(number)) if not head else (village, "head", head,
                                                                  str(number))
        elif relation == "head" or current is None:
            key = (village, "row", str(number)) if relation == "head" else ()
        else:
            key = current.key
        if not key:
            code = "member_before_household" if not self.order else "person_without_household"
            zh = ("第一户之前有成员行：这一行没有户编号或户主，属于哪一户不知道" if not self.order
                  else "这个人不属于任何一户：没有户编号、户主，上面也没有可以接续的户")
            self.stray.append(self.problem(number, None, code, zh,
                                           "a person row with no household to belong to"))
            return None
        planned = self.start(key, village, number)
        planned.head_name = planned.head_name or head
        if wrong is not None:
            planned.problems.append(wrong)
        planned.problems.extend(hproblems + mproblems)
        for name, value in hfields.items():
            planned.state["fields"].setdefault(name, value)
        for name, reason in household_reasons.items():
            planned.state.setdefault(CONFIRMATIONS, {}).setdefault(name, reason)
        if head and not relation and self.person_rows and mfields.get("name") == head:
            mfields["relation"] = "head"
        if mfields:
            if not mfields.get("name"):
                planned.problems.append(self.problem(number, self.at.get("member.name"),
                                                     "no_name", "这个人没有姓名",
                                                     "the person has no name"))
            member = new_member(mfields)
            if person_reasons:
                member[CONFIRMATIONS] = person_reasons
            planned.state["members"].append(member)
            planned.member_rows.append(number)
            self.people += 1
        elif person_reasons:
            planned.problems.append(self.problem(number, self.at[ledger_terms.REASONS],
                                                 "reason_without_person",
                                                 "这一行有成员的核实说明，却没有成员",
                                                 "a person's reason on a row with no person"))
        return planned
