"""The 回传 dialog's township choice is as wide as the longest township name (with its code),
at the dialog's own size: a name is never cut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.desktop.conftest import open_county
from tests.desktop.county.test_returns_dialog import _template, returns_dialog  # noqa: F401
from tests.sync.conftest import COUNTY, COUNTY_USER, VILLAGE_A, VILLAGE_B, Net

TOWN_A, TOWN_B = VILLAGE_A[:9], VILLAGE_B[:9]
LONG = "湘西土家族苗族自治州花垣县双龙镇"


def test_the_township_combo_shows_the_whole_name(qtbot: Any, make_app: Any, net: Net,
                                                 tmp_path: Path) -> None:
    with net.open("county") as county:
        county.sync.set_areas([
            {"code": TOWN_A, "name": LONG, "level": "township", "parent_code": COUNTY},
            {"code": VILLAGE_A, "name": "十八洞村", "level": "village", "parent_code": TOWN_A},
            {"code": TOWN_B, "name": "乙镇", "level": "township", "parent_code": COUNTY},
            {"code": VILLAGE_B, "name": "乙村", "level": "village", "parent_code": TOWN_B}])
    app = open_county(qtbot, make_app, net.home("county"), COUNTY_USER)
    stick = tmp_path / "stick"
    stick.mkdir()
    dialog = returns_dialog(qtbot, app, stick)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.township
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert f"{LONG}（{TOWN_A}）" in texts
    need = max(combo.fontMetrics().horizontalAdvance(t) for t in texts)
    # the text and the arrow, once the dialog has laid out the names it was given
    qtbot.waitUntil(lambda: combo.width() >= need + 20, timeout=10_000)
    assert dialog.width() <= 1366   # still fits the smallest screen
