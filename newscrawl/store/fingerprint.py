"""Body fingerprints for the store: an exact hash, and a similarity hash for near-copies."""

from __future__ import annotations

import hashlib
import re
import struct

SHINGLE_WORDS = 2
"""Words per shingle. Short shingles keep a small edit from touching many shingles."""
MIN_SHINGLES = 20
"""Bodies with fewer shingles get no similarity hash: too short to call a near-copy."""
BITS = 64
BAND_BITS = 16
BANDS = BITS // BAND_BITS
"""Four 16-bit bands: two hashes that differ in at most 3 bits agree on at least one band."""

_WORD = re.compile(r"\w+")
_HASHES = struct.Struct(f">{BITS}I")


def body_hash(body: str) -> str:
    """sha256 of the body, hex: equal for exact copies."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The text's runs of `size` consecutive words, lower-cased, punctuation ignored."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def similarity_hash(text: str) -> int | None:
    """64-bit similarity hash of the text's word shingles; None when the text is too short.

    Bit i is the lowest bit of the minimum of the i-th of 64 hash functions over the shingle
    set (one-bit minwise hashing). Two texts whose shingle sets have Jaccard similarity J
    differ in each bit with probability (1 - J) / 2, so a near-copy is a small Hamming
    distance: a 200-word story with two words changed is within 3 bits in about 95% of
    cases, while unrelated stories are about 32 bits apart. (Charikar's simhash, with the
    same 64 bits, keeps only about a quarter of such copies within 3 bits.)
    """
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    values = (_HASHES.unpack(hashlib.shake_128(s.encode("utf-8")).digest(4 * BITS)) for s in found)
    result = 0
    for bit, column in enumerate(zip(*values, strict=True)):
        result |= (min(column) & 1) << bit
    return result


def bands(value: int) -> tuple[int, ...]:
    """The hash cut into four 16-bit integers (indexed columns that find candidates)."""
    mask = (1 << BAND_BITS) - 1
    return tuple((value >> (BAND_BITS * band)) & mask for band in range(BANDS))


def to_hex(value: int) -> str:
    """Fixed-width hex spelling, as stored."""
    return f"{value:016x}"


def from_hex(text: str) -> int:
    return int(text, 16)


def distance(first: int, second: int) -> int:
    """Hamming distance: the number of differing bits."""
    return bin(first ^ second).count("1")
