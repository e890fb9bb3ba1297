"""Link blocks found by their shape alone: a run of items that are each essentially one link
to another article (or tag page) of the site, wherever it sits (inside the article container
too), headed or not: plain lists, numbered "most read" lists, cards with a thumbnail, a time
("2 jam lalu") or a kanal label beside the title.

An item is the largest element around a link that holds no link to another article; a run
is a sequence of such items among the children of one element, with nothing but empty
elements (ad slots, line breaks) between them. Story lists do not qualify: their items are
sentences, or hold no link, or hold a link inside a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.cutter import BlockCutter
from newscrawl.cleaner.headings import heading_before
from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.links import Target, anchor_title, target_of
from newscrawl.cleaner.shapes import INLINE_TAGS, document_position, in_running_text, link_words
from newscrawl.cleaner.vocabulary import NAVIGATION_LINK, normalise_kind

MIN_ITEMS = 3
MIN_HEADED_ITEMS = 2
"""With a heading (words or a logo) right above it, a list is a block from two items on; so
is a list of tag links ("Tags: A, B" under an article)."""
ITEM_LINK_SHARE = 0.5
"""An item is essentially one link when its link text is this share of its words."""
MIN_TITLE_WORDS = 3.0
"""Article titles are headlines (several words), not menu words; tags may be single words."""
CARD_TEASER_FACTOR = 4
CARD_TEASER_WORDS = 10
"""A card (title standing alone on its line) may carry a teaser up to this long: factor times
the title's words plus this many; under a known heading such cards make a block too."""

_LINKS = etree.XPath("//a[@href]")
_MULTI = ""


@dataclass
class Item:
    """One item: an element around a single link target."""

    element: HtmlElement
    url: str
    target: Target
    title_words: int
    strict: bool
    """Link text is most of its text."""
    card: bool
    """Its title stands alone on its line and the rest is a teaser at most."""


@dataclass
class Run:
    """Consecutive items among the children of one container."""

    container: HtmlElement
    items: list[Item] = field(default_factory=list)
    members: list[HtmlElement] = field(default_factory=list)

    @property
    def strict(self) -> bool:
        return all(item.strict for item in self.items)

    @property
    def tags_only(self) -> bool:
        return all(item.target is Target.TAG for item in self.items)


class Items:
    """Every item of a page, found once before any block is cut."""

    def __init__(self, cutter: BlockCutter) -> None:
        owners: dict[HtmlElement, str] = {}
        titled: list[tuple[HtmlElement, str, Target, str]] = []
        to_self: list[HtmlElement] = []
        for anchor in _LINKS(cutter.root):
            url = cutter.url_of(anchor)
            if url is None:
                if cutter.links_to_self(anchor):
                    to_self.append(anchor)
                continue
            if (target := target_of(url)) is Target.SECTION:
                continue
            _mark_owner(anchor, url, owners)
            title = anchor_title(anchor)
            if title and not NAVIGATION_LINK.match(title):
                titled.append((anchor, url, target, title))
        self.by_element: dict[HtmlElement, Item] = {}
        for anchor, url, target, title in titled:
            element = anchor
            parent = anchor.getparent()
            while parent is not None and parent.tag not in ("body", "html"):
                if owners.get(parent) != url:
                    break
                element, parent = parent, parent.getparent()
            known = self.by_element.get(element)
            if known is None or len(title.split()) > known.title_words:
                self.by_element[element] = _item(element, anchor, url, target, title)
        self.to_self: set[HtmlElement] = set()
        """Items whose link leads to the page itself: in a list, no entry but no break."""
        for anchor in to_self:
            element, parent = anchor, anchor.getparent()
            while parent is not None and parent.tag not in ("body", "html"):
                if parent in owners:
                    break
                element, parent = parent, parent.getparent()
            self.to_self.add(element)
        self._in_runs: set[HtmlElement] | None = None

    def runs(self) -> list[Run]:
        """Runs of two or more items, in page order."""
        containers: dict[HtmlElement, None] = {}
        for element in self.by_element:
            parent = element.getparent()
            if parent is not None:
                containers.setdefault(parent)
        runs = [run for container in containers for run in self._runs_in(container)]
        runs.sort(key=lambda run: document_position(run.members[0]))
        return runs

    def _runs_in(self, container: HtmlElement) -> list[Run]:
        runs: list[Run] = []
        current = Run(container)
        for child in container:
            if not isinstance(child.tag, str):
                continue
            item = self.by_element.get(child)
            if item is not None and (item.strict or item.card):
                current.items.append(item)
                current.members.append(child)
            elif child in self.to_self:
                current.members.append(child)
            elif has_text(child):
                current = _close(current, runs)
                continue
            elif current.items:
                current.members.append(child)
            if _has_words(child.tail):
                current = _close(current, runs)
        _close(current, runs)
        return runs

    def in_run(self, element: HtmlElement) -> bool:
        """Whether the element is, or is inside, an item of a run (the label of a card)."""
        if self._in_runs is None:
            self._in_runs = {item.element for run in self.runs() for item in run.items}
        return any(node in self._in_runs for node in (element, *element.iterancestors()))

    def card_words(self, element: HtmlElement) -> int:
        """Words of the element that lie in card items (title links with a teaser at most)."""
        total = 0
        for descendant in element.iter():
            item = self.by_element.get(descendant)
            if item is not None and (item.card or item.strict):
                total += len(text_of(descendant).split())
        return total


def has_text(element: HtmlElement) -> bool:
    """Whether the element shows any text (stops at the first word)."""
    return any(not piece.isspace() for piece in element.itertext() if piece)


def _mark_owner(anchor: HtmlElement, url: str, owners: dict[HtmlElement, str]) -> None:
    """Note the link's URL on its ancestors; an ancestor reached by two URLs holds several."""
    for ancestor in anchor.iterancestors():
        known = owners.get(ancestor)
        if known is None:
            owners[ancestor] = url
        elif known in (url, _MULTI):
            return  # the ancestors above were marked on an earlier walk
        else:
            owners[ancestor] = _MULTI


def _item(element: HtmlElement, anchor: HtmlElement, url: str, target: Target, title: str) -> Item:
    words = len(text_of(element).split())
    title_words = len(title.split())
    strict = words > 0 and link_words(element) / words >= ITEM_LINK_SHARE
    card = not in_running_text(anchor) and words - title_words <= (
        CARD_TEASER_FACTOR * title_words + CARD_TEASER_WORDS
    )
    return Item(element, url, target, title_words, strict, card)


def _has_words(text: str | None) -> bool:
    return bool(text) and any(ch.isalnum() for ch in text or "")


def _close(run: Run, runs: list[Run]) -> Run:
    while run.members and (not run.items or run.members[-1] is not run.items[-1].element):
        run.members.pop()
    if len(run.items) >= MIN_HEADED_ITEMS:
        runs.append(run)
    return Run(run.container)


def link_runs(cutter: BlockCutter, items: Items) -> None:
    """Cut every run that is a link block, with its heading if it has one."""
    for run in items.runs():
        if not all(cutter.is_attached(member) for member in run.members):
            continue
        if cutter.navigation.contains(run.container):
            continue
        if _in_sentence(run):
            continue
        articles = [item for item in run.items if item.target is Target.ARTICLE]
        if articles and sum(i.title_words for i in articles) / len(articles) < MIN_TITLE_WORDS:
            continue
        heading = heading_before(run.members[0], cutter)
        headed = heading.element is not None or heading.text is not None
        logo = heading.element is not None and heading.text is None
        if len(run.items) < (MIN_HEADED_ITEMS if run.tags_only or headed else MIN_ITEMS):
            continue
        if heading.text:
            kind = normalise_kind(heading.text)
        elif heading.previous_kind and not run.tags_only:
            kind = heading.previous_kind
        else:
            kind = "related"
        if not run.strict and not (heading.text and cutter.is_known(kind)) and not logo:
            continue  # cards with teasers need a heading that vouches for them
        members = [run.container] if _fills(run) else list(run.members)
        links = cutter.links_of(members, kind)
        if not links:
            continue
        if heading.element is not None:
            members.insert(0, heading.element)
        cutter.cut(members, links, mark=kind)
        heading.remove()


def _in_sentence(run: Run) -> bool:
    """Whether the run's items are links inside running text ("dihadiri <a>A</a>, <a>B</a>
    dan <a>C</a> di gedung sate"): words between or after them."""
    if run.items[0].element.tag not in INLINE_TAGS:
        return False
    return any(_has_words(child.tail) for child in run.container)


def _fills(run: Run) -> bool:
    """Whether the run is all the text of its container (then the container goes whole)."""
    container, members = run.container, set(run.members)
    if _has_words(container.text):
        return False
    return not any(
        _has_words(child.tail) or (child not in members and text_of(child))
        for child in container
        if isinstance(child.tag, str)
    )


def card_share(cutter: BlockCutter, element: HtmlElement) -> float:
    """Share of the element's words that lie in card items."""
    items = cutter.items
    words = len(text_of(element).split())
    return items.card_words(element) / words if words and items is not None else 0.0
