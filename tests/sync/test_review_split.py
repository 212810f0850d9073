"""Review decisions count against a return bundle's size (sync/export.py, `_pack_return`): a
village with many households sent back with long comments gets its decisions spread over
several parts, each under the limit, and receives every decision once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mopai.sync import bundle, export, review
from mopai.sync.models import Review
from tests.sync.conftest import Net
from tests.sync.test_review import complete, returned, to_county

LIMIT = 64 * 1024
COMMENT = "请核实务工地点、月收入和联系电话，与户口本和务工合同逐项核对后再报。" * 14  # ~490 字


def sent_back_in_parts(net: Net, monkeypatch: pytest.MonkeyPatch
                       ) -> tuple[list[dict[str, Any]], list[Path]]:
    """Thirty households of laptop a1 at the county, each sent back with a long comment; the
    return bundle's parts (over two) under a 64 KiB limit."""
    households = [complete(f"{i:04d}") for i in range(1, 31)]
    with net.open("a1") as a1:
        for h in households:
            a1.households.save(h)
    to_county(net, "a1")
    monkeypatch.setattr(export, "MAX_BYTES_PER_BUNDLE", LIMIT)
    with net.open("county") as county:
        assert len(COMMENT) <= review.MAX_COMMENT
        for h in households:
            county.sync.review(h["uuid"], "reject", COMMENT)
        parts = sorted(returned(county).parent.glob("*.mopai"))
    assert len(parts) > 2
    return households, parts


def test_decisions_are_counted_and_split_and_each_arrives_once(
        net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    households, parts = sent_back_in_parts(net, monkeypatch)
    with net.open("a2") as a2:
        ident = a2.sync.identity()
        with_reviews = 0
        for path in parts:
            lines = bundle.decrypt_lines(bundle.read(path), ident)
            assert sum(len(line) + 1 for line in lines) <= LIMIT, path.name
            with_reviews += any(line.startswith(b'{"t":"reviews"') for line in lines)
        assert with_reviews >= 2   # the decisions did not all go into the last part
        results = a2.sync.import_paths(parts)
        assert all(r.status == "accepted" for r in results), [r.one_line() for r in results]
        assert sum(r.reviews for r in results) == len(households)
        again = a2.sync.import_paths(parts)
        assert {r.status for r in again} == {"already"}
        with a2.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Review)).scalar_one() == 30
        items = a2.sync.reviews(states=["rejected"])
        assert sorted(i.uuid for i in items) == sorted(h["uuid"] for h in households)
        assert {i.comment for i in items} == {COMMENT}


def test_parts_imported_out_of_order_keep_a_household_sent_back(
        net: Net, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decisions ride in the last parts and the households' revisions in the first: a
    laptop that imports the last part first learns of the decisions before the revisions the
    reviewer decided on. Those revisions are not the village's answer (the reviewer had them):
    every household stays 退回修改 — and a correction saved after it is 已修改待复审."""
    households, parts = sent_back_in_parts(net, monkeypatch)
    with net.open("a2") as a2:   # the other laptop: it has none of these households yet
        for path in reversed(parts):
            [r] = a2.sync.import_paths([path])
            assert r.status == "accepted", r.one_line()
        got = {i.uuid: i.state for i in a2.sync.reviews()}
        assert got == {h["uuid"]: review.REJECTED for h in households}
        fixed = a2.households.get(households[0]["uuid"])
        fixed["fields"]["address"] = "改正后的住址"
        a2.households.save(fixed)
        assert a2.sync.review_of(households[0]["uuid"]).state == review.CORRECTED
