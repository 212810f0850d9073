"""The county store on PostgreSQL (issue 7): what only a server store has to prove.

These run in every session against the server the tests start (tests/pg/server.py); the
sync and report suites run a second time on the server with ``--backend=postgresql``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert, inspect, text
from sqlmodel import SQLModel

import mopai.sync.models  # noqa: F401 - registers the tables
from mopai.sync.engine import url_engine
from mopai.sync.errors import InputError, StoreError, WorkspaceError
from mopai.sync.migrations import LATEST, current_version, migrate
from mopai.sync.models import Meta
from mopai.sync.workspace import DB_URL_FILE, STORE_FILE, Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import household
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net, build_net

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
STAFF2 = "李科员"
STAFF2_PASS = "staff-two-pass-1"


def psql(url: str):  # noqa: ANN201 - a plain psycopg connection, beside the store's own
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database,
                           autocommit=True)


@pytest.fixture(scope="module")
def county_net(tmp_path_factory: pytest.TempPathFactory, pg) -> Net:  # noqa: ANN001
    """A county on the server with three enrolled villages, each village with a bundle ready;
    a second staff member has a copy of the county folder and their own key slot."""
    root = tmp_path_factory.mktemp("pgnet")
    net = build_net(root, db=pg.url(pg.create_db("county")))
    with net.open("county") as county:
        county.users.add(STAFF2, STAFF2_PASS, by_passphrase=PASSPHRASE)
    shutil.copytree(root / "county", root / "county-pc2")  # the key file travels, not the data
    (root / "bundles").mkdir()
    for name, code in (("a1", VILLAGE_A), ("b1", VILLAGE_B)):
        with net.open(name) as village:
            village.households.save_many([household(f"{i:04d}", (f"{name}户主{i}", ""),
                                                    village_code=code) for i in range(1, 31)])
            BUNDLES.append(village.sync.export(root / "bundles").path)
    return net


BUNDLES: list[Path] = []  # one data bundle of village A, one of village B (county_net)


def _fresh_county(net: Net, pg, name: str) -> Path:  # noqa: ANN001
    """A copy of the prepared county (folder and database), so each test imports afresh."""
    target = net.root / name
    shutil.copytree(net.home("county"), target)
    pg.clone_workspaces(target)
    return target


def test_migrations_run_on_an_empty_database_and_match_the_models(pg) -> None:  # noqa: ANN001
    engine = url_engine(pg.url(pg.create_db()))
    try:
        with engine.connect() as conn, conn.begin():
            assert current_version(conn) == 0
            assert migrate(conn) == list(range(1, LATEST + 1))
        with engine.connect() as conn, conn.begin():
            assert current_version(conn) == LATEST and migrate(conn) == []
            found = inspect(conn)
            assert set(found.get_table_names()) == set(SQLModel.metadata.tables)
            for table in SQLModel.metadata.sorted_tables:
                columns = {c["name"]: c for c in found.get_columns(table.name)}
                assert set(columns) == {c.name for c in table.columns}, table.name
                for column in table.columns:
                    if not column.primary_key:
                        assert columns[column.name]["nullable"] == column.nullable, (
                            table.name, column.name)
            assert str(found.get_columns("revision")[-1]["type"]).upper() == "BOOLEAN"  # acked
    finally:
        engine.dispose()


def test_private_keys_are_sealed_in_the_server_table(county_net: Net, pg) -> None:  # noqa: ANN001
    home = _fresh_county(county_net, pg, "county-secrets")
    with Workspace(home).unlock(COUNTY_USER, PASSPHRASE) as county:
        assert county.backend == "postgresql"
        keys = county.sync.identity().export()
        url = county.workspace.db_url
        assert county.integrity_check() == []
    with psql(url) as conn:
        rows = dict(conn.execute("SELECT name, value FROM secret").fetchall())
        assert set(rows) == set(keys)
        for name, value in rows.items():
            assert value.startswith("aesgcm1:"), name
            for secret in keys.values():
                assert secret not in value and secret.lower() not in value.lower()
        assert "AGE-SECRET-KEY" not in json.dumps(rows)
        # Sealed under the name: values swapped between rows do not open.
        conn.execute("UPDATE secret SET value = CASE name WHEN 'sign_key' THEN %s ELSE %s END",
                     (rows["age_identity"], rows["sign_key"]))
    with Workspace(home).unlock(COUNTY_USER, PASSPHRASE) as county:
        assert len(county.integrity_check()) == 2
        with pytest.raises(StoreError, match="cannot be opened"):
            county.sync.identity()


def test_the_writer_lock_makes_a_second_writer_wait(pg) -> None:  # noqa: ANN001
    url = pg.url(pg.create_db())
    first, second = url_engine(url), url_engine(url)
    try:
        with first.connect() as conn, conn.begin():
            migrate(conn)
        holding, waited = threading.Event(), []

        def other() -> None:
            holding.wait()
            start = time.monotonic()
            with second.connect().execution_options(immediate=True) as conn, conn.begin():
                waited.append(time.monotonic() - start)
                conn.execute(insert(Meta.__table__), [{"key": "b", "value": "2"}])

        thread = threading.Thread(target=other)
        thread.start()
        with first.connect().execution_options(immediate=True) as conn, conn.begin():
            conn.execute(insert(Meta.__table__), [{"key": "a", "value": "1"}])
            holding.set()
            time.sleep(0.6)
            assert not waited  # still queued behind this transaction
        thread.join(10)
        assert waited and waited[0] >= 0.5
        with first.connect() as conn:  # readers never wait
            assert conn.execute(text("SELECT count(*) FROM meta WHERE key IN ('a', 'b')")
                                ).scalar_one() == 2
    finally:
        first.dispose()
        second.dispose()


def _at_once(stores: list, plan: list[list[Path]]) -> tuple[list[str], list[Exception]]:
    """Each store imports its paths on its own thread, all starting at the same moment."""
    gate, results, errors = threading.Barrier(len(stores)), [], []

    def work(store, paths: list[Path]) -> None:  # noqa: ANN001
        try:
            gate.wait()
            results.extend(r.status for r in store.sync.import_paths(paths))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in zip(stores, plan, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results, errors


def test_two_staff_importing_at_once_take_turns(county_net: Net, pg) -> None:  # noqa: ANN001
    """Two county PCs (two copies of the folder, one database) import at the same moment:
    they queue on the writer lock; none fails, nothing is imported twice."""
    one = _fresh_county(county_net, pg, "county-concurrent")
    two = county_net.root / "county-concurrent-pc2"
    shutil.copytree(one, two)  # the same database: the URL file is copied as it is
    a_bundle, b_bundle = BUNDLES
    stores = [Workspace(one).unlock(COUNTY_USER, PASSPHRASE),
              Workspace(two).unlock(STAFF2, STAFF2_PASS)]
    try:
        for plan in ([[a_bundle], [b_bundle]], [[a_bundle, b_bundle], [b_bundle, a_bundle]]):
            results, errors = _at_once(stores, plan)
            assert errors == []
            assert "rejected" not in results
        # Each bundle was accepted exactly once overall; the rest were "already" imported.
        status = stores[1].status()
        assert status.households == 60
        with stores[0].engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM bundlein")).scalar_one() == 2
    finally:
        for s in stores:
            s.close()


def test_a_workspace_cannot_take_over_another_database(county_net: Net, pg, tmp_path: Path
                                                       ) -> None:  # noqa: ANN001
    with Workspace(county_net.home("county")).unlock(COUNTY_USER, PASSPHRASE) as county:
        url = county.workspace.db_url
    with pytest.raises(WorkspaceError, match="not empty"):
        Workspace.create(tmp_path / "again", role="county", code=COUNTY, user="某人",
                         passphrase=PASSPHRASE, db=url)
    Workspace.create(tmp_path / "other", role="county", code=COUNTY, user="某人",
                     passphrase=PASSPHRASE, db=pg.url(pg.create_db()))
    with pytest.raises(StoreError, match="another workspace"):
        Workspace(tmp_path / "other", db=url).unlock("某人", PASSPHRASE)
    with pytest.raises(InputError, match="only a county"):
        Workspace.create(tmp_path / "v", role="village", code=VILLAGE_A, user="某人",
                         passphrase=PASSPHRASE, db=url)
    with pytest.raises(InputError, match="invalid database URL"):
        Workspace.create(tmp_path / "x", role="county", code=COUNTY, user="某人",
                         passphrase=PASSPHRASE, db="mysql://me@host/db")


# -- the command line ----------------------------------------------------------------------
def mopai(*args: str, passphrase: str = PASSPHRASE, **env_extra: str
          ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOPAI_", "PG"))}
    env.update({"MOPAI_PASSPHRASE": passphrase, **env_extra})
    return subprocess.run([sys.executable, "-m", "mopai.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_db_option_round_trip(pg, tmp_path: Path) -> None:  # noqa: ANN001
    db = pg.create_db()
    plain = pg.url(db)
    with_password = plain.replace("postgresql+psycopg://mopai@", "postgresql://mopai:s3cret-pw@")
    home = tmp_path / "county"
    r = mopai("init", "--home", str(home), "--role", "county", "--county", COUNTY, "--user",
              COUNTY_USER, "--db", with_password, MOPAI_NEW_PASSPHRASE=PASSPHRASE)
    assert r.returncode == 0, r.stderr
    assert (home / DB_URL_FILE).read_text() == plain + "\n"  # the driver named, no password
    assert not (home / STORE_FILE).exists()
    for f in home.iterdir():
        assert b"s3cret-pw" not in f.read_bytes(), f.name
    r = mopai("status", "--home", str(home), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["role"] == "county" and json.loads(r.stdout)["households"] == 0
    # A second person: a slot of their own in the key file, then a copy of the folder.
    r = mopai("users", "add", STAFF2, "--home", str(home), MOPAI_NEW_PASSPHRASE=STAFF2_PASS)
    assert r.returncode == 0, r.stderr
    shutil.copytree(home, tmp_path / "pc2")
    r = mopai("status", "--home", str(tmp_path / "pc2"), "--user", STAFF2, "--json",
              passphrase=STAFF2_PASS)
    assert r.returncode == 0 and json.loads(r.stdout)["users"] == [COUNTY_USER, STAFF2], r.stderr
    # --db overrides the folder's URL: a copy of the database opens; an empty one is refused.
    copy = pg.url(pg.create_db(template=db))
    r = mopai("status", "--home", str(home), "--db", copy, "--json", MOPAI_USER=COUNTY_USER)
    assert r.returncode == 0, r.stderr
    r = mopai("status", "--home", str(home), "--db", pg.url(pg.create_db()),
              MOPAI_USER=COUNTY_USER)
    assert r.returncode == 5 and "holds no Mopai store" in r.stderr
    r = mopai("status", "--home", str(home), "--db", "postgresql+psycopg://mopai@127.0.0.1:1/x",
              MOPAI_USER=COUNTY_USER)
    assert r.returncode == 5 and "cannot connect to the county database server" in r.stderr
    r = mopai("init", "--home", str(tmp_path / "v"), "--role", "village", "--village",
              VILLAGE_A, "--user", "王会计", "--db", plain, MOPAI_NEW_PASSPHRASE=PASSPHRASE)
    assert r.returncode == 2 and "only a county workspace" in r.stderr
    assert not (tmp_path / "v").exists()


def test_password_from_the_environment_is_used_and_never_written(pg, tmp_path: Path
                                                                 ) -> None:  # noqa: ANN001
    """The test server trusts every local connection, so this checks the plumbing: the
    password reaches the driver and stays out of the workspace."""
    url = pg.url(pg.create_db())
    os.environ["MOPAI_DB_PASSWORD"] = "from-env-pw"
    try:
        engine = url_engine(url)
        assert engine.url.password == "from-env-pw"
        engine.dispose()
        Workspace.create(tmp_path / "c", role="county", code=COUNTY, user=COUNTY_USER,
                         passphrase=PASSPHRASE, db=url)
    finally:
        del os.environ["MOPAI_DB_PASSWORD"]
    assert b"from-env-pw" not in (tmp_path / "c" / DB_URL_FILE).read_bytes()
