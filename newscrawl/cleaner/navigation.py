"""The page's own navigation: menus, the site header and footer, whose links are no related
articles even when they are lists of titles or tags (a header's trending-tag strip, a mega
menu's headlines, a footer's list of sister sites)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import remove, text_of
from newscrawl.cleaner.shapes import link_share
from newscrawl.cleaner.vocabulary import (
    CLASS_TOKEN,
    NAVIGATION_TOKENS,
    NAVIGATION_WORD,
    collapse,
)

REGION_MIN_LINKS = 8
"""A header or footer holds the site's menus; a box's own header ("<header><h3>Popular
News</h3><a>Lihat Semua</a></header>") holds a link or two."""
REGION_LINK_SHARE = 0.5
"""Menus are mostly link text; a container of the story that a class calls "header" is not."""

_MARKED = etree.XPath(
    "//nav|//header|//footer|//menu"
    "|//*[@role='navigation' or @role='banner' or @role='contentinfo']|//@class|//@id"
)
_LINK_COUNT = etree.XPath("count(.//a[@href])")
_HEADLINE_CANDIDATES = etree.XPath("//h1|//h2")
_PAGE_TITLES = etree.XPath("/html/head/title/text()|//meta[@property='og:title']/@content")
HEADLINE_MIN_WORDS = 3
"""A headline has this many words at least (a logo's h1 says "Regional")."""
ARTICLE_MIN_WORDS = 50
"""The article's container: the headline's nearest ancestor holding this many words. A list
marked "nav" inside it (the article's tags) is the article's, not the site's navigation."""
_ALWAYS = frozenset({"nav", "menu"})


class Navigation:
    """The navigation regions of one page, found once; `contains` asks about an element."""

    def __init__(self, root: HtmlElement, title: str | None = None) -> None:
        article = _article_of(find_headline(root, title))
        self.regions: set[HtmlElement] = set()
        for element in _marked(root):
            if any(ancestor in self.regions for ancestor in element.iterancestors()):
                continue  # inside a region already
            always = element.tag in _ALWAYS or element.get("role") == "navigation"
            if always or (
                _LINK_COUNT(element) >= REGION_MIN_LINKS
                and not _overlaps(element, article)
                and link_share(element) >= REGION_LINK_SHARE
            ):
                self.regions.add(element)

    def drop(self) -> None:
        """Take the regions out of the document: navigation is never the story."""
        for region in self.regions:
            if region.getparent() is not None:
                remove(region)

    def contains(self, element: HtmlElement) -> bool:
        """Whether the element is, or sits inside, a navigation region."""
        if not self.regions:
            return False
        return element in self.regions or any(
            ancestor in self.regions for ancestor in element.iterancestors()
        )


def find_headline(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The article's headline: the first h1 or h2 that reads as the title (the page's
    <title> and og:title, which may add the site's name, or the title found), else the first
    h1 long enough to be one."""
    titles = {collapse(str(text)) for text in _PAGE_TITLES(root)} | {collapse(title or "")}
    titles.discard("")
    candidates = [
        (candidate, text)
        for candidate in _HEADLINE_CANDIDATES(root)
        if len((text := text_of(candidate)).split()) >= HEADLINE_MIN_WORDS
    ]
    for candidate, text in candidates:
        if any(
            text == wanted or (2 * len(text) > len(wanted) and text in wanted) for wanted in titles
        ):
            return candidate
    return next((candidate for candidate, _ in candidates if candidate.tag == "h1"), None)


def _marked(root: HtmlElement) -> list[HtmlElement]:
    """Elements that say they are navigation (by tag, role, or a word of their class or id),
    in document order."""
    marked: dict[HtmlElement, None] = {}
    for found in _MARKED(root):
        if not isinstance(found, str):
            marked.setdefault(found)
        elif NAVIGATION_WORD.search(found) and any(
            token in NAVIGATION_TOKENS for token in CLASS_TOKEN.findall(found.lower())
        ):
            marked.setdefault(found.getparent())
    return list(marked)


def _article_of(headline: HtmlElement | None) -> HtmlElement | None:
    """The headline's nearest ancestor that holds a story's worth of words (not the whole
    page's body)."""
    if headline is None:
        return None
    for ancestor in headline.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        if len(text_of(ancestor).split()) >= ARTICLE_MIN_WORDS:
            return ancestor
    return None


def _overlaps(element: HtmlElement, article: HtmlElement | None) -> bool:
    """Whether the region is the article's container, inside it, or holds it (a page wrapped
    in one big "header")."""
    if article is None:
        return False
    return (
        element is article
        or any(ancestor is article for ancestor in element.iterancestors())
        or any(ancestor is element for ancestor in article.iterancestors())
    )
