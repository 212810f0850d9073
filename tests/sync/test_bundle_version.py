"""Records imported from a ledger carry `source`, which a Mopai before it refuses in its strict
schema: a bundle holding such a record is format version 2 (sync/bundle.py), so an older
Mopai refuses it whole, saying to upgrade, and changes nothing; every other bundle stays
version 1, which every Mopai reads (docs/bundle-format.md, Versioning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopai.sync import bundle
from tests.helpers import household
from tests.sync.conftest import VILLAGE_A, Net
from tests.sync.helpers import snapshot

SOURCE = {"file": "2020摸底台账.xlsx", "sheet": "台账", "rows": [5, 8],
          "at": "2026-11-30T01:00:00Z"}


def _line1(path: Path) -> bytes:
    return path.read_bytes().split(b"\n", 1)[0]


def test_a_record_with_its_source_travels_in_a_version_2_bundle(
        net: Net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sticks = [tmp_path / n for n in ("plain", "source", "back")]
    for s in sticks:
        s.mkdir()
    with net.open("a1") as a1:
        a1.households.save(household("0001", ("张三", ""), village_code=VILLAGE_A))
        plain = a1.sync.export(sticks[0]).path
        imported = household("0002", ("李四", ""), village_code=VILLAGE_A)
        imported["source"] = SOURCE
        a1.households.save(imported)
        with_source = a1.sync.export(sticks[1]).path
    assert _line1(plain) == b"MOPAI-BUNDLE 1"
    assert _line1(with_source) == b"MOPAI-BUNDLE 2"
    with net.open("county") as county:
        # a Mopai that reads version 1 only: the whole bundle refused, nothing changed
        before = snapshot(county)
        monkeypatch.setattr(bundle, "READABLE", frozenset({"1"}))
        [old] = county.sync.import_paths([with_source])
        assert old.status == "rejected" and old.reason == "unsupported_version"
        assert "请升级 Mopai" in old.message_zh
        assert snapshot(county) == before
        monkeypatch.undo()
        results = county.sync.import_paths([plain, with_source])
        assert [r.status for r in results] == ["accepted", "accepted"]
        assert county.households.get(imported["uuid"])["source"] == SOURCE
        back = county.sync.export_return(VILLAGE_A, sticks[2]).path
    assert _line1(back) == b"MOPAI-BUNDLE 2"  # the county sends it on as it came
    with net.open("a2") as a2:
        [r] = a2.sync.import_paths([back])
        assert r.status == "accepted"
        assert a2.households.get(imported["uuid"])["source"] == SOURCE
