"""Enrolment (trust set up once, offline), revocation, county key backup and recovery.

1. The village (or township) writes a request file: its device id, public keys, code, the
   device name a person chose (e.g. 荆坪村文书笔记本, not the computer's host name), the user,
   the village's name and the time, signed with its own key (proof that it holds the key).
   The county reads it (`read_request`) and shows all of it with the device's fingerprint
   before a person confirms the approval.
2. The county approves it into a setup file: a device certificate signed by the county, the
   county's public keys, the reference list of townships and villages, the county settings
   (sync/county_settings.py) and the county's current form (sync/formbook.py), the whole file
   signed by the county.
3. The village accepts the setup only with the county key fingerprint a person confirmed
   (read out by telephone, or scanned from the QR code on paper); the key file then gains a
   `recovery` slot: the store's data key sealed (age) to the county's X25519 key.

`mopai recover` runs at the county on a copy of the village key file: the county opens the
recovery slot and writes a new passphrase slot; the data key never leaves that process.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import insert, select, update

from . import county_settings, formbook, keyfile, meta
from . import passphrase as passphrase_policy
from .atomic import write_atomic
from .device import (
    Identity,
    fingerprint,
    read_signed,
    replace_identity,
    signed_version,
    verify,
    write_signed,
)
from .errors import InputError, KeyFileError, MopaiError
from .models import Area, Device, Expected
from .record import utc_now

if TYPE_CHECKING:
    from .service import SyncService

REQUEST_MAGIC, SETUP_MAGIC, BACKUP_MAGIC = "MOPAI-ENROL-REQUEST", "MOPAI-ENROL-SETUP", "MOPAI-KEYS-BACKUP"
VERSION = 1
# Setup format 2 may carry the county server's address and certificate hash (`server`,
# network sync); format 1 files are still accepted, and the device syncs by USB only.
SETUP_VERSION = 2
SETUP_VERSIONS = (1, 2)
# Request format 2: the device name is the one a person chose at request time (format 1
# carried the computer's host name); both are read, the names bounded in both.
REQUEST_VERSION = 2
REQUEST_VERSIONS = (1, 2)
LABEL_MAX = 40      # a device's or a user's name, as a person reads it on the devices page
PLACE_MAX = 60      # a village's or township's name
RECOVERY = "recovery"


class EnrolError(MopaiError):
    """A setup file or a recovery that cannot be used (enrolment)."""

    exit_code = 6
    code = "enrol"


@dataclass(frozen=True)
class SetupPreview:
    county_code: str
    county_name: str
    fingerprint: str
    device_id: str
    code: str
    areas: int
    form_version: str | None
    server_url: str = ""  # the county's sync server (setup format 2), "" for USB only


@dataclass(frozen=True)
class EnrolRequest:
    """A request as the county's approval shows it, before anything is stored."""

    version: int
    device_id: str
    role: str
    code: str
    name: str             # the village's (or township's) name as the request gives it
    device_name: str
    user_name: str
    created_at: str
    fingerprint: str      # of the device's keys: read back to the village to confirm

    @property
    def chosen_name(self) -> bool:
        """False for a format-1 request, whose device name is the computer's host name."""
        return self.version >= 2


def clean_label(value: Any, what_zh: str, what_en: str, limit: int = LABEL_MAX, *,
                required: bool = True, where: str | None = None) -> str:
    """A name a person typed (or a hostile file carries): text, trimmed, at most `limit`
    characters, no control or format characters (line breaks, bidi overrides)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"{what_zh}不是文字", f"the {what_en} is not text", where=where)
    text = value.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        raise InputError(f"{what_zh}含有控制字符，请只用文字、数字和标点",
                         f"the {what_en} contains control characters; use letters, digits and "
                         "punctuation only", where=where)
    if len(text) > limit:
        raise InputError(f"{what_zh}太长：最多 {limit} 个字", f"the {what_en} is too long: at "
                         f"most {limit} characters", where=where)
    if required and not text:
        raise InputError(f"请填写{what_zh}", f"the {what_en} is missing", where=where)
    return text


def suggested_device_name(store: Any) -> str:
    """What the request dialog proposes: the name chosen last time, else ``<村名>笔记本``
    (``<code>笔记本`` for a workspace without a name) — never the computer's host name."""
    kept = store.meta.get(meta.DEVICE_NAME_CHOSEN, "")
    if kept:
        return kept
    name = store.meta.get(meta.NAME, "") if _printable(store.meta.get(meta.NAME, "")) else ""
    return f"{name or store.workspace.code}笔记本"[:LABEL_MAX]


def _normal_fp(fp: str) -> str:
    return re.sub(r"[^0-9A-F]", "", fp.upper())


# -- village: request ---------------------------------------------------------------------------
def write_request(svc: SyncService, out: Path, *, device_name: str | None = None,
                  user_name: str | None = None) -> dict[str, Any]:
    """The request file (format 2). `device_name` is the name a person chose for this laptop
    (default: the one chosen last time, else ``<村名>笔记本``), `user_name` who asks (default:
    the signed-in user); both bounded, refused with control characters. The chosen device
    name is kept for the next request."""
    store = svc.store
    if store.workspace.role == "county":
        raise InputError("县级工作区不需要登记", "a county workspace does not enrol")
    device_name = clean_label(suggested_device_name(store) if device_name is None
                              else device_name, "设备名称", "device name")
    user_name = clean_label(store.user if user_name is None else user_name, "申请人", "user name")
    ident = svc.identity()
    doc = {"kind": "enrol-request", "device_id": store.device_id,
           "workspace_id": store.workspace.keys.workspace_id, "role": store.workspace.role,
           "code": store.workspace.code,
           "name": clean_label(store.meta.get(meta.NAME, ""), "村名", "village name", PLACE_MAX,
                               required=False),
           "device_name": device_name, "user_name": user_name,
           "host_name": clean_label(store.meta.get(meta.DEVICE_NAME, ""), "计算机名",
                                    "computer name", LABEL_MAX, required=False)
           if _printable(store.meta.get(meta.DEVICE_NAME, "")) else "",
           "sign_pub": ident.sign_pub, "age_recipient": ident.age_recipient,
           "created_at": utc_now()}
    write_atomic(Path(out), write_signed(REQUEST_MAGIC, REQUEST_VERSION, doc, ident), mode=0o644)
    store.meta.set({meta.DEVICE_NAME_CHOSEN: device_name})
    store.audit.log("enrol_request", store.user, out=str(out), device_name=device_name)
    return doc


def _printable(text: str) -> bool:
    return len(text) <= LABEL_MAX and not any(unicodedata.category(c).startswith("C")
                                              for c in text)


CODE_LENGTH = {"village": 12, "township": 9}


def read_request(path: Path) -> EnrolRequest:
    """A request file checked as hostile input: signature, role, code, bounded names without
    control characters, a time; refused with what is wrong, nothing stored."""
    where = str(path)
    doc, signed, signature = read_signed(path, REQUEST_MAGIC, REQUEST_VERSIONS, "登记申请文件",
                                         "enrolment request file")
    try:
        if not isinstance(doc, dict) or not verify(doc["sign_pub"], signature, signed):
            raise EnrolError("登记申请文件的签名无效（文件被改动过）",
                             "the enrolment request's signature is invalid (the file was altered)",
                             where=where)
        role, code, device_id = doc["role"], doc["code"], doc["device_id"]
        age = doc["age_recipient"]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("登记申请文件缺少内容", f"enrolment request lacks {exc}",
                         where=where) from None
    if role not in CODE_LENGTH or not isinstance(code, str) or not code.isdigit() \
            or len(code) != CODE_LENGTH[role]:
        raise EnrolError("登记申请文件中的单位代码不对：村是 12 位数字，乡镇是 9 位",
                         f"the request's {role!r} code {str(code)[:20]!r} is not a 12-digit "
                         "village or 9-digit township code", where=where)
    if not isinstance(device_id, str) or not re.fullmatch(r"[0-9a-f-]{8,64}", device_id) \
            or not isinstance(age, str):
        raise EnrolError("登记申请文件中的设备编号不对", "the request's device id is malformed",
                         where=where)
    created = doc.get("created_at")
    if not isinstance(created, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z?", created):
        raise EnrolError("登记申请文件中的时间不对", "the request's time is malformed", where=where)
    version = signed_version(signed)
    return EnrolRequest(
        version, device_id, role, code,
        clean_label(doc.get("name"), "申请文件中的村名", "village name in the request",
                    PLACE_MAX, required=False, where=where),
        clean_label(doc.get("device_name"), "申请文件中的设备名称",
                    "device name in the request", required=version >= 2, where=where),
        clean_label(doc.get("user_name"), "申请文件中的申请人", "user name in the request",
                    required=False, where=where),
        created, fingerprint(doc["sign_pub"], age))


# -- county: approve, revoke --------------------------------------------------------------------
def approve(svc: SyncService, request: Path, out: Path, *,
            confirmed_fingerprint: str | None = None) -> dict[str, Any]:
    """Approve a request into a setup file. With `confirmed_fingerprint` (the app passes the
    device fingerprint its person confirmed) a request file changed since it was shown is
    refused."""
    store = svc.store
    svc.require_role("county")
    req = read_request(request)
    if confirmed_fingerprint is not None and \
            _normal_fp(confirmed_fingerprint) != _normal_fp(req.fingerprint):
        raise EnrolError("登记申请文件与确认时显示的不一致：请重新打开再确认",
                         "the request file is not the one confirmed; open it again",
                         where=str(request))
    doc, *_ = read_signed(request, REQUEST_MAGIC, REQUEST_VERSIONS, "登记申请文件",
                          "enrolment request file")
    role, code, device_id = req.role, req.code, req.device_id
    county = store.workspace.code
    if role not in ("village", "township") or not code.startswith(county):
        raise EnrolError(f"申请的{code}不属于本县 {county}",
                         f"the request is for {role} {code}, which is not in county {county}")
    ident = svc.identity()
    now = utc_now()
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        row = conn.execute(select(Device).where(Device.device_id == device_id)).first()
        if row is not None and row.revoked_at:
            raise EnrolError("该设备已被吊销，不能再次登记；请新建工作区",
                             "this device was revoked and cannot be enrolled again")
        if row is not None and (row.sign_pub != doc["sign_pub"] or row.code != code):
            raise EnrolError("同一设备编号已用另一把密钥登记过：可能是复制的设备",
                             "this device id was enrolled with a different key: possibly a clone")
        body = {"device_id": device_id, "role": role, "code": code,
                "device_name": req.device_name, "user_name": req.user_name,
                "requested_at": req.created_at,
                "sign_pub": doc["sign_pub"], "age_recipient": doc["age_recipient"],
                "county_code": county, "issued_at": now, "issuer_sign_pub": ident.sign_pub}
        certificate = {"body": body, "signature": base64.b64encode(
            ident.sign(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())).decode()}
        if row is None:
            conn.execute(insert(Device.__table__), [{
                "device_id": device_id, "role": role, "code": code,
                "device_name": body["device_name"], "user_name": body["user_name"],
                "sign_pub": doc["sign_pub"], "age_recipient": doc["age_recipient"],
                "certificate": json.dumps(certificate, ensure_ascii=False),
                "enrolled_at": now, "enrolled_by": store.user}])
        if conn.execute(select(Area).where(Area.code == code)).first() is None:
            conn.execute(insert(Area.__table__), [{"code": code, "name": req.name,
                                                   "level": role, "parent_code": code[:-3]}])
        areas = [dict(r._mapping) for r in conn.execute(select(Area).order_by(Area.code))]
        relay = relay_info(conn, role, code)
        form = formbook.line(formbook.current_ref(conn))  # the county's current form
    setup = {"kind": "enrol-setup", "certificate": certificate,
             "county": {"code": county, "name": store.meta.get(meta.NAME, ""),
                        "device_id": store.device_id, "sign_pub": ident.sign_pub,
                        "age_recipient": ident.age_recipient},
             "areas": areas, "form": form, "settings": county_settings.load(store).as_mapping(),
             "issued_at": now, **relay}
    server = server_info(store.meta.fresh())
    if server:
        setup["server"] = server
    write_atomic(Path(out), write_signed(SETUP_MAGIC, SETUP_VERSION, setup, ident), mode=0o644)
    store.audit.log("enrol_approve", store.user, device_id=device_id, code=code)
    return body


def revoke(svc: SyncService, device: str, reason: str = "") -> dict[str, Any]:
    store = svc.store
    svc.require_role("county")
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        rows = conn.execute(select(Device).where(Device.device_id.like(f"{device.lower()}%"))).all()
        if len(rows) != 1:
            raise InputError(f"找不到唯一的设备“{device}”", f"no single device matches {device!r}")
        row = rows[0]
        if not row.revoked_at:
            conn.execute(update(Device.__table__).where(Device.device_id == row.device_id)
                         .values(revoked_at=utc_now(), revoked_by=store.user, revoke_reason=reason))
    store.audit.log("device_revoked", store.user, device_id=row.device_id, code=row.code,
                    reason=reason)
    return {"device_id": row.device_id, "code": row.code, "device_name": row.device_name}


# -- village: accept ----------------------------------------------------------------------------
def _read_setup(path: Path) -> dict[str, Any]:
    doc, signed, signature = read_signed(path, SETUP_MAGIC, SETUP_VERSIONS, "登记回执文件",
                                         "enrolment setup file")
    try:
        county = doc["county"]
        if not verify(county["sign_pub"], signature, signed):
            raise EnrolError("登记回执文件的签名无效（文件被改动过）",
                             "the setup file's signature is invalid (the file was altered)",
                             where=str(path))
        cert = doc["certificate"]
        body = json.dumps(cert["body"], sort_keys=True, ensure_ascii=False).encode()
        if not verify(county["sign_pub"], base64.b64decode(cert["signature"]), body):
            raise EnrolError("设备证书的签名无效", "the device certificate's signature is invalid")
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("登记回执文件缺少内容", f"setup file lacks {exc}", where=str(path)) from None
    return doc


def preview(path: Path) -> SetupPreview:
    doc = _read_setup(path)
    county, body = doc["county"], doc["certificate"]["body"]
    return SetupPreview(county["code"], county.get("name", ""),
                        fingerprint(county["sign_pub"], county["age_recipient"]),
                        body["device_id"], body["code"], len(doc.get("areas", [])),
                        (doc.get("form") or {}).get("form_version"),
                        (server_info({meta.SERVER_URL: (doc.get("server") or {}).get("url"),
                                      meta.SERVER_CERT: (doc.get("server") or {}).get(
                                          "cert_sha256")}) or {}).get("url", ""))


def accept(svc: SyncService, path: Path, confirmed_fingerprint: str, passphrase: str) -> SetupPreview:
    store = svc.store
    doc = _read_setup(path)
    county, cert = doc["county"], doc["certificate"]
    body = cert["body"]
    fp = fingerprint(county["sign_pub"], county["age_recipient"])
    if _normal_fp(confirmed_fingerprint) != _normal_fp(fp):
        raise EnrolError("县里密钥指纹与确认的不一致：不要接受此文件，请与县里核对",
                         "the county key fingerprint does not match the one confirmed; do not "
                         "accept this file, check with the county")
    ident = svc.identity()
    if body["device_id"] != store.device_id or body["sign_pub"] != ident.sign_pub:
        raise EnrolError("此登记回执是发给另一台设备的", "this setup file is for another device")
    if body["code"] != store.workspace.code or not body["code"].startswith(county["code"]):
        raise EnrolError("登记回执的区划代码与本工作区不符",
                         "the setup file's code does not match this workspace")
    old = store.meta.get(meta.COUNTY_SIGN_PUB)
    if old and old != county["sign_pub"]:
        raise EnrolError("本设备已登记到另一把县级密钥", "this device is already enrolled with "
                         "another county key")
    data_key = store.workspace.keys.unwrap(store.user, passphrase)
    now = utc_now()
    trusted = {meta.COUNTY_CODE: county["code"], meta.COUNTY_NAME: county.get("name", ""),
               meta.COUNTY_DEVICE_ID: county["device_id"], meta.COUNTY_SIGN_PUB: county["sign_pub"],
               meta.COUNTY_AGE: county["age_recipient"],
               meta.CERTIFICATE: json.dumps(cert, ensure_ascii=False), meta.ENROLLED_AT: now}
    server = doc.get("server")
    if isinstance(server, dict) and server_info({meta.SERVER_URL: server.get("url"),
                                                 meta.SERVER_CERT: server.get("cert_sha256")}):
        trusted.update({meta.SERVER_URL: server["url"], meta.SERVER_CERT: server["cert_sha256"]})
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        meta.put(conn, trusted)
        store_areas(conn, doc.get("areas") or [])
        if doc.get("form"):
            formbook.keep(conn, formbook.received(doc["form"]), store, source="enrolment")
        store_relay(conn, doc)
        if doc.get("settings") is not None:  # setup files of older versions have none
            county_settings.receive(conn, store, doc["settings"], source="enrolment")
    with store.workspace.keys.changing() as keys:
        add_recovery_slot(keys, county["code"], county["age_recipient"], data_key)
    store.meta.remember(trusted)
    store.audit.log("enrol_accept", store.user, county=county["code"], fingerprint=fp)
    return preview(path)


def server_info(values: dict[str, Any]) -> dict[str, str] | None:
    """The county server's address and certificate hash as a setup file carries them, when
    both are well formed (an https URL, 64 hex digits); None otherwise."""
    url, cert = values.get(meta.SERVER_URL), values.get(meta.SERVER_CERT)
    if not (isinstance(url, str) and re.fullmatch(r"https://[^\s/?#]{1,253}(:\d{1,5})?/?", url)
            and isinstance(cert, str) and re.fullmatch(r"[0-9a-f]{64}", cert)):
        return None
    return {"url": url.rstrip("/"), "cert_sha256": cert}


def store_server_certs(conn, line: dict[str, Any]) -> None:  # noqa: ANN001
    """A return bundle's `server` line (signed by the county): the certificate its server
    shows now and the next one it announced (docs/sync.md, "Replacing the certificate").
    Only a device that syncs over the network (its setup file named a server) keeps them;
    the current one becomes its pin, the next one is pinned beside it."""
    if not meta.get(conn, meta.SERVER_CERT):
        return
    current, nxt = line.get("cert_sha256"), line.get("cert_next") or ""
    hex64 = re.compile(r"[0-9a-f]{64}")
    if not (isinstance(current, str) and hex64.fullmatch(current)
            and isinstance(nxt, str) and (nxt == "" or hex64.fullmatch(nxt))):
        return
    meta.put(conn, {meta.SERVER_CERT: current, meta.SERVER_CERT_NEXT: nxt})


# -- townships: relays between villages and the county -----------------------------------------
def relay_info(conn, role: str, code: str) -> dict[str, Any]:  # noqa: ANN001
    """For a village: its township's device (bundles are encrypted to it too). For a township:
    the enrolled devices of its villages (so it can check their signatures)."""
    if role == "village":
        row = conn.execute(select(Device).where(Device.role == "township",
                                                Device.code == code[:9],
                                                Device.revoked_at.is_(None))
                           .order_by(Device.enrolled_at.desc())).first()
        return {"township": None if row is None else {
            "code": row.code, "device_id": row.device_id, "age_recipient": row.age_recipient,
            "sign_pub": row.sign_pub}}
    rows = conn.execute(select(Device).where(Device.role == "village",
                                             Device.code.like(f"{code}%"))).all()
    return {"devices": [{k: getattr(r, k) for k in (
        "device_id", "role", "code", "device_name", "user_name", "sign_pub", "age_recipient",
        "certificate", "enrolled_at", "enrolled_by", "revoked_at", "revoked_by", "revoke_reason")}
        for r in rows]}


def store_relay(conn, doc: dict[str, Any]) -> None:  # noqa: ANN001
    if doc.get("township"):
        # The township's signing key (relay lines since issue 17's 回传) lets the village
        # accept the township's own bundles; an older line without it leaves none kept, so a
        # replaced township device is never trusted with the old one's key.
        town = doc["township"]
        meta.put(conn, {meta.TOWNSHIP_CODE: town["code"], meta.TOWNSHIP_AGE: town["age_recipient"],
                        meta.TOWNSHIP_DEVICE_ID: str(town.get("device_id") or ""),
                        meta.TOWNSHIP_SIGN_PUB: str(town.get("sign_pub") or "")})
    elif "township" in doc:  # its township has no active device now (revoked): trust none
        meta.put(conn, {meta.TOWNSHIP_DEVICE_ID: "", meta.TOWNSHIP_SIGN_PUB: ""})
    if doc.get("devices") is not None:
        conn.execute(Device.__table__.delete())
        if doc["devices"]:
            conn.execute(insert(Device.__table__), doc["devices"])


def store_areas(conn, areas: list[dict[str, Any]]) -> None:  # noqa: ANN001
    if not areas:
        return
    conn.execute(Area.__table__.delete())
    # a village no longer listed takes its expected households with it (a rename keeps them)
    conn.execute(Expected.__table__.delete().where(
        Expected.__table__.c.village_code.not_in([a["code"] for a in areas])))
    conn.execute(insert(Area.__table__), [
        {"code": a["code"], "name": a.get("name", ""), "level": a.get("level", ""),
         "parent_code": a.get("parent_code")} for a in areas])


# -- recovery slot ------------------------------------------------------------------------------
def add_recovery_slot(keys: keyfile.KeyFile, county_code: str, recipient: str, data_key: bytes
                      ) -> None:
    sealed = pyrage.encrypt(json.dumps({"workspace_id": keys.workspace_id,
                                        "data_key": data_key.hex()}).encode(),
                            [pyrage.x25519.Recipient.from_str(recipient)])
    keys.slots = [s for s in keys.slots if s.get("kind") != RECOVERY]
    keys.slots.append({"kind": RECOVERY, "name": f"county-{county_code}",
                       "county_code": county_code, "recipient": recipient,
                       "sealed": base64.b64encode(sealed).decode(), "changed": utc_now()})


def recover(svc: SyncService, keys_path: Path, user: str, new_passphrase: str) -> str:
    """At the county: give `user` of a village key file a new passphrase via the recovery slot."""
    store = svc.store
    svc.require_role("county")
    keys = keyfile.KeyFile.load(Path(keys_path))
    slot = next((s for s in keys.slots if s.get("kind") == RECOVERY), None)
    if slot is None:
        raise KeyFileError("此密钥文件没有县级恢复槽（设备未登记）",
                           "this key file has no county recovery slot (device not enrolled)",
                           where=str(keys_path))
    try:
        opened = json.loads(pyrage.decrypt(base64.b64decode(slot["sealed"]),
                                           [svc.identity().age_identity]))
    except pyrage.DecryptError:
        raise KeyFileError("恢复槽不是用本县密钥加密的", "the recovery slot is not sealed to this "
                           "county's key", where=str(keys_path)) from None
    if opened.get("workspace_id") != keys.workspace_id:
        raise KeyFileError("恢复槽与密钥文件不匹配", "the recovery slot belongs to another workspace")
    data_key = bytes.fromhex(opened["data_key"])
    name = keyfile.normalise_user(user)
    with keys.changing() as fresh:
        if name in fresh.users():
            fresh.set_passphrase(name, new_passphrase, data_key)
        else:
            fresh.add_user(name, new_passphrase, data_key)
    store.audit.log("recover", store.user, workspace=keys.workspace_id, code=keys.code, for_user=name)
    return name


# -- county key backup --------------------------------------------------------------------------
def backup_keys(svc: SyncService, out: Path, passphrase: str) -> None:
    store = svc.store
    svc.require_role("county")
    keys = store.workspace.keys
    passphrase_policy.require(passphrase, role=passphrase_policy.BACKUP_ROLE,
                              user_inputs=passphrase_policy.inputs(
                                  user=store.user, code=keys.code, name=keys.name))
    doc = dict(svc.identity().export(), code=store.workspace.code,
               workspace_id=store.workspace.keys.workspace_id, created_at=utc_now())
    # The key file's construction (Argon2id, random salt, AES-256-GCM), not age's scrypt:
    # the same reviewed parameters, and one fifth of the wait on an old laptop.
    kdf = dict(keyfile.DEFAULT_KDF, salt=keyfile._b64(secrets.token_bytes(16)))
    nonce = secrets.token_bytes(12)
    aad = f"{BACKUP_MAGIC}|{store.workspace.code}".encode()
    sealed = AESGCM(keyfile._derive(passphrase, kdf)).encrypt(nonce, json.dumps(doc).encode(), aad)
    body = {"code": store.workspace.code, "kdf": kdf, "nonce": keyfile._b64(nonce),
            "sealed": keyfile._b64(sealed)}
    write_atomic(Path(out), f"{BACKUP_MAGIC} {VERSION}\n".encode() + json.dumps(body).encode(),
                 mode=0o600)
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        meta.put(conn, {meta.KEYS_BACKUP_AT: utc_now()})
    store.audit.log("keys_backup", store.user, out=str(out))


def restore_keys(svc: SyncService, path: Path, passphrase: str) -> None:
    store = svc.store
    svc.require_role("county")
    raw = Path(path).read_bytes()
    head, _, sealed = raw.partition(b"\n")
    if head != f"{BACKUP_MAGIC} {VERSION}".encode():
        raise InputError("这不是 Mopai 县级密钥备份", "this is not a Mopai county key backup",
                         where=str(path))
    try:
        body = json.loads(sealed)
        aad = f"{BACKUP_MAGIC}|{body['code']}".encode()
        doc = json.loads(AESGCM(keyfile._derive(passphrase, body["kdf"])).decrypt(
            keyfile._unb64(body["nonce"]), keyfile._unb64(body["sealed"]), aad))
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise InputError("备份密码不正确或文件损坏", "wrong backup passphrase or damaged file") from None
    if doc.get("code") != store.workspace.code:
        raise InputError("此备份属于另一个县", f"this backup belongs to county {doc.get('code')}")
    replace_identity(store.engine, Identity.from_export(doc), store.secret_key)
    svc.forget_identity()
    backed_up = str(doc.get("created_at") or utc_now())
    with store.engine.connect().execution_options(immediate=True) as conn, conn.begin():
        # the keys are now the backup's own: that backup holds them (no reminder)
        meta.put(conn, {meta.KEYS_BACKUP_AT: backed_up, meta.KEYS_CHANGED_AT: backed_up})
    store.audit.log("keys_restore", store.user, source=str(path))
