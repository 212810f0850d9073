"""The store's ``meta`` table: every key it may hold, named here once, and the one way in.

``meta`` is a key/value table inside the encrypted store for facts about the workspace
itself (what it is, whom it trusts, how far its transfers got). Every key is a constant of
this module; `put` refuses any other, so a new key is added here, with a line saying what it
holds, and nowhere else. Reading and writing inside a caller's transaction goes through
`get`, `read_all` and `put`; the open store's snapshot (`store.meta`, a `Meta`) is what the
store read when it opened, kept current by the writes made through it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sqlalchemy import Connection, Engine, text

# -- what the workspace is (written once, by `Workspace.create`) -------------------------------
SCHEMA_VERSION = "schema_version"  # the store's schema step (sync/migrations.py)
WORKSPACE_ID = "workspace_id"      # binds the store to its key file (decision 14)
ROLE = "role"                      # village | township | county
CODE = "code"                      # its area code
NAME = "name"                      # the village's, township's or county's name
DEVICE_ID = "device_id"            # this device's id, in every revision it writes
DEVICE_NAME = "device_name"        # the computer's host name (format-1 requests carried it)
DEVICE_NAME_CHOSEN = "device_name_chosen"  # the name a person gave this laptop at enrolment
CREATED_AT = "created_at"

# -- transfers ----------------------------------------------------------------------------------
LAST_EXPORT = "last_export"        # when the last bundle was written
LAST_IMPORT = "last_import"        # when the last bundle was merged
LAST_RETURN_SEQ = "last_return_seq"  # the county's last return bundle merged (its sequence no.)

# -- enrolment: the county this workspace trusts (sync/enrol.py) -------------------------------
COUNTY_CODE = "county_code"
COUNTY_NAME = "county_name"
COUNTY_DEVICE_ID = "county_device_id"
COUNTY_SIGN_PUB = "county_sign_pub"  # return bundles must be signed by this key
COUNTY_AGE = "county_age"          # bundles are encrypted to this recipient
CERTIFICATE = "certificate"        # this device's certificate, signed by the county
ENROLLED_AT = "enrolled_at"
TOWNSHIP_CODE = "township_code"    # a village's township relay, if it has one
TOWNSHIP_AGE = "township_age"
TOWNSHIP_DEVICE_ID = "township_device_id"  # the township device whose 回传 a village accepts
TOWNSHIP_SIGN_PUB = "township_sign_pub"    # …signed by this key (sync/township.py)
KEYS_BACKUP_AT = "keys_backup_at"  # a county: when its keys were last backed up
KEYS_CHANGED_AT = "keys_changed_at"  # when this workspace's keys were made or replaced

# -- definitions and kept figures ---------------------------------------------------------------
COUNTY_SETTINGS = "county_settings"  # forms.CountySettings as JSON (sync/county_settings.py)
REPORT_FACTS_MARK = "report_facts_mark"  # what the last whole refresh of report facts saw
COUNTY_EDITS = "county_edits"      # "on": the county may correct households (decision 38)
CARD_CONTACTS = "card_contacts"    # village code -> the contact its 明白卡 names (reports/card.py)

# -- network sync (sync/net/, docs/sync.md "Network sync") ---------------------------------------
SERVER_URL = "server_url"          # county: the address setup files give; device: from its setup
SERVER_CERT = "server_cert"        # SHA-256 of the county server's certificate (pinned by devices)
NET_RETURN_AFTER = "net_return_after"  # device: the last return bundle listed and imported
# county: the next certificate's SHA-256, made ahead of a switch; device: the one announced
# (in a return bundle, or by the server while the current one still works), pinned too
SERVER_CERT_NEXT = "server_cert_next"
# county: a certificate switch recorded in the store whose files are not all in place yet
# (JSON: next and previous SHA-256), finished by the next `ensure` (tls.py)
CERT_SWITCH = "cert_switch"
EXPORTED_SEQ = "exported_seq"      # device: the newest local revision written in a data bundle
# township: how many of its own review decisions there were when a data bundle last carried
# them (a decision is never changed or removed, so a larger count is something new to send)
EXPORTED_REVIEWS = "exported_reviews"
# device: the newest of its own 311 service revisions a data bundle carried (sync/services.py)
EXPORTED_SERVICES = "exported_services"
# village: how many correction requests it had dismissed when a data bundle last said so
EXPORTED_DISMISSED = "exported_dismissed"
# township: how many spot-check draws and calls of its own a data bundle last carried
EXPORTED_SPOTCHECKS = "exported_spotchecks"
NET_SYNCED_AT = "net_synced_at"    # device: when a network sync last reached the county (UTC)

KEYS = frozenset({
    SCHEMA_VERSION, WORKSPACE_ID, ROLE, CODE, NAME, DEVICE_ID, DEVICE_NAME, DEVICE_NAME_CHOSEN,
    CREATED_AT, LAST_EXPORT, LAST_IMPORT, LAST_RETURN_SEQ,
    COUNTY_CODE, COUNTY_NAME, COUNTY_DEVICE_ID, COUNTY_SIGN_PUB, COUNTY_AGE, CERTIFICATE,
    ENROLLED_AT, TOWNSHIP_CODE, TOWNSHIP_AGE, TOWNSHIP_DEVICE_ID, TOWNSHIP_SIGN_PUB,
    KEYS_BACKUP_AT, KEYS_CHANGED_AT,
    COUNTY_SETTINGS, REPORT_FACTS_MARK, COUNTY_EDITS, SERVER_URL, SERVER_CERT, NET_RETURN_AFTER,
    SERVER_CERT_NEXT, CERT_SWITCH, EXPORTED_SEQ, EXPORTED_REVIEWS, EXPORTED_SERVICES,
    EXPORTED_DISMISSED, EXPORTED_SPOTCHECKS, NET_SYNCED_AT, CARD_CONTACTS,
})


def read_all(conn: Connection) -> dict[str, str]:
    """Every key and value (keys of older versions included)."""
    return dict(conn.execute(text("SELECT key, value FROM meta")).all())


def get(conn: Connection, key: str) -> str | None:
    return conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).scalar()


def put(conn: Connection, values: Mapping[str, str]) -> None:
    """Set `values` inside the caller's write transaction; a key not named here is refused
    before anything is written."""
    unknown = sorted(set(values) - KEYS)
    if unknown:
        raise ValueError(f"not a meta key (name it in sync/meta.py): {', '.join(unknown)}")
    for key, value in values.items():
        conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": key})
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


class Meta(Mapping[str, str]):
    """`store.meta`: the values read when the store opened, kept current by the writes made
    through it (`set`, or `remember` after a `put` inside a caller's transaction). Another
    process's writes are seen by `fresh`."""

    def __init__(self, engine: Engine, values: Mapping[str, str]) -> None:
        self._engine = engine
        self._values = dict(values)

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def set(self, values: Mapping[str, str]) -> None:
        """Write `values` in a transaction of their own."""
        with self._engine.connect().execution_options(immediate=True) as conn, conn.begin():
            put(conn, values)
        self._values.update(values)

    def remember(self, values: Mapping[str, str | None]) -> None:
        """Note values written (None: removed) in a caller's transaction that committed."""
        for key, value in values.items():
            if value is None:
                self._values.pop(key, None)
            else:
                self._values[key] = value

    def fresh(self) -> dict[str, str]:
        """Every value as the store holds it now (read again, and remembered)."""
        with self._engine.connect() as conn:
            self._values = read_all(conn)
        return dict(self._values)
