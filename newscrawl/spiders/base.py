"""PortalSpider: discovery from a portal's own sources, date window, page stitching, stats.

A concrete spider only names its portal; everything else is here and in `Portal` data.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import partial
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from newscrawl.cleaner import Extraction, adopt_all_pages_view, merge_pages
from newscrawl.discovery import Listed, day_of, in_window, read_feed, read_sitemap
from newscrawl.extraction import extract_page, options_from_settings, pool_from_settings
from newscrawl.items import Article
from newscrawl.middlewares import OffsiteRedirect, RedirectLoop
from newscrawl.pool import ExtractionTimeout, run_limited
from newscrawl.portals.base import Portal
from newscrawl.urls import absolute_url, canonical_url, host_of, on_domains

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
FAILURE_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "CannotResolveHostError": "dns_error",
    "DNSLookupError": "dns_error",
    "DownloadFailedError": "connection_lost",
    "ResponseDataLossError": "truncated",
    "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
}
"""Exception names as stat reasons; anything else keeps its class name."""
ARTICLE_PRIORITY = 10
PAGE_PRIORITY = 20
"""Articles go before sources and further pages before new articles: the next sitemap or index
page is only fetched once the articles already listed are done, so the queue (and memory)
holds about one source's worth of requests, however long the crawl."""
ARTICLE_REQUEST = "newscrawl_article"
"""Request meta key marking the request of an article's first page (not a source, not page 2)."""


@dataclass
class _Stitching:
    """A multi-page article being assembled, page by page."""

    first: Article
    parts: list[Article] = field(default_factory=list)
    pending: dict[int, str] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)


class PortalSpider(scrapy.Spider):
    """Crawl one portal's articles.

    Arguments (`-a name=value`):
      since, until   date window, YYYY-MM-DD inclusive, in the portal's local time
      max_articles   stop after emitting this many articles
      url            article URL(s) to fetch instead of discovering (comma or space separated)
      base_url       crawl a mirror or staging copy of the portal at this origin
      sources        discovery sources to use: any of sitemap, feed, listing (comma separated)
      listing_pages  how many index pages to read (default: the portal's own setting)
    """

    portal: ClassVar[Portal]

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        url: str | None = None,
        base_url: str | None = None,
        sources: str | None = None,
        listing_pages: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.since = _date_argument("since", since)
        self.until = _date_argument("until", until)
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({since}) is after until ({until})")
        self.max_articles = _count_argument("max_articles", max_articles)
        self.given_urls = [u for u in (url or "").replace(",", " ").split() if u]
        self.origin = (base_url or self.portal.home).rstrip("/")
        self.sources = set((sources or "sitemap,feed,listing").replace(" ", "").split(","))
        unknown = self.sources - {"sitemap", "feed", "listing"}
        if unknown:
            raise ValueError(f"unknown sources {sorted(unknown)}; use sitemap, feed, listing")
        self.listing_pages = _count_argument("listing_pages", listing_pages)
        if self.listing_pages is None:
            self.listing_pages = self.portal.listing_pages
        self.domains = (*self.portal.domains, host_of(self.origin))
        self.allowed_domains = list(self.domains)
        self.emitted = 0
        self.pool = None
        self.sitemaps: deque[str] = deque()
        self.sitemaps_seen: set[str] = set()
        self.sitemap_in_flight = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.options = options_from_settings(crawler.settings)
        spider.pool = pool_from_settings(crawler.settings)
        spider.extract_timeout = crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 30.0)
        crawler.signals.connect(spider.close_pool, signal=scrapy.signals.spider_closed)
        return spider

    def close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()

    # -- discovery ----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.given_urls:
            for url in self.given_urls:
                request = self.article_request(Listed(url), "argument")
                if request is not None:
                    yield request
            return
        if "sitemap" in self.sources:
            if self.portal.robots_sitemaps:
                yield self.source_request("/robots.txt", self.parse_robots)
            paths = [urljoin(self.origin + "/", path) for path in self.portal.sitemaps]
            for request in self.queue_sitemaps(paths):
                yield request
        if "feed" in self.sources:
            for path in self.portal.feeds:
                yield self.source_request(path, self.parse_feed)
        if "listing" in self.sources and self.portal.listing and self.listing_pages:
            yield self.listing_request(1)

    def source_request(self, path_or_url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        url = urljoin(self.origin + "/", path_or_url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.source_failed,
            dont_filter=path_or_url.endswith("robots.txt"),
            **kwargs,
        )

    def listing_request(self, page: int) -> scrapy.Request:
        assert self.portal.listing is not None
        return self.source_request(
            self.portal.listing.format(page=page), self.parse_listing, cb_kwargs={"page": page}
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.queue_sitemaps(
            sitemap_urls_from_robots(response.body, base_url=response.url)
        )

    def queue_sitemaps(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        """Sitemaps are read one after another: the next is requested once the current one
        is read, and its articles (higher priority) go first. The queue then holds about one
        sitemap's worth of requests, however many sitemaps the portal has."""
        for url in urls:
            if self.on_site(url) and url not in self.sitemaps_seen:
                self.sitemaps_seen.add(url)
                self.sitemaps.append(url)
        if not self.sitemap_in_flight:
            yield from self.next_sitemap()

    def next_sitemap(self) -> Iterator[scrapy.Request]:
        self.sitemap_in_flight = bool(self.sitemaps)
        if self.sitemaps:
            # never dropped as a duplicate: the chain of sitemaps goes on from each answer (a
            # resumed crawl reads its sitemaps again; sitemaps_seen stops loops)
            request = self.source_request(self.sitemaps.popleft(), self.parse_sitemap)
            yield request.replace(errback=self.sitemap_failed, dont_filter=True)

    def sitemap_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.source_failed(failure)
        yield from self.next_sitemap()

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        children, listed = read_sitemap(response.body)
        if not children and not listed:
            self.count("source_unreadable/sitemap")
            logger.warning("unreadable sitemap: %s", response.url)
        fresh = [
            child.url
            for child in children
            if self.on_site(child.url)
            # a child sitemap not modified since the window opened lists nothing in it
            and not (self.since and child.modified and child.modified < self.since)
        ]
        self.sitemaps.extendleft(reversed([u for u in fresh if u not in self.sitemaps_seen]))
        self.sitemaps_seen.update(fresh)
        yield from self.article_requests(listed, "sitemap")
        yield from self.next_sitemap()

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.article_requests(read_feed(response.body), "feed")

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.count("source_unreadable/listing")
            logger.warning("listing page is not text: %s", response.url)
            return
        links = {
            absolute_url(response.url, href.strip())
            for href in response.css("a::attr(href)").getall()
        }
        articles = [
            Listed(link) for link in sorted(filter(None, links)) if self.portal.is_article_url(link)
        ]
        yield from self.article_requests(articles, "listing")
        days = [self.portal.date_in_url(listed.url) for listed in articles]
        all_older = (
            bool(days) and self.since is not None and all(d and d < self.since for d in days)
        )
        if articles and not all_older and page < (self.listing_pages or 0):
            yield self.listing_request(page + 1)

    def article_requests(self, listed: list[Listed], source: str) -> Iterator[scrapy.Request]:
        for entry in listed:
            request = self.article_request(entry, source)
            if request is not None:
                yield request

    def article_request(self, listed: Listed, source: str) -> scrapy.Request | None:
        try:
            url = canonical_url(listed.url)
        except ValueError:  # e.g. "https://[www...": the rest of the source still counts
            self.count("skipped/unreadable_url")
            logger.warning("unreadable URL in a %s: %r", source, listed.url)
            return None
        if not self.on_site(url):
            self.count("skipped/offsite")
            return None
        if not self.portal.is_article_url(url):
            self.count("skipped/not_article_url")
            return None
        day = listed.published or self.portal.date_in_url(url)
        if not in_window(day, self.since, self.until) or (
            self.since and listed.modified and listed.modified < self.since
        ):
            self.count("skipped/outside_window")
            return None
        if self.max_reached():
            return None
        self.count(f"discovered/{source}")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"newscrawl_source": source, ARTICLE_REQUEST: True},
            priority=ARTICLE_PRIORITY,
        )

    # -- articles -----------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        extraction = await self.extract(response)
        if extraction is None:
            return
        pages = extraction.pages
        if pages.all_pages_url and pages.numbered:
            yield scrapy.Request(
                pages.all_pages_url,
                callback=self.parse_all_pages,
                errback=self.all_pages_failed,
                cb_kwargs={"first": extraction.article, "numbered": pages.numbered},
                priority=PAGE_PRIORITY,
            )
            return
        if pages.numbered:
            stitching = _Stitching(extraction.article, [], dict(pages.numbered), {pages.current})
            yield self.next_page_request(stitching)
            return
        async for item in self.emit(extraction.article):
            yield item

    async def parse_all_pages(
        self, response: Response, first: Article, numbered: dict[int, str]
    ) -> AsyncIterator[Any]:
        view = await self.extract(response, count_rejection=False)
        article = adopt_all_pages_view(first, view, pages=1 + len(numbered))
        if article is not None:
            async for item in self.emit(article):
                yield item
            return
        self.count("pages/all_view_unusable")
        yield self.next_page_request(_Stitching(first, [], dict(numbered), {1}))

    def all_pages_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.count("pages/all_view_failed")
        first, numbered = request.cb_kwargs["first"], request.cb_kwargs["numbered"]
        yield self.next_page_request(_Stitching(first, [], dict(numbered), {1}))

    def next_page_request(self, stitching: _Stitching) -> scrapy.Request:
        number = min(stitching.pending)
        url = stitching.pending.pop(number)
        stitching.done.add(number)
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"stitching": stitching},
            dont_filter=True,
            priority=PAGE_PRIORITY,
        )

    async def parse_page(self, response: Response, stitching: _Stitching) -> AsyncIterator[Any]:
        extraction = await self.extract(response, count_rejection=False)
        if extraction is None or extraction.rejected:
            self.count("pages/unusable")
            stitching.first.warnings.append("pages:incomplete")
        else:
            stitching.parts.append(extraction.article)
            for number, url in extraction.pages.numbered.items():
                if number not in stitching.done:
                    stitching.pending.setdefault(number, url)
        if stitching.pending and "pages:incomplete" not in stitching.first.warnings:
            yield self.next_page_request(stitching)
            return
        async for item in self.emit(merge_pages(stitching.first, stitching.parts)):
            yield item

    async def page_failed(self, failure: Failure) -> AsyncIterator[Any]:
        stitching: _Stitching = failure.request.cb_kwargs["stitching"]  # type: ignore[attr-defined]
        self.count("pages/failed")
        logger.warning(
            "page of a multi-page article failed (%s): %s",
            _failure_reason(failure),
            failure.request.url,
        )  # type: ignore[attr-defined]
        stitching.first.warnings.append("pages:incomplete")
        async for item in self.emit(merge_pages(stitching.first, stitching.parts)):
            yield item

    async def extract(self, response: Response, count_rejection: bool = True) -> Extraction | None:
        """Clean the page (in the worker pool when there is one); None if it is no article."""
        content_type = response.headers.get(b"Content-Type") or b""
        if not content_type.lower().startswith(HTML_TYPES) and response.body.lstrip()[:1] != b"<":
            self.reject(response.url, "not_html")
            return None
        call = partial(
            extract_page,
            response.body,
            response.url,
            portal=self.portal.name,
            options=self.options,
            content_type=content_type.decode("latin-1"),
        )
        try:
            if self.pool is None:
                extraction = run_limited(call, self.extract_timeout)
            else:
                extraction = await self.pool.run(call)
        except ExtractionTimeout as timeout:
            self.count("rejected/extraction_timeout")
            logger.warning("page not cleaned (%s): %s", timeout, response.url)
            return None
        except Exception:  # a cleaner bug costs one page, never the crawl
            self.count("rejected/cleaner_error")
            logger.exception("the cleaner failed on %s", response.url)
            return None
        if extraction.rejected:
            if count_rejection:
                self.reject(response.url, extraction.rejected)
            return None if count_rejection else extraction
        return extraction

    async def emit(self, article: Article) -> AsyncIterator[Article]:
        """Last checks before an article leaves the spider: window, limit, crawl time."""
        if not in_window(day_of(article.published_at), self.since, self.until):
            self.reject(article.url or "", "outside_window")
            return
        if self.max_reached():
            self.count("skipped/max_articles")
            return
        article.crawled_at = article.crawled_at or self.now_iso()
        for warning in article.warnings:
            self.count(f"warnings/{warning}")
        self.emitted += 1
        yield article
        if self.max_reached():
            raise CloseSpider("max_articles")

    # -- failures and bookkeeping -------------------------------------------------------

    def source_failed(self, failure: Failure) -> None:
        reason = _failure_reason(failure)
        self.count(f"source_failed/{reason}")
        logger.warning("source failed (%s): %s", reason, _first_url(failure))

    def article_failed(self, failure: Failure) -> None:
        reason = _failure_reason(failure)
        self.count(f"failed/{reason}")
        logger.warning("article failed (%s): %s", reason, _first_url(failure))

    def reject(self, url: str, reason: str) -> None:
        self.count(f"rejected/{reason}")
        logger.info("not an article (%s): %s", reason, url)

    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}")

    def on_site(self, url: str) -> bool:
        # the host first: a URL whose host cannot be read is on no site (and urlsplit refuses it)
        return on_domains(url, self.domains) and urlsplit(url).scheme in ("http", "https")

    def max_reached(self) -> bool:
        return self.max_articles is not None and self.emitted >= self.max_articles

    @staticmethod
    def now_iso() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _first_url(failure: Failure) -> str:
    """The URL the crawl asked for, before any redirect."""
    request = failure.request  # type: ignore[attr-defined]
    return request.meta.get("redirect_urls", [request.url])[0]


def _failure_reason(failure: Failure) -> str:
    """A short, stable reason for the stats: "http_503", "timeout", "too_large", ..."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(RedirectLoop):
        return "redirect_loop"
    if failure.check(OffsiteRedirect):
        return "redirect_offsite"
    message = str(failure.value).lower()
    if "maxsize" in message or "max size" in message:
        return "too_large"
    if "robots.txt" in message:
        return "forbidden_by_robots"
    name = type(failure.value).__name__
    return FAILURE_REASONS.get(name, name)


def _date_argument(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None


def _count_argument(name: str, value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"-a {name}={value!r}: expected a whole number") from None
    if count < 0:
        raise ValueError(f"-a {name}={value!r}: must not be negative")
    return count
