"""The first ten schema steps (the store, the review queues, sync, drafts, derived figures,
search, ownership), which `sync/migrations.py` runs before its own: each takes the store from
version N-1 to N, written against tables frozen at that version. Only a store saved before
version 10 still meets them; the newer steps and the runner are in `sync/migrations.py`.
"""

from __future__ import annotations

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
    select,
    text,
    update,
)

from .households import search_text
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


STEPS: list[Callable[[Connection], None]] = [_step1, _step2, _step3, _step4, _step5, _step6,
                                             _step7, _step8, _step9, _step10]
