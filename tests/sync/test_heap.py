"""A long-lived process gives what it freed back to the system (sync/heap.py): the sync server
after each import group. Measured in a process of its own, whose resident memory is its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from mopai.sync import heap

pytestmark = pytest.mark.sqlite_only(reason="the process's heap; no store involved")

PROBE = textwrap.dedent("""
    from mopai.sync import heap

    def rss():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) // 1024

    blocks = [bytes(1024) for _ in range(150_000)]  # ~150 MiB, through malloc (> 512 B)
    pinned = bytes(4096)  # allocated last: the heap's top stays in use
    del blocks
    before = rss()
    heap.give_back()
    print(before, rss())
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim; "
                    "Windows' _heapmin is not reachable here")
def test_freed_memory_goes_back_to_the_system() -> None:
    assert heap.give_back() is True
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    before, after = int(out[0]), int(out[1])
    assert before > 120  # freed, but held by the allocator
    assert after < before - 100, (before, after)
