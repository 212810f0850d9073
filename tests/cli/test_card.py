"""`mopai card` and `mopai card-contact` as real processes on a real village workspace: a
whole village's cards in one PDF (read back with QtPdf, each page's QR decoded), one
household's on A5, and unknown villages, households and folders refused in one line with
nothing written."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mopai.forms.samples import sample_household
from mopai.reports.card import reference
from tests.cli.test_transfer import ROOT
from tests.conftest import PASSPHRASE, USER, VILLAGE
from tests.desktop.capture.test_card import decoded_qr, nfkc, page_text, pdf


def mopai(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOPAI_", "QT_QPA"))}
    env.update(MOPAI_PASSPHRASE=PASSPHRASE, MOPAI_USER=USER)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)   # the command chooses the offscreen platform itself
    return subprocess.run([sys.executable, "-m", "mopai.cli", *args, "--home", str(home)],
                          cwd=ROOT, env=env, capture_output=True, timeout=120,
                          stdin=subprocess.DEVNULL, encoding="utf-8")


@pytest.fixture
def village(village_home: Path) -> tuple[Path, list[str]]:
    from mopai.sync.workspace import Workspace

    store = Workspace(village_home).unlock(USER, PASSPHRASE)
    uuids = []
    try:
        for i in range(3):
            h = sample_household(2 + i, seed=20 + i, today=dt.date.today(), village=VILLAGE)
            h["fields"]["household_no"] = f"{i + 1:03d}"
            h["status"] = "complete"
            store.households.save(h)
            uuids.append(h["uuid"])
    finally:
        store.close()
    return village_home, uuids


@pytest.mark.usefixtures("cjk_font")
def test_a_village_in_one_pdf_and_one_household_on_a5(qapp: Any, village: Any,  # noqa: ANN401
                                                      tmp_path: Path) -> None:
    home, uuids = village
    r = mopai(home, "card-contact", "--village", VILLAGE, "--name", "赵文书", "--phone",
              "13700001111")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "village.pdf"
    r = mopai(home, "card", "--village", VILLAGE, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    doc = pdf(out)
    assert doc.pageCount() == 3
    for page, uuid in enumerate(uuids):
        assert decoded_qr(doc, page) == [reference(uuid)]
        assert nfkc(f"户编号：{page + 1:03d}") in page_text(doc, page)
        assert "赵文书" in page_text(doc, page)
    one = tmp_path / "one.pdf"
    r = mopai(home, "card", "--household", uuids[1], "--out", str(one), "--size", "A5")
    assert r.returncode == 0, r.stderr
    doc = pdf(one)
    assert doc.pageCount() == 1
    assert round(doc.pagePointSize(0).width() * 25.4 / 72) == 148
    assert decoded_qr(doc, 0) == [reference(uuids[1])]


@pytest.mark.parametrize(("args", "said"), [
    (("--village", "110105001999"), "110105001999"),
    (("--household", "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"), "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"),
])
def test_unknown_villages_and_households_write_nothing(village: Any, tmp_path: Path,  # noqa: ANN401
                                                       args: tuple[str, ...], said: str) -> None:
    home, _ = village
    folder = tmp_path / "out"
    folder.mkdir()
    r = mopai(home, "card", *args, "--out", str(folder / "cards.pdf"))
    assert r.returncode != 0
    assert said in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []      # no PDF, no temporary file


def test_a_missing_folder_and_a_bad_contact_are_refused(village: Any, tmp_path: Path) -> None:  # noqa: ANN401
    home, _ = village
    r = mopai(home, "card", "--village", VILLAGE, "--out", str(tmp_path / "no" / "c.pdf"))
    assert r.returncode != 0 and "no such folder" in r.stderr
    r = mopai(home, "card-contact", "--village", VILLAGE, "--name", "赵文书", "--phone", "abc")
    assert r.returncode != 0 and "'abc'" in r.stderr
    r = mopai(home, "card-contact", "--village", VILLAGE)
    assert r.returncode == 0 and "未设村联系人" in r.stdout


@pytest.mark.parametrize(("which", "said"), [
    ({"village": "1101"}, "12 digits"), ({"household": "not-a-uuid"}, "not-a-uuid"),
    ({}, "one of them"), ({"village": VILLAGE, "household": "x"}, "one of them"),
])
def test_what_to_print_is_checked_before_anything_is_drawn(village_store: Any, which: dict,  # noqa: ANN401
                                                           said: str) -> None:
    from mopai.reports.card import household_uuids
    from mopai.sync.errors import InputError

    with pytest.raises(InputError, match=said):
        household_uuids(village_store, **which)
