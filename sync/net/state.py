"""The county server's tables (schemas 17, 18, 20, 23): uploads, nonces, the import lease,
return bundles, the mark per village that says when it last had one, and what the server saw
of each device.

Kept in a database, not in a process's memory, so several server processes over one
PostgreSQL database agree on them: a nonce is refused by every process once any has seen it,
the rate counts every process's requests, and one process at a time holds the import lease.
Where that database is (the store's own on PostgreSQL, `net/server.db` beside a SQLCipher
store) is sync/netdb.py's business: the functions here that take `net` read and write
the server's tables through that engine; those that take `engine` read the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..models import BundleIn, Device, NetDevice, NetLease, NetMark, NetNonce, NetReturn, NetUpload
from ..record import utc_now
from ..returns import Watermark

IMPORT_LEASE = "import"


@dataclass(frozen=True)
class Caller:
    device_id: str
    role: str
    code: str
    sign_pub: str
    revoked: bool
    age_recipient: str = ""
    enrolled_at: str = ""


# The statements every request runs (sync/net/auth.py, uploads.py), built once: building one
# from the models' columns cost ~0.4 ms, three times what running it costs, and a request
# runs four or five.
_CALLER = select(Device.role, Device.code, Device.sign_pub, Device.revoked_at,
                 Device.age_recipient, Device.enrolled_at).where(
    Device.device_id == bindparam("device"))
_NONCE_SEEN = select(NetNonce.at).where(NetNonce.device_id == bindparam("device"),
                                        NetNonce.nonce == bindparam("nonce"))
_NONCE_RECENT = select(func.count()).select_from(NetNonce).where(
    NetNonce.device_id == bindparam("device"), NetNonce.at > bindparam("since"))
_NONCE_ADD = insert(NetNonce.__table__)
_UPLOAD = select(NetUpload).where(NetUpload.device_id == bindparam("device"),
                                  NetUpload.sha256 == bindparam("sha256"))
_BY_STICK = select(BundleIn.bundle_id).where(BundleIn.device_id == bindparam("device"),
                                             BundleIn.file_sha256 == bindparam("sha256"))


def caller(engine: Engine, device_id: str) -> Caller | None:
    with engine.connect() as conn:
        row = conn.execute(_CALLER, {"device": device_id}).first()
    if row is None:
        return None
    return Caller(device_id, row.role, row.code, row.sign_pub, bool(row.revoked_at),
                  row.age_recipient, row.enrolled_at)


def _writing(net: Engine, *, serial: bool = False) -> Connection:
    """A connection to write the server's tables with. On SQLite (the side database,
    netdb.py) ``BEGIN IMMEDIATE``: the writes wait for each other only, never for an import.
    On PostgreSQL without the store's writer lock, which the import's transaction holds for
    seconds: the tables' keys settle two requests racing (a nonce twice: one is a replay),
    unless `serial` (a read, then a write that depends on it)."""
    return net.connect().execution_options(immediate=serial or net.dialect.name == "sqlite")


def remember_nonce(net: Engine, device_id: str, nonce: str, now: int, rate: int) -> str:
    """``ok``, ``replay`` (seen before) or ``rate_limited`` (over `rate` in the last minute)."""
    try:
        with _writing(net) as conn, conn.begin():
            if conn.execute(_NONCE_SEEN, {"device": device_id, "nonce": nonce}).first():
                return "replay"
            recent = conn.execute(_NONCE_RECENT, {"device": device_id,
                                                  "since": now - 60}).scalar_one()
            if recent >= rate:
                return "rate_limited"
            conn.execute(_NONCE_ADD, {"device_id": device_id, "nonce": nonce, "at": now})
    except IntegrityError:  # another process took it between our read and our write
        return "replay"
    return "ok"


def forget_nonces(net: Engine, before: int) -> None:
    with _writing(net) as conn, conn.begin():
        conn.execute(delete(NetNonce.__table__).where(NetNonce.at < before))


# -- uploads --------------------------------------------------------------------------------
def upload(net: Engine, device_id: str, sha256: str) -> NetUpload | None:
    with net.connect() as conn:
        row = conn.execute(_UPLOAD, {"device": device_id, "sha256": sha256}).first()
    return None if row is None else NetUpload.model_validate(row._mapping)


def imported_by_stick(engine: Engine, device_id: str, sha256: str) -> bool:
    """True when the county imported this very file from the device another way (a USB
    stick): the network need not carry it again. A township asking about a village bundle
    it forwards: the same file from a device of one of its villages (by stick or the
    village's own upload)."""
    with engine.connect() as conn:
        if conn.execute(_BY_STICK, {"device": device_id, "sha256": sha256}).first():
            return True
        me = conn.execute(_CALLER, {"device": device_id}).first()
        if me is None or me.role != "township":
            return False
        return conn.execute(select(BundleIn.bundle_id).join(
            Device, Device.device_id == BundleIn.device_id).where(
            BundleIn.file_sha256 == sha256, Device.role == "village",
            Device.code.startswith(me.code, autoescape=True))).first() is not None


def received(net: Engine, device_id: str, sha256: str, size: int, bundle_id: str,
             seq: int, *, final: dict[str, Any] | None = None) -> NetUpload:
    """A completed upload, queued for the importer (once: a second completion is the first);
    with `final`, not queued but `imported` at once with that result (a relayed bundle)."""
    try:
        with _writing(net) as conn, conn.begin():
            if conn.execute(select(NetUpload.n).where(NetUpload.device_id == device_id,
                                                      NetUpload.sha256 == sha256)).first() is None:
                conn.execute(insert(NetUpload.__table__), [{
                    "device_id": device_id, "sha256": sha256, "size": size,
                    "state": "imported" if final else "received",
                    "received_at": utc_now(), "done_at": utc_now() if final else "",
                    "bundle_id": bundle_id, "seq": seq, "reason": "", "message_zh": "",
                    "message_en": "", "result": json.dumps(final or {}, ensure_ascii=False)}])
    except IntegrityError:
        pass
    found = upload(net, device_id, sha256)
    assert found is not None
    return found


def queued(net: Engine, limit: int = 1, after: int = 0) -> list[NetUpload]:
    """The oldest uploads waiting for the importer (after upload `after`), in order."""
    with net.connect() as conn:
        return [NetUpload.model_validate(r._mapping) for r in conn.execute(
            select(NetUpload).where(NetUpload.state == "received", NetUpload.n > after)
            .order_by(NetUpload.n).limit(limit))]


def finish(net: Engine, n: int, state: str, result: dict[str, Any]) -> None:
    with _writing(net) as conn, conn.begin():
        conn.execute(update(NetUpload.__table__).where(NetUpload.n == n).values(
            state=state, done_at=utc_now(), reason=result.get("reason", ""),
            message_zh=result.get("message_zh", ""), message_en=result.get("message_en", ""),
            result=json.dumps(result, ensure_ascii=False)))


# -- the import lease -----------------------------------------------------------------------
def take_lease(net: Engine, holder: str, now: int, ttl: int = 120) -> bool:
    """True when `holder` may import until `now + ttl` (taken, renewed, or expired elsewhere)."""
    try:
        with _writing(net) as conn, conn.begin():
            row = conn.execute(select(NetLease).where(NetLease.name == IMPORT_LEASE)
                               .with_for_update()).first()
            if row is None:
                conn.execute(insert(NetLease.__table__), [{"name": IMPORT_LEASE,
                                                           "holder": holder, "until": now + ttl}])
                return True
            done = conn.execute(update(NetLease.__table__).where(
                NetLease.name == IMPORT_LEASE,
                (NetLease.holder == holder) | (NetLease.until < now) | (NetLease.holder == ""))
                .values(holder=holder, until=now + ttl))
            return done.rowcount == 1
    except IntegrityError:
        return False


def release_lease(net: Engine, holder: str) -> None:
    with _writing(net) as conn, conn.begin():
        conn.execute(update(NetLease.__table__).where(NetLease.name == IMPORT_LEASE,
                                                      NetLease.holder == holder)
                     .values(holder="", until=0))


# -- return bundles ---------------------------------------------------------------------------
def add_return(net: Engine, code: str, sha256: str, name: str, size: int, seq: int,
               recipients: list[str]) -> None:
    """Offer a return bundle to `code`'s devices; `recipients`: the age recipients its
    (signed) header names, the devices that can open it."""
    try:
        with _writing(net) as conn, conn.begin():
            conn.execute(insert(NetReturn.__table__), [{
                "code": code, "sha256": sha256, "name": name, "size": size, "seq": seq,
                "created_at": utc_now(), "recipients": json.dumps(sorted(recipients))}])
    except IntegrityError:
        pass


def recipients(header: dict) -> list[str]:
    return [str(r.get("age", "")) for r in header.get("recipients", []) if isinstance(r, dict)]


def returns(net: Engine, code: str, after: int, device: Caller, limit: int = 100
            ) -> list[NetReturn]:
    """The return bundles for `code` after `after` that `device` can open, oldest first.
    A device enrolled later (a new laptop for the village) is not offered those written
    before it, encrypted to the others: it could not open them, and it gets the village's
    current state in the next bundle, which is written for it (its enrolment is a change,
    sync/returns.py). A bundle offered before schema 23 (no recipients kept) counts as the
    device's when written after its enrolment."""
    out: list[NetReturn] = []
    with net.connect() as conn:
        for r in conn.execute(select(NetReturn).where(NetReturn.code == code,
                                                      NetReturn.n > after)
                              .order_by(NetReturn.n)):
            mine = (device.age_recipient in json.loads(r.recipients)) if r.recipients \
                else r.created_at >= device.enrolled_at
            if mine:
                out.append(NetReturn.model_validate(r._mapping))
                if len(out) == limit:
                    break
    return out


def return_of(net: Engine, code: str, sha256: str) -> NetReturn | None:
    with net.connect() as conn:
        row = conn.execute(select(NetReturn).where(NetReturn.code == code,
                                                   NetReturn.sha256 == sha256)).first()
    return None if row is None else NetReturn.model_validate(row._mapping)


# -- the mark per village: what the store held when it last had a return bundle --------------
def mark(net: Engine, code: str) -> NetMark | None:
    with net.connect() as conn:
        row = conn.execute(select(NetMark).where(NetMark.code == code)).first()
    return None if row is None else NetMark.model_validate(row._mapping)


def set_mark(net: Engine, code: str, seen: Watermark, *, done: bool) -> None:
    """The village is up to date as of `seen` (never moved back: a later mark stays); with
    `done`, a request for a bundle is answered (`wanted` cleared)."""
    with _writing(net) as conn, conn.begin():  # the row locked on PostgreSQL: never moved back
        row = conn.execute(select(NetMark).where(NetMark.code == code).with_for_update()).first()
        values = {"revision_seq": seen.revision_seq, "audit_id": seen.audit_id,
                  "at": utc_now()}
        if row is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(NetMark.__table__), [{"code": code, "wanted": 0,
                                                              **values}])
                return
            except IntegrityError:  # another process made it meanwhile
                row = conn.execute(select(NetMark).where(NetMark.code == code)).first()
        if row.revision_seq > seen.revision_seq or row.audit_id > seen.audit_id:
            values = {}
        if done:
            values["wanted"] = 0
        if values:
            conn.execute(update(NetMark.__table__).where(NetMark.code == code).values(**values))


def want(net: Engine, code: str) -> None:
    """A device of `code` asked and something waits: the importer writes its bundle."""
    with _writing(net) as conn, conn.begin():
        done = conn.execute(update(NetMark.__table__).where(NetMark.code == code)
                            .values(wanted=1))
        if done.rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(insert(NetMark.__table__), [{
                        "code": code, "revision_seq": 0, "audit_id": 0, "at": "",
                        "wanted": 1}])
            except IntegrityError:
                conn.execute(update(NetMark.__table__).where(NetMark.code == code)
                             .values(wanted=1))


def wanted(net: Engine) -> list[str]:
    with net.connect() as conn:
        return list(conn.execute(select(NetMark.code).where(NetMark.wanted == 1)
                                 .order_by(NetMark.code)).scalars())


# -- what the server saw of each device (schema 20; sync/transport.py) -----------------
def seen(net: Engine, device_id: str, **values: object) -> None:
    """Record `values` (last_contact, last_error and last_error_at, returns_taken and
    taken_at) for a device: its row made on first use."""
    with _writing(net) as conn, conn.begin():
        if conn.execute(_seen_update(tuple(sorted(values))),
                        {"device": device_id, **{f"v_{k}": v for k, v in values.items()}}
                        ).rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(insert(NetDevice.__table__), [{"device_id": device_id,
                                                                **values}])
            except IntegrityError:  # another process made it meanwhile
                conn.execute(update(NetDevice.__table__)
                             .where(NetDevice.device_id == device_id).values(**values))


@cache
def _seen_update(keys: tuple[str, ...]):  # noqa: ANN202 - an Update
    """`seen`'s statement for these columns, built once (a request notes its device's
    contact every NOTE_EVERY seconds)."""
    return update(NetDevice.__table__).where(
        NetDevice.device_id == bindparam("device")).values(
        **{k: bindparam(f"v_{k}") for k in keys})


def taken(net: Engine, device_id: str, n: int) -> None:
    """A device downloaded return bundle `n`: the newest it has, if newer."""
    with net.connect() as conn:
        have = conn.execute(select(NetDevice.returns_taken)
                            .where(NetDevice.device_id == device_id)).scalar() or 0
    if n > have:
        seen(net, device_id, returns_taken=n, taken_at=utc_now())
