"""Related links inside the story's text: a label line ("Baca juga: <a>Judul</a>", label and
links in one paragraph, or a label heading a list) and bullet lines ("• <a>Judul</a>")."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.cutter import BlockCutter
from newscrawl.cleaner.headed import link_run_after
from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.vocabulary import BULLET_LINE, INLINE_LABEL, normalise_kind
from newscrawl.items import RelatedLink

MAX_LABELLED_TITLE_WORDS = 25
"""A label line without a link ("Baca juga: Judul berita lain") names a title this short."""
_LINKS = etree.XPath("descendant-or-self::a[@href]")
_MAY_HOLD_LABEL = re.compile(r"baca|juga|terkait|read", re.IGNORECASE)
"""Text pieces worth testing against INLINE_LABEL (a cheap first sieve)."""


def inline_label_lines(cutter: BlockCutter) -> None:
    """Cut every line that a related-link label opens."""
    for text_node in cutter.texts:
        if not _MAY_HOLD_LABEL.search(text_node):
            continue
        line = cutter.line_of(text_node)
        if line is not None:
            _try_line(cutter, line)


def _try_line(cutter: BlockCutter, line: HtmlElement) -> None:
    text = text_of(line)
    match = INLINE_LABEL.match(text)
    if match is None:
        return
    rest = text[match.end() :].strip()
    if not rest:
        return  # a bare label is a heading; the heading pass takes it
    kind = normalise_kind(match.group("label"))
    anchors = _LINKS(line)
    if anchors:
        link_text = "".join(text_of(anchor) for anchor in anchors)
        leftover = rest
        for anchor in anchors:
            leftover = leftover.replace(text_of(anchor), "", 1)
        if sum(ch.isalnum() for ch in leftover) > 3 or not link_text:
            return  # prose that merely starts with the label
        # "Berita Terkait : <a>#topik</a>" may head a list that follows it
        members = [line, *link_run_after(cutter, line, kind, climb=False)]
        cutter.cut(members, cutter.links_of(members, kind))
    elif ":" in text[: match.end()] and len(rest.split()) <= MAX_LABELLED_TITLE_WORDS:
        cutter.cut([line], [RelatedLink(kind=kind, title=rest, url=None)])


def bullet_lines(cutter: BlockCutter) -> None:
    """Cut every line made of a bullet and one link to another page."""
    for text_node in cutter.texts:
        if not BULLET_LINE.match(text_node):
            continue
        line = cutter.line_of(text_node)
        if line is None:
            continue
        anchors = _LINKS(line)
        if len(anchors) != 1:
            continue
        rest = BULLET_LINE.sub("", text_of(line), count=1)
        if rest and rest == text_of(anchors[0]):
            cutter.cut([line], cutter.links_of([line], cutter.hints.bullet_link_kind))
