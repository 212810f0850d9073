"""Scratch data that may be personal: in memory while small, sealed when it spills to disk.

Nothing personal is written outside the encrypted store except what the user asked for
(DESIGN.md). A report as of a past day holds its roster rows until it has sorted them, and
a workbook built before its name is known is spooled; both used to go to the temp folder in
plain text, where a killed process left them (issue 12).

`SealedRecords` keeps byte records in memory up to `memory_limit` bytes. Past that, every
record (those already kept, then each new one) is encrypted with ChaCha20-Poly1305 under a
random key that exists only in this object, with the record's number as nonce (each number
is used once per key), and appended to an anonymous temporary file
(`tempfile.TemporaryFile`: unlinked at once on POSIX, deleted on close on Windows). A killed
process leaves at most ciphertext whose key died with it. Records are read back in any
order, one decryption each (~2 µs), so a sort by key costs what it did on a plain file.

`SealedSpool` is a seekable binary file on top of it (64 KiB pages, a rewritten page is
sealed again under a fresh number) for writers that need a file object, such as zipfile.
"""

from __future__ import annotations

import tempfile
from array import array
from pathlib import Path
from typing import IO

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

# Kept in memory below this; a village's reports never touch the disk, a county's are sealed.
MEMORY_LIMIT = 8 << 20
PAGE = 64 << 10


class SealedRecords:
    """Append-only byte records, read back by number."""

    def __init__(self, *, memory_limit: int | None = None, folder: Path | None = None) -> None:
        self._limit = MEMORY_LIMIT if memory_limit is None else memory_limit
        self._folder = folder
        self._memory: list[bytes] | None = []
        self._held = 0
        self._count = 0
        self._file: IO[bytes] | None = None
        self._aead: ChaCha20Poly1305 | None = None
        self._offsets = array("Q", [0])  # on disk: record i is offsets[i]:offsets[i + 1]
        self._at_end = True

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def __len__(self) -> int:
        return self._count

    def append(self, data: bytes) -> int:
        """Keep `data`; returns its number."""
        n = self._count
        if self._memory is not None:
            self._memory.append(data)
            self._held += len(data)
            self._count += 1
            if self._held > self._limit:
                self._spill()
            return n
        self._write(n, data)
        self._count += 1
        return n

    def __getitem__(self, n: int) -> bytes:
        if not 0 <= n < self._count:
            raise IndexError(n)
        if self._memory is not None:
            return self._memory[n]
        assert self._file is not None and self._aead is not None
        start, end = self._offsets[n], self._offsets[n + 1]
        self._file.seek(start)
        self._at_end = False
        return self._aead.decrypt(n.to_bytes(12, "little"), self._file.read(end - start), None)

    def close(self) -> None:
        self._memory, self._aead = [], None
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> SealedRecords:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _spill(self) -> None:
        memory, self._memory = self._memory or [], None
        self._aead = ChaCha20Poly1305(ChaCha20Poly1305.generate_key())
        self._file = tempfile.TemporaryFile(prefix="mopai-", suffix=".sealed",  # noqa: SIM115
                                            dir=self._folder)
        for n, data in enumerate(memory):
            self._write(n, data)
        self._held = 0

    def _write(self, n: int, data: bytes) -> None:
        assert self._file is not None and self._aead is not None
        if not self._at_end:
            self._file.seek(self._offsets[-1])
            self._at_end = True
        sealed = self._aead.encrypt(n.to_bytes(12, "little"), data, None)
        self._file.write(sealed)
        self._offsets.append(self._offsets[-1] + len(sealed))


class SealedSpool:
    """A seekable read/write binary file whose pages are `SealedRecords` (used as zipfile's
    output by reports.xlsx.Workbook without a target)."""

    def __init__(self, *, memory_limit: int | None = None, folder: Path | None = None) -> None:
        self._records = SealedRecords(memory_limit=memory_limit, folder=folder)
        self._pages: list[int] = []  # page number -> record number
        self._page_no = -1  # the page held in `_page` (-1: none yet)
        self._page = bytearray()
        self._dirty = False
        self._pos = 0
        self._size = 0
        self.closed = False

    @property
    def on_disk(self) -> bool:
        return self._records.on_disk

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, self._size)[whence]
        if base + pos < 0:
            raise ValueError("negative seek position")
        self._pos = base + pos
        return self._pos

    def write(self, data: bytes) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        while view:
            no, off = divmod(self._pos, PAGE)
            page = self._load(no)
            n = min(PAGE - off, len(view))
            if len(page) < off:
                page.extend(bytes(off - len(page)))
            page[off:off + n] = view[:n]
            self._dirty = True
            view = view[n:]
            self._pos += n
            self._size = max(self._size, self._pos)
        return total

    def read(self, size: int = -1) -> bytes:
        end = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        out = bytearray()
        while self._pos < end:
            no, off = divmod(self._pos, PAGE)
            page = self._load(no)
            chunk = page[off:min(len(page), off + end - self._pos)]
            chunk += bytes(min(PAGE - off, end - self._pos) - len(chunk))  # a hole reads as 0
            out += chunk
            self._pos += len(chunk)
        return bytes(out)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self._page = bytearray()
        self._records.close()

    def _load(self, no: int) -> bytearray:
        if no == self._page_no:
            return self._page
        self._store()
        self._page_no = no
        self._page = (bytearray(self._records[self._pages[no]]) if no < len(self._pages)
                      and self._pages[no] >= 0 else bytearray())
        return self._page

    def _store(self) -> None:
        if not self._dirty:
            return
        n = self._records.append(bytes(self._page))
        while len(self._pages) <= self._page_no:
            self._pages.append(-1)
        self._pages[self._page_no] = n
        self._dirty = False


__all__ = ["MEMORY_LIMIT", "PAGE", "SealedRecords", "SealedSpool"]
