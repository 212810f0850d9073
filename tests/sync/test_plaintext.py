"""No survey data in plaintext in any file of the workspace (issue 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household

pytestmark = pytest.mark.sqlite_only(
    reason="scans the bytes of the SQLCipher store file; tests/pg checks the server's secrets")

SECRETS = ["张三丰", "欧阳娜娜", "司马懿", "11010519491231002X", "440524188001010014",
           "110105194912310036"]
ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "gb18030"]


def leaks(home: Path) -> list[tuple[str, str, str]]:
    found = []
    files = [p for p in home.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            for enc in ENCODINGS:
                if secret.encode(enc) in data:
                    found.append((path.name, secret, enc))
    return found


def test_no_plaintext_in_any_workspace_file(home: Path) -> None:
    store = Workspace(home).unlock(USER, PASSPHRASE)
    households = [
        household("0001", ("张三丰", "11010519491231002X"), ("欧阳娜娜", "440524188001010014")),
        household("0002", ("司马懿", "110105194912310036")),
    ]
    for h in households:
        store.households.save(h)  # one transaction each: the WAL holds them
    households[0]["fields"]["address"] = "张三丰的家"
    store.households.save(households[0])
    names = {p.name for p in home.iterdir()}
    assert "mopai.db-wal" in names, names  # the check below must see a live WAL
    assert leaks(home) == []
    store.close()
    assert leaks(home) == []
    # The check itself can fail: the same strings are found in an unencrypted copy.
    plain = home / "plain.txt"
    plain.write_text("\n".join(SECRETS), encoding="utf-16-le")
    assert {secret for _, secret, _ in leaks(home)} == set(SECRETS)
