"""`python -m tests.sync.import_child HOME FILE…`: import bundles as `mopai import` does (the
same unlock and validator) in a fresh process, and print the results and the peak memory
of this process as one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.child import limit_address_space, peak_rss_mib
from mopai.sync.store import open_store
from mopai.sync.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.sync.conftest import COUNTY_USER


def main(home: str, *files: str) -> None:
    limit_address_space()  # 2 GiB, as the bench import (a laptop that commits memory)
    with open_store(Workspace(Path(home)), COUNTY_USER, PASSPHRASE) as store:
        before = peak_rss_mib()
        results = store.sync.import_paths([Path(f) for f in files])
    print(json.dumps({"before_mib": before, "peak_mib": peak_rss_mib(),
                      "results": [(Path(r.path).name, r.status, r.reason) for r in results]}))


if __name__ == "__main__":
    main(*sys.argv[1:])
