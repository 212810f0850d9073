"""Enrolment (trust set up once, offline), revocation, county key backup and recovery.

1. The village (or township) writes a request file: its device id, public keys, code, device
   and user names, signed with its own key (proof that it holds the key).
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
from .device import Identity, fingerprint, read_signed, replace_identity, verify, write_signed
from .errors import InputError, KeyFileError, MopaiError
from .models import Area, Device, Expected
from .record import utc_now

if TYPE_CHECKING:
    from .service import SyncService

REQUEST_MAGIC, SETUP_MAGIC, BACKUP_MAGIC = "MOPAI-ENROL-REQUEST", "MOPAI-ENROL-SETUP", "MOPAI-KEYS-BACKUP"
VERSION = 1
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


def _normal_fp(fp: str) -> str:
    return re.sub(r"[^0-9A-F]", "", fp.upper())


# -- village: request ---------------------------------------------------------------------------
def write_request(svc: SyncService, out: Path) -> dict[str, Any]:
    store = svc.store
    if store.workspace.role == "county":
        raise InputError("县级工作区不需要登记", "a county workspace does not enrol")
    ident = svc.identity()
    doc = {"kind": "enrol-request", "device_id": store.device_id,
           "workspace_id": store.workspace.keys.workspace_id, "role": store.workspace.role,
           "code": store.workspace.code, "name": store.meta.get(meta.NAME, ""),
           "device_name": store.meta.get(meta.DEVICE_NAME, ""), "user_name": store.user,
           "sign_pub": ident.sign_pub, "age_recipient": ident.age_recipient,
           "created_at": utc_now()}
    write_atomic(Path(out), write_signed(REQUEST_MAGIC, VERSION, doc, ident), mode=0o644)
    store.audit.log("enrol_request", store.user, out=str(out))
    return doc


# -- county: approve, revoke --------------------------------------------------------------------
def approve(svc: SyncService, request: Path, out: Path) -> dict[str, Any]:
    store = svc.store
    svc.require_role("county")
    doc, signed, signature = read_signed(request, REQUEST_MAGIC, VERSION, "登记申请文件",
                                         "enrolment request file")
    try:
        if not verify(doc["sign_pub"], signature, signed):
            raise EnrolError("登记申请文件的签名无效（文件被改动过）",
                             "the enrolment request's signature is invalid (the file was altered)",
                             where=str(request))
        role, code, device_id = doc["role"], doc["code"], doc["device_id"]
    except KeyError as exc:
        raise InputError("登记申请文件缺少内容", f"enrolment request lacks {exc}") from None
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
                "device_name": doc.get("device_name", ""), "user_name": doc.get("user_name", ""),
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
            conn.execute(insert(Area.__table__), [{"code": code, "name": doc.get("name", ""),
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
    write_atomic(Path(out), write_signed(SETUP_MAGIC, VERSION, setup, ident), mode=0o644)
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
    store.audit.log("device_revoked", store.user, device_id=row.device_id, reason=reason)
    return {"device_id": row.device_id, "code": row.code, "device_name": row.device_name}


# -- village: accept ----------------------------------------------------------------------------
def _read_setup(path: Path) -> dict[str, Any]:
    doc, signed, signature = read_signed(path, SETUP_MAGIC, VERSION, "登记回执文件", "enrolment setup file")
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
                        (doc.get("form") or {}).get("form_version"))


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
            "code": row.code, "device_id": row.device_id, "age_recipient": row.age_recipient}}
    rows = conn.execute(select(Device).where(Device.role == "village",
                                             Device.code.like(f"{code}%"))).all()
    return {"devices": [{k: getattr(r, k) for k in (
        "device_id", "role", "code", "device_name", "user_name", "sign_pub", "age_recipient",
        "certificate", "enrolled_at", "enrolled_by", "revoked_at", "revoked_by", "revoke_reason")}
        for r in rows]}


def store_relay(conn, doc: dict[str, Any]) -> None:  # noqa: ANN001
    if doc.get("township"):
        meta.put(conn, {meta.TOWNSHIP_CODE: doc["township"]["code"],
                        meta.TOWNSHIP_AGE: doc["township"]["age_recipient"]})
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
