"""Render every report workbook to PDF and PNG pages, to look at them as a clerk prints them.

    python -m tools.render_reports OUT_DIR [--households N]

Builds a small synthetic county (two townships named in the area list), writes the summary
workbook, a township summary, the county and village ledgers and the 周通报 through the same
functions as `mopai report` / `mopai ledger` / `mopai weekly`, converts each workbook with LibreOffice headless
(`soffice --convert-to pdf`) and each PDF page to a PNG with pdftoppm (150 dpi). Needs
LibreOffice and poppler-utils (Debian: libreoffice-calc-nogui, poppler-utils, fonts-noto-cjk);
not part of the test suite, which reads the print settings back with openpyxl
(tests/reports/test_xlsx.py). Issue 16.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mopai import forms
from mopai.reports.ledger import ledger_workbook
from mopai.reports.summary import summary_workbook
from mopai.reports.weekly import weekly_workbook
from mopai.sync.areas import set_expected
from mopai.sync.synth import VillageSpec, generate_village
from mopai.sync.workspace import Workspace

PASSPHRASE = "render-reports-lantern-47"
AREAS = [{"code": "431221101", "name": "铜湾镇", "level": "township", "parent_code": "431221"},
         {"code": "431221101201", "name": "长坪村", "level": "village", "parent_code": "431221101"},
         {"code": "431221102", "name": "花桥镇", "level": "township", "parent_code": "431221"},
         {"code": "431221102201", "name": "花桥村", "level": "village", "parent_code": "431221102"}]


def workbooks(out: Path, households: int) -> list[Path]:
    home = Path(tempfile.mkdtemp(prefix="mopai-render-")) / "county"
    Workspace.create(home, role="county", code="431221", user="张科长", passphrase=PASSPHRASE,
                     name="中方县")
    today = forms.DEFAULT_SETTINGS.today()
    with Workspace(home).unlock("张科长", PASSPHRASE) as store:
        store.sync.set_areas(AREAS)
        for code in ("431221101201", "431221102201"):
            store.households.save_many([g.state for g in generate_village(
                VillageSpec(code, households, seed=3, mistake_rate=0.05, as_of=today))])
        books = [out / "汇总.xlsx", out / "铜湾镇汇总.xlsx", out / "县台账.xlsx", out / "村台账.xlsx"]
        summary_workbook(store, books[0])
        summary_workbook(store, books[1], township="431221101")
        ledger_workbook(store, "431221", books[2])
        ledger_workbook(store, "431221101201", books[3])
        # the 周通报 ranks weeks that are over: date the records three weeks back
        _backdate(store, 21)
        set_expected(store, {"431221101201": households + 10, "431221102201": households})
        books.append(out / "周通报.xlsx")
        weekly_workbook(store, books[-1])
    shutil.rmtree(home.parent, ignore_errors=True)
    return books


def _backdate(store, days: int) -> None:  # noqa: ANN001
    import datetime as dt

    from sqlalchemy import update

    from mopai.sync.models import Revision

    when = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with store.engine.connect() as conn, conn.begin():
        conn.execute(update(Revision).values(created_at=when))


def render(book: Path) -> list[Path]:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(book.parent),
                    str(book)], check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(book.with_suffix(""))],
                   check=True, timeout=300)
    return sorted(book.parent.glob(f"{book.stem}-*.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--households", type=int, default=30)
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print("needs LibreOffice (soffice) and pdftoppm", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for book in workbooks(args.out, args.households):
        pages = render(book)
        print(f"{book.name}: {len(pages)} page(s), {pages[0].name} …")
    return 0


if __name__ == "__main__":
    sys.exit(main())
