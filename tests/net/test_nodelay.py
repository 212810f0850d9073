"""The sync server's connections send at once (TCP_NODELAY): asyncio turns Nagle's algorithm
off only on sockets that say they are TCP, and an accepted socket takes its listener's
`proto`. A listener made with proto 0 left Nagle on, so a response's body — a second TLS
record after the headers — waited for the client's delayed acknowledgement: 40 ms on every
answer (the `net_sync` benchmark's already-received answer, p95 54 ms against ≤ 50 ms)."""

from __future__ import annotations

import asyncio
import socket

from mopai.sync.net.server import bind


def test_the_listener_gives_connections_without_nagle() -> None:
    listener = bind("127.0.0.1:0")
    port = listener.getsockname()[1]
    seen: list[int] = []

    class Note(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Note, sock=listener)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(200):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(main())
    assert listener.proto == socket.IPPROTO_TCP
    assert seen and seen[0] != 0
