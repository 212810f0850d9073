"""Who is calling, from the headers alone (docs/sync.md, "Requests and authentication"): the
device, its signature by its enrolled key, revocation, the time, the nonce, the rate, the
body's announced size — all before a byte of the body is read — and the refusal every answer
of the server uses.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..record import utc_now
from . import protocol as p
from . import state

if TYPE_CHECKING:
    from .server import Options

NOTE_EVERY = 30.0  # seconds between two writes of a device's last contact (per process)


def refusal(code: str, detail: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    status, zh, en = p.ERRORS[code]
    if detail:
        zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
    return JSONResponse({"error": code, "message_zh": zh, "message_en": en}, status_code=status,
                        headers=headers)



class Authenticator:
    """The server's check of every request; what the county's transport view shows of each
    device (its last contact, the last refusal it got) is noted on the way."""

    def __init__(self, engine: Engine, net: Engine, options: Options,
                 db: Callable[..., Awaitable[Any]], report: Callable[[str], None]) -> None:
        self.engine = engine   # the store: who the device is
        self.net = net         # the server's tables (sync/netdb.py): nonces, contacts
        self.options = options
        self._db = db          # runs a store call on the server's store threads
        self._report = report  # a note that could not be written: the server's last error
        self._noted: dict[str, float] = {}

    async def caller(self, request: Request, *, body: bool = False
                     ) -> state.Caller | Response:
        """The calling device, or the refusal to answer with; the device's contact (or the
        refusal it got, once its signature held) is noted on the way (`_note`)."""
        found = await self._check(request, body=body)
        device = request.headers.get(p.H_DEVICE, "")
        if isinstance(found, Response):
            code = json.loads(bytes(found.body) or b"{}").get("error", "")
            if code not in ("", "bad_request", "unknown_device", "bad_signature"):
                await self._db(self._note, device, code)  # a signed request: its own
        else:
            await self._db(self._note, device)
        return found

    def _note(self, device: str, error: str = "") -> None:
        """The device's last contact (or the refusal it got) for the transport view, written
        at most every NOTE_EVERY seconds per device and kind by this process; never fails
        the request."""
        now = time.monotonic()
        key = f"{device}\n{error}"
        if now - self._noted.get(key, -NOTE_EVERY) < NOTE_EVERY:
            return
        self._noted[key] = now
        now_s = utc_now()  # a refused signed request is contact too: the device is alive
        values = ({"last_contact": now_s, "last_error": error, "last_error_at": now_s}
                  if error else {"last_contact": now_s})
        try:
            state.seen(self.net, device, **values)
        except Exception as exc:  # noqa: BLE001 - a note, not the request's outcome
            self._report(f"noting {device}: {exc}")

    async def _check(self, request: Request, *, body: bool = False
                            ) -> state.Caller | Response:
        h = request.headers
        device, when, nonce, body_sha = (h.get(p.H_DEVICE, ""), h.get(p.H_TIME, ""),
                                         h.get(p.H_NONCE, ""), h.get(p.H_BODY, ""))
        if not (0 < len(device) <= 64 and when.isdigit() and 16 <= len(nonce) <= 64
                and nonce.isalnum() and p.is_sha256(body_sha)):
            return refusal("bad_request", "authentication headers")
        who = await self._db(state.caller, self.engine, device)
        if who is None:
            return refusal("unknown_device")
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if not p.check_signature(who.sign_pub, request.method, path, h):
            return refusal("bad_signature")
        if who.revoked:
            return refusal("revoked_device")
        now = int(time.time())
        if abs(now - int(when)) > self.options.skew:
            return refusal("clock_skew", f"{int(when) - now:+d} s",
                           {"Date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now))})
        seen = await self._db(state.remember_nonce, self.net, device, nonce, now,
                              self.options.rate)
        if seen == "replay":
            return refusal("replay")
        if seen == "rate_limited":
            return refusal("rate_limited", headers={"Retry-After": "60"})
        if body:
            length = h.get("content-length")
            if length is None or not length.isdigit():
                return refusal("length_required")
            if int(length) > self.options.max_body:
                return refusal("too_large", f"{length} > {self.options.max_body} bytes")
        elif h.get("content-length", "0") not in ("", "0") or body_sha != p.EMPTY_SHA256:
            return refusal("bad_request", "no body expected")
        return who

    async def __call__(self, request: Request, *, body: bool = False
                       ) -> tuple[state.Caller | None, Response | None]:
        """(the caller, None), or (None, the refusal to answer with)."""
        found = await self.caller(request, body=body)
        return (None, found) if isinstance(found, Response) else (found, None)
