"""A TCP proxy for tests that misbehaves on purpose: it cuts or resets a connection after so
many bytes in one direction, delays, throttles to a slow link's rate, or stalls (holds the
connection open and forwards nothing). TLS passes through it untouched, so the device still
sees the county's pinned certificate.

Each new connection takes the next `Plan` from `plans` (then `default`, pass-through), so a
test scripts "the first try is cut at 30 KB, the second goes through". `up` and `down` count
the bytes forwarded to the server and back, over all connections.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass


@dataclass
class Plan:
    cut_up: int | None = None      # bytes towards the server, then the connection drops
    cut_down: int | None = None    # bytes towards the device, then the connection drops
    reset: bool = False            # drop with a TCP reset (RST) instead of a close (FIN)
    delay: float = 0.0             # seconds before each piece is forwarded
    rate: int | None = None        # bytes per second, each direction (a slow link)
    stall_up: int | None = None    # after this many bytes towards the server, forward nothing
    stall_down: int | None = None  # after this many bytes towards the device, forward nothing


class Proxy:
    def __init__(self, upstream_url: str) -> None:
        host, port = upstream_url.split("//", 1)[1].rsplit(":", 1)
        self.upstream = (host, int(port))
        self.plans: list[Plan] = []
        self.default = Plan()
        self.up = self.down = self.connections = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._sock.getsockname()[1]}"

    def close(self) -> None:
        self._closing.set()
        self._sock.close()
        with self._lock:
            for s in self._open:
                _drop(s, reset=False)

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                device, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                plan = self.plans.pop(0) if self.plans else self.default
                self.connections += 1
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                _drop(device, reset=True)
                continue
            server.settimeout(None)
            with self._lock:
                self._open += [device, server]
            done = threading.Event()
            for src, dst, way in ((device, server, "up"), (server, device, "down")):
                threading.Thread(target=self._pump, args=(src, dst, way, plan, done),
                                 daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, way: str, plan: Plan,
              done: threading.Event) -> None:
        cut = plan.cut_up if way == "up" else plan.cut_down
        stall = plan.stall_up if way == "up" else plan.stall_down
        sent = 0
        size = 4096 if plan.rate else 65536
        try:
            while not done.is_set():
                data = src.recv(size)
                if not data:
                    done.set()
                    dst.shutdown(socket.SHUT_WR)
                    return
                if plan.delay:
                    time.sleep(plan.delay)
                if plan.rate:
                    time.sleep(len(data) / plan.rate)
                if stall is not None and sent + len(data) > stall:
                    dst.sendall(data[:stall - sent])
                    self._count(way, stall - sent)
                    done.wait()  # holds both sockets open, forwards nothing more
                    _drop(src, reset=False)
                    _drop(dst, reset=False)
                    return
                if cut is not None and sent + len(data) >= cut:
                    dst.sendall(data[:cut - sent])
                    self._count(way, cut - sent)
                    done.set()
                    _drop(src, plan.reset)
                    _drop(dst, plan.reset)
                    return
                dst.sendall(data)
                sent += len(data)
                self._count(way, len(data))
        except OSError:
            done.set()
            _drop(src, reset=False)
            _drop(dst, reset=False)

    def _count(self, way: str, n: int) -> None:
        with self._lock:
            if way == "up":
                self.up += n
            else:
                self.down += n

    def release(self) -> None:
        """End every connection (a stalled one too): the device sees it drop."""
        with self._lock:
            for s in self._open:
                _drop(s, reset=True)
            self._open.clear()


def _drop(s: socket.socket, reset: bool) -> None:
    try:
        if reset:  # closed with an RST once the other pump's recv lets go (SHUT_RD wakes it)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.shutdown(socket.SHUT_RD)
        else:
            s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()
