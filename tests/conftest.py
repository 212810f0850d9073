"""Shared fixtures: each test gets a fresh encrypted workspace copied from one built once.

Building a workspace costs an Argon2id derivation (64 MiB); copying the folder costs nothing,
so the template is made once per session and copied per test (STYLE.md, Tests).

``--backend=postgresql`` (or ``MOPAI_TEST_DB=postgresql``) runs the same tests with every
county store on PostgreSQL: the session starts a throw-away server (tests/pg/server.py), each
county workspace gets its own database, and a per-test copy of a workspace folder gets a copy
of its database (``CREATE DATABASE … TEMPLATE``). Under that option the `home`/`store`
fixtures hand out a county workspace on the server (villages are SQLCipher only), and tests
marked ``sqlite_only`` (SQLCipher by nature: the file's bytes, killed processes, old store
files) are skipped with their reason. When no server can be started the PostgreSQL tests are
skipped, saying why — or fail, with ``MOPAI_REQUIRE_POSTGRES=1`` (CI sets it).
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mopai.sync import keyfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# -- key derivation ------------------------------------------------------------------------
# Every unlock derives the key-file slot's key with Argon2id (64 MiB, ~0.2 s), and the suite
# unlocks the same few workspaces, with the same passphrase and salt, thousands of times:
# about half of its time went to deriving keys it had derived before. In this process the
# real derivation runs once for each (passphrase, parameters, salt) and its key is reused. A
# wrong passphrase or another salt still derives anew, so a refused unlock is refused; the
# command-line tests' own processes derive every time.
_real_derive = keyfile._derive


@functools.lru_cache(maxsize=4096)
def _derived(passphrase: str, kdf: tuple[tuple[str, Any], ...]) -> bytes:
    return _real_derive(passphrase, dict(kdf))


def _derive_once(passphrase: str, kdf: dict[str, Any]) -> bytes:
    try:
        key = tuple(sorted(kdf.items()))
        hash(key)
    except (AttributeError, TypeError):   # not a flat dict: the real one says what is wrong
        return _real_derive(passphrase, kdf)
    return _derived(passphrase, key)


keyfile._derive = _derive_once

PASSPHRASE = "village-lantern-41"  # new passphrases must pass sync/passphrase.py (county: score 4)
USER = "王会计"
VILLAGE = "110105001001"
COUNTY_CODE = "110105"


# -- backend option ------------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend", choices=("sqlite", "postgresql"),
        default=os.environ.get("MOPAI_TEST_DB") or "sqlite",
        help="county stores on the embedded SQLCipher file (default) or on a PostgreSQL "
             "server the tests start (also MOPAI_TEST_DB=postgresql)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): SQLCipher by nature; skipped with --backend=postgresql")
    config.addinivalue_line(
        "markers", "postgres: needs the PostgreSQL server the tests start (tests/pg)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--backend") != "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLCipher only: {reason}"))


def on_postgres(config: pytest.Config) -> bool:
    return config.getoption("--backend") == "postgresql"


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    return pytestconfig.getoption("--backend")


@pytest.fixture(scope="session")
def pg() -> Iterator:
    """The session's PostgreSQL server (tests/pg/server.py), started on first use."""
    from tests.pg import server

    try:
        srv = server.start()
    except server.Unavailable as exc:
        message = f"no PostgreSQL server for the tests: {exc}"
        if os.environ.get("MOPAI_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " (MOPAI_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message)
    server.ACTIVE = srv
    try:
        yield srv
    finally:
        server.ACTIVE = None
        srv.stop()


@pytest.fixture(autouse=True)
def _limits_untouched() -> Iterator[None]:
    """A test leaves the process's address-space limit as it found it: the suite's processes
    run many test files one after another, and a limit a test set in-process (the bench's
    child sets one for good) starved every later test of the process — threads that never
    started, a Qt app that hung."""
    try:
        import resource
    except ImportError:  # Windows
        yield
        return
    before = resource.getrlimit(resource.RLIMIT_AS)
    yield
    assert resource.getrlimit(resource.RLIMIT_AS) == before, \
        "this test changed the process's address-space limit (RLIMIT_AS); set it in a child"


@pytest.fixture(autouse=True)
def _counties_on_backend(request: pytest.FixtureRequest) -> Iterator[None]:
    """With --backend=postgresql: a county workspace a test creates gets a new database, and
    the databases made during the test are dropped after it."""
    if not on_postgres(request.config):
        yield
        return
    from mopai.sync.workspace import Workspace

    srv = request.getfixturevalue("pg")
    before = srv.databases()
    original = Workspace.create.__func__

    def create(cls, home, *, role, db=None, **kw):  # noqa: ANN001, ANN202
        if role == "county" and db is None:
            db = srv.url(srv.create_db())
        return original(cls, home, role=role, db=db, **kw)

    patch = pytest.MonkeyPatch()
    patch.setattr(Workspace, "create", classmethod(create))
    try:
        yield
    finally:
        patch.undo()
        for name in srv.databases() - before:
            srv.drop_db(name)


@pytest.fixture
def county_db(request: pytest.FixtureRequest) -> list[str]:
    """Extra `mopai init` arguments for a county: ``--db URL`` with --backend=postgresql."""
    if not on_postgres(request.config):
        return []
    srv = request.getfixturevalue("pg")
    return ["--db", srv.url(srv.create_db())]


def copy_workspaces(source: Path, target: Path) -> Path:
    """Copy a workspace folder (or a folder of them) — with --backend=postgresql, together
    with each server workspace's database, as a SQLCipher folder copy carries its store."""
    from tests.pg import server

    shutil.copytree(source, target)
    if server.ACTIVE is not None:
        server.ACTIVE.clone_workspaces(target)
    return target


# -- the workspace every test may have -----------------------------------------------------
@pytest.fixture(scope="session")
def _template_home(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                   ) -> Path:
    from mopai.sync.workspace import Workspace

    home = tmp_path_factory.mktemp("template") / "ws"
    if on_postgres(request.config):
        srv = request.getfixturevalue("pg")
        Workspace.create(home, role="county", code=COUNTY_CODE, user=USER, passphrase=PASSPHRASE,
                         name="测试县", db=srv.url(srv.create_db("tpl_home")))
    else:
        Workspace.create(home, role="village", code=VILLAGE, user=USER, passphrase=PASSPHRASE,
                         name="测试村")
    return home


@pytest.fixture
def home(tmp_path: Path, _template_home: Path) -> Path:
    return copy_workspaces(_template_home, tmp_path / "ws")


@pytest.fixture(scope="session")
def _template_village(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                      ) -> Path:
    if not on_postgres(request.config):
        return request.getfixturevalue("_template_home")
    from mopai.sync.workspace import Workspace

    home = tmp_path_factory.mktemp("template-village") / "ws"
    Workspace.create(home, role="village", code=VILLAGE, user=USER, passphrase=PASSPHRASE,
                     name="测试村")
    return home


@pytest.fixture
def village_home(tmp_path: Path, _template_village: Path) -> Path:
    """A village workspace on every backend (villages are SQLCipher only); `home` is one
    too, except with --backend=postgresql, where it is a county on the server."""
    return copy_workspaces(_template_village, tmp_path / "village")


@pytest.fixture
def village_store(village_home: Path):
    from mopai.sync.workspace import Workspace

    st = Workspace(village_home).unlock(USER, PASSPHRASE)
    yield st
    st.close()


@pytest.fixture
def store(home: Path):
    from mopai.sync.workspace import Workspace

    st = Workspace(home).unlock(USER, PASSPHRASE)
    yield st
    st.close()


@pytest.fixture
def cjk_font(qapp) -> None:  # noqa: ANN001 - pytest-qt's QApplication
    """For a test that reads Chinese back from what Qt drew (the household card's PDF, the
    screenshots): it needs a font with Chinese glyphs, as every Windows laptop has (微软雅黑).
    Without one Qt draws nothing for them; the test is skipped saying so, or fails where
    MOPAI_REQUIRE_CJK_FONT=1 (CI, whose .ci/run installs one)."""
    from tools.screenshots import cjk_families, no_cjk_font_message

    if not cjk_families():
        if os.environ.get("MOPAI_REQUIRE_CJK_FONT") == "1":
            pytest.fail(no_cjk_font_message())
        pytest.skip("no font with Chinese glyphs on this machine (Debian: apt-get install "
                    "fonts-noto-cjk): Chinese drawn by Qt cannot be read back")
