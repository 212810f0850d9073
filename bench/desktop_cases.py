"""Desktop benchmarks (issue 5): the village app on a 5,000-household village; and (issue 15,
``desktop_20``) the editor on a household of 20 members.

Cold start to a usable main window after unlock (≤ 1.5 s), opening the editor on a household
of 8 members (≤ 150 ms), the app's memory (≤ 300 MB), and a keystroke in the list's search
box through the whole GUI path (worker, model, table painted; info: the issue-5 search
target is the store figure of the `search` benchmark).

The app runs in a fresh interpreter (``python -m bench.desktop_cases child …``, Qt offscreen):
a cold start is a new process with nothing cached, and peak memory is that process's own
(VmHWM), not the runner's, which holds earlier benchmarks' data. The child drives the real
``desktop.shell.app.MopaiApp`` — the same controller ``mopai`` opens — and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import data
from .runner import BENCH_DIR, PASSPHRASE, USER, Context, Figure, benchmark, percentile

NAME = "desktop"


# -- the child: runs the app -----------------------------------------------------------------
def _pump(app: Any, condition: Any, timeout: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _app(home: Path) -> tuple[Any, Any, list[BaseException]]:
    """The real app (as `mopai` opens it) on `home`, offscreen at 1366×768, not yet started:
    the QApplication, the controller and the errors it reports."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from mopai.desktop.shell.app import MopaiApp
    from mopai.desktop.shell.settings import Settings

    app = QApplication(sys.argv[:1])
    settings = home.parent / "settings.json"
    Settings(last_user=USER).save(settings)
    errors: list[BaseException] = []
    ctl = MopaiApp(home, settings_path=settings, idle_ms=0, autosave_ms=600_000,
                   presenter=lambda exc, crash=False: errors.append(exc), install_hook=False)
    ctl.window.resize(1366, 768)
    return app, ctl, errors


def run_child(home: Path, households: int, open_uuids: list[str], keys: list[str]
              ) -> dict[str, Any]:
    t0 = time.perf_counter()
    from .child import peak_rss_mib

    app, ctl, errors = _app(home)
    window = ctl.window
    ctl.start()
    window.repaint()
    t_unlock_screen = time.perf_counter() - t0

    # unlock → usable: the list holds every household and the dashboard its totals
    lst, dash = window.households, window.dashboard
    t1 = time.perf_counter()
    ctl.unlock(USER, PASSPHRASE)
    _pump(app, lambda: ctl.client.is_open and not window.locked)
    t_store_open = time.perf_counter() - t1
    _pump(app, lambda: lst.model.rowCount() == households)
    t_list = time.perf_counter() - t1
    _pump(app, lambda: dash.status is not None and dash.totals.households == households)
    window.repaint()
    t_usable = time.perf_counter() - t1
    _pump(app, lambda: not ctl.worker.busy)

    # opening the editor on 8-member households (each open closes the previous, clean record)
    opens = []
    for uuid in open_uuids:
        start = time.perf_counter()
        window.open_household(uuid)
        _pump(app, lambda u=uuid: window.editor.uuid == u
              and window.current_page() is window.editor)
        window.repaint()
        opens.append((time.perf_counter() - start) * 1000)
        members = len(window.editor.state["members"])
        assert members == 8, members
        _pump(app, lambda: not ctl.worker.busy)

    # a keystroke in the search box, after the debounce: worker search, model, table painted
    window.show_page(lst)
    keystrokes = []
    for key in keys:
        lst.search.blockSignals(True)      # no debounce timer: time the search itself
        lst.search.setText(key)
        lst.search.blockSignals(False)
        start = time.perf_counter()
        lst.search_now()
        _pump(app, lambda k=key: lst._shown_text == k)
        lst.table.repaint()
        keystrokes.append((time.perf_counter() - start) * 1000)
        _pump(app, lambda: not ctl.worker.busy)

    rss_now = None
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            rss_now = next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))
    except OSError:
        pass
    peak = peak_rss_mib()
    window.editor.dirty = False
    window.close()
    ctl.shutdown()
    if errors:
        raise RuntimeError(f"the app reported an error: {errors[0]!r}")
    return {"unlock_screen_s": t_unlock_screen, "store_open_s": t_store_open, "list_s": t_list,
            "usable_s": t_usable, "open_ms": opens, "keystroke_ms": keystrokes,
            "peak_rss_mib": peak, "rss_mib": rss_now}


def run_large_child(home: Path, large: str, other: str, opens: int) -> dict[str, Any]:
    """The editor on a 20-member household: open it (``opens`` times, another household in
    between), then keystrokes typed into member pages through Qt's key events, each timed to
    the window repainted: digits into phone numbers (a text answer), and choice codes."""
    app, ctl, errors = _app(home)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window, editor = ctl.window, ctl.window.editor
    ctl.start()
    ctl.unlock(USER, PASSPHRASE)
    _pump(app, lambda: ctl.client.is_open and not window.locked)
    _pump(app, lambda: not ctl.worker.busy)

    def open_one(uuid: str) -> float:
        start = time.perf_counter()
        window.open_household(uuid)
        _pump(app, lambda: editor.uuid == uuid and window.current_page() is editor)
        window.repaint()
        took = (time.perf_counter() - start) * 1000
        _pump(app, lambda: not ctl.worker.busy)
        return took

    open_ms = []
    for _ in range(opens):
        open_ms.append(open_one(large))
        members = len(editor.state["members"])
        assert members == 20, members
        editor.dirty = False
        open_one(other)
        editor.dirty = False
    open_one(large)

    def timed_key(widget: Any, key: Qt.Key) -> float:
        start = time.perf_counter()
        QTest.keyClick(widget, key)
        window.repaint()
        return (time.perf_counter() - start) * 1000

    digits = [getattr(Qt.Key, f"Key_{d}") for d in "13800138000"]
    keystroke_ms, code_ms = [], []
    for member in (0, 9, 19):
        editor.jump_to(member, "phone")
        page = editor.member_page(member)
        phone = page.editors["phone"].input
        phone.setFocus()
        phone.clear()
        app.processEvents()
        keystroke_ms += [timed_key(phone, k) for k in digits]
        for name, key in (("education", Qt.Key.Key_4), ("labor_capacity", Qt.Key.Key_2)):
            if name in page.editors and page.is_visible_field(name):
                code_ms.append(timed_key(page.editors[name].input, key))
    start = time.perf_counter()
    editor.show_grid()
    window.repaint()
    grid_ms = (time.perf_counter() - start) * 1000
    editor.dirty = False
    window.close()
    ctl.shutdown()
    if errors:
        raise RuntimeError(f"the app reported an error: {errors[0]!r}")
    return {"open_ms": open_ms, "keystroke_ms": keystroke_ms, "code_ms": code_ms,
            "grid_ms": grid_ms}


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.desktop_cases")
    parser.add_argument("what", choices=["child", "large"])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--households", type=int, default=0)
    parser.add_argument("--plan", type=Path, required=True, help="JSON: open uuids, keystrokes")
    args = parser.parse_args(argv)
    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    if args.what == "large":
        print(json.dumps(run_large_child(args.home, plan["large"], plan["other"],
                                         plan["opens"])))
        return 0
    print(json.dumps(run_child(args.home, args.households, plan["open"], plan["keys"])))
    return 0


# -- the benchmark: prepares the village, runs the child ---------------------------------------
@benchmark(NAME, "village app: cold start after unlock, open an 8-member household, memory")
def desktop_app(ctx: Context) -> list[Figure]:
    from .store_cases import _keystrokes

    size = ctx.size(5_000, 300)
    generated = data.households(ctx, size)
    states = [g.state for g in generated]
    eight = [g.state["uuid"] for g in generated if len(g.state["members"]) == 8]
    if not eight:
        return [Figure(NAME, "open the editor on 8 members", None, "ms",
                       skipped=f"no 8-member household among {size}")]
    picked = eight[:ctx.size(10, 3)]
    keys = _keystrokes(states)
    with ctx.scratch("desktop") as tmp:
        home = data.village(ctx, size, tmp / "village")
        plan = tmp / "plan.json"
        plan.write_text(json.dumps({"open": picked, "keys": keys}, ensure_ascii=False),
                        encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        runs = []
        # The first start on a village computes every household's list facts and keeps them
        # in the store; every later start (a cadre's normal day) reads them back.
        for _ in ("first start", "daily start"):
            proc = subprocess.run(
                [sys.executable, "-m", "bench.desktop_cases", "child", "--home", str(home),
                 "--households", str(size), "--plan", str(plan)],
                cwd=BENCH_DIR.parent, env=env, capture_output=True, text=True, timeout=900)
            if proc.returncode != 0:
                raise RuntimeError(f"the app process failed: {proc.stderr[-2000:]}")
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    first, r = runs
    opens, keystrokes = r["open_ms"], r["keystroke_ms"]
    where = f"{size:,}-household village, fresh process, Qt offscreen, 1366×768"
    return [
        Figure(NAME, "process start → unlock screen shown", r["unlock_screen_s"], "s",
               detail="imports (PySide6, forms, sync), form load, window; interpreter "
                      "start-up not included"),
        Figure(NAME, "unlock → store open (Argon2id, SQLCipher)", r["store_open_s"], "s"),
        Figure(NAME, "unlock → list filled", r["list_s"], "s"),
        Figure(NAME, "first start ever: unlock → usable (computes every household's facts)",
               first["usable_s"], "s", detail=f"once per village (and after a form change); "
               f"peak memory {first['peak_rss_mib']:.0f} MB" if first["peak_rss_mib"] else ""),
        Figure(NAME, "unlock → usable main window (list and dashboard filled)", r["usable_s"],
               "s", 1.5, "<=", "issue 5",
               detail=f"a daily start: passphrase submitted to every household listed and the "
                      f"dashboard totals shown (facts read back from the store); {where}"),
        Figure(NAME, "open the editor on an 8-member household, median", statistics.median(opens),
               "ms", 150, "<=", "issue 5",
               detail=f"{len(opens)} households: store read on the worker, 9 pages built, "
                      f"evaluated, validated, painted; worst {max(opens):.0f} ms"),
        Figure(NAME, "open the editor on an 8-member household, worst", max(opens), "ms"),
        Figure(NAME, "search box keystroke → table painted, p95", percentile(keystrokes, 95),
               "ms", detail=f"{len(keystrokes)} keystrokes after the 150 ms debounce: worker "
                            f"search, thread hop, model reset, full table repaint; median "
                            f"{statistics.median(keystrokes):.1f} ms. The issue-5 target "
                            f"(≤ 15 ms) is the store's search: see the `search` benchmark"),
        Figure(NAME, "app peak memory (VmHWM)", r["peak_rss_mib"], "MB", 300, "<=", "issue 5",
               detail=f"after start, unlock, {len(opens)} editors and {len(keystrokes)} "
                      f"searches; resident at the end {r['rss_mib']:.0f} MB" if r["rss_mib"]
               else ""),
    ]


def twenty_members(states: list[dict[str, Any]]) -> dict[str, Any]:
    """A household of 20 generated people (the largest families a cadre meets): the first
    household's, then members of the next ones, one 户主, as a draft."""
    from mopai.sync.record import new_household, new_member

    first = states[0]
    large = new_household(first["fields"], form_id=first["form_id"],
                          form_version=first["form_version"])
    for state in states:
        for member in state["members"]:
            fields = dict(member["fields"])
            if large["members"] and fields.get("relation") in ("head", "spouse"):
                fields["relation"] = "other"
            large["members"].append(new_member(fields))
            if len(large["members"]) == 20:
                large["fields"]["household_no"] = "9020"
                return large
    raise ValueError("not enough generated people for a 20-member household")


@benchmark("desktop_20", "village editor on a 20-member household: open, every keystroke")
def desktop_twenty(ctx: Context) -> list[Figure]:
    """Issue 15: a household of 20 members stays smooth (open ≤ 150 ms, keystroke ≤ 50 ms)."""
    from mopai.sync.workspace import Workspace

    size = ctx.size(300, 300)
    states = [g.state for g in data.households(ctx, size)]
    large = twenty_members(states)
    with ctx.scratch("desktop_20") as tmp:
        home = data.village(ctx, size, tmp / "village")
        with Workspace(home).unlock(USER, PASSPHRASE) as store:
            store.households.save(large)
        plan = tmp / "plan.json"
        plan.write_text(json.dumps({"large": large["uuid"], "other": states[1]["uuid"],
                                    "opens": ctx.size(10, 3)}), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "bench.desktop_cases", "large", "--home", str(home),
             "--plan", str(plan)],
            cwd=BENCH_DIR.parent, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"the app process failed: {proc.stderr[-2000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
    opens, keys, codes = r["open_ms"], r["keystroke_ms"], r["code_ms"]
    every = keys + codes
    return [
        Figure("desktop_20", "open the editor on a 20-member household, median",
               statistics.median(opens), "ms", 150, "<=", "issue 15",
               detail=f"{len(opens)} opens (another household in between): store read on the "
                      f"worker, household and first member page shown, 20 members evaluated "
                      f"and validated, painted; worst {max(opens):.0f} ms"),
        Figure("desktop_20", "keystroke in a member's answer → window repainted, p95",
               percentile(every, 95), "ms", 50, "<=", "issue 15",
               detail=f"{len(keys)} digits typed into the phone of members 1, 10 and 20 and "
                      f"{len(codes)} choice codes, each re-evaluating and re-checking the "
                      f"whole household; median {statistics.median(every):.1f} ms, worst "
                      f"{max(every):.0f} ms"),
        Figure("desktop_20", "the grid of all 20 members shown", r["grid_ms"], "ms"),
    ]


if __name__ == "__main__":
    sys.exit(child_main())
