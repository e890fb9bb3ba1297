"""The measures of the quality harness: shingle precision/recall/F1, leaks, date matches."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl.quality.cases import Case, leaks

SHINGLE_SIZE = 4
READ_ON = re.compile(
    r"^(?:Baca Juga|Baca juga|BACA JUGA|Baca Selanjutnya|BACA SELANJUTNYA|Baca:|BACA:)"
)
CREDIT_LINE = re.compile(r"^\(\s*(?:\*|[\w*]+(?:\s*/\s*[\w*]+)+)\s*\)$")


# --- metrics: small and pure ----------------------------------------------------------------


def tokenize(text: str) -> list[str]:
    """Lower-cased whitespace tokens with punctuation and symbols stripped from their ends."""
    tokens = (_strip_edges(token) for token in text.lower().split())
    return [token for token in tokens if token]


def _strip_edges(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of every run of `size` tokens; a shorter non-empty text is one shingle."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def prf(predicted: Counter[Any], expected: Counter[Any]) -> PRF:
    """Multiset precision/recall: 1,1,1 when both are empty, 0,0,0 when only one is."""
    got, want = sum(predicted.values()), sum(expected.values())
    if not got and not want:
        return PRF(1.0, 1.0, 1.0)
    if not got or not want:
        return PRF(0.0, 0.0, 0.0)
    overlap = sum((predicted & expected).values())
    precision, recall = overlap / got, overlap / want
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return PRF(precision, recall, f1)


def body_prf(predicted: str, expected: str) -> PRF:
    """The benchmark's shingle precision/recall/F1 of one predicted body."""
    return prf(shingles(tokenize(predicted)), shingles(tokenize(expected)))


def related_prf(predicted: Iterable[Hashable], expected: Iterable[Hashable]) -> PRF:
    """Precision/recall of (kind, title, url) triples, as multisets."""
    return prf(Counter(predicted), Counter(expected))


def generic_leak_lines(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Lines that look like a link-block label or a bare credit, unless they are in `allowed`."""
    keep = {line.strip() for line in allowed}
    lines = (line.strip() for line in text.split("\n"))
    return [
        line
        for line in lines
        if line and line not in keep and (READ_ON.match(line) or CREDIT_LINE.match(line))
    ]


def leaked(case: Case, text: str) -> list[str]:
    """Every leak in one system's body: the case's unwanted strings, then generic leak lines."""
    return leaks(case, text) + generic_leak_lines(text, case.expected.get("body", []))


def same_minute(got: str | None, expected: str | None) -> bool:
    """True when both ISO 8601 strings name the same minute, or both are None.

    Each time has its seconds (and fractions) dropped, then the two are compared as instants:
    "10:04:59+07:00" matches "03:04:00+00:00", "10:04" does not match "10:05". A page that
    prints "10:04" right and structured data that adds ":37" seconds agree. A string that is
    not ISO 8601 matches only itself."""
    if got is None or expected is None:
        return got is expected
    try:
        got_minute, expected_minute = (
            datetime.fromisoformat(value).replace(second=0, microsecond=0)
            for value in (got, expected)
        )
    except (TypeError, ValueError):
        return got == expected
    return got_minute == expected_minute


def same_day(got: str | None, expected: str | None) -> bool:
    """True when a "YYYY-MM-DD" day is the expected instant's day in its own offset."""
    if got is None or expected is None:
        return got is expected
    try:
        return got[:10] == datetime.fromisoformat(expected).date().isoformat()
    except ValueError:
        return False
