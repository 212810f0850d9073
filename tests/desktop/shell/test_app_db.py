"""`mopai --db URL` without a command: the desktop app opens the county store on that server
for this run, whatever URL the workspace folder keeps (docs/postgres.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mopai.sync.workspace import DB_URL_FILE, Workspace
from tests.conftest import PASSPHRASE
from tests.desktop.conftest import open_county


def test_the_app_opens_the_server_store_given_by_db(qtbot: Any, make_app: Any, pg: Any,
                                                    tmp_path: Path) -> None:
    db = pg.create_db()
    home = tmp_path / "county"
    Workspace.create(home, role="county", code="431222", user="张科长", passphrase=PASSPHRASE,
                     name="测试县", db=pg.url(db))
    moved = pg.create_db(template=db)  # the database moved; the folder still names the old one
    pg.drop_db(db)
    assert (home / DB_URL_FILE).read_text().strip() == pg.url(db)

    app = open_county(qtbot, make_app, home, "张科长", db=pg.url(moved))
    assert app.workspace.db_url == pg.url(moved)
    assert app.client.is_open and not app.window.locked
