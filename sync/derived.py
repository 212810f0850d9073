"""`store.derived`: figures computed from records, kept by revision (the `derived` table).

Evaluating a household through the questionnaire takes about a millisecond; a village of
5,000 at every start, or a county of 150,000 for every report, is too slow to redo each time.
Consumers compute what they need and keep it here under a `kind` that names what and by
which definitions (e.g. the form version), next to the revision it was computed from and,
when it depends on the day, the days [valid_from, valid_until) it holds for; a newer
revision, another kind or another day simply misses. The table is inside the encrypted store
and is never exported: it can always be rebuilt from revisions.

This is the only door to the table for the packages above `sync` (one cache of derived
figures, sync/kept.py, uses it for both the list's facts and the report facts): reads return
plain data in the order a report writes it, and writes go through a `DerivedWriter`, one
transaction, so what is kept together is kept whole or not at all. Besides records, an entry
may be kept under a key of the caller's (e.g. ``village:<code>``: sums over a village).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, exists, func, select

from .households import STATE, village_revisions, with_state
from .models import Derived, Household, Tombstone

BATCH = 500
ORDER = (Household.village_code, Household.household_no, Household.uuid)


def encode(data: Any) -> str:
    """The JSON text an entry's data is stored as."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Kept:
    """One entry to keep: `data` (JSON-able; with `encoded`, its text as `encode` made it, by
    a worker process: sync/kept.py) of `record_uuid` at `revision_id` under `kind`, holding
    for the days [valid_from, valid_until) (None: whatever the day). `text`, when given, is
    `encode(data)` already made (a worker's), so `data` need not be encoded again."""

    record_uuid: str
    kind: str
    revision_id: str
    data: Any
    valid_from: str | None = None
    valid_until: str | None = None
    encoded: bool = False
    text: str | None = None

    def encoded_data(self) -> str:
        if self.text is not None:
            return self.text
        return self.data if self.encoded else encode(self.data)

    def decoded(self) -> Any:
        """The data as a read of the stored text gives it."""
        return json.loads(self.data) if self.encoded else self.data

    def row(self) -> dict[str, Any]:
        return {"record_uuid": self.record_uuid, "kind": self.kind,
                "revision_id": self.revision_id, "valid_from": self.valid_from,
                "valid_until": self.valid_until, "data": self.encoded_data()}


COLUMNS = ("record_uuid", "kind", "revision_id", "valid_from", "valid_until", "data")


@dataclass(frozen=True)
class Stale:
    """A current household whose entry under a kind is missing, older, or not for the day."""

    village_code: str
    household_no: str
    uuid: str
    kept: bool  # an (older or out-of-window) entry exists


def chunks(items: list[Any], size: int = BATCH) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _valid(start: str | None, end: str | None, day: str | None) -> bool:
    return day is None or (start or "") <= day < (end or "")


class DerivedWriter:
    """Changes to `derived` inside one write transaction (`DerivedCache.writing`)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._put: dict[str, list[Kept]] = {}  # entries put in this transaction, by record
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self._insert = (f"INSERT INTO derived ({', '.join(COLUMNS)}) "
                        f"VALUES ({', '.join([mark] * len(COLUMNS))})")

    def put(self, entries: Iterable[Kept]) -> None:
        """Insert entries (replace older ones with `forget` first). Through the driver's
        executemany: for a county's 500,000 entries, SQLAlchemy's parameters for each row cost
        more than SQLCipher's own work on it."""
        rows = []
        for e in entries:
            rows.append((e.record_uuid, e.kind, e.revision_id, e.valid_from, e.valid_until,
                         e.encoded_data()))
            self._put.setdefault(e.record_uuid, []).append(e)
        if rows:
            self._conn.exec_driver_sql(self._insert, rows)

    def forget(self, kinds: list[str], keys: Iterable[str]) -> None:
        """Drop the entries of `keys` (record uuids or entry keys) under `kinds`."""
        keys = list(keys)
        for key in keys:
            if key in self._put:
                self._put[key] = [e for e in self._put[key] if e.kind not in kinds]
        for part in chunks(keys):
            self._conn.execute(delete(Derived.__table__).where(
                Derived.kind.in_(kinds), Derived.record_uuid.in_(part)))

    def drop(self, kind: str) -> None:
        """Drop every entry of `kind`."""
        for key, kept in self._put.items():
            self._put[key] = [e for e in kept if e.kind != kind]
        self._conn.execute(delete(Derived.__table__).where(Derived.kind == kind))

    def data(self, kind: str, uuids: Iterable[str]) -> dict[str, Any]:
        """``{uuid: data}`` kept under `kind` for `uuids` (those kept)."""
        found: dict[str, Any] = {}
        for part in chunks(list(uuids)):
            found.update((u, json.loads(d)) for u, d in self._conn.execute(
                select(Derived.record_uuid, Derived.data).where(
                    Derived.kind == kind, Derived.record_uuid.in_(part))))
        return found

    def village_revisions(self, code: str) -> list[tuple[str, str]]:
        """(uuid, current revision id) of the village's households, in 户编号 order: what a
        village entry summed elsewhere (a worker's) must have been summed from."""
        return village_revisions(self._conn, code)

    def gone(self, kind: str, *, tombstoned: bool = False) -> dict[str, Any]:
        """``{uuid: data}`` kept under `kind` for records that are no longer current
        households (deleted since). With `tombstoned`, only records with a tombstone are
        looked at: a household row leaves the table only with one (a deletion, a merged
        delete revision, a household moved away from a village), so the answer is the same,
        read from the few tombstones instead of every entry of the kind (a county's 150,000:
        0.13 s at each refresh)."""
        if tombstoned:  # the tombstones first, then their entries (a join would scan these)
            return self.data(kind, self._conn.execute(select(Tombstone.record_uuid).where(
                ~exists().where(Household.uuid == Tombstone.record_uuid))).scalars())
        return {uuid: json.loads(data) for uuid, data in self._conn.execute(
            select(Derived.record_uuid, Derived.data).where(
                Derived.kind == kind,
                Derived.record_uuid.not_in(select(Household.uuid).scalar_subquery())))}

    def of_village(self, code: str, kinds: list[str]
                   ) -> Iterator[tuple[str, str, str, Any, str | None, str | None]]:
        """(uuid, kind, revision id, data, valid from, valid until) of the entries under
        `kinds` of the village's current households, in 户编号 order (then uuid, kind).

        A household with entries put through this writer is read from them, not from the
        store (a county's first refresh would read back every entry it just wrote): its
        entries under `kinds` are those put, as the fact cache replaces a household's entries
        together (its parts forgotten with its main entry, then all put)."""
        kinds_set = set(kinds)
        if not self._put:
            yield from self._stored(code, kinds)
            return
        order = list(self._conn.execute(
            select(Household.uuid).where(Household.village_code == code)
            .order_by(Household.household_no, Household.uuid)).scalars())
        fresh = {}
        for u in order:
            mine = [e for e in self._put.get(u, ()) if e.kind in kinds_set]
            if mine:
                fresh[u] = sorted(mine, key=lambda e: e.kind)
        missing = [u for u in order if u not in fresh]
        stored: dict[str, list[tuple[str, str, str, Any, str | None, str | None]]] = {}
        if len(missing) == len(order):
            yield from self._stored(code, kinds)
            return
        for part in chunks(missing):
            for row in self._stored(code, kinds, part):
                stored.setdefault(row[0], []).append(row)
        for uuid in order:
            if uuid in fresh:
                for e in fresh[uuid]:
                    yield uuid, e.kind, e.revision_id, e.decoded(), e.valid_from, e.valid_until
            else:
                yield from stored.get(uuid, ())

    def _stored(self, code: str, kinds: list[str], uuids: list[str] | None = None
                ) -> Iterator[tuple[str, str, str, Any, str | None, str | None]]:
        query = (select(Derived.record_uuid, Derived.kind, Derived.revision_id, Derived.data,
                        Derived.valid_from, Derived.valid_until)
                 .join_from(Household, Derived, Derived.record_uuid == Household.uuid)
                 .where(Household.village_code == code, Derived.kind.in_(kinds))
                 .order_by(Household.household_no, Household.uuid, Derived.kind))
        if uuids is not None:
            query = query.where(Household.uuid.in_(uuids))
        for uuid, kind, revision, data, start, end in self._conn.execute(query):
            yield uuid, kind, revision, json.loads(data), start, end


class DerivedCache:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def writing(self) -> Iterator[DerivedWriter]:
        """One write transaction: everything done through the writer is kept, or nothing."""
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            yield DerivedWriter(conn)

    # -- reading -----------------------------------------------------------------------------
    def load(self, kind: str) -> dict[str, tuple[str, Any]]:
        """``{record uuid: (revision id, data)}`` of everything kept under `kind`."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Derived.record_uuid, Derived.revision_id, Derived.data)
                                .where(Derived.kind == kind)).all()
        return {uuid: (revision, json.loads(data)) for uuid, revision, data in rows}

    def get(self, kind: str, uuids: Iterable[str]) -> dict[str, Any]:
        """``{uuid: data}`` kept under `kind` for `uuids` (those kept)."""
        with self._engine.connect() as conn:
            return DerivedWriter(conn).data(kind, uuids)

    def gone(self, kind: str, *, tombstoned: bool = False) -> dict[str, Any]:
        """``{uuid: data}`` kept under `kind` for records that are no longer households
        (`DerivedWriter.gone`)."""
        with self._engine.connect() as conn:
            return DerivedWriter(conn).gone(kind, tombstoned=tombstoned)

    def kinds(self, prefix: str) -> list[str]:
        """The kinds kept that start with `prefix`, one index seek each (DISTINCT would scan
        the whole index); `prefix` must not end in the highest character."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        found: list[str] = []
        with self._engine.connect() as conn:
            while (k := conn.execute(select(func.min(Derived.kind)).where(
                    Derived.kind > found[-1] if found else Derived.kind >= prefix,
                    Derived.kind < end)).scalar()) is not None:
                found.append(k)
        return [k for k in found if k.startswith(prefix)]  # whatever the server's collation

    def stale(self, kind: str, day: str | None = None, *, area: str = "",
              uuids: list[str] | None = None) -> list[Stale]:
        """Current households (of villages under `area`, or among `uuids`) whose entry under
        `kind` is missing, of an older revision, or (with `day`) does not hold on `day`, in
        village and 户编号 order. One pass over two covering indexes (schema 8)."""
        query = (select(*ORDER, Household.revision_id, Derived.revision_id, Derived.valid_from,
                        Derived.valid_until)
                 .join_from(Household, Derived, (Derived.record_uuid == Household.uuid)
                            & (Derived.kind == kind), isouter=True))
        if area:
            query = query.where(Household.village_code.startswith(area))
        queries = [query] if uuids is None else [
            query.where(Household.uuid.in_(part)) for part in chunks(uuids)]
        out = []
        with self._engine.connect() as conn:
            for q in queries:
                for village, no, uuid, current, kept, start, end in conn.execution_options(
                        yield_per=5000).execute(q):
                    if kept != current or not _valid(start, end, day):
                        out.append(Stale(village or "", no or "", uuid, kept is not None))
        out.sort(key=lambda s: (s.village_code, s.household_no, s.uuid))
        return out

    def in_order(self, kind: str, area: str = "", *, villages: Iterable[str] | None = None
                 ) -> Iterator[tuple[str, Any]]:
        """(uuid, data) kept under `kind` for current households of villages under `area` (or
        of the given `villages`), in village and 户编号 order. The order is taken from the
        keys alone and the data read by primary key in chunks: sorting the data itself would
        copy it all into a temp tree."""
        query = (select(Derived.record_uuid)
                 .join_from(Derived, Household, Derived.record_uuid == Household.uuid)
                 .where(Derived.kind == kind).order_by(*ORDER))
        if area:
            query = query.where(Household.village_code.startswith(area))
        with self._engine.connect() as conn:
            if villages is None:
                order = list(conn.execute(query).scalars())
            else:
                order = [u for part in chunks(sorted(villages)) for u in conn.execute(
                    query.where(Household.village_code.in_(part))).scalars()]
            for part in chunks(order, 1000):
                found = dict(conn.execute(select(Derived.record_uuid, Derived.data).where(
                    Derived.kind == kind, Derived.record_uuid.in_(part))).all())
                for uuid in part:
                    data = found.get(uuid)
                    if data is not None:
                        yield uuid, json.loads(data)

    def with_records(self, kind: str, area: str = ""
                     ) -> Iterator[tuple[dict[str, Any], str, str | None, Any]]:
        """(record, its revision id, revision id kept, data kept or None) of every current
        household under `area`, in village and 户编号 order, in one streamed query (a county's
        records never sit in memory): the caller computes what is missing or older."""
        query = (with_state(select(STATE, Household.revision_id, Derived.revision_id,
                                   Derived.data))
                 .join_from(Household, Derived, (Derived.record_uuid == Household.uuid)
                            & (Derived.kind == kind), isouter=True)
                 .order_by(*ORDER))
        if area:
            query = query.where(Household.village_code.startswith(area))
        with self._engine.connect() as conn:
            for state, current, kept, data in conn.execution_options(yield_per=2000).execute(
                    query):
                yield json.loads(state), current, kept, (None if data is None
                                                          else json.loads(data))

    def entries(self, kind: str, prefix: str) -> Iterator[tuple[str, Any]]:
        """(key, data) of the entries under `kind` whose key starts with `prefix`, in key
        order, streamed (entries of the caller's, e.g. a village's sums)."""
        with self._engine.connect() as conn:
            for key, data in conn.execution_options(yield_per=20).execute(
                    select(Derived.record_uuid, Derived.data)
                    .where(Derived.kind == kind, Derived.record_uuid.startswith(prefix))
                    .order_by(Derived.record_uuid)):
                yield key, json.loads(data)

    def marks(self, kind: str, prefix: str) -> dict[str, tuple[str, str | None, str | None]]:
        """``{key: (revision id, valid from, valid until)}`` of the entries under `kind` whose
        key starts with `prefix` (what they were computed from, without their data)."""
        with self._engine.connect() as conn:
            return {key: (revision, start, end) for key, revision, start, end in conn.execute(
                select(Derived.record_uuid, Derived.revision_id, Derived.valid_from,
                       Derived.valid_until)
                .where(Derived.kind == kind, Derived.record_uuid.startswith(prefix)))}

    # -- writing (each in a transaction of its own) ------------------------------------------
    def save(self, kind: str, items: Iterable[tuple[str, str, Any]]) -> None:
        """Keep (record uuid, revision id, JSON-able data) items, replacing older ones."""
        entries = [Kept(u, kind, r, d) for u, r, d in items]
        with self.writing() as w:
            for part in chunks(entries):
                w.forget([kind], [e.record_uuid for e in part])
                w.put(part)

    def forget(self, kind: str, uuids: Iterable[str]) -> None:
        with self.writing() as w:
            w.forget([kind], uuids)

    def drop(self, kind: str) -> None:
        """Forget everything kept under `kind` (computed under definitions no longer used)."""
        with self.writing() as w:
            w.drop(kind)
