"""Child process for the crash test: saves revisions in a loop until it is killed.

After each save returns it prints ``<household uuid> <rev_no>`` and flushes, so the parent
knows exactly which saves were reported as done when it sent SIGKILL.
"""

from __future__ import annotations

import sys

from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE, USER
from tests.helpers import household


def main(home: str, tag: str) -> None:
    store = Workspace(home).unlock(USER, PASSPHRASE)
    i = 0
    while True:
        h = household(f"{tag}-{i}", ("张三", "11010519491231002X"), ("李四", "440524188001010014"))
        store.households.save(h)
        print(h["uuid"], 1, flush=True)
        h["fields"]["address"] = f"地址 {i}" * 20
        store.households.save(h)
        print(h["uuid"], 2, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
