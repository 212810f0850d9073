"""Child process for the certificate switch test: `mopai net rollover --switch`, killed with
SIGKILL by itself at a named point (tests/net/test_rollover.py)."""

from __future__ import annotations

import os
import signal
import sys

from mopai.cli.main import main
from mopai.sync import meta
from mopai.sync.net import tls


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str) -> None:
    """`recorded`: after the store's transaction, before any file; `write:N`: before the
    switch's Nth file write; `cleared`: every file in place, before the marker is cleared."""
    if point == "recorded":
        tls._finish_switch = lambda store: _die()
    elif point.startswith("write:"):
        left = [int(point.split(":")[1])]
        real = tls.write_atomic

        def write(*args, **kw):  # noqa: ANN002, ANN003, ANN202
            left[0] -= 1
            if left[0] == 0:
                _die()
            return real(*args, **kw)
        tls.write_atomic = write
    elif point == "cleared":
        real_set = meta.Meta.set

        def set_(self, values):  # noqa: ANN001, ANN202
            if values.get(meta.CERT_SWITCH) == "":
                _die()
            return real_set(self, values)
        meta.Meta.set = set_


if __name__ == "__main__":
    home, user, point = sys.argv[1:4]
    arm(point)
    sys.exit(main(["net", "rollover", "--switch", "--home", home, "--user", user]))
