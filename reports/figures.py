"""The county dashboard's figures: indicators by township and village, rankings, 零就业家庭.

They are sums of the kept report facts (reports/facts.py). `CountyFiguresCache` keeps the
per-village sums between refreshes and which revision of each household they were summed
from, so after an import only the villages it touched are summed again: the households the
import changed are evaluated, their villages re-read from the kept facts, everything else is
reused (whoever brought the kept facts up to date: this cache, a report, another PC). It lives on the store worker (one thread).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

import forms
from forms.indicators import AggregateIndicators
from sync.models import Derived, Household, Revision

from .facts import Progress, ReportFacts, _chunks, add_into, aggregate
from .source import area_names

RANKED = ("employment_rate", "five_clear_share")


@dataclass(frozen=True)
class ZeroHousehold:
    record_uuid: str
    village: str
    household_no: str | None
    head: str | None
    labour_force: int
    phone: str | None
    address: str | None


@dataclass
class CountyFigures:
    names: dict[str, str]
    villages: dict[str, AggregateIndicators]
    townships: dict[str, AggregateIndicators]
    total: AggregateIndicators | None
    zero: list[ZeroHousehold] = field(default_factory=list)

    def ranking(self, key: str) -> list[tuple[int, str, float | None]]:
        """(rank, township code, value), best first; townships without a value come last.
        Equal values share a rank (1, 2, 2, 4), as the weekly rankings print them."""
        if key not in RANKED:
            raise ValueError(f"cannot rank by {key!r}")
        value = {code: getattr(agg, key) for code, agg in self.townships.items()}
        order = sorted(value, key=lambda c: (value[c] is None, -(value[c] or 0), c))
        out: list[tuple[int, str, float | None]] = []
        for i, code in enumerate(order, start=1):
            rank = out[-1][0] if out and out[-1][2] == value[code] else i
            out.append((rank, code, value[code]))
        return out


@dataclass
class _Village:
    counts: dict[str, int] = field(default_factory=dict)
    zero: list[ZeroHousehold] = field(default_factory=list)


class CountyFiguresCache:
    """Per-village sums of one store, brought up to date by `figures()`."""

    def __init__(self, store, settings: forms.CountySettings | None = None) -> None:  # noqa: ANN001
        self.store = store
        self.rf = ReportFacts.of(store, settings)
        self._villages: dict[str, _Village] | None = None
        self._seen: dict[str, tuple[str, str]] = {}
        self._seq = 0

    def figures(self, today: dt.date | None = None, progress: Progress | None = None
                ) -> CountyFigures:
        self.rf.refresh(today or dt.date.today(), progress=progress)
        with self.store.engine.connect() as conn:
            seq = conn.execute(select(func.max(Revision.seq))).scalar_one() or 0
        if self._villages is None:
            self._seen = self._kept(None)
            self._villages = self._sum(None)
        elif seq != self._seq:
            changed = self.rf.changed_since(self._seq)
            now = self._kept(changed)
            touched = {self._seen[u][1] for u in changed if u in self._seen}
            touched |= {v for _, v in now.values()}
            for u in changed:
                self._seen.pop(u, None)
            self._seen.update(now)
            for code in touched:
                self._villages.pop(code, None)
            if touched:
                self._villages.update(self._sum(touched))
        self._seq = seq
        return self._figures(self._villages)

    def _kept(self, uuids: list[str] | None) -> dict[str, tuple[str, str]]:
        """{record uuid: (revision id, village)} of kept household facts (of `uuids`)."""
        query = (select(Derived.record_uuid, Derived.revision_id, Household.village_code)
                 .join_from(Derived, Household, Derived.record_uuid == Household.uuid)
                 .where(Derived.kind == self.rf.base))
        parts = [None] if uuids is None else _chunks(uuids)
        with self.store.engine.connect() as conn:
            return {u: (r, v) for part in parts for u, r, v in conn.execute(
                query if part is None else query.where(Derived.record_uuid.in_(part)))}

    def _sum(self, villages: set[str] | None) -> dict[str, _Village]:
        out: dict[str, _Village] = {}
        for uuid, m in self.rf.rows("", villages=villages, with_uuid=True):
            v = out.setdefault(m["v"], _Village())
            add_into(v.counts, m["a"])
            if m["z"]:
                no, head, _type = m["h"]
                labour, phone, address = m["z"]
                v.zero.append(ZeroHousehold(uuid, m["v"], no, head, labour, phone, address))
        return out

    def _figures(self, villages: dict[str, _Village]) -> CountyFigures:
        townships: dict[str, dict[str, int]] = {}
        total: dict[str, int] = {}
        for code, v in villages.items():
            add_into(townships.setdefault(code[:9], {}), v.counts)
            add_into(total, v.counts)
        return CountyFigures(
            names=area_names(self.store),
            villages={code: aggregate(v.counts) for code, v in sorted(villages.items())},
            townships={code: aggregate(c) for code, c in sorted(townships.items())},
            total=aggregate(total) if total else None,
            zero=[z for code in sorted(villages) for z in villages[code].zero])


def county_figures(store, settings: forms.CountySettings | None = None,  # noqa: ANN001
                   today: dt.date | None = None, progress: Progress | None = None
                   ) -> CountyFigures:
    """The dashboard's figures of the current records (one-off; the GUI keeps a cache)."""
    return CountyFiguresCache(store, settings).figures(today, progress)


__all__: list[Any] = ["CountyFigures", "CountyFiguresCache", "ZeroHousehold", "county_figures"]
