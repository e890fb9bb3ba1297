"""The story's text: trafilatura on the pruned tree, then line rules for credits and promos."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.dates import find_date_text
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_pattern
from newscrawl.cleaner.options import CleanerOptions
from newscrawl.cleaner.vocabulary import (
    BYLINE_LINES,
    BYLINE_MAX_WORDS,
    BYLINE_ROLE,
    CAPTION_CREDIT,
    CREDIT_LINES,
    DATELINE,
    DATELINE_MAX_WORDS,
    EDITOR_INITIALS,
    INLINE_LABEL,
    PROMO_LINES,
    PROMO_SENTENCE,
    PROMO_SENTENCE_MAX_WORDS,
    TYPED_BULLET,
    collapse,
    normalise_kind,
)
from newscrawl.items import RelatedLink

RELATED_TITLE_MIN_WORDS = 5
"""A line equal to a related link's title is a leftover of its block when it is this long
(a short one may be a subheading that is also a tag: "Gula Darah Rendah")."""
LABELLED_TITLE_MAX_WORDS = 20
"""A line after a bare label ("Baca juga:") is the related title when it is this short."""
AFTER_CREDIT_MAX_WORDS = 60
"""After the story's closing credit, this many words at most are a promo, not more story."""
HEADLINE_SEARCH_LINES = 4
"""The headline is looked for among this many first lines."""
# trafilatura's output elements that start a new paragraph of ours.
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "div", "code"})


def extract_paragraphs(root: HtmlElement, url: str | None, options: CleanerOptions) -> list[str]:
    """Run trafilatura on the (already pruned) tree and return its blocks as paragraphs."""
    document = trafilatura.bare_extraction(
        root,
        url=url,
        favor_precision=options.favor_precision,
        fast=options.fast,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return []
    return [line for line in _lines(document.body) if line]


def _lines(element: etree._Element) -> Iterator[str]:
    """Flatten trafilatura's XML: one line per block and per <lb/>; table rows as "a | b"."""
    if element.tag == "row":
        yield " | ".join(collapse("".join(cell.itertext())) for cell in element)
        return
    buffer = [element.text or ""]
    for child in element:
        if child.tag == "lb" or child.tag in _BLOCK_TAGS:
            yield collapse("".join(buffer))
            if child.tag != "lb":
                yield from _lines(child)
            buffer = [child.tail or ""]
        else:
            buffer.extend((*child.itertext(), child.tail or ""))
    yield collapse("".join(buffer))


def clean_lines(
    lines: list[str],
    title: str | None,
    description: str | None,
    authors: list[str],
    related: list[RelatedLink],
    hints: PortalHints,
) -> tuple[list[str], list[RelatedLink]]:
    """Drop what is not story from extracted lines; label lines become related links.

    Returns the kept lines and the related links recovered from label lines that had no link.
    """
    lines = _after_headline(lines, collapse(title or ""), collapse(description or ""))
    lines = _with_datelines_joined(
        [TYPED_BULLET.sub("", line) for line in lines if _has_words(line)]
    )
    lines = _until_end_credit(lines, hints)
    related_titles = {link.title for link in related}
    recovered: list[RelatedLink] = []
    kept: list[str] = []
    pending: str | None = None  # the kind of a bare label line ("Baca juga:") just seen
    for line in lines:
        if (line in related_titles and len(line.split()) >= RELATED_TITLE_MIN_WORDS) or _is_chrome(
            line, hints
        ):
            continue
        if pending is not None:
            kind, pending = pending, None
            if _is_title(line):  # the title alone in the line after its label
                if line not in related_titles:
                    recovered.append(RelatedLink(kind, line, None))
                continue
        label = INLINE_LABEL.match(line)
        if label and ":" in line[: label.end()] and len(line.split()) <= 30:
            rest = line[label.end() :].strip()
            if not rest:
                pending = normalise_kind(label.group("label"))
            elif rest not in related_titles:
                recovered.append(RelatedLink(normalise_kind(label.group("label")), rest, None))
            continue
        kept.append(line)
    while kept and _is_credit(kept[-1], hints):
        kept.pop()
    bylines = {collapse(name) for name in authors}
    while kept and (kept[0] in bylines or _is_dateline_only(kept[0]) or _is_byline(kept[0])):
        kept.pop(0)
    return kept, recovered


def _is_title(line: str) -> bool:
    """A headline, not a sentence: short and not closed by a full stop."""
    return len(line.split()) <= LABELLED_TITLE_MAX_WORDS and not line.endswith((".", ":", ";", ","))


def _until_end_credit(lines: list[str], hints: PortalHints) -> list[str]:
    """The story ends with its credit ("(mdk/isn)", "(ant)", "Redaktur: Nama"): the few lines
    after the last one are a promo box, a widget or an appended teaser, not story."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if EDITOR_INITIALS.match(line) or _is_credit(line, hints) or BYLINE_LINES.match(line):
            after = sum(len(rest.split()) for rest in lines[index + 1 :])
            before = sum(len(story.split()) for story in lines[:index])
            if after <= AFTER_CREDIT_MAX_WORDS and after < before:
                return lines[: index + 1]
            break
    return lines


def _has_words(line: str) -> bool:
    """A line with no letter or digit ("-----", "***") is a separator, not text."""
    return any(ch.isalnum() for ch in line)


def _with_datelines_joined(lines: list[str]) -> list[str]:
    """A dateline printed apart ("Jakarta -") opens the next line, as a reader reads it."""
    joined: list[str] = []
    for line in lines:
        if joined and DATELINE.match(joined[-1]) and len(joined[-1].split()) <= DATELINE_MAX_WORDS:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _after_headline(lines: list[str], title: str, description: str) -> list[str]:
    """Start after the headline when it opens the text (with kicker labels before it and the
    summary box after it), so that neither is taken for a paragraph."""
    head = lines[:HEADLINE_SEARCH_LINES]
    if title and lines and lines[0].startswith(title + " "):
        # a page without paragraph markup comes out as one run of text led by the headline
        return [lines[0][len(title) :].strip(), *lines[1:]]
    if not title or title not in head:
        return lines
    rest = lines[head.index(title) + 1 :]
    if rest and description and rest[0] == description:
        rest = rest[1:]
    return rest


def _is_chrome(line: str, hints: PortalHints) -> bool:
    if PROMO_LINES.match(line) or CAPTION_CREDIT.search(line):
        return True
    words = len(line.split())
    if words <= PROMO_SENTENCE_MAX_WORDS and PROMO_SENTENCE.search(line):
        return True
    if words <= BYLINE_MAX_WORDS and (BYLINE_LINES.match(line) or EDITOR_INITIALS.match(line)):
        return True
    return any(compiled_pattern(pattern).match(line) for pattern in hints.promo_patterns)


def _is_credit(line: str, hints: PortalHints) -> bool:
    return bool(CREDIT_LINES.match(line)) or any(
        compiled_pattern(pattern).match(line) for pattern in hints.credit_patterns
    )


def _is_byline(line: str) -> bool:
    """ "ARTIS | 17 Juni 2021 09:54 Reporter : Astri Agustina": a date and a credited role."""
    return (
        len(line.split()) <= BYLINE_MAX_WORDS + 4
        and bool(BYLINE_ROLE.search(line))
        and find_date_text(line) is not None
    )


def _is_dateline_only(line: str) -> bool:
    """A leading byline date ("Jumat, 22 November 2019 | 10:05 WIB") left in the text."""
    found = find_date_text(line)
    return bool(found) and len(line) - len(found) <= 12
