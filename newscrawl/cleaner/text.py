"""Plain-text dumps of article pages (one block per line) -> the same Article as from HTML.

In a dump, a link block is a short heading line followed by items, each item either
"- Title" or a lone "-" line and the title on the next line; an inline related line is a
label line ("Baca Juga: Title").
"""

from __future__ import annotations

import re

from newscrawl.cleaner.article import PARAGRAPH_SEPARATOR, Extraction, rejection
from newscrawl.cleaner.body import clean_lines
from newscrawl.cleaner.hints import GENERIC, PortalHints
from newscrawl.cleaner.layout import GENERIC_EXTRACTION
from newscrawl.cleaner.options import CleanerOptions
from newscrawl.cleaner.vocabulary import (
    BLOCK_HEADING_WORDS,
    INLINE_LABEL,
    KNOWN_BLOCK_KINDS,
    collapse,
    normalise_kind,
)
from newscrawl.items import Article, RelatedLink

_ITEM_MARKER = re.compile(r"^[-–•*]$")
_ITEM = re.compile(r"^[-–•*]\s+(?P<title>.+)$")
_SENTENCE_END = re.compile(r"[.!?:;,]$")
MAX_HEADING_WORDS = 5


def clean_text(
    text: str,
    url: str | None = None,
    *,
    hints: PortalHints = GENERIC,
    options: CleanerOptions | None = None,
) -> Extraction:
    """Split a text dump into the story and its link blocks."""
    lines = [line for line in (collapse(raw) for raw in text.splitlines()) if line]
    body: list[str] = []
    related: list[RelatedLink] = []
    kind: str | None = None
    awaiting_title = False
    for index, line in enumerate(lines):
        label = INLINE_LABEL.match(line)
        rest = line[label.end() :].strip() if label else ""
        if label and rest and ":" in line[: label.end()]:
            related.append(RelatedLink(normalise_kind(label.group("label")), rest, None))
            continue
        if _is_heading(line, lines[index + 1 : index + 2]):
            kind, awaiting_title = normalise_kind(line), False
            continue
        if kind is not None:
            item = _ITEM.match(line)
            if _ITEM_MARKER.match(line):
                awaiting_title = True
                continue
            if item or awaiting_title:
                title = item.group("title") if item else line
                related.append(RelatedLink(kind, title, None))
                awaiting_title = False
                continue
            kind = None
        body.append(line)
    kept, recovered = clean_lines(body, None, None, [], related, hints)
    joined = PARAGRAPH_SEPARATOR.join(kept)
    article = Article(
        url=url,
        body=joined,
        related=related + recovered,
        word_count=len(joined.split()),
        portal=hints.name,
        extraction=GENERIC_EXTRACTION,  # a dump has no layout a profile could know
        fetched_url=url,
    )
    return Extraction(article, rejection(article, options or CleanerOptions()))


def _is_heading(line: str, following: list[str]) -> bool:
    """A short title-like line that opens a list (or is a known block heading)."""
    words = line.split()
    if len(words) > MAX_HEADING_WORDS or _SENTENCE_END.search(line) or _ITEM.match(line):
        return False
    kind = normalise_kind(line)
    if kind in KNOWN_BLOCK_KINDS or any(word in BLOCK_HEADING_WORDS for word in kind.split("_")):
        return True
    return bool(following) and bool(_ITEM_MARKER.match(following[0]) or _ITEM.match(following[0]))
