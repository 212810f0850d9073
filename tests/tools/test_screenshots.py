"""The screenshot script opens the app on a generated village and county and writes the main
screens the docs show (issue 15: first run, unlock, list, editor with a soft warning, history
restore, export, county overview, review, the county's household list, 回传)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import screenshots


@pytest.mark.usefixtures("cjk_font")
def test_screenshot_script_writes_the_main_screens(qapp, tmp_path: Path) -> None:
    lines: list[str] = []
    shots = screenshots.take(tmp_path / "shots", households=30, log=lines.append)
    names = sorted(p.name for p in shots)
    assert names == sorted(f"{n}.png" for n in screenshots.SHOTS)
    for path in shots:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < len(data) < 300_000
    from PySide6.QtGui import QImage

    for name in ("dashboard", "editor-warning", "county-overview", "review", "county-households"):
        image = QImage(str(tmp_path / "shots" / f"{name}.png"))
        assert (image.width(), image.height()) == screenshots.SIZE, name
    dialog = QImage(str(tmp_path / "shots" / "county-returns.png"))   # a dialog, its own size
    assert dialog.width() >= 600 and dialog.height() >= 400


def test_missing_cjk_font_is_said_clearly() -> None:
    text = screenshots.no_cjk_font_message()
    assert "fonts-noto-cjk" in text and "CJK" in text
