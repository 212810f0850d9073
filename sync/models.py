"""SQLModel tables of the store at the latest schema version.

These classes are for reading and for single-record writes; `sync/migrations.py` creates the
tables (the test suite checks both agree). Bulk paths use Core inserts on `Model.__table__`.
Timestamps are ISO-8601 UTC strings (``2026-11-21T05:50:12.123456Z``): they sort as text on
every database and travel in bundles unchanged.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class Household(SQLModel, table=True):
    """Current state of a household, projected from its latest revision."""

    uuid: str = Field(primary_key=True)
    village_code: str = Field(index=True)
    household_no: str = Field(index=True)
    head_name: str = ""
    phone: str | None = None
    household_type: str | None = None
    status: str  # draft | complete
    form_id: str
    form_version: str
    revision_id: str
    rev_no: int
    updated_at: str
    updated_by: str
    state: str  # the full record as JSON (docs/architecture.md)


class Member(SQLModel, table=True):
    uuid: str = Field(primary_key=True)
    household_uuid: str = Field(index=True)
    position: int
    name: str = Field(default="", index=True)
    name_initials: str = Field(default="", index=True)
    id_number: str | None = Field(default=None, index=True)
    phone: str | None = None


class Revision(SQLModel, table=True):
    """Append-only history: every saved state of every record, never rewritten."""

    seq: int | None = Field(default=None, primary_key=True)
    revision_id: str = Field(unique=True)
    record_uuid: str
    rev_no: int
    parent_id: str | None = None
    kind: str  # save | delete
    state: str
    device_id: str
    user: str
    created_at: str
    origin: str  # local | import
    acked: bool = False


class Tombstone(SQLModel, table=True):
    record_uuid: str = Field(primary_key=True)
    revision_id: str
    device_id: str
    user: str
    deleted_at: str
    reason: str = ""


class Audit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    event: str = Field(index=True)
    user: str = ""
    device_id: str = ""
    detail: str = "{}"


class Conflict(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    record_uuid: str = Field(index=True)
    field_path: str
    base_value: str | None = None
    local_value: str | None = None
    remote_value: str | None = None
    local_revision: str
    remote_revision: str
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    resolution: str | None = None


class Quarantine(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bundle_id: str
    village_code: str = Field(index=True)
    record_uuid: str
    revision_id: str
    reason: str
    state: str
    received_at: str
    released_at: str | None = None
