"""The page's own navigation: menus, the site header and footer, whose links are no related
articles even when they are lists of titles or tags (a header's trending-tag strip, a mega
menu's headlines, a footer's list of sister sites)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import remove, text_of
from newscrawl.cleaner.shapes import link_share, more_words_than
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

_OUTER = etree.XPath(
    "//nav|//header|//footer|//menu"
    "|//*[@role='navigation' or @role='banner' or @role='contentinfo']"
    "|/html/body/*|/html/body/*/*|/html/body/*/*/*"
)
"""Where the site's header and footer are: near the top of the tree (or marked by tag)."""
_MARKED_TAGS = frozenset({"nav", "header", "footer", "menu"})
_MARKED_ROLES = frozenset({"navigation", "banner", "contentinfo"})
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
    """The navigation regions of one page. The site's header and footer are found at once
    (to be dropped); any other region is judged when a block finder asks about an element
    inside it, and remembered."""

    def __init__(self, root: HtmlElement, title: str | None = None) -> None:
        self.article = _article_of(find_headline(root, title))
        self.verdicts: dict[HtmlElement, bool] = {}
        self.regions: list[HtmlElement] = []
        for element in _OUTER(root):
            if self.is_region(element) and not self.contains(element.getparent()):
                self.regions.append(element)

    def is_region(self, element: HtmlElement) -> bool:
        """Whether the element is a menu, header or footer of the site."""
        verdict = self.verdicts.get(element)
        if verdict is None:
            verdict = self.verdicts[element] = _is_marked(element) and (
                element.tag in _ALWAYS
                or element.get("role") == "navigation"
                or (
                    _LINK_COUNT(element) >= REGION_MIN_LINKS
                    and not _overlaps(element, self.article)
                    and link_share(element) >= REGION_LINK_SHARE
                )
            )
        return verdict

    def contains(self, element: HtmlElement | None) -> bool:
        """Whether the element is, or sits inside, a navigation region."""
        node = element
        while node is not None and node.tag not in ("body", "html"):
            if self.is_region(node):
                return True
            node = node.getparent()
        return False

    def drop(self) -> None:
        """Take the site's header and footer out of the document: never the story."""
        for region in self.regions:
            if region.getparent() is not None:
                remove(region)


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


def _is_marked(element: HtmlElement) -> bool:
    """Whether the element says it is navigation: by tag, role, or a word of its class or id."""
    if element.tag in _MARKED_TAGS or element.get("role") in _MARKED_ROLES:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(NAVIGATION_WORD.search(names)) and any(
        token in NAVIGATION_TOKENS for token in CLASS_TOKEN.findall(names.lower())
    )


def _article_of(headline: HtmlElement | None) -> HtmlElement | None:
    """The headline's nearest ancestor that holds a story's worth of words (not the whole
    page's body)."""
    if headline is None:
        return None
    for ancestor in headline.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        if more_words_than(ancestor, ARTICLE_MIN_WORDS - 1):
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
