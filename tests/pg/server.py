"""A throw-away PostgreSQL server for the tests, started from the installed binaries.

Found through `initdb` on PATH or /usr/lib/postgresql/<version>/bin (Debian's package). The
cluster lives in a temporary folder with its unix socket, listens on a free port of
127.0.0.1 only, trusts local connections and skips fsync (the data is thrown away at the
end). PostgreSQL refuses to run as root, so under root the binaries run as the `postgres`
system user (`runuser -u postgres --`), which Debian's package creates.

Each test gets its own database, copied from a template with ``CREATE DATABASE … TEMPLATE``
(a few milliseconds), so the workspaces built once per session are copied per test like the
SQLCipher folders are.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "mopai"
DB_URL_FILE = "database.url"  # sync.workspace.DB_URL_FILE (not imported: keep this module light)


ACTIVE: Server | None = None  # the session's server, set by the `pg` fixture (tests/conftest.py)


class Unavailable(Exception):
    """No server could be started here; the message says why."""


def find_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        bindir = Path(found).resolve().parent
        if (bindir / "pg_ctl").exists():
            return bindir

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.parent.name)) or (0,)

    candidates = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]
    return max(candidates, key=version) if candidates else None


def _reachable_tmp() -> str:
    """A temporary folder the `postgres` user can reach (TMPDIR may be private to root)."""
    for folder in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        path = Path(folder).resolve()
        if path.is_dir() and all(p.stat().st_mode & 0o001 for p in (path, *path.parents)):
            return str(path)
    return "/tmp"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    bindir: Path
    root: Path
    port: int
    runas: list[str]
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self):  # noqa: ANN201 - psycopg.Connection
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                               dbname="postgres", autocommit=True)

    def create_db(self, prefix: str = "t", template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); returns its name."""
        name = f"{prefix}_{next(self.counter)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"'
                         + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
        return name

    def drop_db(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def databases(self) -> set[str]:
        with self.admin() as conn:
            return {r[0] for r in conn.execute(
                "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'")}

    def clone_workspaces(self, root: Path) -> None:
        """After a folder copy: give every copied server workspace under `root` its own copy
        of the database, as copying a SQLCipher folder copies its store."""
        from sqlalchemy.engine import make_url

        for url_file in sorted(Path(root).rglob(DB_URL_FILE)):
            source = make_url(url_file.read_text("utf-8").strip()).database
            url_file.write_text(self.url(self.create_db(template=source)) + "\n", "utf-8")

    def stop(self) -> None:
        subprocess.run([*self.runas, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                        "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> Server:
    """Start a server or raise `Unavailable` saying why."""
    bindir = find_bindir()
    if bindir is None:
        raise Unavailable("PostgreSQL is not installed (no initdb on PATH or in "
                          "/usr/lib/postgresql/*/bin); on Debian: apt-get install postgresql")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("the psycopg driver is not installed") from None
    runas: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no `postgres` user to run the "
                              "server as (PostgreSQL refuses to run as root)") from None
        runuser = shutil.which("runuser")
        if runuser is None:
            raise Unavailable("running as root and `runuser` is missing") from None
        runas = [runuser, "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="mopai-pg-", dir=_reachable_tmp() if runas else None))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    os.chmod(root, 0o700)
    log = root / "server.log"

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*runas, *args], capture_output=True, text=True, timeout=timeout,
                              cwd=root, env={**os.environ, "LC_ALL": "C"})

    r = run(str(bindir / "initdb"), "-D", str(root / "data"), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions")
    if r.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"initdb failed: {(r.stderr or r.stdout).strip()[-500:]}")
    options = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=100 -c shared_buffers=64MB "
               f"-k {root}")
    for _attempt in range(3):  # a port taken between choosing and binding: choose again
        port = _free_port()
        r = run(str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(log), "-w", "-t", "60",
                "-o", f"{options} -p {port}", "start")
        if r.returncode == 0:
            return Server(bindir, root, port, runas)
    detail = log.read_text(errors="replace")[-800:] if log.exists() else r.stderr
    shutil.rmtree(root, ignore_errors=True)
    raise Unavailable(f"the PostgreSQL server did not start: {detail.strip()}")
