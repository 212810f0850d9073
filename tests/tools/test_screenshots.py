"""The screenshot script opens the app on a generated village and writes the three PNGs."""

from __future__ import annotations

from pathlib import Path

from tools import screenshots


def test_screenshot_script_writes_the_main_screens(qapp, tmp_path: Path) -> None:
    lines: list[str] = []
    shots = screenshots.take(tmp_path / "shots", households=12, log=lines.append)
    names = sorted(p.name for p in shots)
    assert names == sorted(f"{n}.png" for n in screenshots.SHOTS)
    for path in shots:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < len(data) < 300_000
    from PySide6.QtGui import QImage

    image = QImage(str(shots[0]))
    assert (image.width(), image.height()) == screenshots.SIZE


def test_missing_cjk_font_is_said_clearly() -> None:
    text = screenshots.no_cjk_font_message()
    assert "fonts-noto-cjk" in text and "CJK" in text
