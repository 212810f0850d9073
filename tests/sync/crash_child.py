"""Child process for the crash tests: export in a loop, or import, until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE


def main(mode: str, home: str, user: str, target: str) -> None:
    store = Workspace(Path(home)).unlock(user, PASSPHRASE)
    print("ready", flush=True)
    if mode == "export":
        while True:
            result = store.sync.export(Path(target), everything=True)
            print(result.path, flush=True)
    else:
        [result] = store.sync.import_paths([Path(target)])
        print(result.status, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
