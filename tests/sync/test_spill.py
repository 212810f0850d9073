"""Scratch data for reports: in memory while small, sealed on disk beyond (issue 12)."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mopai.sync.spill import PAGE, SealedRecords, SealedSpool

NAME = "欧阳娜娜"
ID = "11010519491231002X"


def _plain_anywhere(folder: Path) -> bool:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(s.encode(enc) in data for s in (NAME, ID) for enc in ("utf-8", "gb18030")):
                return True
    return False


@pytest.mark.parametrize("limit", [1 << 20, 100])
def test_records_come_back_in_any_order(tmp_path: Path, limit: int) -> None:
    items = [f"{NAME} {ID} {i}".encode() * (i % 7 + 1) for i in range(3000)]
    with SealedRecords(memory_limit=limit, folder=tmp_path) as spill:
        numbers = [spill.append(x) for x in items]
        assert spill.on_disk == (limit == 100)
        order = list(range(len(items)))
        random.Random(1).shuffle(order)
        assert [spill[numbers[i]] for i in order] == [items[i] for i in order]
        spill.append(b"after reading")
        assert spill[len(items)] == b"after reading" and spill[5] == items[5]
        with pytest.raises(IndexError):
            spill[len(items) + 1]


def test_what_reaches_the_disk_is_ciphertext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    # TemporaryFile is anonymous on Linux; a named one here lets the test read what was written
    import tempfile

    made: list[Path] = []

    def named(**kw):  # noqa: ANN003, ANN202
        f = tempfile.NamedTemporaryFile(delete=False, **kw)  # noqa: SIM115
        made.append(Path(f.name))
        return f

    monkeypatch.setattr("mopai.sync.spill.tempfile.TemporaryFile", named)
    spill = SealedRecords(memory_limit=1000, folder=tmp_path)
    for i in range(500):
        spill.append(f"{NAME},{ID},{i}".encode("gb18030" if i % 2 else "utf-8"))
    spill._file.flush()  # noqa: SLF001
    assert made and made[0].stat().st_size > 500 * 16
    assert not _plain_anywhere(tmp_path)
    assert spill[499].decode("gb18030").startswith(NAME)
    spill.close()
    assert not os.path.exists(made[0]) or not _plain_anywhere(tmp_path)


def test_a_tampered_record_is_refused(tmp_path: Path) -> None:
    spill = SealedRecords(memory_limit=0, folder=tmp_path)
    spill.append(b"one")
    spill.append(b"two")
    spill._file.flush()  # noqa: SLF001
    spill._file.seek(2)  # noqa: SLF001
    byte = spill._file.read(1)  # noqa: SLF001 - ciphertext: a zero 1 time in 256, so flipped
    spill._file.seek(2)  # noqa: SLF001
    spill._file.write(bytes([byte[0] ^ 0xFF]))  # noqa: SLF001
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        spill[0]
    spill.close()


@settings(max_examples=40, deadline=None)
@given(ops=st.lists(st.tuples(st.integers(0, 3 * PAGE), st.binary(max_size=PAGE + 100)),
                    max_size=12))
def test_the_spool_behaves_like_a_file(ops: list[tuple[int, bytes]]) -> None:
    plain, sealed = io.BytesIO(), SealedSpool(memory_limit=PAGE)
    for pos, data in ops:
        for f in (plain, sealed):
            f.seek(pos)
            f.write(data)
        assert sealed.tell() == plain.tell()
    for f in (plain, sealed):
        f.seek(0)
    assert sealed.read() == plain.getvalue()
    sealed.seek(PAGE - 3)
    plain.seek(PAGE - 3)
    assert sealed.read(10) == plain.read(10)


def test_a_zip_written_to_the_spool_is_sealed_and_reads_back(tmp_path: Path) -> None:
    spool = SealedSpool(memory_limit=PAGE, folder=tmp_path)
    body = "\n".join(f"{NAME}{i},{ID}" for i in range(40_000)).encode()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.txt", body)
        with z.open("b.txt", "w", force_zip64=True) as f:
            f.write(body)
    assert spool.on_disk
    spool.seek(0)
    data = spool.read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("a.txt") == body and z.read("b.txt") == body
    spool.close()
