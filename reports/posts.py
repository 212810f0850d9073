"""公益性岗位 checks (issue 22; seed 004: 坚决杜绝挂岗、替岗、一人多岗): across the county's
households, each with its own rule code (docs/forms.md "公益性岗位 checks").

The form records a post as a member's 就业状态 = 公益性岗位 (``public_post``), with the post's
type in 公益性岗位类型; a post holder is such a member of a current household. The rules:

- ``post_multiple`` (一人多岗): the same ID number holds a post in two or more households
  (in one village or several);
- ``post_absent`` (挂岗): a post holder recorded at the same time as 外出务工 or working
  outside the county (务工地域 县外省内 / 省外 / 国外) — in the same record or in another
  household's record of the same ID number;
- ``post_age`` : a post holder whose age today is outside the county's band
  (`post_age_min`–`post_age_max`, 16–65 by default);
- ``post_capacity``: a post holder without labour capacity (丧失劳动力 / 无劳动力);
- ``post_substitute`` (替岗 suspicion): a post holder whose phone spot check was reached and
  heard another 就业状态 than the one recorded;
- ``post_per_household``: a household with more post holders than the county allows
  (`posts_per_household`, 1 by default).

Every finding is a warning (`forms.Finding`): it asks someone to look, it does not stop a save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mopai import forms
from mopai.forms import idnumber
from mopai.forms.findings import WARNING, Finding

PUBLIC_POST = "public_post"
MIGRANT = "migrant"
OUT_OF_COUNTY = ("in_province", "out_of_province", "abroad")
NO_CAPACITY = ("lost", "none")
POSTS = "p"  # the kept report facts' village kind listing post holders (reports/facts.py)
RULES = {"post_multiple": "一人多岗", "post_absent": "挂岗", "post_age": "年龄不符",
         "post_capacity": "无劳动能力", "post_substitute": "替岗嫌疑",
         "post_per_household": "一户多岗"}


@dataclass(frozen=True)
class PostFinding:
    household: dict[str, Any]      # the record (its fields name it: village, 户编号)
    finding: Finding
    name: str = ""
    id_number: str = ""

    @property
    def rule_zh(self) -> str:
        return RULES[self.finding.code]


def _id(fields: dict[str, Any]) -> str:
    number = fields.get("id_number")
    return idnumber.normalize(str(number)) if number else ""


def _where(record: dict[str, Any]) -> str:
    f = record["fields"]
    return f"{f.get('village_code', '')}-{f.get('household_no', '')}"


def check(records: Iterable[dict[str, Any]], settings: forms.CountySettings,
          calls: Iterable[dict[str, Any]] = (), *, today: dt.date | None = None
          ) -> list[PostFinding]:
    """Every 公益岗 finding, in household order then rule; `calls` are the phone spot
    checks' recorded calls (store.spotchecks.calls()). `records` is read once (the summary
    workbook runs this over a county): the ID numbers of post holders and of those working
    away are noted, and only the households holding a post are kept to check."""
    today = today or settings.today()
    holders: dict[str, list[tuple[str, str]]] = {}   # ID number -> (record uuid, where)
    away: dict[str, list[tuple[str, str]]] = {}
    with_posts: list[dict[str, Any]] = []
    for record in records:
        held = False
        for member in record.get("members", []):
            m, pid = member["fields"], _id(member["fields"])
            held = held or m.get("employment_status") == PUBLIC_POST
            if not pid:
                continue
            if m.get("employment_status") == PUBLIC_POST:
                holders.setdefault(pid, []).append((record["uuid"], _where(record)))
            if m.get("employment_status") == MIGRANT or m.get("work_region") in OUT_OF_COUNTY:
                away.setdefault(pid, []).append((record["uuid"], _where(record)))
        if held:
            with_posts.append(record)
    heard_otherwise = {c["member_uuid"] for c in calls if c["outcome"] == "reached"
                       and c["answers"].get("employment_status", {}).get("agree") is False}
    out: list[PostFinding] = []

    def add(record: dict[str, Any], i: int | None, code: str, zh: str, en: str,
            field: str | None = "employment_status") -> None:
        member = record["members"][i] if i is not None else None
        f = member["fields"] if member else {}
        out.append(PostFinding(record, Finding(
            code, WARNING, i, member["uuid"] if member else None, field,
            f"{RULES[code]}：{zh}", f"{code}: {en}"), str(f.get("name") or ""),
            _id(f) if member else ""))

    for record in with_posts:
        posts = []
        for i, member in enumerate(record.get("members", [])):
            m = member["fields"]
            if m.get("employment_status") != PUBLIC_POST:
                continue
            posts.append(i)
            pid = _id(m)
            others = [w for u, w in holders.get(pid, []) if u != record["uuid"]]
            if pid and others:
                places = "、".join(sorted(set(others)))
                add(record, i, "post_multiple", f"同一证件号码在 {places} 也是公益性岗位人员",
                    f"the same ID number also holds a post in {places}", "id_number")
            if m.get("work_region") in OUT_OF_COUNTY:
                add(record, i, "post_absent", "公益性岗位人员的务工地域在县外",
                    "a post holder recorded as working outside the county", "work_region")
            elsewhere = [w for u, w in away.get(pid, []) if u != record["uuid"]]
            if pid and elsewhere:
                places = "、".join(sorted(set(elsewhere)))
                add(record, i, "post_absent",
                    f"同一证件号码在 {places} 记录为外出务工或县外务工",
                    f"the same ID number is recorded in {places} as working away or outside "
                    "the county", "id_number")
            born = idnumber.birth_date(pid) if pid else None
            age = idnumber.age_at(born, today) if born else None
            if age is not None and not settings.post_age_min <= age <= settings.post_age_max:
                add(record, i, "post_age",
                    f"{age} 岁，不在 {settings.post_age_min}—{settings.post_age_max} 岁之间",
                    f"aged {age}, outside {settings.post_age_min}-{settings.post_age_max}",
                    "id_number")
            if m.get("labor_capacity") in NO_CAPACITY:
                add(record, i, "post_capacity", "公益性岗位人员记录为丧失劳动力或无劳动力",
                    "a post holder recorded without labour capacity", "labor_capacity")
            if member["uuid"] in heard_otherwise:
                add(record, i, "post_substitute", "电话抽查听到的就业状态与记录不一致，可能有人替岗",
                    "the phone spot check heard another employment status: someone else may "
                    "work the post")
        if len(posts) > settings.posts_per_household:
            add(record, None, "post_per_household",
                f"本户有 {len(posts)} 人在公益性岗位，县里规定每户最多 "
                f"{settings.posts_per_household} 个",
                f"{len(posts)} members hold a post; the county allows "
                f"{settings.posts_per_household} per household", None)
    return out


def check_store(store, *, settings: forms.CountySettings | None = None,  # noqa: ANN001
                today: dt.date | None = None, kept: Any = None) -> list[PostFinding]:
    """Every 公益岗 finding of the store's current households. With `kept` (the store's
    reports.facts.ReportFacts: the summary workbook), the post holders are read from the
    village entries of the kept report facts (`kept_rows`) instead of the households' records;
    the result is the same."""
    from mopai.sync.county_settings import load

    settings = settings or load(store)
    records = _involved(store) if kept is None else _involved_kept(store, kept, today)
    return check(records, settings, store.spotchecks.calls(), today=today)


def kept_rows(record: dict[str, Any]) -> list[Any] | None:
    """What the kept report facts hold of a household for these checks (reports/facts.py, its
    village entries' ``p`` kind): [户编号, number of members, [[member index, member uuid,
    name, ID number, 就业状态, 务工地域, 劳动能力] of each post holder]], or None for a
    household without a post. The rest of a household matters only when it shares an ID
    number with a post holder elsewhere; `_involved_kept` reads those households whole."""
    held = [[i, m["uuid"], *(m["fields"].get(k) for k in KEPT_FIELDS)]
            for i, m in enumerate(record.get("members", []))
            if m["fields"].get("employment_status") == PUBLIC_POST]
    if not held:
        return None
    return [record["fields"].get("household_no"), len(record["members"]), held]


KEPT_FIELDS = ("name", "id_number", "employment_status", "work_region", "labor_capacity")


def _involved_kept(store, kept, today: dt.date | None) -> list[dict[str, Any]]:  # noqa: ANN001
    """`_involved` from the kept report facts: each household holding a post as far as
    `check` needs it (its post holders at their places), except that households sharing an
    ID number with a post holder in another household (一人多岗, 挂岗 elsewhere) are read
    whole, with the households they share it with. The facts are brought up to date for the
    whole store first (one person's two posts may lie in two townships)."""
    kept.refresh(today or kept.settings.today())
    partial: dict[str, dict[str, Any]] = {}
    for code, entry in kept.villages(POSTS):
        for uuid, no, size, held in entry:
            members: list[dict[str, Any]] = [{"uuid": None, "fields": {}}] * size
            for i, member_uuid, *values in held:
                members[i] = {"uuid": member_uuid, "fields": dict(zip(KEPT_FIELDS, values, strict=True))}
            partial[uuid] = {"uuid": uuid, "members": members,
                             "fields": {"village_code": code, "household_no": no}}
    ids = {_id(m["fields"]) for r in partial.values() for m in r["members"] if m["uuid"]}
    ids.discard("")
    saved: dict[str, set[str]] = {}
    for number, household in store.households.id_number_pairs(
            ids | {i.replace("X", "x") for i in ids}):
        saved.setdefault(idnumber.normalize(number), set()).add(household)
    shared = set().union(*(h for h in saved.values() if len(h) > 1))
    whole = store.households.get_many(sorted(shared))
    records = [whole.get(u) or r for u, r in partial.items()]
    records += [r for u, r in whole.items() if u not in partial]
    return _ordered(records)


def _ordered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (str(r["fields"].get("village_code") or ""),
                                          str(r["fields"].get("household_no") or ""), r["uuid"]))


def _involved(store) -> list[dict[str, Any]]:  # noqa: ANN001
    """The households a finding can involve, without reading the county: those holding a post
    (their stored text names ``public_post``), and those sharing an ID number with a holder
    (the member index) — where 一人多岗 and 挂岗 find the second record. In household order,
    as `check` over every household would list them."""
    households = store.households
    posts = households.mentioning(f'"{PUBLIC_POST}"')
    ids = {_id(m["fields"]) for r in posts for m in r.get("members", [])
           if m["fields"].get("employment_status") == PUBLIC_POST}
    ids.discard("")
    held = {r["uuid"] for r in posts}
    # as saved: an ID number is kept as typed, checked as 18 characters (its x in either case)
    others = [u for u in households.with_id_numbers(
        ids | {i.replace("X", "x") for i in ids}) if u not in held]
    return _ordered(posts + list(households.get_many(others).values()))


def village_of(found: PostFinding) -> str:
    return str(found.household["fields"].get("village_code") or "")


__all__ = ["POSTS", "RULES", "PostFinding", "check", "check_store", "kept_rows", "village_of"]
