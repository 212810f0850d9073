"""CPU cost of validating one household, the way `mopai import` validates every revision.

    python -m bench.form_validate [--households 3000] [--repeat 5] [--profile 25]

Generates households of one synthetic village (sync.synth, with its usual 5 % of deliberate
mistakes, plus a share with more mistakes), then times
``forms.validate_household(forms.load_default_form(), record)`` per household with
``time.process_time`` (CPU time of this process, so other work on a shared machine counts
less than it would in wall-clock time). Each round validates every household once; the
figure is the best and the median round. ``--profile`` adds a cProfile summary of one round.

A script, not a test and not part of ``python -m bench``: the figures vary by machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import time
from collections import Counter
from typing import Any

from mopai import forms
from mopai.sync.synth import VillageSpec, generate_village

VILLAGE = "431221101201"
AS_OF = dt.date(2026, 3, 2)   # fixed, so every run validates the same data


def households(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` records: 90 % at the generator's usual mistake rate, 10 % at 50 %."""
    usual = generate_village(VillageSpec(VILLAGE, n - n // 10, seed, as_of=AS_OF))
    broken = generate_village(VillageSpec(VILLAGE, n // 10, seed + 1, start_no=n,
                                          as_of=AS_OF, mistake_rate=0.5))
    return [g.state for g in [*usual, *broken]]


def validate_all(records: list[dict[str, Any]]) -> int:
    found = 0
    for record in records:
        found += len(forms.validate_household(forms.load_default_form(), record))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="LINES",
                        help="print a cProfile summary of one round (LINES functions)")
    args = parser.parse_args(argv)

    records = households(args.households, args.seed)
    members = sum(len(r["members"]) for r in records)
    form = forms.load_default_form()
    findings = Counter(f.severity for r in records for f in forms.validate_household(form, r))
    with_errors = sum(forms.has_errors(forms.validate_household(form, r)) for r in records)
    print(f"{len(records)} households, {members / len(records):.2f} members each; "
          f"{with_errors} with errors; findings {dict(findings)}")

    rounds = []
    for _ in range(args.repeat):
        start = time.process_time()
        validate_all(records)
        rounds.append((time.process_time() - start) / len(records) * 1000)
    print(f"validate_household CPU per household: best {min(rounds):.3f} ms, "
          f"median {statistics.median(rounds):.3f} ms over {args.repeat} rounds "
          f"({', '.join(f'{r:.3f}' for r in rounds)})")
    print(f"  per member: best {min(rounds) * len(records) / members:.3f} ms; "
          f"150,000 households would take {min(rounds) * 150:.0f} s of CPU")

    evaluate = []
    for _ in range(args.repeat):
        start = time.process_time()
        for r in records:
            forms.evaluate_household(form, r)
        evaluate.append((time.process_time() - start) / len(records) * 1000)
    print(f"  of which evaluate_household: best {min(evaluate):.3f} ms")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        validate_all(records)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
