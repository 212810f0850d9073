"""Child process for the key file lock tests: unlock, say "ready", wait for the go file, then
change the key file the way `mopai passwd` or `mopai users add` does (their service calls)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mopai.sync import locking
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER


def main(mode: str, home: str, go: str, new_passphrase: str, user: str = USER,
         passphrase: str = PASSPHRASE) -> None:
    if mode == "hold":  # hold the key file's lock until stdin closes
        with locking.locked(Path(home) / "mopai.keys"):
            print("ready", flush=True)
            sys.stdin.read()
        return
    store = Workspace(Path(home)).unlock(user, passphrase)
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.01)
    if mode == "passwd":
        store.users.change_passphrase(passphrase, new_passphrase)
    else:
        store.users.add(mode, new_passphrase, by_passphrase=passphrase)
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:7])
