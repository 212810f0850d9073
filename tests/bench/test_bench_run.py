"""A quick benchmark run completes and writes its results files (figures are not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main
from bench.runner import REGISTRY


def test_quick_run_writes_results(tmp_path: Path) -> None:
    out, cache = tmp_path / "results", tmp_path / "cache"
    assert main(["--quick", "--out", str(out), "--cache", str(cache)]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(results["benchmarks"]) == set(REGISTRY)
    assert results["machine"]["cores"] and results["commit"]
    for run in results["benchmarks"].values():
        assert run["quick"] and run["figures"]
        for figure in run["figures"]:
            assert figure["status"] in ("pass", "fail", "info", "skip"), figure
            assert figure["status"] != "skip" or figure["skipped"]
    text = (out / "results.md").read_text(encoding="utf-8")
    assert "| bulk_insert |" in text and "cores" in text
    assert any(cache.iterdir())  # generated data is cached for the next run

    # --only replaces that benchmark's rows and keeps the others.
    before = results["benchmarks"]["bulk_insert"]
    assert main(["--quick", "--only", "unlock", "--out", str(out), "--cache", str(cache)]) == 0
    again = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert again["benchmarks"]["bulk_insert"] == before
    assert again["benchmarks"]["unlock"]["date"] >= before["date"]
