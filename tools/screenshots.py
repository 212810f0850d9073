"""Screenshots of the main screens for the docs: ``python -m tools.screenshots [--out DIR]``.

Builds a synthetic village (``sync.synth``) in a temporary folder, opens the real app on it
offscreen at 1366×768 (the smallest screen the issue asks for) and saves, as PNG files
(``docs/screenshots/`` by default): the first-run wizard, the unlock screen, the dashboard,
the household list, the editor showing an error, the editor with a soft warning confirmed
with a reason, the history with its restore buttons and the export dialog; then a small
synthetic county with its villages' bundles imported: the county overview and the review
queues. Chinese needs a CJK font: without one Qt draws empty boxes, so the script says so
before it starts (Debian/Ubuntu: ``apt-get install fonts-noto-cjk``; Windows has 微软雅黑).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (1366, 768)
PASSPHRASE = "screenshot-pass-1"     # a throwaway synthetic workspace
USER = "演示员"
VILLAGE = ("431221101201", "示范村")
SHOTS = ("first-run", "unlock", "dashboard", "households", "editor-error", "editor-warning",
         "history", "export", "county-overview", "review", "county-households", "county-returns")
COUNTY_PASSPHRASE = "screenshot-county-lantern-2026"  # the county's policy asks for more
WARNING_REASON = "本人在深圳做技术员，工资条已核实"


def cjk_families() -> list[str]:
    """Installed font families that can write Simplified Chinese (needs a QGuiApplication)."""
    from PySide6.QtGui import QFontDatabase

    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def no_cjk_font_message() -> str:
    return ("警告：没有找到中文字体，截图中的汉字会显示成方框。\n"
            "WARNING: no CJK font found; the Chinese in the screenshots will be empty boxes.\n"
            "  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk\n"
            "  Fedora: sudo dnf install google-noto-sans-cjk-fonts\n"
            "  Windows: Microsoft YaHei (微软雅黑) ships with the system")


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def settle(ms: int = 300) -> None:
    wait_start = time.monotonic()
    wait_until(lambda: time.monotonic() - wait_start > ms / 1000)


def build_village(home: Path, households: int, seed: int
                  ) -> tuple[dict[str, tuple[str, ...]], str | None]:
    """A synthetic village; returns the households carrying mistakes (uuid -> codes) and one
    household edited since, whose migrant worker earns more than the usual band: a warning
    confirmed with a reason (so it has a history and a soft warning to show)."""
    from mopai.sync.formbook import FORM_CHECKS
    from mopai.sync.synth import add_households
    from mopai.sync.workspace import Workspace

    Workspace.create(home, role="village", code=VILLAGE[0], user=USER, passphrase=PASSPHRASE,
                     name=VILLAGE[1])
    with Workspace(home).unlock(USER, PASSPHRASE, validator=FORM_CHECKS) as store:
        broken = add_households(store, households, seed=seed).broken
        warned = None
        for state in store.households.states():
            if state["uuid"] in broken or state.get("status") != "complete":
                continue
            member = next((m for m in state["members"]
                           if m["fields"].get("employment_status") == "migrant"
                           and m["fields"].get("monthly_income")), None)
            if member is None:
                continue
            member["fields"]["monthly_income"] = 38000
            member["confirmations"] = {"monthly_income": WARNING_REASON}
            store.households.save(state)
            warned = state["uuid"]
            break
        return broken, warned


def pick_broken(broken: dict[str, tuple[str, ...]]) -> str | None:
    """A household whose mistake reads well on screen: a wrong ID check digit first."""
    for wanted in ("id_checksum", "child_labour", "edu_and_student"):
        for uuid, codes in sorted(broken.items()):
            if wanted in codes:
                return uuid
    return next(iter(sorted(broken)), None)


def save_png(widget: Any, path: Path) -> Path:
    image = widget.grab().toImage()
    image.save(str(path), "PNG", 0)       # quality 0 = strongest PNG compression
    return path


def take(out: Path, *, households: int = 300, seed: int = 1, language: str = "zh_CN",
         log: Callable[[str], None] = print) -> list[Path]:
    """Open the app on a generated village and write the screenshots into ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not cjk_families():
        log(no_cjk_font_message())
    from mopai.desktop.shell.app import MopaiApp
    from mopai.desktop.shell.settings import Settings

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="mopai-shots-") as tmp:
        home = Path(tmp) / "village"
        log(f"building a synthetic village of {households} households…")
        broken, warned = build_village(home, households, seed)
        settings = Path(tmp) / "settings.json"
        Settings(language=language, last_user=USER).save(settings)
        errors: list[BaseException] = []
        ctl = MopaiApp(home, settings_path=settings, idle_ms=0, autosave_ms=600_000,
                       presenter=lambda exc, crash=False: errors.append(exc),
                       install_hook=False)
        try:
            window = ctl.window
            window.resize(*SIZE)
            shots.append(first_run(Path(tmp) / "new", ctl, out))
            ctl.start()
            window.show()
            window.resize(*SIZE)
            settle()
            shots.append(save_png(window, out / "unlock.png"))
            ctl.unlock(USER, PASSPHRASE)
            wait_until(lambda: ctl.client.is_open and not window.locked)
            window.resize(*SIZE)
            wait_until(lambda: window.dashboard.status is not None
                       and window.households.model.rowCount() > 0)
            settle()
            shots.append(save_png(window, out / "dashboard.png"))

            window.show_page(window.households)
            settle()
            shots.append(save_png(window, out / "households.png"))

            uuid = pick_broken(broken) or window.households.model.uuid_at(0)
            if uuid:
                window.open_household(uuid)
                editor = window.editor
                wait_until(lambda: editor.uuid == uuid and window.current_page() is editor)
                first = next((f for f in editor.findings_list if _is_error(f)), None)
                if first is not None:
                    from mopai.desktop.capture import formkit

                    editor.jump_to(formkit.finding_member(first),
                                   formkit.finding_field(first) or "")
                settle()
                shots.append(save_png(window, out / "editor-error.png"))
            if warned:
                shots += warning_and_history(window, warned, out)
            dialog = window.show_export()
            dialog.resize(720, 520)
            settle()
            shots.append(save_png(dialog, out / "export.png"))
            dialog.reject()
            if errors:
                raise RuntimeError(f"the app reported an error: {errors[0]!r}")
        finally:
            ctl.window.editor.dirty = False
            ctl.window.close()
            ctl.shutdown()
            ctl.window.deleteLater()
            app.processEvents()
        shots += county_shots(Path(tmp) / "county", Path(tmp) / "county-settings.json", language,
                              out, log)
    for path in shots:
        log(f"{path}  ({path.stat().st_size // 1024} KB)")
    return shots


def first_run(empty: Path, ctl: Any, out: Path) -> Path:
    """The wizard a new laptop opens with (no workspace yet)."""
    from mopai.desktop.transfer.setup_dialog import SetupDialog

    dialog = SetupDialog(empty, ctl.worker, lambda exc, crash=False: None)
    dialog.resize(760, 560)
    dialog.show()
    settle()
    try:
        return save_png(dialog, out / "first-run.png")
    finally:
        dialog.reject()
        dialog.deleteLater()


def warning_and_history(window: Any, uuid: str, out: Path) -> list[Path]:
    """The editor on a household whose warning was confirmed with a reason, then its
    history with the restore buttons."""
    from mopai.desktop.capture import formkit

    window.open_household(uuid)
    editor = window.editor
    wait_until(lambda: editor.uuid == uuid and window.current_page() is editor)
    warning = next((f for f in editor.findings_list if f.code == "income_band"), None)
    if warning is not None:
        editor.jump_to(formkit.finding_member(warning), formkit.finding_field(warning) or "")
    settle()
    shots = [save_png(window, out / "editor-warning.png")]
    window.show_history(uuid)
    wait_until(lambda: bool(window.dialogs))
    dialog = window.dialogs[-1]
    dialog.resize(900, 600)
    settle(800)
    shots.append(save_png(dialog, out / "history.png"))
    dialog.reject()
    return shots


def county_shots(root: Path, settings: Path, language: str, out: Path,
                 log: Callable[[str], None]) -> list[Path]:
    """A county of three villages with their bundles imported: its overview, review, household
    list and 回传 dialog."""
    from mopai.desktop.shell.app import MopaiApp
    from mopai.desktop.shell.settings import Settings
    from mopai.sync.synth import CountySpec, build_county
    from mopai.sync.workspace import Workspace

    log("building a synthetic county of 3 villages…")
    build = build_county(root, CountySpec(villages=3, households=240, seed=2), COUNTY_PASSPHRASE)
    with Workspace(build.county_home).unlock(None, COUNTY_PASSPHRASE) as county:
        county.sync.import_paths(sorted(build.bundles.values()))
        user = county.user
    Settings(language=language, last_user=user).save(settings)
    errors: list[BaseException] = []
    ctl = MopaiApp(build.county_home, settings_path=settings, idle_ms=0, autosave_ms=600_000,
                   presenter=lambda exc, crash=False: errors.append(exc), install_hook=False)
    shots = []
    try:
        window = ctl.window
        window.resize(*SIZE)
        ctl.start()
        ctl.unlock(user, COUNTY_PASSPHRASE)
        wait_until(lambda: ctl.client.is_open and not window.locked)
        window.resize(*SIZE)
        page = window.county_dashboard
        wait_until(lambda: getattr(page, "figures", None) is not None
                   and not getattr(page, "running", False), timeout=120)
        settle(800)
        shots.append(save_png(window, out / "county-overview.png"))
        window.show_review()
        settle(800)
        shots.append(save_png(window, out / "review.png"))
        window.act_search.trigger()
        search = window.county_households
        wait_until(lambda: bool(search.model.rows) and not search.counting, timeout=60)
        settle(800)
        shots.append(save_png(window, out / "county-households.png"))
        dialog = window.show_returns()
        wait_until(lambda: dialog.table.rowCount() > 0, timeout=60)
        settle(800)
        shots.append(save_png(dialog, out / "county-returns.png"))
        dialog.close()
        if errors:
            raise RuntimeError(f"the app reported an error: {errors[0]!r}")
    finally:
        ctl.window.close()
        ctl.shutdown()
        ctl.window.deleteLater()
    return shots


def _is_error(finding: Any) -> bool:
    from mopai.desktop.capture import formkit

    return formkit.is_error(finding)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"),
                        help="where the PNG files go (docs/screenshots)")
    parser.add_argument("--households", type=int, default=300,
                        help="size of the generated village (300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--quick", action="store_true", help="a small village (40 households)")
    args = parser.parse_args(argv)
    take(args.out, households=40 if args.quick else args.households, seed=args.seed,
         language=args.language, log=lambda line: print(line, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
