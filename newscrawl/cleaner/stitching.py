"""A multi-page article put together: which page to fetch next, and the article once done.

One policy for every caller: the crawl (which fetches each page over the network) and
`reextract` (which reads them from an archive) both ask `next_page()`, fetch it, hand the
result to `add()`, and take `article()` when there is nothing left to fetch.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.cleaner.article import PARAGRAPH_SEPARATOR, Extraction
from newscrawl.items import Article, RelatedLink

INCOMPLETE = "pages:incomplete"
"""The warning of an article some of whose pages could not be had."""


@dataclass(frozen=True)
class NextPage:
    """A page to fetch."""

    url: str
    all_pages: bool
    """The portal's view of every page at once (`?page=all`), tried before page 2, 3, ..."""


class Stitching:
    """The state of one multi-page article, from its first page on."""

    def __init__(self, first: Extraction) -> None:
        links = first.pages
        self.first = first.article
        self.parts: list[Article] = []
        self.pending = dict(links.numbered)
        """Pages not fetched yet, by number."""
        self.done = {links.current}
        self.pages = 1 + len(links.numbered)
        self.all_pages_url = links.all_pages_url if links.numbered else None
        self.whole: Article | None = None
        """The article from the all-pages view, once it was usable."""
        self.asked: NextPage | None = None

    def next_page(self) -> NextPage | None:
        """The page to fetch next; None when the article is complete (or cannot be)."""
        if self.whole is not None:
            return None
        if self.all_pages_url:
            self.asked = NextPage(self.all_pages_url, all_pages=True)
        elif self.pending and INCOMPLETE not in self.first.warnings:
            number = min(self.pending)
            self.done.add(number)
            self.asked = NextPage(self.pending.pop(number), all_pages=False)
        else:
            self.asked = None
        return self.asked

    def add(self, page: Extraction | None, *, fetched: bool = True) -> str | None:
        """The page last asked for, as cleaned; None when it was not `fetched` or could not
        be cleaned. Returns what went wrong, for the stats ("all_view_failed",
        "all_view_unusable", "failed", "unusable"), or None."""
        asked, self.asked = self.asked, None
        if asked is None:
            raise RuntimeError("add() without a page asked for by next_page()")
        if asked.all_pages:
            self.all_pages_url = None  # asked once; the numbered pages are next if it fails
            if page is not None:
                self.whole = adopt_all_pages_view(self.first, page, self.pages)
            if self.whole is not None:
                return None
            return "all_view_unusable" if fetched else "all_view_failed"
        if page is None or page.rejected:
            self.first.warnings.append(INCOMPLETE)
            return "unusable" if fetched else "failed"
        self.parts.append(page.article)
        for number, url in page.pages.numbered.items():
            if number not in self.done:
                self.pending.setdefault(number, url)
        return None

    def article(self) -> Article:
        """The article from every page that could be had, in page order."""
        if self.whole is not None:
            return self.whole
        return merge_pages(self.first, self.parts) if self.parts else self.first


def adopt_all_pages_view(first: Article, view: Extraction, pages: int) -> Article | None:
    """The article from a portal's all-pages view (`?page=all`), under the first page's URLs,
    when the view is usable: an article at least as long as the first page. None otherwise
    (then the pages are fetched one by one)."""
    if view.rejected or view.article.word_count < first.word_count:
        return None
    article = view.article
    article.url, article.fetched_url, article.pages = first.url, first.fetched_url, pages
    return article


def merge_pages(first: Article, others: list[Article]) -> Article:
    """One article from its pages in order: bodies joined, related links without repeats."""
    bodies = [first.body, *(page.body for page in others)]
    body = PARAGRAPH_SEPARATOR.join(part for part in bodies if part)
    seen: set[tuple[str, str, str | None]] = set()
    related: list[RelatedLink] = []
    for link in [*first.related, *(link for page in others for link in page.related)]:
        key = (link.kind, link.title, link.url)
        if key not in seen:
            seen.add(key)
            related.append(link)
    merged = Article.from_dict(first.to_dict())
    merged.body = body
    merged.related = related
    merged.word_count = len(body.split())
    merged.pages = 1 + len(others)
    return merged
