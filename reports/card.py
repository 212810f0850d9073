"""The household card (明白卡, issue 22): what a household signs to say what was recorded about
it and whom to call, and the opaque reference its QR code holds (docs/decisions.md 54).

This module gathers the card's facts from the store (Qt-free); the page is drawn by
desktop/capture/card_print.py, for `mopai card` and the app alike.

**The QR code** holds ``MOPAI1H`` and the household's UUID as 32 upper-case hex digits: a
random (version 4) number drawn when the household was first saved, with no name, ID number,
place or date in it. Every store that holds the household holds that UUID, so a scan resolves
at the village and at the county alike with one key lookup, and a card printed again carries
the same code. Letters and digits only: a USB scanner types it like a keyboard, and a Chinese
input method turns ``:`` into ``：`` but lets Shift+letters and digits through.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

from mopai import forms
from mopai.forms.indicators import FIVE_CLEAR
from mopai.sync import meta
from mopai.sync.errors import InputError, StoreError
from mopai.sync.services import GUIDANCE, JOB_PUSH, STARTUP, TRAINING

from .people import filler, label_value
from .source import area_names, facts, read_under
from .spotcheck import income_band

PREFIX = "MOPAI1H"
REF_PATTERN = re.compile(r"MOPAI1H([0-9A-F]{32})", re.IGNORECASE)
KIND_ZH = {JOB_PUSH: "岗位推送", GUIDANCE: "职业指导", TRAINING: "培训引导", STARTUP: "创业服务"}
NEED = {JOB_PUSH: 3, GUIDANCE: 1, TRAINING: 1}
PHONE = re.compile(r"^[0-9+()（） -]{5,24}$")


def reference(household_uuid: str) -> str:
    """The QR code's text for a household: ``MOPAI1H`` + its UUID's 32 hex digits."""
    return PREFIX + uuidlib.UUID(str(household_uuid)).hex.upper()


def household_of(text: str) -> str | None:
    """The household UUID a scanned card's text names (None: not a card's code)."""
    m = REF_PATTERN.fullmatch((text or "").strip())
    return str(uuidlib.UUID(hex=m.group(1))) if m else None


@dataclass
class CardMember:
    name: str
    relation: str
    age: str
    labour: str               # 劳动力: 是 / 否
    status: str               # 就业状态
    region: str               # 务工地域
    income: str               # 月收入 band
    wants_job: str            # 就业意愿
    wants_training: str       # 培训意愿
    services: str             # this year's 311 services, in words


@dataclass
class Card:
    household_uuid: str
    reference: str
    village_code: str
    village_name: str
    township_name: str
    household_no: str
    head: str
    household_type: str
    members: list[CardMember]
    measures: list[str]                   # 帮扶措施, as labels
    five_clear: list[tuple[str, bool]]    # (五清 item, holds)
    helper_name: str
    helper_phone: str
    contact_name: str
    contact_phone: str
    year: int
    day: dt.date
    services: list[str] = field(default_factory=list)   # every service this year, one line each


# -- the village contact (a setting of this workspace, per village) ----------------------------
def contacts(store: Any) -> dict[str, dict[str, str]]:  # noqa: ANN401
    """Village code -> {"name", "phone"} of the contact a card names (set with `set_contact`)."""
    raw = store.meta.get(meta.CARD_CONTACTS)
    return json.loads(raw) if raw else {}


def set_contact(store: Any, village: str, name: str, phone: str) -> None:  # noqa: ANN401
    """Keep the contact printed on `village`'s cards (an empty name removes it)."""
    village, name, phone = village.strip(), name.strip(), phone.strip()
    if not re.fullmatch(r"[0-9]{12}", village):
        raise InputError(f"行政村代码应为12位数字，不是 {village!r}",
                         f"a village code has 12 digits, not {village!r}")
    if name and not PHONE.match(phone):
        raise InputError(f"村联系人电话格式不对：{phone!r}（如 13800000000 或 0731-12345678）",
                         f"the contact's phone {phone!r} is not a phone number")
    kept = contacts(store)
    if name:
        kept[village] = {"name": name, "phone": phone}
    else:
        kept.pop(village, None)
    store.meta.set({meta.CARD_CONTACTS: json.dumps(kept, ensure_ascii=False, sort_keys=True)})


# -- the cards -----------------------------------------------------------------------------------
def household_uuids(store: Any, *, village: str = "", household: str = "") -> list[str]:  # noqa: ANN401
    """The households a run prints, in 户编号 order: one by UUID, or a whole village's by its
    code. Unknown ones are an error naming what was asked (nothing is written)."""
    if bool(village) == bool(household):
        raise InputError("请给出 --village 或 --household（二者选一）",
                         "give either --village or --household (one of them)")
    if household:
        try:
            uuid = str(uuidlib.UUID(household.strip()))
        except ValueError:
            raise InputError(f"户标识格式不对：{household!r}（应为 UUID）",
                             f"not a household UUID: {household!r}") from None
        try:
            store.households.get(uuid)
        except StoreError:
            raise InputError(f"找不到该户：{uuid}", f"no household {uuid} in this store") from None
        return [uuid]
    code = village.strip()
    if not re.fullmatch(r"[0-9]{12}", code):
        raise InputError(f"行政村代码应为12位数字，不是 {code!r}",
                         f"a village code has 12 digits, not {code!r}")
    found = [str(r["uuid"]) for r in store.households.states(area=code)
             if str(r["fields"].get("village_code") or "") == code]
    if not found:
        raise InputError(f"本机没有行政村 {code} 的农户", f"no households of village {code} here")
    return found


def cards(store: Any, uuids: list[str], *, day: dt.date | None = None) -> list[Card]:  # noqa: ANN401
    """The cards of `uuids`, in that order, as the households stand now; the 311 services
    counted from 1 January to `day` (the county's today)."""
    from mopai.sync.county_settings import load

    settings = load(store)
    day = day or settings.today()
    form = store.forms.current().form
    names = area_names(store)
    kept_contacts = contacts(store)
    start = dt.date(day.year, 1, 1).isoformat()
    by_uuid = {u: rec for u, _, rec in store.households.current(uuids)}
    out = []
    for uuid in uuids:
        record = read_under(form, by_uuid[uuid])
        f = facts(record, form=form, settings=settings, today=day)
        services = [r for r in store.services.records(household=uuid)
                    if start <= r.date <= day.isoformat()]
        out.append(_card(form, f, services, names, kept_contacts, day))
    return out


def _label(form: forms.Form, name: str, value: Any, *, member: bool,  # noqa: ANN401
           fill: Any = None) -> str:
    """A chosen label, its ``${}`` filled with the household's answers (``fill``)."""
    if value in (None, ""):
        return "—"
    q = (form.member_fields if member else form.fields).get(name)
    return str(label_value(q, str(value), fill=fill)) if q is not None else str(value)


def _card(form: forms.Form, f: Any, services: list[Any], names: dict[str, str],  # noqa: ANN401
          kept_contacts: dict[str, dict[str, str]], day: dt.date) -> Card:
    record, ind = f.record, f.indicators
    fields = record["fields"]
    village = str(fields.get("village_code") or "")
    by_member: dict[str, list[Any]] = {}
    for r in services:
        by_member.setdefault(r.member_uuid, []).append(r)
    persons = {p.member_index: p for p in ind.persons}
    members = []
    head = ""
    for i, m in enumerate(record.get("members") or []):
        mf = m.get("fields") or {}
        p = persons.get(i)
        if mf.get("relation") == "head":
            head = str(mf.get("name") or "")
        done: dict[str, int] = {}
        for r in by_member.get(str(m.get("uuid") or ""), []):
            done[r.kind] = done.get(r.kind, 0) + 1
        fill = filler(f.state, i)        # ${} in a chosen label: this member's answers
        members.append(CardMember(
            name=str(mf.get("name") or ""),
            relation=_label(form, "relation", mf.get("relation"), member=True,
                          fill=fill),
            age="" if p is None or p.age is None else str(p.age),
            labour="是" if p is not None and p.labour_force else "否",
            status=_label(form, "employment_status", mf.get("employment_status"), member=True,
                          fill=fill),
            region=_label(form, "work_region", mf.get("work_region"), member=True,
                          fill=fill),
            income=income_band(mf.get("monthly_income")) or "—",
            wants_job=_label(form, "wants_job", mf.get("wants_job"), member=True,
                          fill=fill),
            wants_training=_label(form, "wants_training", mf.get("wants_training"), member=True,
                          fill=fill),
            services="、".join(f"{KIND_ZH[k]}{n}次" for k, n in sorted(done.items())) or "—"))
    measures = fields.get("help_measures") or []
    if isinstance(measures, str):
        measures = measures.split()
    contact = kept_contacts.get(village, {})
    lines = [f"{r.date} {r.name} {KIND_ZH.get(r.kind, r.kind)}"
             + (f"（{r.outcome_text}）" if r.outcome_text else "")
             for r in sorted(services, key=lambda r: (r.date, r.name, r.service_id))]
    return Card(
        household_uuid=str(record["uuid"]), reference=reference(record["uuid"]),
        village_code=village, village_name=names.get(village, ""),
        township_name=names.get(village[:9], ""), household_no=str(fields.get("household_no") or ""),
        head=head, household_type=_label(form, "household_type", fields.get("household_type"),
                                         member=False, fill=filler(f.state, None)),
        members=members,
        measures=[_label(form, "help_measures", v, member=False, fill=filler(f.state, None))
                  for v in measures],
        five_clear=[(item.zh, bool(ind.five_clear.get(item.key, False))) for item in FIVE_CLEAR
                    if item.key in ind.five_clear
                    and (item.key != "help_measures" or ind.poverty_alleviated or ind.monitored)],
        helper_name=str(fields.get("helper_name") or ""),
        helper_phone=str(fields.get("helper_phone") or ""),
        contact_name=contact.get("name", ""), contact_phone=contact.get("phone", ""),
        year=day.year, day=day, services=lines)


__all__ = ["PREFIX", "Card", "CardMember", "cards", "contacts", "household_of",
           "household_uuids", "reference", "set_contact"]
