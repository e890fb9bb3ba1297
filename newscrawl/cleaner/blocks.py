"""Find the portal's link blocks by their shape, cut them out of the tree, return their links.

A link block is recognised by what it is, not by class names:
- an inline label line: a paragraph made of a label ("Baca Juga:") and one or more links;
- a heading followed by a run of siblings that are mostly links ("Berita Terkait" + list);
- a bullet line made of a single link ("• Title").
Portals may also name their blocks outright (`PortalHints.block_xpaths`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_xpath, remove, text_of
from newscrawl.cleaner.shapes import (
    INLINE_TAGS,
    attached,
    document_position,
    in_running_text,
    link_share,
    text_without_navigation,
    without_section_labels,
)
from newscrawl.cleaner.vocabulary import (
    BLOCK_HEADING_WORDS,
    BULLET_LINE,
    INLINE_LABEL,
    KNOWN_BLOCK_KINDS,
    NAVIGATION_LINK,
    PROMO_LINES,
    collapse,
    normalise_kind,
)
from newscrawl.items import RelatedLink
from newscrawl.urls import absolute_url

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
NOT_HEADINGS = frozenset({"a", "li", "option", "td", "th", "body", "html", "title", "button"})
MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 60
KNOWN_HEADING_LINK_SHARE = 0.5
"""Under a known heading, a sibling joins the block when links carry this share of its words."""
UNKNOWN_HEADING_LINK_SHARE = 0.85
UNKNOWN_HEADING_MIN_LINKS = 3
UNKNOWN_HEADING_MIN_TITLE_WORDS = 3.0
"""An unknown heading needs a list of real titles, not a few short menu words."""

MAX_NAVIGATION_CHARS = 40
"""Room for "Lihat Semua"-style links beside a heading in its container."""
MAX_CONTAINER_CLIMB = 3
"""How many containers up a heading's list may start ("<div><h2>T</h2></div><div><ul>")."""

_TEXT_NODES = etree.XPath("//text()[normalize-space()]")
_FIRST_TEXT = etree.XPath("(.//text()[normalize-space()])[1]")
_LINKS = etree.XPath("descendant-or-self::a[@href]")
_MAY_HOLD_LABEL = re.compile(r"baca|juga|terkait|read", re.IGNORECASE)
"""Text pieces worth testing against INLINE_LABEL (a cheap first sieve)."""
_IN_NAVIGATION = etree.XPath("ancestor::nav or ancestor::*[@role='navigation']")
_BY_ID = etree.XPath("//*[@id=$id]")


@dataclass
class _Found:
    position: tuple[int, ...]
    links: list[RelatedLink]


class _BlockCutter:
    """One page's pass over its tree; holds the page URL and the document order."""

    def __init__(
        self,
        root: HtmlElement,
        page_url: str | None,
        hints: PortalHints,
        is_self_link: Callable[[str], bool],
    ) -> None:
        self.root = root
        self.page_url = page_url
        self.hints = hints
        self.is_self_link = is_self_link
        self.texts = _TEXT_NODES(root)
        self.found: list[_Found] = []
        self.extra_kinds = frozenset(normalise_kind(h) for h in hints.block_headings)
        self.exact_kinds = KNOWN_BLOCK_KINDS | self.extra_kinds

    # -- shared -----------------------------------------------------------------------

    def links_of(self, elements: Iterable[HtmlElement], kind: str) -> list[RelatedLink]:
        """The block's links, navigation and self-links dropped, one per URL (longest title)."""
        by_url: dict[str, RelatedLink] = {}
        for element in elements:
            for anchor in _LINKS(element):
                href = (anchor.get("href") or "").strip()
                if not href or href.startswith(("#", "javascript:", "mailto:")):
                    continue
                title = text_of(anchor) or collapse(anchor.get("title") or "")
                if not title or NAVIGATION_LINK.match(title):
                    continue
                url = self.absolute(href)
                if url is None or self.is_self_link(url):
                    continue
                known = by_url.get(url)
                if known is None or len(title) > len(known.title):
                    by_url[url] = RelatedLink(kind=kind, title=title, url=url)
        return list(by_url.values())

    def absolute(self, href: str | None) -> str | None:
        return absolute_url(self.page_url, (href or "").strip())

    def cut(self, members: list[HtmlElement], links: list[RelatedLink]) -> None:
        position = min(document_position(member) for member in members)
        if links:
            self.found.append(_Found(position, links))
        for member in members:
            if member.getparent() is not None:
                remove(member)

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

    # -- passes -----------------------------------------------------------------------

    def portal_blocks(self) -> None:
        for expression, kind in self.hints.block_xpaths:
            for element in compiled_xpath(expression)(self.root):
                if not attached(element, self.root):
                    continue
                block_kind = kind or self.heading_kind_inside(element) or "related"
                self.cut([element], self.links_of([element], block_kind))

    def heading_kind_inside(self, element: HtmlElement) -> str | None:
        """The kind of the heading an element opens with, if its first text is heading-short."""
        first = next(iter(_FIRST_TEXT(element)), None)
        owner = first.getparent() if first is not None and not first.is_tail else None
        if owner is None:
            return None
        heading = self.heading_element(owner, top=element)
        node: HtmlElement | None = heading
        while node is not None and node is not element:
            if node.tag == "li":
                return None  # an item of a list, not a heading above one
            node = node.getparent()
        text = text_of(heading)
        return normalise_kind(text) if len(text.split()) <= MAX_HEADING_WORDS else None

    def inline_label_lines(self) -> None:
        for text_node in self.texts:
            if not _MAY_HOLD_LABEL.search(text_node):
                continue
            line = self.line_of(text_node)
            if line is not None:
                self.try_inline_line(line)

    def try_inline_line(self, line: HtmlElement) -> None:
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
            members = [
                line,
                *self.link_run_after(line, KNOWN_HEADING_LINK_SHARE, kind, climb=False),
            ]
            self.cut(members, self.links_of(members, kind))
        elif ":" in text[: match.end()] and len(rest.split()) <= 25:
            self.cut([line], [RelatedLink(kind=kind, title=rest, url=None)])

    def heading_blocks(self) -> None:
        for text_node in self.texts:
            if text_node.is_tail or len(text_node.split()) > MAX_HEADING_WORDS:
                continue
            if not self.may_be_heading(text_node):
                continue
            owner = self.owner_of(text_node)
            if owner is not None and not _IN_NAVIGATION(owner):
                self.try_heading(self.heading_element(owner))

    def may_be_heading(self, text_node: etree._ElementUnicodeResult) -> bool:
        """A cheap first sieve: words inside a sentence, and link texts that are no known
        heading (menu entries, tags, card labels), cannot head a block."""
        owner = text_node.getparent()
        if owner is None:
            return False
        if owner.tag in HEADING_TAGS or self.is_known(normalise_kind(text_node)):
            return True
        inside_link = owner.tag == "a" or next(owner.iterancestors("a"), None) is not None
        return not inside_link and not in_running_text(owner)

    def heading_element(self, owner: HtmlElement, top: HtmlElement | None = None) -> HtmlElement:
        """Climb from the text's inline element to the element that holds the whole heading
        ("<h2><span>berita</span> <span>POPULER</span></h2>" -> the h2), unless the inline
        element is a heading by itself ("<span>Berita Terkait :</span> <a>#topik</a>")."""
        element = owner
        while element.tag in INLINE_TAGS and not self.is_known(normalise_kind(text_of(element))):
            if element is top:
                break
            parent = element.getparent()
            if parent is None or len(text_of(parent).split()) > MAX_HEADING_WORDS:
                break
            element = parent
        return element

    def is_known(self, kind: str) -> bool:
        return (
            kind in KNOWN_BLOCK_KINDS
            or kind in self.extra_kinds
            or any(word in BLOCK_HEADING_WORDS for word in kind.split("_"))
        )

    def try_heading(self, element: HtmlElement) -> None:
        heading_text = text_of(element)
        words = len(heading_text.split())
        if len(heading_text) > MAX_HEADING_CHARS or not 0 < words <= MAX_HEADING_WORDS:
            return
        kind = normalise_kind(heading_text)
        if not kind or PROMO_LINES.match(heading_text):
            return  # "ADVERTISEMENT" above a box is a label, not the box's title
        known = self.is_known(kind)
        if not known and (_LINKS(element) or next(element.iterancestors("a"), None) is not None):
            return  # a link with a short text: a menu entry, a tag, a card's label
        panel = self.tab_panel(element) if known else None
        if panel is not None:
            if link_share(panel) >= KNOWN_HEADING_LINK_SHARE:
                self.cut([panel], without_section_labels(self.links_of([panel], kind)))
            return
        heading = self.heading_of(element, heading_text)
        if heading is None:
            return
        heading_links = _LINKS(heading)
        if heading_links and (not known or any(self.links_to_self(a) for a in heading_links)):
            return  # a menu entry or a "next page" button, not a block's title
        share = KNOWN_HEADING_LINK_SHARE if known else UNKNOWN_HEADING_LINK_SHARE
        members = self.link_run_after(heading, share, kind)
        if not known and sum(len(_LINKS(m)) for m in members) < UNKNOWN_HEADING_MIN_LINKS:
            return
        links = without_section_labels(self.links_of(members, kind))
        if not links:
            return
        if not known:
            if len(links) < UNKNOWN_HEADING_MIN_LINKS:
                return
            words = sum(len(link.title.split()) for link in links) / len(links)
            if words < UNKNOWN_HEADING_MIN_TITLE_WORDS:
                return
        self.cut([heading, *members], links)

    def tab_panel(self, element: HtmlElement) -> HtmlElement | None:
        """For a tab ("<a href='#tab-related'>Rekomendasi</a>"), the panel it shows."""
        anchors = [*_LINKS(element), *(a for a in element.iterancestors("a") if a.get("href"))]
        for anchor in anchors:
            href = (anchor.get("href") or "").strip()
            if href.startswith("#") and len(href) > 1:
                panels = _BY_ID(self.root, id=href[1:])
                if panels and attached(panels[0], self.root) and element not in panels[0].iter():
                    return panels[0]
        return None

    def links_to_self(self, anchor: HtmlElement) -> bool:
        href = (anchor.get("href") or "").strip()
        url = None if href.startswith("#") else self.absolute(href)
        return url is not None and self.is_self_link(url)

    def heading_of(self, element: HtmlElement, heading_text: str) -> HtmlElement | None:
        """The outermost element that carries only this heading (and navigation links)."""
        while True:
            parent = element.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            parent_text = text_of(parent)
            if parent_text != heading_text and (
                len(parent_text) > len(heading_text) + MAX_NAVIGATION_CHARS
                or text_without_navigation(parent) != heading_text
            ):
                break
            element = parent
        return None if element.tag in NOT_HEADINGS else element

    def link_run_after(
        self, heading: HtmlElement, share: float, kind: str, climb: bool = True
    ) -> list[HtmlElement]:
        """Following siblings that are mostly links, up to the first prose or the next block's
        heading. When the heading's container ends before any list began, the run continues
        after the container ("<div><span>Berita Terkait :</span> <a>#topik</a></div><ul>...")."""
        members: list[HtmlElement] = []
        anchors = 0
        node = heading
        for _level in range(MAX_CONTAINER_CLIMB + 1):
            stopped = False
            for sibling in node.itersiblings():
                if not isinstance(sibling.tag, str):
                    continue
                text = text_of(sibling)
                if not text:
                    members.append(sibling)
                    continue
                sibling_anchors = _LINKS(sibling)
                if not sibling_anchors or link_share(sibling, text) < share:
                    stopped = True
                    break
                opening = self.heading_kind_inside(sibling)
                if opening and opening != kind and opening in self.exact_kinds:
                    stopped = True
                    break
                members.append(sibling)
                anchors += len(sibling_anchors)
            parent = node.getparent()
            if (
                not climb
                or stopped
                or anchors >= 2
                or parent is None
                or parent.tag in ("body", "html")
            ):
                break
            node = parent
        while members and not text_of(members[-1]):
            members.pop()
        return members

    def bullet_lines(self) -> None:
        for text_node in self.texts:
            if not BULLET_LINE.match(text_node):
                continue
            line = self.line_of(text_node)
            if line is None:
                continue
            anchors = _LINKS(line)
            if len(anchors) != 1:
                continue
            rest = BULLET_LINE.sub("", text_of(line), count=1)
            if rest and rest == text_of(anchors[0]):
                self.cut([line], self.links_of([line], self.hints.bullet_link_kind))

    def related(self) -> list[RelatedLink]:
        self.found.sort(key=lambda found: found.position)
        return [link for found in self.found for link in found.links]


def cut_link_blocks(
    root: HtmlElement, page_url: str | None, hints: PortalHints, is_self_link: Callable[[str], bool]
) -> list[RelatedLink]:
    """Remove every link block from `root` (in place) and return their links in page order."""
    cutter = _BlockCutter(root, page_url, hints, is_self_link)
    cutter.portal_blocks()
    cutter.inline_label_lines()
    cutter.bullet_lines()
    cutter.heading_blocks()
    return cutter.related()
