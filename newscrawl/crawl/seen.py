"""What a crawl remembers about every URL it met: 64-bit keys in flat arrays.

A long crawl must not grow with the pages it has seen. Python's `set` spends about 80 bytes
on each 64-bit int and about 95 on each of Scrapy's 20-byte request fingerprints; the
structures here spend 16 to 32 bytes a key, so a crawl of a million URLs keeps tens of
megabytes for its seen-sets instead of a quarter of a gigabyte.
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path
from typing import IO, Any

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request

_FIRST_SIZE = 1 << 10


class KeySet:
    """A set of keys below 2**64 in one array of 8-byte slots, kept at most half full
    (open addressing, linear probing). Keys are hashes already, so their low bits pick the
    slot. Zero marks an empty slot; the key 0 itself is remembered apart."""

    def __init__(self) -> None:
        self._slots = _empty(_FIRST_SIZE)
        self._count = 0
        self._has_zero = False

    def __len__(self) -> int:
        return self._count + self._has_zero

    def __contains__(self, key: int) -> bool:
        if not key:
            return self._has_zero
        return self._slots[self._slot_of(key)] == key

    def add(self, key: int) -> bool:
        """Add `key`; False if it was there already."""
        if not key:
            added, self._has_zero = not self._has_zero, True
            return added
        position = self._slot_of(key)
        if self._slots[position] == key:
            return False
        self._slots[position] = key
        self._count += 1
        if 2 * self._count > len(self._slots):
            self._grow()
        return True

    def _slot_of(self, key: int) -> int:
        """The slot holding `key`, or the empty slot where it belongs."""
        slots = self._slots
        mask = len(slots) - 1
        position = key & mask
        while slots[position] and slots[position] != key:
            position = (position + 1) & mask
        return position

    def _grow(self) -> None:
        old, self._slots = self._slots, _empty(2 * len(self._slots))
        self._count = 0
        for key in old:
            if key:
                self.add(key)


def _empty(size: int) -> array[int]:
    slots = array("Q")
    slots.frombytes(bytes(8 * size))
    return slots


class CompactDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate-request filter (same request fingerprints, same `DUPEFILTER_DEBUG`
    logging) that remembers the first 8 bytes of each fingerprint in a KeySet. With JOBDIR,
    the keys go to `JOBDIR/newscrawl-requests.seen` (8 bytes each, appended as requests are
    seen) and a resumed crawl reads them back; a final partial key left by a crash is
    cut off."""

    FILE_NAME = "newscrawl-requests.seen"

    def __init__(
        self, path: str | None = None, debug: bool = False, *, fingerprinter: Any = None
    ) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.seen = KeySet()
        self.keys_file: IO[bytes] | None = None
        if path:
            self.keys_file = keys_file = Path(path, self.FILE_NAME).open("a+b")  # noqa: SIM115
            keys_file.seek(0)
            data = keys_file.read()
            whole = len(data) - len(data) % 8
            keys_file.truncate(whole)  # later keys must start on an 8-byte boundary
            stored = array("Q")
            stored.frombytes(data[:whole])
            if sys.byteorder != "little":
                stored.byteswap()
            for key in stored:
                self.seen.add(key)

    def request_seen(self, request: Request) -> bool:
        key = int.from_bytes(self.fingerprinter.fingerprint(request)[:8], "big")
        if not self.seen.add(key):
            return True
        if self.keys_file is not None:
            self.keys_file.write(key.to_bytes(8, "little"))
        return False

    def close(self, reason: str) -> None:
        if self.keys_file is not None:
            self.keys_file.close()
        super().close(reason)
