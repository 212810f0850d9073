"""Benchmarks for Mopai: `python -m bench [--only NAME] [--quick]` (or `make bench`).

Every figure is measured on generated data (sync.synth) with its target and pass/fail, and
written to bench/results.md and bench/results.json with the machine, the date and the commit.
See docs/bench.md.
"""
