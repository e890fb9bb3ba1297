"""One page's pass over its tree: what every block finder shares (the page URL, the links a
block gives, cutting a block out and remembering its links in page order)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.headings import PLACEHOLDER_TAG
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import remove
from newscrawl.cleaner.links import Target, anchor_title, fallback_title, target_of
from newscrawl.cleaner.navigation import Navigation
from newscrawl.cleaner.shapes import INLINE_TAGS, attached, document_position
from newscrawl.cleaner.tabs import Tabs
from newscrawl.cleaner.vocabulary import (
    BLOCK_HEADING_WORDS,
    KNOWN_BLOCK_KINDS,
    NAVIGATION_LINK,
    normalise_kind,
)
from newscrawl.items import RelatedLink
from newscrawl.urls import absolute_url

if TYPE_CHECKING:
    from newscrawl.cleaner.lists import Items

SECTION_LABEL_MAX_WORDS = 3
"""Beside article titles, a short link to a section is the item's label ("detikHot", "Tech
News"), not an entry of the block."""

_TEXT_NODES = etree.XPath("//text()[normalize-space()]")
_LINKS = etree.XPath("descendant-or-self::a[@href]")
_PLACEHOLDERS = etree.XPath(f"//{PLACEHOLDER_TAG}")


@dataclass
class _Found:
    position: tuple[int, ...]
    links: list[RelatedLink]


class BlockCutter:
    """The page under cleaning and the blocks found in it so far."""

    def __init__(
        self,
        root: HtmlElement,
        page_url: str | None,
        hints: PortalHints,
        is_self_link: Callable[[str], bool],
        title: str | None = None,
    ) -> None:
        self.root = root
        self.page_url = page_url
        self.hints = hints
        self.is_self_link = is_self_link
        self.texts = _TEXT_NODES(root)
        self.navigation = Navigation(root, title)
        self.found: list[_Found] = []
        self.extra_kinds = frozenset(normalise_kind(h) for h in hints.block_headings)
        self.exact_kinds = KNOWN_BLOCK_KINDS | self.extra_kinds
        self.block_words = BLOCK_HEADING_WORDS | {
            word for kind in self.exact_kinds for word in kind.split("_")
        }
        self.items: Items | None = None
        """The page's list items, found before any block is cut."""
        self.resolved: dict[str, tuple[str | None, bool]] = {}
        self.tabs = Tabs(root)

    # -- links ------------------------------------------------------------------------------

    def url_of(self, anchor: HtmlElement) -> str | None:
        """The absolute URL a link leads to; None for in-page, script and mail links and for
        links to the page itself."""
        url, to_self = self._resolve(anchor.get("href") or "")
        return None if to_self else url

    def links_to_self(self, anchor: HtmlElement) -> bool:
        """Whether a link leads to the page itself (its own URL, tracking aside)."""
        return self._resolve(anchor.get("href") or "")[1]

    def _resolve(self, href: str) -> tuple[str | None, bool]:
        """A link's absolute URL (None when it leads nowhere else) and whether it is the
        page's own; remembered per href, which a page repeats."""
        known = self.resolved.get(href)
        if known is None:
            stripped = href.strip()
            url = None
            if stripped and not stripped.startswith(("#", "javascript:", "mailto:", "tel:")):
                url = absolute_url(self.page_url, stripped)
            known = self.resolved[href] = (url, url is not None and self.is_self_link(url))
        return known

    def has_article_link(self, element: HtmlElement) -> bool:
        """Whether the element links to an article (then it is an item, not a heading)."""
        return any(
            (url := self.url_of(anchor)) is not None and target_of(url) is Target.ARTICLE
            for anchor in _LINKS(element)
        )

    def links_of(self, elements: Iterable[HtmlElement], kind: str) -> list[RelatedLink]:
        """The block's links in page order, one per URL (its longest visible title; an image
        link's alt or title only when no link to that URL shows text); navigation links,
        self-links and, beside article titles, the items' section labels left out."""
        titles: dict[str, str] = {}
        silent: dict[str, str] = {}
        for element in elements:
            for anchor in _LINKS(element):
                url = self.url_of(anchor)
                if url is None:
                    continue
                title = anchor_title(anchor)
                if not title:
                    silent.setdefault(url, fallback_title(anchor))
                    titles.setdefault(url, "")
                elif not NAVIGATION_LINK.match(title) and len(title) > len(titles.get(url, "")):
                    titles[url] = title
        links = [
            RelatedLink(kind=kind, title=title or silent.get(url, ""), url=url)
            for url, title in titles.items()
            if title or silent.get(url)
        ]
        targets = [target_of(link.url or "") for link in links]
        if Target.ARTICLE in targets:  # beside articles, a section link is a label or a search
            return [link for link, t in zip(links, targets, strict=True) if t is not Target.SECTION]
        if Target.TAG not in targets:
            return links
        return [
            link
            for link, target in zip(links, targets, strict=True)
            if target is not Target.SECTION or len(link.title.split()) > SECTION_LABEL_MAX_WORDS
        ]

    # -- cutting ----------------------------------------------------------------------------

    def cut(
        self, members: list[HtmlElement], links: list[RelatedLink], mark: str | None = None
    ) -> None:
        """Remove the block's elements and keep its links; `mark`: leave an empty element of
        that kind where the block ended, for a block that continues after it."""
        members = [member for member in members if member.getparent() is not None]
        if not members:
            return
        position = min(document_position(member) for member in members)
        if links:
            self.found.append(_Found(position, links))
        if mark is not None:
            last = max(members, key=document_position)
            placeholder = etree.Element(PLACEHOLDER_TAG, kind=mark)
            last.addnext(placeholder)
            placeholder.tail, last.tail = last.tail, None
        for member in members:
            if member.getparent() is not None:
                remove(member)

    def finish(self) -> list[RelatedLink]:
        """Take the placeholders and the page's navigation out; the blocks' links in page
        order."""
        for placeholder in _PLACEHOLDERS(self.root):
            remove(placeholder)
        self.navigation.drop()
        self.found.sort(key=lambda found: found.position)
        return [link for found in self.found for link in found.links]

    # -- shared questions -------------------------------------------------------------------

    def is_known(self, kind: str) -> bool:
        """Whether a heading (as a kind) names a link block: a known heading, a portal's, or
        one with a block word in it ("berita_detikcom_lainnya")."""
        return (
            kind in KNOWN_BLOCK_KINDS
            or kind in self.extra_kinds
            or any(word in BLOCK_HEADING_WORDS for word in kind.split("_"))
        )

    def tab_showing(self, element: HtmlElement) -> str | None:
        """The label of the tab that shows this element (a tabbed box's panel), if any."""
        return self.tabs.tab_of(element)

    def has_block_word(self, text: str) -> bool:
        """Whether a text holds a word of a block heading (a cheap first sieve)."""
        return any(word in self.block_words for word in normalise_kind(text).split("_"))

    def is_known_text(self, text: str) -> bool:
        return self.is_known(normalise_kind(text))

    def is_attached(self, element: HtmlElement) -> bool:
        return attached(element, self.root)

    def owner_of(self, text_node: etree._ElementUnicodeResult) -> HtmlElement | None:
        """The element whose content the text node is, if it is still in the document."""
        owner = text_node.getparent()
        if owner is not None and text_node.is_tail:
            owner = owner.getparent()
        if owner is None or owner.tag in ("body", "html") or not attached(owner, self.root):
            return None
        return owner

    def line_of(self, text_node: etree._ElementUnicodeResult) -> HtmlElement | None:
        """The block line (paragraph, list item, div) holding a text node."""
        element = self.owner_of(text_node)
        while element is not None and element.tag in INLINE_TAGS:
            element = element.getparent()
        if element is None or element.tag in ("body", "html"):
            return None
        return element
