"""A link block's heading: the short text right before it, in whatever tag or form it comes
(h2-h6, div, span, b, a link to the section, an image's alt text), read as a reader sees it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import remove, text_of
from newscrawl.cleaner.vocabulary import (
    CREDIT_LINES,
    EDITOR_INITIALS,
    NAVIGATION_LINK,
    NOT_A_TITLE,
    PROMO_LINES,
    collapse,
)

MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 60
HEADING_LINK_MAX_WORDS = 3
"""A heading may link to its index page, even one shaped like an article's ("/indeksfokus/3672/
muslim-traveler"); a longer linked text before a list is a featured article, not a heading."""
MAX_HEADING_CLIMB = 3
"""How many containers above a block's first item its heading may stand."""
PLACEHOLDER_TAG = "newscrawl-block"
"""An empty element left where a block was cut, so that the next one knows what preceded it."""
if TYPE_CHECKING:
    from newscrawl.cleaner.cutter import BlockCutter

_IMAGES = etree.XPath("descendant-or-self::img")
_SENTENCE_END = (".", "!", "?", ";", ",")


def heading_text(element: HtmlElement) -> str:
    """The element's text with its inline parts kept apart ("<span>Berita</span>Terbaru" reads
    "Berita Terbaru") and navigation links ("Lihat Semua", "Index »") left out."""
    pieces: list[str] = []
    _collect(element, pieces)
    return collapse(" ".join(pieces))


def _collect(element: HtmlElement, pieces: list[str]) -> None:
    if element.tag == "a" and NAVIGATION_LINK.match(text_of(element)):
        return
    pieces.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, pieces)
        pieces.append(child.tail or "")


def looks_like_heading(text: str) -> bool:
    """Short, no sentence, no date or counter, no advertisement label, no credit line, no
    web address."""
    return (
        0 < len(text.split()) <= MAX_HEADING_WORDS
        and "://" not in text
        and len(text) <= MAX_HEADING_CHARS
        and not text.endswith(_SENTENCE_END)
        and not NOT_A_TITLE.match(text)
        and not PROMO_LINES.match(text)
        and not EDITOR_INITIALS.match(text)
        and not CREDIT_LINES.match(text)
    )


class Heading:
    """What stands above a block: a text heading, an image (a logo: no words), loose text, or
    the block cut right before it (a block in two parts, "<h3>Popular</h3><div>cards</div><ul>")."""

    def __init__(
        self,
        element: HtmlElement | None = None,
        text: str | None = None,
        *,
        previous_kind: str | None = None,
        loose_text_of: HtmlElement | None = None,
    ) -> None:
        self.element = element
        """The heading's element, cut with the block."""
        self.text = text
        """Its words; None for an image without words (and for no heading)."""
        self.previous_kind = previous_kind
        """The kind of the block cut right before this one."""
        self.loose_text_of = loose_text_of
        """The element whose loose text (text or tail) is the heading, emptied with the block."""

    def remove(self) -> None:
        """Take the heading out of the document along with its block."""
        if self.element is not None and self.element.getparent() is not None:
            remove(self.element)
        owner = self.loose_text_of
        if owner is not None:
            if owner.tail and collapse(owner.tail) == self.text:
                owner.tail = None
            elif owner.text and collapse(owner.text) == self.text:
                owner.text = None


NO_HEADING = Heading()


def heading_before(first: HtmlElement, cutter: BlockCutter) -> Heading:
    """The heading of a block whose first item is `first`: the first text before it (empty
    elements such as ad slots skipped), climbing out of containers that hold nothing else
    before the block, or the tab that shows the panel it is in. Prose, a link to an article
    or a date before it: no heading."""
    node = first
    for _level in range(MAX_HEADING_CLIMB + 1):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html"):
            return NO_HEADING
        tab = cutter.tab_showing(node)
        if tab is not None:
            return Heading(text=tab)  # the tab stays with its fellow tabs
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            if (sibling.tail or "").strip():
                return _loose_heading(sibling.tail or "", sibling)
            if sibling.tag == PLACEHOLDER_TAG:
                return Heading(previous_kind=sibling.get("kind"))
            text = heading_text(sibling)
            if not text:
                if _IMAGES(sibling) and not cutter.has_article_link(sibling):
                    return _image_heading(sibling, cutter)
                continue  # an empty slot, or an item's thumbnail
            if not looks_like_heading(text) or (
                cutter.has_article_link(sibling) and len(text.split()) > HEADING_LINK_MAX_WORDS
            ):
                return NO_HEADING  # prose, or an article's title (a featured item)
            return Heading(sibling, text)
        if (parent.text or "").strip():
            return _loose_heading(parent.text or "", parent)
        node = parent
    return NO_HEADING


def _loose_heading(text: str, owner: HtmlElement) -> Heading:
    """Loose text before the block ("<div>Tags: <a>..</a>"): a heading only when short."""
    text = collapse(text)
    return Heading(text=text, loose_text_of=owner) if looks_like_heading(text) else NO_HEADING


def _image_heading(element: HtmlElement, cutter: BlockCutter) -> Heading:
    """An image above a block: its alt text is the heading when it names a kind of block
    ("Terpopuler"); a logo or an image without alt text heads the block without words."""
    for image in _IMAGES(element):
        alt = collapse(image.get("alt") or "")
        if alt and looks_like_heading(alt) and cutter.is_known_text(alt):
            return Heading(element, alt)
    return Heading(element)
