"""Ordered schema migrations.

Each step takes the store from version N-1 to N inside one transaction and is written with
SQLAlchemy Core against tables frozen at that version (never against the live models, which
move on), so an old store always migrates the same way — on SQLCipher and on PostgreSQL.
`tests/fixtures/store_v1/` holds a store saved by version 1; a test migrates it. Steps 1 to
10 are in `sync/migrations_to_v10.py`; this module holds the newer ones and runs them all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    inspect,
    select,
    text,
    update,
)

from mopai import forms

from . import meta, migrations_to_v10
from .errors import SchemaTooNew
from .households import household_row


def _step11(conn: Connection) -> None:
    """A household's record is read from its current revision (households.with_state): the
    copy in `household.state` doubled what every save and import encrypted and wrote."""
    conn.execute(text("ALTER TABLE household DROP COLUMN state"))


def _step12(conn: Connection) -> None:
    """Expected households per village (issue 16, survey progress), in a table of their own:
    the area list is replaced whole on every import, and the number must survive a rename."""
    Table("expected", MetaData(),
          Column("village_code", String, primary_key=True),
          Column("households", Integer, nullable=False),
          Column("source", String, nullable=False, default=""),
          Column("set_by", String, nullable=False, default=""),
          Column("set_at", String, nullable=False, default="")).create(conn)


def _step13(conn: Connection) -> None:
    """The supervisor's review decisions (issue 17, sync/review.py): their own table, not
    revisions, so a decision never conflicts with an answer and a village cannot make one."""
    Table("review", MetaData(),
          Column("review_id", String, primary_key=True),
          Column("record_uuid", String, nullable=False, index=True),
          Column("revision_id", String, nullable=False),
          Column("village_code", String, nullable=False, index=True),
          Column("decision", String, nullable=False),
          Column("comment", String, nullable=False, default=""),
          Column("questions", String, nullable=False, default="[]"),
          Column("decided_at", String, nullable=False),
          Column("decided_by", String, nullable=False),
          Column("device_id", String, nullable=False),
          Column("role", String, nullable=False),
          Column("seen_seq", Integer, nullable=False, default=0),
          Column("received_at", String, nullable=False, default="")).create(conn)


def _step14(conn: Connection) -> None:
    """The households each village must visit, from the county's 户籍 list (issue 18,
    sync/expected.py), and where an imported revision came from (sync/records.py)."""
    md = MetaData()
    expected = Table("expected_household", md,
                     Column("id", Integer, primary_key=True),
                     Column("village_code", String, nullable=False),
                     Column("household_no", String, nullable=False, default=""),
                     Column("head_name", String, nullable=False, default=""),
                     Column("id_number", String, nullable=False, default=""),
                     Column("group_name", String, nullable=False, default=""),
                     Column("source", String, nullable=False, default=""),
                     Column("source_row", Integer, nullable=False, default=0),
                     Column("imported_by", String, nullable=False, default=""),
                     Column("imported_at", String, nullable=False, default=""))
    Index("ix_expected_household_village_code", expected.c.village_code)
    Table("revision_source", md,
          Column("revision_id", String, primary_key=True),
          Column("source", String, nullable=False))
    md.create_all(conn)


def _step15(conn: Connection) -> None:
    """The county's household list (issue 17) shows and filters on the 村民小组, the number
    of members, the head's ID number, who entered a household and on which device: columns
    of the projection, filled here from each household's current revision; and an index
    covering what its search and filters read."""
    for column, kind in (("group_name", "TEXT NOT NULL DEFAULT ''"),
                         ("members", "INTEGER NOT NULL DEFAULT 0"),
                         ("head_id", "TEXT NOT NULL DEFAULT ''"),
                         ("entered_by", "TEXT NOT NULL DEFAULT ''"),
                         ("device_id", "TEXT NOT NULL DEFAULT ''")):
        conn.execute(text(f"ALTER TABLE household ADD COLUMN {column} {kind}"))
    household = Table("household", MetaData(), Column("uuid", String, primary_key=True),
                      Column("revision_id", String), Column("group_name", Text),
                      Column("members", Integer), Column("head_id", Text),
                      Column("entered_by", Text), Column("device_id", Text))
    revision = Table("revision", MetaData(), Column("revision_id", String),
                     Column("state", Text), Column("user", String), Column("device_id", String))
    query = (select(household.c.uuid, revision.c.state, revision.c.user, revision.c.device_id)
             .join_from(household, revision,
                        revision.c.revision_id == household.c.revision_id))
    rows = []
    for uuid, state, user, device in conn.execute(query).all():
        row = household_row(json.loads(state), {"revision_id": "", "rev_no": 0,
                                                "created_at": "", "user": user,
                                                "device_id": device}, "")
        rows.append({"key": uuid, **{k: row[k] for k in
                                     ("group_name", "members", "head_id", "entered_by",
                                      "device_id")}})
    for start in range(0, len(rows), 5000):
        conn.execute(update(household).where(household.c.uuid == bindparam("key")).values(
            group_name=bindparam("group_name"), members=bindparam("members"),
            head_id=bindparam("head_id"), entered_by=bindparam("entered_by"),
            device_id=bindparam("device_id")), rows[start:start + 5000])
    # The county list's covering index: its page and its count read index pages only, about
    # a third of the table's (which no longer fits a 64 MiB page cache at 150,000 households).
    conn.execute(text("CREATE INDEX ix_household_list ON household (village_code, household_no, "
                      "uuid, status, group_name, entered_by, device_id, search_text)"))


def _step16(conn: Connection) -> None:
    """A township carries the county's return bundles for its villages (issue 17,
    sync/township.py): kept byte for byte until its 回传 copies them to a village's stick."""
    table = Table("carried", MetaData(),
                  Column("bundle_id", String, primary_key=True),
                  Column("village_code", String, nullable=False),
                  Column("seq", Integer, nullable=False),
                  Column("file_name", String, nullable=False),
                  Column("sha256", String, nullable=False),
                  Column("content", LargeBinary, nullable=False),
                  Column("received_at", String, nullable=False),
                  Column("written_at", String))
    Index("ix_carried_village_code", table.c.village_code)
    table.metadata.create_all(conn)


def _step17(conn: Connection) -> None:
    """Network sync (issue 20, docs/sync.md "Network sync"): the county server's uploads and
    their states, the request nonces it remembers (replay; per-device rate), the lease that
    lets one process at a time import, and the return bundles it offers each village. In the
    store, not in memory, so several server processes over one database share them."""
    md = MetaData()
    Table("netupload", md,
          Column("n", Integer, primary_key=True, autoincrement=True),
          Column("device_id", String, nullable=False),
          Column("sha256", String, nullable=False),
          Column("size", Integer, nullable=False),
          Column("state", String, nullable=False),
          Column("received_at", String, nullable=False),
          Column("done_at", String, nullable=False, default=""),
          Column("bundle_id", String, nullable=False, default=""),
          Column("seq", Integer, nullable=False, default=0),
          Column("reason", String, nullable=False, default=""),
          Column("message_zh", Text, nullable=False, default=""),
          Column("message_en", Text, nullable=False, default=""),
          Column("result", Text, nullable=False, default="{}"))
    Index("ix_netupload_device_sha", md.tables["netupload"].c.device_id,
          md.tables["netupload"].c.sha256, unique=True)
    Index("ix_netupload_state", md.tables["netupload"].c.state, md.tables["netupload"].c.n)
    Table("netnonce", md,
          Column("device_id", String, primary_key=True),
          Column("nonce", String, primary_key=True),
          Column("at", Integer, nullable=False, index=True))
    Table("netlease", md,
          Column("name", String, primary_key=True),
          Column("holder", String, nullable=False, default=""),
          Column("until", Integer, nullable=False, default=0))
    Table("netreturn", md,
          Column("n", Integer, primary_key=True, autoincrement=True),
          Column("code", String, nullable=False, index=True),
          Column("sha256", String, nullable=False, unique=True),
          Column("name", String, nullable=False),
          Column("size", Integer, nullable=False),
          Column("seq", Integer, nullable=False),
          Column("created_at", String, nullable=False))
    md.create_all(conn)


def _step18(conn: Connection) -> None:
    """On-demand return bundles (issue 20/17, docs/sync.md "Return bundles on demand"): per
    village (or township) code, the store's high-water marks (the newest revision and audit
    row) when the server last wrote it a return bundle or found nothing new for it, and
    whether one of its devices asked for one (`wanted`), so a device's request costs two
    index lookups when nothing changed."""
    md = MetaData()
    Table("netmark", md,
          Column("code", String, primary_key=True),
          Column("revision_seq", Integer, nullable=False, default=0),
          Column("audit_id", Integer, nullable=False, default=0),
          Column("at", String, nullable=False, default=""),
          Column("wanted", Integer, nullable=False, default=0))
    md.create_all(conn)


def _step19(conn: Connection) -> None:
    """311 service records (issue 21, sync/services.py): revisions of their own, one chain per
    service record, so two laptops adding services for one person never conflict and a
    service never makes a new household revision (docs/decisions.md 49)."""
    md = MetaData()
    Table("service", md,
          Column("seq", Integer, primary_key=True, autoincrement=True),
          Column("revision_id", String, nullable=False, unique=True),
          Column("service_id", String, nullable=False, index=True),
          Column("parent_id", String, nullable=True),
          Column("household_uuid", String, nullable=False, index=True),
          Column("village_code", String, nullable=False, index=True),
          Column("id_number", String, nullable=False, default=""),
          Column("served_on", String, nullable=False),
          Column("saved_at", String, nullable=False),
          Column("saved_by", String, nullable=False),
          Column("device_id", String, nullable=False),
          Column("origin", String, nullable=False, default="local"),
          Column("acked", Boolean, nullable=False, default=False),
          Column("refused", String, nullable=False, default=""),
          Column("state", Text, nullable=False))
    md.create_all(conn)


def _step20(conn: Connection) -> None:
    """The county's per-device transport view (issue 20): when the server last heard from
    each device, the last refusal it gave it, and the return bundles it downloaded."""
    md = MetaData()
    Table("netdevice", md,
          Column("device_id", String, primary_key=True),
          Column("last_contact", String, nullable=False, default=""),
          Column("last_error", String, nullable=False, default=""),
          Column("last_error_at", String, nullable=False, default=""),
          Column("returns_taken", Integer, nullable=False, default=0),
          Column("taken_at", String, nullable=False, default=""))
    md.create_all(conn)


def _step21(conn: Connection) -> None:
    """Job postings (岗位信息, issue 21; sync/jobs.py): entered or imported at the county,
    sent to the villages of their area in return bundles."""
    table = Table("job", MetaData(),
                  Column("job_id", String, primary_key=True),
                  Column("area", String, nullable=False),
                  Column("employer", String, nullable=False),
                  Column("title", String, nullable=False),
                  Column("trade", String, nullable=False),
                  Column("province", String, nullable=False, default=""),
                  Column("city", String, nullable=False, default=""),
                  Column("district", String, nullable=False, default=""),
                  Column("pay_min", Integer),
                  Column("pay_max", Integer),
                  Column("openings", Integer, nullable=False, default=1),
                  Column("age_min", Integer),
                  Column("age_max", Integer),
                  Column("sex", String, nullable=False, default=""),
                  Column("education", String, nullable=False, default=""),
                  Column("contact", String, nullable=False, default=""),
                  Column("phone", String, nullable=False, default=""),
                  Column("deadline", String, nullable=False, default=""),
                  Column("status", String, nullable=False, default="open"),
                  Column("source", String, nullable=False, default=""),
                  Column("entered_by", String, nullable=False, default=""),
                  Column("updated_at", String, nullable=False, default=""))
    Index("ix_job_area", table.c.area)
    table.metadata.create_all(conn)


def _step22(conn: Connection) -> None:
    """Phone spot checks (issue 22, sync/spotchecks.py): the draws, the calls' results and
    the correction requests they make."""
    md = MetaData()
    Table("spotdraw", md,
          Column("draw_id", String, primary_key=True),
          Column("area", String, nullable=False),
          Column("params", Text, nullable=False),
          Column("people", Text, nullable=False),
          Column("created_at", String, nullable=False),
          Column("created_by", String, nullable=False),
          Column("device_id", String, nullable=False))
    Table("spotcall", md,
          Column("draw_id", String, primary_key=True),
          Column("member_uuid", String, primary_key=True),
          Column("record_uuid", String, nullable=False, index=True),
          Column("village_code", String, nullable=False, index=True),
          Column("row", Integer, nullable=False),
          Column("outcome", String, nullable=False),
          Column("answers", Text, nullable=False, default="{}"),
          Column("recorded_at", String, nullable=False),
          Column("recorded_by", String, nullable=False))
    Table("correction", md,
          Column("correction_id", String, primary_key=True),
          Column("draw_id", String, nullable=False),
          Column("record_uuid", String, nullable=False, index=True),
          Column("member_uuid", String, nullable=False),
          Column("village_code", String, nullable=False, index=True),
          Column("question", String, nullable=False),
          Column("recorded", String, nullable=False, default=""),
          Column("heard", String, nullable=False, default=""),
          Column("person", String, nullable=False, default=""),
          Column("created_at", String, nullable=False),
          Column("created_by", String, nullable=False),
          Column("device_id", String, nullable=False),
          Column("state", String, nullable=False, default="open"),
          Column("reason", String, nullable=False, default=""),
          Column("closed_at", String, nullable=False, default=""),
          Column("closed_by", String, nullable=False, default=""),
          Column("revision_id", String, nullable=False, default=""),
          Column("seen_seq", Integer, nullable=False, default=0))
    md.create_all(conn)


def _step23(conn: Connection) -> None:
    """Network sync (issue 20): whom each return bundle the server offers is encrypted to, so
    a new laptop is offered only those written for it (sync/net/state.py `returns`)."""
    conn.execute(text("ALTER TABLE netreturn ADD COLUMN recipients TEXT NOT NULL DEFAULT ''"))


def _step24(conn: Connection) -> None:
    """The day a phone spot-check call was made (通话日期, issue 22): the weekly ranking counts
    a call in the week it was made. A call recorded before has the county's day it was
    recorded on (the settings' time zone), which is when the ranking counted it."""
    conn.execute(text("ALTER TABLE spotcall ADD COLUMN called_on VARCHAR NOT NULL DEFAULT ''"))
    conn.execute(text("CREATE INDEX ix_spotcall_called_on ON spotcall (called_on)"))
    raw = meta.get(conn, meta.COUNTY_SETTINGS)
    zone = (forms.CountySettings.from_mapping(json.loads(raw)) if raw
            else forms.CountySettings()).zone
    rows = conn.execute(text("SELECT draw_id, member_uuid, recorded_at FROM spotcall")).all()
    for draw_id, member_uuid, recorded_at in rows:
        at = dt.datetime.strptime(recorded_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
        conn.execute(text("UPDATE spotcall SET called_on = :day WHERE draw_id = :d AND "
                          "member_uuid = :m"),
                     {"day": at.astimezone(zone).date().isoformat(), "d": draw_id,
                      "m": member_uuid})


def _step25(conn: Connection) -> None:
    """Revisions by the device that made them (issue 20): a return bundle acknowledges what
    the village's devices sent and carries what they changed (sync/export.py
    `export_return`, sync/returns.py). Without the index each lookup read the whole revision
    table: ~3.5 s a return bundle in a county of 150,000 households, one after every network
    import, which made the network sync of 300 villages six times slower than the folder
    import of the same bundles."""
    conn.execute(text("CREATE INDEX ix_revision_device ON revision (device_id)"))


def _step26(conn: Connection) -> None:
    """Schema 25's index made covering (issue 20): a return bundle's acknowledgements (the
    ids of the revisions the village's devices sent) and the records they changed are read
    from the index alone. Through the table each read ~500 rows of the revision table
    (their saved states) a village: 12 of the ~30 ms of a return bundle, one after every
    network import. An index entry holds one device's revisions together, so an import
    still adds to a few pages of it a village."""
    conn.execute(text("DROP INDEX ix_revision_device"))
    conn.execute(text("CREATE INDEX ix_revision_device_record ON revision "
                      "(device_id, record_uuid, revision_id)"))


STEPS: list[Callable[[Connection], None]] = [*migrations_to_v10.STEPS, _step11, _step12,
                                             _step13, _step14, _step15, _step16,
                                             _step17, _step18, _step19, _step20, _step21,
                                             _step22, _step23, _step24, _step25,
                                             _step26]
LATEST = len(STEPS)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("meta"):
        return 0
    value = meta.get(conn, meta.SCHEMA_VERSION)
    return int(value) if value else 0


def migrate(conn: Connection, target: int = LATEST) -> list[int]:
    """Apply the missing steps up to `target`; return the versions applied.

    The caller runs this inside one transaction, so a failing step leaves the store as it was.
    """
    version = current_version(conn)
    if version > LATEST:
        raise SchemaTooNew(
            f"数据库由更新版本的 Mopai 创建（结构版本 {version}），请升级本软件",
            f"the store was written by a newer Mopai (schema {version} > {LATEST}); upgrade",
        )
    applied = []
    for number in range(version + 1, target + 1):
        STEPS[number - 1](conn)
        meta.put(conn, {meta.SCHEMA_VERSION: str(number)})
        applied.append(number)
    return applied
