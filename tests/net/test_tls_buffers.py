"""A connection held open costs the server little (decision 71): asyncio reads each TLS
connection into a buffer of its own, 256 KiB unless told otherwise, for as long as the
connection lives. 300 villages waiting at once for their imports keep 300 connections open:
75 MiB of buffers, and the server's peak memory went from 476 to 644 MiB."""

from __future__ import annotations

import asyncio.sslproto
import gc
import time

from mopai.sync.net import client
from mopai.sync.net.server import TLS_READ
from tests.sync.conftest import Net

OPEN = 12


def _server_side() -> list[asyncio.sslproto.SSLProtocol]:
    """The TLS protocols alive in this process: the server's (the client is http.client)."""
    return [o for o in gc.get_objects() if isinstance(o, asyncio.sslproto.SSLProtocol)
            and getattr(o, "_ssl_buffer", None) is not None]


def test_connections_held_open_read_into_small_buffers(net: Net, county, served  # noqa: ANN001
                                                      ) -> None:
    before = {id(p) for p in _server_side()}
    conns = []
    with net.open("a1") as a1:
        for _ in range(OPEN):
            conn = client.connect(a1, served.url)
            status, _doc = conn.json("GET", "/v1/hello")
            assert status == 200
            conns.append(conn)
    try:
        deadline = time.monotonic() + 10
        while True:
            mine = [p for p in _server_side() if id(p) not in before]
            if len(mine) >= OPEN or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert len(mine) >= OPEN, f"{len(mine)} open server connections seen, {OPEN} made"
        sizes = {len(p._ssl_buffer) for p in mine}
        # each connection's read buffer: 64 KiB, not asyncio's 256 KiB
        assert max(sizes) <= TLS_READ, sizes
        assert TLS_READ <= 64 * 1024
    finally:
        for conn in conns:
            conn.close()
