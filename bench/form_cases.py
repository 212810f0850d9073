"""Questionnaire benchmarks (issue 3) and the generator's own throughput.

Issue 3 sets two speed targets: loading the form workbook ≤ 0.5 s, and validating and
deriving the indicators of an 8-member household in a median ≤ 5 ms. Both go through the
public forms API; when it is missing the rows say so and carry no figure.

The workbook load is measured cold, in a fresh interpreter (imports of openpyxl and the
expression parser included), because that is what a cadre waits for when the app opens;
the warm in-process reload is shown beside it for comparison.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from . import data
from .runner import BENCH_DIR, Context, Figure, benchmark, timed

COLD_LOAD = ("import time; t = time.perf_counter(); from mopai import forms; "
             "forms.load_form(forms.default_form_path()); print(time.perf_counter() - t)")


def _forms_api(*names: str) -> str:
    """'' when forms exposes every name, else what is missing."""
    try:
        from mopai import forms
    except ImportError as exc:
        return f"forms API not available ({exc})"
    missing = [n for n in names if not hasattr(forms, n)]
    return f"forms API not available (missing {', '.join(missing)})" if missing else ""


@benchmark("form_load", "load the questionnaire workbook (issue 3)")
def form_load(ctx: Context) -> list[Figure]:
    missing = _forms_api("load_form", "default_form_path")
    if missing:
        return [Figure("form_load", "load labor_survey.xlsx, cold", None, "s", 0.5, "<=",
                       "issue 3", skipped=missing)]
    from mopai import forms

    reps = ctx.size(5, 2)
    cold = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, "-c", COLD_LOAD], cwd=BENCH_DIR.parent, text=True,
                             capture_output=True, timeout=120, check=True)
        cold.append(float(out.stdout.strip().splitlines()[-1]))
    path = forms.default_form_path()
    warm = [timed(lambda: forms.load_form(path))[0] for _ in range(reps)]
    return [
        Figure("form_load", f"load labor_survey.xlsx, cold (fresh process), median of {reps}",
               statistics.median(cold), "s", 0.5, "<=", "issue 3",
               detail="includes importing forms, openpyxl and lark"),
        Figure("form_load", "load labor_survey.xlsx, warm (same process)", statistics.median(warm),
               "s", detail="forms.load_form on an already-imported engine"),
    ]


@benchmark("validate", "validate + derive one 8-member household (issue 3)")
def validate(ctx: Context) -> list[Figure]:
    missing = _forms_api("load_default_form", "assess_household")
    if missing:
        return [Figure("validate", "validate + derive, 8 members, median", None, "ms", 5, "<=",
                       "issue 3", skipped=missing)]
    from mopai import forms

    form = forms.load_default_form()
    eight = [g.state for g in data.households(ctx, ctx.size(5_000, 1_000))
             if len(g.state["members"]) == 8 and not g.mistakes]
    if not eight:
        return [Figure("validate", "validate + derive, 8 members, median", None, "ms", 5, "<=",
                       "issue 3", skipped="no clean 8-member household was generated")]
    runs = ctx.size(500, 60)
    times = []
    for i in range(runs):
        household = eight[i % len(eight)]
        start = time.perf_counter()
        forms.assess_household(form, household)
        times.append((time.perf_counter() - start) * 1000)
    detail = (f"forms.assess_household (evaluate, validate, indicators), {runs} runs over "
              f"{min(len(eight), runs)} generated households")
    return [Figure("validate", "validate + derive, 8 members, median", statistics.median(times),
                   "ms", 5, "<=", "issue 3", detail=detail),
            Figure("validate", "validate + derive, 8 members, max", max(times), "ms", detail=detail)]


@benchmark("generate", "synthetic household generator throughput")
def generate(ctx: Context) -> list[Figure]:
    from mopai.sync.synth import VillageSpec, generate_village

    size = ctx.size(20_000, 1_000)
    spec = VillageSpec(data.BENCH_VILLAGE, size, ctx.seed + 1000)  # not the cached seed
    seconds, made = timed(lambda: generate_village(spec))
    people = sum(len(g.state["members"]) for g in made)
    county = 150_000 / (size / seconds)
    return [Figure("generate", f"generate {size:,} households ({people:,} people)", size / seconds,
                   "households/s", 2_000, ">=", "proposed",
                   detail=f"a 150,000-household county takes ≈ {county:.0f} s to generate")]


@benchmark("form_check_saved", "form check of a 500-question workbook saved by Excel, WPS, "
           "LibreOffice (issue 19)")
def form_check_saved(ctx: Context) -> list[Figure]:
    """``forms.load_form`` (what ``mopai form check`` runs) on a 500-question form in the
    shape each program saves (bench/saved_forms.py), the engine already imported; median of
    a few runs. The command as a whole adds its start-up (imports), shown apart."""
    import tempfile
    from pathlib import Path

    from mopai import forms

    from .saved_forms import PROGRAMS, write_form

    forms.load_default_form()  # imports the engine, as a running `form check` has
    reps = ctx.size(5, 2)
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for program in PROGRAMS:
            path = write_form(Path(tmp) / f"{program}.xlsx", program, 500)
            form = forms.load_form(path)
            seconds = statistics.median(timed(lambda p=path: forms.load_form(p))[0]
                                        for _ in range(reps))
            figures.append(Figure(
                "form_check_saved", f"check a 500-question form saved by {program}, median of "
                f"{reps}", seconds, "s", 1.0, "<=", "issue 19",
                detail=f"{path.stat().st_size // 1024} KB, {len(form.fields)} questions"))
        path = Path(tmp) / "libreoffice.xlsx"
        out = subprocess.run([sys.executable, "-m", "mopai.cli", "form", "check", str(path)],
                             cwd=BENCH_DIR.parent, capture_output=True, timeout=120)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mopai.cli", "form", "check", str(path)],
                       cwd=BENCH_DIR.parent, capture_output=True, timeout=120, check=True)
        figures.append(Figure(
            "form_check_saved", "mopai form check of the LibreOffice one, whole command (fresh "
            "process)", time.perf_counter() - start, "s",
            detail=f"exit {out.returncode}; includes the command line's start-up imports"))
    return figures
