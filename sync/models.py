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
    village_code: str  # ix_household_order (schema 8) leads with it
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
    # The full record is the revision's (`revision_id`): households.with_state (schema 11).
    search_text: str = ""  # households.search_text(): names, initials, IDs, phones
    # schema 15: what the county's household list shows and filters on (sync/county_list.py)
    group_name: str = ""     # 村民小组
    members: int = 0
    head_id: str = ""        # the head's ID number
    entered_by: str = ""     # who entered it: the interview's user (paradata), else the saver
    device_id: str = ""      # the device that saved the current revision


class Member(SQLModel, table=True):
    uuid: str = Field(primary_key=True)
    household_uuid: str = Field(index=True)
    position: int
    name: str = ""            # searched through household.search_text (schema 6)
    name_initials: str = ""
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


# -- schema 3: devices, enrolment and bundles (issue 6) ------------------------------------
class Secret(SQLModel, table=True):
    """This workspace's private keys (Ed25519 signing key, age X25519 identity); never leave."""

    name: str = Field(primary_key=True)
    value: str


class Device(SQLModel, table=True):
    """A device the county enrolled (and, at a township, the devices of its villages)."""

    device_id: str = Field(primary_key=True)
    role: str
    code: str = Field(index=True)
    device_name: str = ""
    user_name: str = ""
    sign_pub: str  # Ed25519 public key, hex
    age_recipient: str
    certificate: str  # the signed certificate as issued (JSON)
    enrolled_at: str
    enrolled_by: str
    revoked_at: str | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None


class Area(SQLModel, table=True):
    """The county's township/village reference list (codes are data, never hard-coded)."""

    code: str = Field(primary_key=True)
    name: str
    level: str  # county | township | village
    parent_code: str | None = None


class Job(SQLModel, table=True):
    """A job posting (岗位信息, schema 21, sync/jobs.py): entered or imported at the county for
    the whole county (`area` its code) or for one township (`area` the township's code), sent
    to the villages of its area in return bundles. `job_id` is a UUID: the same posting from
    the same sheet keeps its id, so importing it again changes nothing."""

    job_id: str = Field(primary_key=True)
    area: str = Field(index=True)      # the county's code, or a township's: who receives it
    employer: str                      # 用工单位
    title: str                         # 岗位名称
    trade: str                         # 工种: a code of forms.trades
    province: str = ""                 # 工作省份 (short name: 广东)
    city: str = ""                     # 工作城市
    district: str = ""                 # 工作区县
    pay_min: int | None = None         # 月薪下限 (yuan)
    pay_max: int | None = None         # 月薪上限
    openings: int = 1                  # 招聘人数
    age_min: int | None = None
    age_max: int | None = None
    sex: str = ""                      # "" any, male, female
    education: str = ""                # the form's `education` code, the least accepted
    contact: str = ""
    phone: str = ""
    deadline: str = ""                 # YYYY-MM-DD, "" none
    status: str = "open"               # open | closed
    source: str = ""                   # "hand" or the file's name and row
    entered_by: str = ""
    updated_at: str = ""               # when it last changed (the newest copy wins)


class Expected(SQLModel, table=True):
    """How many households a village should have surveyed (schema 12): set by the county from
    a number or its 户籍 list, kept apart from `area` (whose list is replaced whole) so an
    areas import that renames keeps it; who set it, when and from what."""

    village_code: str = Field(primary_key=True)
    households: int
    source: str = ""                   # "hand" or the file's name
    set_by: str = ""
    set_at: str = ""


class ExpectedHousehold(SQLModel, table=True):
    """One household a village must visit, from the county's 户籍 list (schema 14,
    sync/expected.py): what the list says of it, and which file and row said so. A village's
    rows are replaced whole when a list naming it is imported."""

    __tablename__ = "expected_household"

    id: int | None = Field(default=None, primary_key=True)
    village_code: str = Field(index=True)
    household_no: str = ""             # 户编号, when the list has one
    head_name: str = ""                # 户主
    id_number: str = ""                # the head's ID number, normalised
    group_name: str = ""               # 村民小组
    source: str = ""                   # the file's name
    source_row: int = 0
    imported_by: str = ""
    imported_at: str = ""


class RevisionSource(SQLModel, table=True):
    """Where a revision written by an import came from (schema 14): ``file.jsonl:12`` (a
    record's line) — kept beside the append-only `revision` table, which bundles copy as
    they are, so a mark stays on the device that imported."""

    __tablename__ = "revision_source"

    revision_id: str = Field(primary_key=True)
    source: str


class FormFile(SQLModel, table=True):
    """Form workbooks received from the county, by version (the newest is current)."""

    form_version: str = Field(primary_key=True)
    form_id: str
    sha256: str
    content: bytes
    received_at: str


class Carried(SQLModel, table=True):
    """At a township: the county's return bundles for its villages, kept byte for byte until
    the township's 回传 copies them onto a village's stick (sync/township.py, schema 16)."""

    bundle_id: str = Field(primary_key=True)
    village_code: str = Field(index=True)  # the bundle's target
    seq: int                               # the county's sequence number
    file_name: str
    sha256: str                            # of the whole file
    content: bytes
    received_at: str
    written_at: str | None = None          # when a 回传 last copied it out


class BundleIn(SQLModel, table=True):
    """Every bundle imported; (device_id, seq) unique is what catches a cloned device."""

    bundle_id: str = Field(primary_key=True)
    kind: str  # data | return
    device_id: str = Field(index=True)
    code: str
    seq: int
    file_sha256: str
    payload_sha256: str
    created_at: str
    received_at: str
    revisions: int = 0
    new_revisions: int = 0
    conflicts: int = 0
    quarantined: int = 0


class BundleOut(SQLModel, table=True):
    """Bundles this device wrote; the sequence number is reserved before the file is written."""

    seq: int = Field(primary_key=True)
    bundle_id: str = Field(unique=True)
    kind: str
    target: str
    created_at: str
    status: str  # reserved | written
    file_name: str = ""
    file_sha256: str = ""
    revisions: int = 0


class MergeParent(SQLModel, table=True):
    """The second parent of a merge revision (the first is `revision.parent_id`)."""

    revision_id: str = Field(primary_key=True)
    parent_id: str = Field(index=True)


class PeerAck(SQLModel, table=True):
    """Revisions made here that a device reported it holds (so return bundles stop resending)."""

    device_id: str = Field(primary_key=True)
    revision_id: str = Field(primary_key=True)


class Duplicate(SQLModel, table=True):
    """The same ID number in two households: flagged for a person to review, never merged."""

    id: int | None = Field(default=None, primary_key=True)
    id_number: str = Field(index=True)
    household_uuid: str
    other_household_uuid: str
    village_code: str
    other_village_code: str
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    resolution: str | None = None  # JSON: action (remove | current | both), household, note


class Draft(SQLModel, table=True):
    """An editor's autosaved, unsaved work (not a revision; never exported)."""

    record_uuid: str = Field(primary_key=True)
    user: str
    saved_at: str
    state: str


class Derived(SQLModel, table=True):
    """Derived figures of a record at one revision (sync/derived.py); rebuilt at will."""

    record_uuid: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)  # covering index ix_derived_kind (schema 8)
    revision_id: str
    data: str
    valid_from: str | None = None   # schema 8: the days [from, until) the data holds for
    valid_until: str | None = None


# -- schema 9: which village a household belongs to (issue 12) -----------------------------
class Owner(SQLModel, table=True):
    """The county's own record of which village may change a household: the village whose
    device created it, or the one the county moved it to. Never taken from incoming data."""

    record_uuid: str = Field(primary_key=True)
    village_code: str = Field(index=True)
    since: str
    by_user: str = ""
    reason: str = "created"  # created | moved
    previous_code: str | None = None


# -- schema 13: the supervisor's review of a household (issue 17) --------------------------
class Review(SQLModel, table=True):
    """One decision (审核通过 / 退回修改) on a household revision, made by the county or a
    township (sync/review.py). Kept once by id, never changed; the latest counts."""

    review_id: str = Field(primary_key=True)
    record_uuid: str = Field(index=True)
    revision_id: str                 # the revision the reviewer looked at
    village_code: str = Field(index=True)
    decision: str                    # approve | reject
    comment: str = ""
    questions: str = "[]"            # JSON list of flattened paths (fields.x, members.<u>.fields.x)
    decided_at: str
    decided_by: str
    device_id: str
    role: str                        # county | township
    seen_seq: int = 0                # local: the newest revision here when it became known
    received_at: str = ""


# -- schema 17: network sync, the county server's side (issue 20, sync/net/) ----------------
class NetUpload(SQLModel, table=True):
    """A bundle a device uploads, by the SHA-256 of the file: receiving, received (queued),
    imported or rejected (with the importer's reason)."""

    n: int | None = Field(default=None, primary_key=True)
    device_id: str
    sha256: str
    size: int
    state: str                       # receiving | received | imported | rejected
    received_at: str
    done_at: str = ""
    bundle_id: str = ""
    seq: int = 0
    reason: str = ""
    message_zh: str = ""
    message_en: str = ""
    result: str = "{}"               # the importer's ImportResult as JSON


class NetNonce(SQLModel, table=True):
    """Request nonces seen within the clock window: a replay is refused; their count in the
    last minute is the device's request rate."""

    device_id: str = Field(primary_key=True)
    nonce: str = Field(primary_key=True)
    at: int = Field(index=True)      # Unix seconds


class NetLease(SQLModel, table=True):
    """Who imports now (the store has one writer): a lease with an end, so a killed process
    gives it up."""

    name: str = Field(primary_key=True)
    holder: str = ""
    until: int = 0


class NetMark(SQLModel, table=True):
    """Per village (or township) code: the store's high-water marks when the server last
    wrote it a return bundle or found nothing new for it (schema 18, sync/net/state.py)."""

    code: str = Field(primary_key=True)
    revision_seq: int = 0              # the newest revision.seq then
    audit_id: int = 0                  # the newest audit.id then
    at: str = ""                       # when
    wanted: int = 0                    # 1: a device asked and something waits: write one


class NetDevice(SQLModel, table=True):
    """Schema 20: what the server saw of each device — its last authenticated request, the
    last refusal it gave it (error code), the newest return bundle (`netreturn.n`) it
    downloaded. The county's transport view reads it (sync/transport.py)."""

    device_id: str = Field(primary_key=True)
    last_contact: str = ""
    last_error: str = ""
    last_error_at: str = ""
    returns_taken: int = 0
    taken_at: str = ""


class NetReturn(SQLModel, table=True):
    """A return bundle the server offers a village's devices (file in the spool)."""

    n: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    sha256: str = Field(unique=True)
    name: str
    size: int
    seq: int
    created_at: str
    # schema 23: the age recipients the file is encrypted to (JSON list): a device is offered
    # only the bundles it can open (a new laptop is not offered the old laptop's history)
    recipients: str = ""


# -- schema 19: 311 service records (issue 21, sync/services.py) ------------------------------
class Service(SQLModel, table=True):
    """One revision of a service record (岗位推送, 职业指导, 培训引导, 创业服务) for a person:
    append-only like `revision`, its own chain per `service_id` (docs/decisions.md 49). The
    record as it travels is `state` (JSON); the columns beside it are what lists filter on."""

    seq: int | None = Field(default=None, primary_key=True)
    revision_id: str = Field(unique=True)
    service_id: str = Field(index=True)
    parent_id: str | None = None
    household_uuid: str = Field(index=True)
    village_code: str = Field(index=True)
    id_number: str = ""
    served_on: str                   # the service's date, YYYY-MM-DD
    saved_at: str
    saved_by: str
    device_id: str
    origin: str = "local"            # local | import
    acked: bool = False              # the county acknowledged it (local revisions)
    refused: str = ""                # why the county did not count it (another village's person)
    state: str


# -- schema 22: phone spot checks (issue 22, sync/spotchecks.py) --------------------------------
class SpotDraw(SQLModel, table=True):
    """One drawn sample: the parameters, the seed and the persons drawn (with the answers
    recorded at the time), so its call sheet prints again and a filled one is matched."""

    draw_id: str = Field(primary_key=True)
    area: str                        # the county's code, or a township's
    params: str                      # JSON: per_village | share, weight_poverty, seed
    people: str                      # JSON list: the sheet's rows, in order
    created_at: str
    created_by: str
    device_id: str


class SpotCall(SQLModel, table=True):
    """The result of one call of a draw, as imported from its filled sheet."""

    draw_id: str = Field(primary_key=True)
    member_uuid: str = Field(primary_key=True)
    record_uuid: str = Field(index=True)
    village_code: str = Field(index=True)
    row: int                         # the sheet's 序号
    outcome: str                     # reached | no_answer | vacant | refused
    answers: str = "{}"              # JSON: question -> {"agree": bool, "heard": str}
    recorded_at: str
    recorded_by: str
    called_on: str = Field(default="", index=True)  # the county's day of the call (通话日期)


class Correction(SQLModel, table=True):
    """A correction request: a phone check heard another answer than the one recorded. Made
    at the county, it travels to the village in return bundles (line `corrections`); the
    village says back in its data bundles whether it is resolved (the household saved there
    after the request became known there, `seen_seq`) or dismissed with a reason."""

    correction_id: str = Field(primary_key=True)
    draw_id: str
    record_uuid: str = Field(index=True)
    member_uuid: str
    village_code: str = Field(index=True)
    question: str
    recorded: str = ""
    heard: str = ""
    person: str = ""                 # the member's name, to show without the record
    created_at: str
    created_by: str
    device_id: str                   # the county's device that made it
    state: str = "open"              # open | resolved | dismissed (as the village last said)
    reason: str = ""                 # why the village dismissed it
    closed_at: str = ""
    closed_by: str = ""
    revision_id: str = ""            # the village's save that resolved it
    seen_seq: int = 0                # local: the newest revision here when it became known
