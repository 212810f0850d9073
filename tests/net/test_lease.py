"""One importer at a time over the store, whatever the number of server processes: a lease
in the database with an end, so a killed process gives it up."""

from __future__ import annotations

from mopai.sync import netdb
from mopai.sync.net import state


def test_one_holder_at_a_time(county) -> None:  # noqa: ANN001
    engine = netdb.open_net(county)
    assert state.take_lease(engine, "a", 1000, ttl=60)
    assert not state.take_lease(engine, "b", 1010, ttl=60)
    assert state.take_lease(engine, "a", 1020, ttl=60)      # renewed by its holder
    assert not state.take_lease(engine, "b", 1079, ttl=60)
    assert state.take_lease(engine, "b", 1081, ttl=60)      # the holder died: expired
    state.release_lease(engine, "a")                        # not a's any more: no effect
    assert not state.take_lease(engine, "a", 1090, ttl=60)
    state.release_lease(engine, "b")
    assert state.take_lease(engine, "a", 1091, ttl=60)


def test_nonce_once_and_rate(county) -> None:  # noqa: ANN001
    engine = netdb.open_net(county)
    assert state.remember_nonce(engine, "d", "n1", 1000, rate=2) == "ok"
    assert state.remember_nonce(engine, "d", "n1", 1001, rate=2) == "replay"
    assert state.remember_nonce(engine, "d", "n2", 1002, rate=2) == "ok"
    assert state.remember_nonce(engine, "d", "n3", 1003, rate=2) == "rate_limited"
    assert state.remember_nonce(engine, "e", "n3", 1003, rate=2) == "ok"
    assert state.remember_nonce(engine, "d", "n3", 1070, rate=2) == "ok"  # a minute later
    state.forget_nonces(engine, 1069)
    assert state.remember_nonce(engine, "d", "n1", 1071, rate=9) == "ok"  # forgotten: too old
