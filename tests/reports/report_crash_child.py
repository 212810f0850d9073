"""Child for the report crash test: `mopai ARGS…` whose rows trickle out until it is killed.

The real command (cli.main.main) runs with two changes: each row written sleeps a little
(after printing ``writing`` once, so the parent knows the workbook is being written), and, as
on Windows, a temporary file has a name in the temp folder, and every spill reaches the disk
(sync.spill's memory limit 0) — so a kill leaves behind whatever a spill wrote.
"""

from __future__ import annotations

import sys
import tempfile
import time

from mopai.cli.main import main
from mopai.reports import xlsx
from mopai.sync import spill


def trickle() -> None:
    real = xlsx.Sheet.extend
    said: list[bool] = []

    def extend(self, rows, **kw):  # noqa: ANN001, ANN003, ANN202
        def slowly():  # noqa: ANN202
            for row in rows:
                if not said:
                    said.append(True)
                    print("writing", flush=True)
                time.sleep(0.005)
                yield row
        return real(self, slowly(), **kw)

    xlsx.Sheet.extend = extend


if __name__ == "__main__":
    trickle()
    tempfile.TemporaryFile = tempfile.NamedTemporaryFile  # as on Windows
    spill.MEMORY_LIMIT = 0
    sys.exit(main(sys.argv[1:]))
