"""Blocks under a known heading ("Berita Terkait", "Terpopuler", a portal's own): the heading
and the run of mostly-link siblings after it, or the tab panel the heading shows. They may be
short (one "Baca Juga" link) or loose (cards with teasers) since the heading vouches for them."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.cutter import BlockCutter
from newscrawl.cleaner.headings import MAX_HEADING_WORDS, heading_text, looks_like_heading
from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.lists import card_share
from newscrawl.cleaner.shapes import (
    INLINE_TAGS,
    in_running_text,
    link_share,
    more_words_than,
    text_without_navigation,
)
from newscrawl.cleaner.vocabulary import PROMO_LINES, normalise_kind

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
NOT_HEADINGS = frozenset({"a", "li", "option", "td", "th", "body", "html", "title", "button"})
KNOWN_HEADING_LINK_SHARE = 0.5
"""Under a known heading, a sibling joins the block when links carry this share of its words."""
MAX_NAVIGATION_CHARS = 40
MAX_NAVIGATION_WORDS = 8
"""Room for "Lihat Semua"-style links beside a heading in its container."""
MAX_CONTAINER_CLIMB = 3
"""How many containers up a heading's list may start ("<div><h2>T</h2></div><div><ul>")."""

_FIRST_TEXT = etree.XPath("(.//text()[normalize-space()])[1]")
_LINKS = etree.XPath("descendant-or-self::a[@href]")


def heading_blocks(cutter: BlockCutter) -> None:
    """Cut every block that a known heading introduces."""
    for text_node in cutter.texts:
        if text_node.is_tail or len(text_node.split()) > MAX_HEADING_WORDS:
            continue
        owner = text_node.getparent()
        if not cutter.has_block_word(f"{text_node} {owner.tail or ''}"):
            continue  # no heading word here nor right after ("<span>Berita</span>Terbaru")
        if not _may_be_heading(cutter, text_node):
            continue
        owner = cutter.owner_of(text_node)
        if owner is not None and not cutter.navigation.contains(owner):
            _try_heading(cutter, heading_element(cutter, owner))


def _may_be_heading(cutter: BlockCutter, text_node: etree._ElementUnicodeResult) -> bool:
    """A cheap first sieve: words inside a sentence, and link texts that are no known
    heading (menu entries, tags, card labels), cannot head a block."""
    owner = text_node.getparent()
    if owner is None:
        return False
    if owner.tag in HEADING_TAGS or cutter.is_known(normalise_kind(text_node)):
        return True
    inside_link = owner.tag == "a" or next(owner.iterancestors("a"), None) is not None
    return not inside_link and not in_running_text(owner)


def heading_element(
    cutter: BlockCutter, owner: HtmlElement, top: HtmlElement | None = None
) -> HtmlElement:
    """Climb from the text's inline element to the element that holds the whole heading
    ("<h2><span>berita</span> <span>POPULER</span></h2>" -> the h2), unless the inline
    element is a heading by itself ("<span>Berita Terkait :</span> <a>#topik</a>")."""
    element = owner
    while element.tag in INLINE_TAGS and not cutter.is_known_text(text_of(element)):
        if element is top:
            break
        parent = element.getparent()
        if parent is None or more_words_than(parent, MAX_HEADING_WORDS):
            break
        element = parent
    return element


def heading_kind_inside(cutter: BlockCutter, element: HtmlElement) -> str | None:
    """The kind of the heading an element opens with, if its first text is heading-short."""
    first = next(iter(_FIRST_TEXT(element)), None)
    owner = first.getparent() if first is not None and not first.is_tail else None
    if owner is None:
        return None
    heading = heading_element(cutter, owner, top=element)
    node: HtmlElement | None = heading
    while node is not None and node is not element:
        if node.tag == "li":
            return None  # an item of a list, not a heading above one
        node = node.getparent()
    text = heading_text(heading)
    return normalise_kind(text) if len(text.split()) <= MAX_HEADING_WORDS else None


def _opens_block(cutter: BlockCutter, kind: str, element: HtmlElement) -> bool:
    """Whether an element that opens with a heading of this kind is the next block: a known
    heading, or one with a block word in a heading tag ("<header><h3>Popular News</h3>")."""
    if kind in cutter.exact_kinds:
        return True
    first = next(iter(_FIRST_TEXT(element)), None)
    node = first.getparent() if first is not None else None
    while node is not None:
        if node.tag in HEADING_TAGS or node.tag == "header":
            return cutter.is_known(kind)
        if node is element:
            break
        node = node.getparent()
    return False


def _try_heading(cutter: BlockCutter, element: HtmlElement) -> None:
    heading = heading_text(element)
    if not looks_like_heading(heading):
        return
    kind = normalise_kind(heading)
    if not kind or PROMO_LINES.match(heading) or not cutter.is_known(kind):
        return  # "ADVERTISEMENT" above a box is a label, not the box's title
    panel = _tab_panel(cutter, element)
    if panel is not None:
        if link_share(panel) >= KNOWN_HEADING_LINK_SHARE or card_share(cutter, panel) > 0:
            cutter.cut([panel], cutter.links_of([panel], kind))
        return
    block_heading = _heading_of(element, heading)
    if block_heading is None or (cutter.items is not None and cutter.items.in_run(block_heading)):
        return  # no heading, or the label of one card among others ("Video", "Populer")
    heading_links = _LINKS(block_heading)
    if any(cutter.links_to_self(anchor) for anchor in heading_links):
        return  # a "next page" button, not a block's title
    members = link_run_after(cutter, block_heading, kind)
    links = cutter.links_of(members, kind)
    if links:
        cutter.cut([block_heading, *members], links, mark=kind)


def _tab_panel(cutter: BlockCutter, element: HtmlElement) -> HtmlElement | None:
    """For a tab ("<a href='#tab-related'>Rekomendasi</a>" in a row of tabs), its panel."""
    anchors = [*_LINKS(element), *(a for a in element.iterancestors("a") if a.get("href"))]
    for anchor in anchors:
        panel = cutter.tabs.panel_of(anchor)
        if panel is not None and cutter.is_attached(panel) and element not in panel.iter():
            return panel
    return None


def _heading_of(element: HtmlElement, heading: str) -> HtmlElement | None:
    """The outermost element that carries only this heading (and navigation links)."""
    while True:
        parent = element.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if more_words_than(parent, len(heading.split()) + MAX_NAVIGATION_WORDS):
            break
        parent_text = heading_text(parent)
        if parent_text != heading and (
            len(parent_text) > len(heading) + MAX_NAVIGATION_CHARS
            or text_without_navigation(parent) != text_of(element)
        ):
            break
        element = parent
    return None if element.tag in NOT_HEADINGS else element


def link_run_after(
    cutter: BlockCutter, heading: HtmlElement, kind: str, climb: bool = True
) -> list[HtmlElement]:
    """Following siblings that are mostly links (or cards of article links), up to the first
    prose or the next block's heading. When the heading's container ends before any list
    began, the run continues after the container ("<div><span>Berita Terkait :</span>
    <a>#topik</a></div><ul>...")."""
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
            if not sibling_anchors or (
                link_share(sibling, text) < KNOWN_HEADING_LINK_SHARE
                and card_share(cutter, sibling) < KNOWN_HEADING_LINK_SHARE
            ):
                stopped = True
                break
            opening = heading_kind_inside(cutter, sibling)
            if opening and opening != kind and _opens_block(cutter, opening, sibling):
                stopped = True
                break
            members.append(sibling)
            anchors += len(sibling_anchors)
        parent = node.getparent()
        if not climb or stopped or anchors or parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    while members and not text_of(members[-1]):
        members.pop()
    return members
