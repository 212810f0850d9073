"""Ordered schema migrations.

Each step takes the store from version N-1 to N inside one transaction and is written with
SQLAlchemy Core against tables frozen at that version (never against the live models, which
move on), so an old store always migrates the same way — on SQLCipher and on PostgreSQL.
`tests/fixtures/store_v1/` holds a store saved by version 1; a test migrates it.
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

from . import meta
from .errors import SchemaTooNew
from .households import household_row, search_text
from .search import name_initials


def _v1_tables(md: MetaData) -> None:
    Table("meta", md, Column("key", String, primary_key=True), Column("value", Text, nullable=False))
    Table(
        "household", md,
        Column("uuid", String, primary_key=True),
        Column("village_code", String, nullable=False, index=True),
        Column("household_no", String, nullable=False, index=True),
        Column("head_name", String, nullable=False, default=""),
        Column("phone", String),
        Column("household_type", String),
        Column("status", String, nullable=False),
        Column("form_id", String, nullable=False),
        Column("form_version", String, nullable=False),
        Column("revision_id", String, nullable=False),
        Column("rev_no", Integer, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("updated_by", String, nullable=False),
        Column("state", Text, nullable=False),
    )
    Table(
        "member", md,
        Column("uuid", String, primary_key=True),
        Column("household_uuid", String, nullable=False, index=True),
        Column("position", Integer, nullable=False),
        Column("name", String, nullable=False, default="", index=True),
        Column("id_number", String, index=True),
        Column("phone", String),
    )
    Table(
        "revision", md,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("revision_id", String, nullable=False, unique=True),
        Column("record_uuid", String, nullable=False),
        Column("rev_no", Integer, nullable=False),
        Column("parent_id", String),
        Column("kind", String, nullable=False),
        Column("state", Text, nullable=False),
        Column("device_id", String, nullable=False),
        Column("user", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("origin", String, nullable=False),
        Column("acked", Boolean, nullable=False, default=False),
        Index("ix_revision_record", "record_uuid", "rev_no"),
    )
    Table(
        "tombstone", md,
        Column("record_uuid", String, primary_key=True),
        Column("revision_id", String, nullable=False),
        Column("device_id", String, nullable=False),
        Column("user", String, nullable=False),
        Column("deleted_at", String, nullable=False),
        Column("reason", Text, nullable=False, default=""),
    )
    Table(
        "audit", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", String, nullable=False, index=True),
        Column("event", String, nullable=False, index=True),
        Column("user", String, nullable=False, default=""),
        Column("device_id", String, nullable=False, default=""),
        Column("detail", Text, nullable=False, default="{}"),
    )


def _v2_new_tables(md: MetaData) -> None:
    Table(
        "conflict", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("record_uuid", String, nullable=False, index=True),
        Column("field_path", String, nullable=False),
        Column("base_value", Text),
        Column("local_value", Text),
        Column("remote_value", Text),
        Column("local_revision", String, nullable=False),
        Column("remote_revision", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("resolved_at", String),
        Column("resolved_by", String),
        Column("resolution", Text),
    )
    Table(
        "quarantine", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("bundle_id", String, nullable=False),
        Column("village_code", String, nullable=False, index=True),
        Column("record_uuid", String, nullable=False),
        Column("revision_id", String, nullable=False),
        Column("reason", Text, nullable=False),
        Column("state", Text, nullable=False),
        Column("received_at", String, nullable=False),
        Column("released_at", String),
    )


def _step1(conn: Connection) -> None:
    md = MetaData()
    _v1_tables(md)
    md.create_all(conn)


def _step2(conn: Connection) -> None:
    """Pinyin initials for search as you type (张三 -> zs), the conflict and quarantine queues."""
    conn.execute(text("ALTER TABLE member ADD COLUMN name_initials VARCHAR NOT NULL DEFAULT ''"))
    conn.execute(text("CREATE INDEX ix_member_name_initials ON member (name_initials)"))
    member = Table("member", MetaData(), Column("uuid", String, primary_key=True),
                   Column("name", String), Column("name_initials", String))
    rows = conn.execute(select(member.c.uuid, member.c.name)).all()
    for uuid, name in rows:
        conn.execute(update(member).where(member.c.uuid == uuid)
                     .values(name_initials=name_initials(name or "")))
    md = MetaData()
    _v2_new_tables(md)
    md.create_all(conn)


def _v3_new_tables(md: MetaData) -> None:
    Table("secret", md, Column("name", String, primary_key=True),
          Column("value", Text, nullable=False))
    Table(
        "device", md,
        Column("device_id", String, primary_key=True),
        Column("role", String, nullable=False),
        Column("code", String, nullable=False, index=True),
        Column("device_name", String, nullable=False, default=""),
        Column("user_name", String, nullable=False, default=""),
        Column("sign_pub", String, nullable=False),
        Column("age_recipient", String, nullable=False),
        Column("certificate", Text, nullable=False),
        Column("enrolled_at", String, nullable=False),
        Column("enrolled_by", String, nullable=False),
        Column("revoked_at", String),
        Column("revoked_by", String),
        Column("revoke_reason", Text),
    )
    Table(
        "area", md,
        Column("code", String, primary_key=True),
        Column("name", String, nullable=False),
        Column("level", String, nullable=False),
        Column("parent_code", String),
    )
    Table(
        "formfile", md,
        Column("form_version", String, primary_key=True),
        Column("form_id", String, nullable=False),
        Column("sha256", String, nullable=False),
        Column("content", LargeBinary, nullable=False),
        Column("received_at", String, nullable=False),
    )
    Table(
        "bundlein", md,
        Column("bundle_id", String, primary_key=True),
        Column("kind", String, nullable=False),
        Column("device_id", String, nullable=False, index=True),
        Column("code", String, nullable=False),
        Column("seq", Integer, nullable=False),
        Column("file_sha256", String, nullable=False),
        Column("payload_sha256", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("received_at", String, nullable=False),
        Column("revisions", Integer, nullable=False, default=0),
        Column("new_revisions", Integer, nullable=False, default=0),
        Column("conflicts", Integer, nullable=False, default=0),
        Column("quarantined", Integer, nullable=False, default=0),
        Index("ux_bundlein_device_seq", "device_id", "seq", unique=True),
    )
    Table(
        "bundleout", md,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("bundle_id", String, nullable=False, unique=True),
        Column("kind", String, nullable=False),
        Column("target", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("status", String, nullable=False),
        Column("file_name", String, nullable=False, default=""),
        Column("file_sha256", String, nullable=False, default=""),
        Column("revisions", Integer, nullable=False, default=0),
    )
    Table(
        "mergeparent", md,
        Column("revision_id", String, primary_key=True),
        Column("parent_id", String, nullable=False, index=True),
    )
    Table(
        "peerack", md,
        Column("device_id", String, primary_key=True),
        Column("revision_id", String, primary_key=True),
    )
    Table(
        "duplicate", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("id_number", String, nullable=False, index=True),
        Column("household_uuid", String, nullable=False),
        Column("other_household_uuid", String, nullable=False),
        Column("village_code", String, nullable=False),
        Column("other_village_code", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("resolved_at", String),
        Column("resolved_by", String),
    )


def _step3(conn: Connection) -> None:
    """Sync (issue 6): keys, enrolled devices, reference list, form files, bundle logs,
    merge parents, peer acknowledgements, duplicate-ID review queue; revisions by record."""
    md = MetaData()
    _v3_new_tables(md)
    md.create_all(conn)


def _step4(conn: Connection) -> None:
    """Autosaved editor drafts, moved out of the key/value meta table the GUI first used."""
    md = MetaData()
    draft = Table("draft", md, Column("record_uuid", String, primary_key=True),
                  Column("user", String, nullable=False), Column("saved_at", String, nullable=False),
                  Column("state", Text, nullable=False))
    md.create_all(conn)
    kv = Table("meta", MetaData(), Column("key", String, primary_key=True), Column("value", Text))
    prefix = "desktop.draft."
    rows = conn.execute(select(kv.c.key, kv.c.value).where(kv.c.key.like(prefix + "%"))).all()
    for key, value in rows:
        try:
            old = json.loads(value)
            conn.execute(draft.insert(), [{"record_uuid": key[len(prefix):],
                                           "user": old.get("user", ""),
                                           "saved_at": old.get("saved_at", ""),
                                           "state": json.dumps(old["state"], ensure_ascii=False)}])
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # an unreadable draft is not worth refusing the upgrade for
    conn.execute(kv.delete().where(kv.c.key.like(prefix + "%")))


def _step5(conn: Connection) -> None:
    """Derived figures kept by revision (list facts, report figures): starts and reports
    read them instead of evaluating every household again."""
    md = MetaData()
    Table("derived", md, Column("record_uuid", String, primary_key=True),
          Column("kind", String, primary_key=True), Column("revision_id", String, nullable=False),
          Column("data", Text, nullable=False))
    md.create_all(conn)


def _step6(conn: Connection) -> None:
    """One search line per household (names, initials, ID numbers, phones), filled from the
    current records, so search as you type is one LIKE over households."""
    conn.execute(text("ALTER TABLE household ADD COLUMN search_text TEXT NOT NULL DEFAULT ''"))
    household = Table("household", MetaData(), Column("uuid", String, primary_key=True),
                      Column("state", Text), Column("search_text", Text))
    for uuid, state in conn.execute(select(household.c.uuid, household.c.state)).all():
        conn.execute(update(household).where(household.c.uuid == uuid)
                     .values(search_text=search_text(json.loads(state))))


def _step7(conn: Connection) -> None:
    """Duplicate-ID decisions are kept with the queue entry (what was decided and why)."""
    conn.execute(text("ALTER TABLE duplicate ADD COLUMN resolution TEXT"))


def _step8(conn: Connection) -> None:
    """Reports read every household's derived figures of one kind, in village and 户编号 order.
    Two covering indexes make those scans read index pages only: the household's order and
    revision (its rows carry the whole record), and a kind's records, revisions and validity.
    Figures that depend on the day say for which days they hold (ISO dates, [from, until))."""
    conn.execute(text("ALTER TABLE derived ADD COLUMN valid_from VARCHAR"))
    conn.execute(text("ALTER TABLE derived ADD COLUMN valid_until VARCHAR"))
    conn.execute(text("CREATE INDEX ix_derived_kind ON derived "
                      "(kind, record_uuid, revision_id, valid_from, valid_until)"))
    conn.execute(text("CREATE INDEX ix_household_order ON household "
                      "(village_code, household_no, uuid, revision_id)"))


def _step9(conn: Connection) -> None:
    """Which village may change a household is the county's own record, never the incoming
    one's (issue 12). Existing households belong to the village whose device wrote their
    first revision, else (a village's own store, records made before enrolment) to the
    village their record names; deleted ones likewise, from their last state."""
    owner = Table("owner", MetaData(),
                  Column("record_uuid", String, primary_key=True),
                  Column("village_code", String, nullable=False, index=True),
                  Column("since", String, nullable=False),
                  Column("by_user", String, nullable=False, default=""),
                  Column("reason", String, nullable=False, default="created"),
                  Column("previous_code", String),
                  sqlite_with_rowid=False)  # one B-tree, keyed by the uuid (PostgreSQL: n/a)
    owner.create(conn)
    conn.execute(text(
        "INSERT INTO owner (record_uuid, village_code, since, by_user, reason) "
        "SELECT r.record_uuid, MIN(d.code), MIN(r.created_at), '', 'created' "
        "FROM revision r JOIN device d ON d.device_id = r.device_id "
        "WHERE r.rev_no = 1 AND d.role = 'village' GROUP BY r.record_uuid"))
    conn.execute(text(
        "INSERT INTO owner (record_uuid, village_code, since, by_user, reason) "
        "SELECT h.uuid, h.village_code, h.updated_at, '', 'created' FROM household h "
        "WHERE NOT EXISTS (SELECT 1 FROM owner o WHERE o.record_uuid = h.uuid)"))
    rows = conn.execute(text(
        "SELECT t.record_uuid, r.state, t.deleted_at FROM tombstone t "
        "JOIN revision r ON r.revision_id = t.revision_id "
        "WHERE NOT EXISTS (SELECT 1 FROM owner o WHERE o.record_uuid = t.record_uuid)")).all()
    for uuid, state, at in rows:
        code = (json.loads(state).get("fields") or {}).get("village_code")
        if isinstance(code, str) and code:
            conn.execute(text("INSERT INTO owner (record_uuid, village_code, since, by_user, reason) "
                              "VALUES (:u, :c, :at, '', 'created')"),
                         {"u": uuid, "c": code, "at": at})


def _step10(conn: Connection) -> None:
    """Indexes nothing reads, which every imported member paid for: search goes through
    `household.search_text` since schema 6 (names and their initials are looked up there),
    and `ix_household_order` (schema 8) starts with the village code."""
    for name in ("ix_member_name", "ix_member_name_initials", "ix_household_village_code"):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


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


STEPS: list[Callable[[Connection], None]] = [_step1, _step2, _step3, _step4, _step5, _step6,
                                             _step7, _step8, _step9, _step10, _step11, _step12,
                                             _step13, _step14, _step15, _step16,
                                             _step17, _step18, _step19, _step20, _step21,
                                             _step22, _step23, _step24, _step25]
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
