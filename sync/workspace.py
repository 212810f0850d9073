"""A workspace ("home"): one folder holding the encrypted store and its key file.

Which folder: `--home DIR`, else `MOPAI_HOME`, else the platformdirs user data folder — the
command line and the GUI decide; the core only takes a path. The key file can be read without
a passphrase (role, code and user names are not secret); everything else needs a key slot.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import inspect

from . import audit, keyfile, meta
from . import passphrase as passphrase_policy
from .atomic import write_atomic
from .engine import connect, public_url, server_url, sqlcipher_engine, url_engine
from .errors import InputError, MopaiError, UnknownUser, WorkspaceError, WrongPassphrase
from .keyfile import ROLE_ZH
from .migrations import migrate
from .record import new_uuid, utc_now
from .store import Store

STORE_FILE = "mopai.db"
KEY_FILE = "mopai.keys"
DB_URL_FILE = "database.url"  # a county store on a server: its URL, never a password
CODE_DIGITS = {"village": 12, "township": 9, "county": 6}


def default_home() -> Path:
    env = os.environ.get("MOPAI_HOME")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("Mopai", appauthor=False))


def check_code(role: str, code: str) -> str:
    code = (code or "").strip()
    digits = CODE_DIGITS.get(role)
    if digits is None:
        raise InputError(f"未知角色“{role}”", f"unknown role {role!r}")
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        raise InputError(
            f"{ROLE_ZH[role]}级区划代码必须是 {digits} 位数字，收到“{code}”",
            f"a {role} code must be {digits} digits, got {code!r}",
        )
    return code


def check_server_role(role: str) -> None:
    if role != "county":
        raise InputError(
            f"只有县级工作区可以使用数据库服务器（--db）；{ROLE_ZH.get(role, role)}级工作区使用本机加密数据库",
            f"only a county workspace can keep its store on a database server (--db); a {role} "
            "workspace uses the embedded encrypted store",
        )


class Workspace:
    """The folder and its key file, before unlocking.

    `db` (the command line's ``--db URL``) overrides the server URL kept in the folder.
    """

    def __init__(self, home: Path, *, db: str | None = None) -> None:
        self.home = Path(home)
        self.keys = keyfile.KeyFile.load(self.home / KEY_FILE)
        self.db_url: str | None = None
        if db:
            check_server_role(self.role)
            self.db_url = server_url(db).render_as_string(hide_password=False)
        elif (self.home / DB_URL_FILE).exists():
            stored = (self.home / DB_URL_FILE).read_text("utf-8").strip()
            self.db_url = server_url(stored).render_as_string(hide_password=False)
        elif not (self.home / STORE_FILE).exists():
            raise WorkspaceError("工作区缺少数据库文件", "the workspace has no store file",
                                 where=str(self.home / STORE_FILE))

    @property
    def store_file(self) -> Path:
        """The embedded store's file (absent when the store is on a server)."""
        return self.home / STORE_FILE

    @property
    def backend(self) -> str:
        """Where the store lives, for people: the file, or the server URL without password."""
        return public_url(self.db_url) if self.db_url else str(self.home / STORE_FILE)

    @property
    def role(self) -> str:
        return self.keys.role

    @property
    def code(self) -> str:
        return self.keys.code

    @staticmethod
    def exists(home: Path) -> bool:
        return (Path(home) / KEY_FILE).exists()

    @classmethod
    def create(cls, home: Path, *, role: str, code: str, user: str, passphrase: str,
               name: str = "", db: str | None = None) -> Workspace:
        """Create the folder, the key file with its first user, and an empty current store —
        the embedded file, or (a county with `db`) an empty PostgreSQL database."""
        home = Path(home)
        code = check_code(role, code)
        if db:
            check_server_role(role)
            db = server_url(db).render_as_string(hide_password=False)
        if any((home / f).exists() for f in (KEY_FILE, STORE_FILE, DB_URL_FILE)):
            raise WorkspaceError("该文件夹已经是一个工作区", "this folder already holds a workspace",
                                 where=str(home))
        # Before anything is written: a refused passphrase leaves no folder behind.
        passphrase_policy.require(passphrase, role=role, user_inputs=passphrase_policy.inputs(
            user=keyfile.normalise_user(user), code=code, name=name))
        home.mkdir(parents=True, exist_ok=True)
        keys, data_key = keyfile.create(home / KEY_FILE, role=role, code=code, name=name,
                                        user=user, passphrase=passphrase)
        engine = url_engine(db) if db else sqlcipher_engine(home / STORE_FILE, data_key)
        try:
            with connect(engine, public_url(db) if db else str(home / STORE_FILE)
                         ).execution_options(immediate=True) as conn, conn.begin():
                if db and inspect(conn).get_table_names():
                    raise WorkspaceError(
                        "该数据库不是空的（可能已有 Mopai 数据）。新同事请复制现有的县级工作区文件夹，"
                        "再用“mopai users add”添加用户；新建请使用空数据库",
                        "the database is not empty (it may already hold a Mopai store). To let "
                        "another person work on it, copy the existing county workspace folder and "
                        "add them with `mopai users add`; to start afresh, use an empty database",
                        where=public_url(db))
                migrate(conn)
                meta.put(conn, {meta.WORKSPACE_ID: keys.workspace_id, meta.ROLE: role,
                                meta.CODE: code, meta.NAME: name, meta.DEVICE_ID: new_uuid(),
                                meta.DEVICE_NAME: platform.node(), meta.CREATED_AT: utc_now()})
        finally:
            engine.dispose()
        if db:
            write_atomic(home / DB_URL_FILE, (public_url(db) + "\n").encode("utf-8"))
        keys.save()  # last: a workspace without a key file is not a workspace yet
        return cls(home)

    def resolve_user(self, user: str | None) -> str:
        users = self.keys.users()
        if user:
            return keyfile.normalise_user(user)
        if len(users) == 1:
            return users[0]
        raise InputError(
            f"此工作区有多个用户（{'、'.join(users)}），请用 --user 或 MOPAI_USER 指定",
            f"this workspace has several users ({', '.join(users)}); pick one with --user or "
            "MOPAI_USER",
        )

    def unlock(self, user: str | None, passphrase: str, *, validator=None):  # noqa: ANN001
        """Open the store as `user`; a wrong passphrase is refused and audited."""
        self.keys.reload()  # another process may have changed a passphrase since we read it
        name = self.resolve_user(user)
        try:
            data_key = self.keys.unwrap(name, passphrase)
        except (WrongPassphrase, UnknownUser):
            audit.record_pending(self.home, audit.FAILED_UNLOCK, name)
            raise
        store = Store(self, data_key, name, validator=validator)
        try:
            store.audit.absorb_pending()
            store.audit.log(audit.UNLOCK, name)
        except MopaiError:
            store.close()
            raise
        return store
