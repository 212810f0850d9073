"""Hand-made requests to the server: headers signed or not, a body announced but not sent."""

from __future__ import annotations

import http.client
import json
import ssl
from typing import Any
from urllib.parse import urlsplit


def request(url: str, method: str, path: str, headers: dict[str, str], body: bytes | None = b"",
            *, length: int | None = None, timeout: float = 5.0) -> tuple[int, dict[str, Any]]:
    """`body=None`: send the headers only (with `length` as Content-Length) and wait for the
    answer: a server that answers did so without reading a body."""
    parts = urlsplit(url)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=ctx)
    try:
        conn.putrequest(method, path)
        size = len(body) if body is not None else (length or 0)
        for k, v in {**headers, "Content-Length": str(size)}.items():
            conn.putheader(k, v)
        conn.endheaders()
        if body:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, (json.loads(data) if data else {})
    finally:
        conn.close()
