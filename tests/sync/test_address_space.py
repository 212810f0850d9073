"""Reads allocate what they need, not what they might (issue 14): an old Windows laptop
commits memory, so a buffer set aside for the largest file allowed fails there for every
file. Simulated here by limiting the process's address space (RLIMIT_AS)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

resource = pytest.importorskip("resource", reason="RLIMIT_AS is POSIX; the laptops are "
                               "Windows, where the same read would fail on commit")
ROOT = Path(__file__).resolve().parents[2]


def run_limited(code: str, headroom_mib: int) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter whose address space is what it has after its imports
    plus `headroom_mib`."""
    prelude = textwrap.dedent(f"""
        import resource
        from mopai.sync import bundle
        def _vm_size():
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmSize:"):
                        return int(line.split()[1]) * 1024
        limit = _vm_size() + {headroom_mib} * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    """)
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_reading_a_bundle_sets_aside_only_its_size(tmp_path: Path) -> None:
    small = tmp_path / "small.mopai"
    small.write_bytes(b"MOPAI-BUNDLE 1\n" + b"x" * 12_000)
    r = run_limited(f"""
        try:
            bundle.read({str(small)!r})
        except bundle.BundleRejected as exc:
            print("rejected", exc.reason)
    """, headroom_mib=64)  # far below the 256 MiB a bundle may have
    assert r.returncode == 0 and r.stdout.split() == ["rejected", "truncated"], r.stderr


def test_a_file_larger_than_allowed_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.mopai"
    with open(big, "wb") as f:
        f.truncate(300 * 1024**2)  # sparse: 300 MiB long, nothing on disk
    r = run_limited(f"""
        try:
            bundle.read({str(big)!r})
        except bundle.BundleRejected as exc:
            print("rejected", exc.reason)
    """, headroom_mib=64)
    assert r.returncode == 0 and r.stdout.split() == ["rejected", "too_large"], r.stderr
