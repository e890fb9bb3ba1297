"""Measures of an element's shape that tell link blocks from prose: the share of its words
that are link text, whether it sits inside a sentence, where it is in the document."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.vocabulary import NAVIGATION_LINK, collapse

INLINE_TAGS = frozenset(
    {"a", "strong", "b", "em", "i", "u", "span", "font", "small", "mark", "label", "big", "sup"}
)
_LINKS = etree.XPath("descendant-or-self::a[@href]")


def text_without_navigation(element: HtmlElement) -> str:
    text = text_of(element)
    for anchor in _LINKS(element):
        anchor_text = text_of(anchor)
        if NAVIGATION_LINK.match(anchor_text):
            text = text.replace(anchor_text, "", 1)
    return collapse(text)


def document_position(element: HtmlElement) -> tuple[int, ...]:
    """A key that sorts elements in document order: the index of each ancestor among its
    siblings, from the root down."""
    path = []
    node: HtmlElement | None = element
    while node is not None:
        path.append(sum(1 for _ in node.itersiblings(preceding=True)))
        node = node.getparent()
    return tuple(reversed(path))


def in_running_text(element: HtmlElement) -> bool:
    """An inline element with words right before or after it: part of a sentence."""
    if element.tag not in INLINE_TAGS:
        return False
    parent = element.getparent()
    before = parent.text if parent is not None and parent[0] is element else element.getprevious()
    before_text = before if isinstance(before, str) else getattr(before, "tail", None)
    return bool((element.tail or "").strip() or (before_text or "").strip())


def more_words_than(element: HtmlElement, limit: int) -> bool:
    """Whether the element's text has more than `limit` words (read no further than that)."""
    words = 0
    for piece in element.itertext():
        words += len(piece.split())
        if words > limit:
            return True
    return False


def link_words(element: HtmlElement) -> int:
    """How many of the element's words are link text."""
    return sum(len(text_of(anchor).split()) for anchor in _LINKS(element))


def link_share(element: HtmlElement, text: str | None = None) -> float:
    """Share of the element's words that are link text."""
    words = len((text if text is not None else text_of(element)).split())
    return link_words(element) / words if words else 0.0


def attached(element: HtmlElement, root: HtmlElement) -> bool:
    """Whether the element is still in the document (not inside a block cut earlier)."""
    *_, top = element, *element.iterancestors()
    return top is root
