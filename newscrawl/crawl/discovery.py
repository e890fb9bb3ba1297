"""Discovery: the requests a portal spider makes to find articles, from the portal's own sources
(robots.txt sitemaps, sitemaps, feeds, index pages), one source after another.

A mixin of PortalSpider: Scrapy needs callbacks to be spider methods (JOBDIR stores requests
by callback name)."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from newscrawl.crawl.arguments import CrawlArguments
from newscrawl.crawl.failures import failure_reason, first_url
from newscrawl.crawl.sources import Listed, UnreadableSource, in_window, read_feed, read_sitemap
from newscrawl.portals.base import Portal
from newscrawl.urls import absolute_url, canonical_url, on_site

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10
"""Articles go before sources: the next sitemap or index page is only fetched once the
articles already listed are done, so the queue (and memory) holds about one source's worth
of requests, however long the crawl."""
ARTICLE_REQUEST = "newscrawl_article"
"""Request meta key marking the request of an article's first page (not a source, not page 2)."""


class Discovery:
    """Finding a portal's articles; the spider provides `portal`, `args`, `domains`, `count`,
    `max_reached`, `parse_article` and `article_failed`."""

    portal: Portal
    args: CrawlArguments
    domains: tuple[str, ...]
    count: Callable[[str], None]
    max_reached: Callable[[], bool]
    parse_article: Callable[..., Any]
    article_failed: Callable[[Failure], None]

    def start_discovery(self) -> None:
        self.sitemaps: deque[str] = deque()
        self.sitemaps_seen: set[str] = set()
        self.sitemap_in_flight = False

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.args.urls:
            for url in self.args.urls:
                request = self.article_request(Listed(url), "argument")
                if request is not None:
                    yield request
            return
        if "sitemap" in self.args.sources:
            if self.portal.robots_sitemaps:
                yield self.source_request("/robots.txt", self.parse_robots)
            paths = [urljoin(self.args.origin + "/", path) for path in self.portal.sitemaps]
            for request in self.queue_sitemaps(paths):
                yield request
        if "feed" in self.args.sources:
            for path in self.portal.feeds:
                yield self.source_request(path, self.parse_feed)
        if "listing" in self.args.sources and self.portal.listing and self.args.listing_pages:
            yield self.listing_request(1)

    def source_request(self, path_or_url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        url = urljoin(self.args.origin + "/", path_or_url)
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
            if on_site(url, self.domains) and url not in self.sitemaps_seen:
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
        try:
            children, listed = read_sitemap(response.body)
        except UnreadableSource as error:
            self.source_unreadable(response.url, error)
            children, listed = [], []
        since = self.args.since
        fresh = [
            child.url
            for child in children
            if on_site(child.url, self.domains)
            # a child sitemap not modified since the window opened lists nothing in it
            and not (since and child.modified and child.modified < since)
        ]
        self.sitemaps.extendleft(reversed([u for u in fresh if u not in self.sitemaps_seen]))
        self.sitemaps_seen.update(fresh)
        yield from self.article_requests(listed, "sitemap")
        yield from self.next_sitemap()

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            listed = read_feed(response.body)
        except UnreadableSource as error:
            self.source_unreadable(response.url, error)
            return
        yield from self.article_requests(listed, "feed")

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.source_unreadable(response.url, UnreadableSource("not a text page"))
            return
        links = {
            absolute_url(response.url, href.strip())
            for href in response.css("a::attr(href)").getall()
        }
        articles = [
            Listed(link) for link in sorted(filter(None, links)) if self.portal.is_article_url(link)
        ]
        yield from self.article_requests(articles, "listing")
        since = self.args.since
        days = [self.portal.date_in_url(listed.url) for listed in articles]
        all_older = bool(days) and since is not None and all(d and d < since for d in days)
        if articles and not all_older and page < (self.args.listing_pages or 0):
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
        if not on_site(url, self.domains):
            self.count("skipped/offsite")
            return None
        if not self.portal.is_article_url(url):
            self.count("skipped/not_article_url")
            return None
        since, until = self.args.since, self.args.until
        day = listed.published or self.portal.date_in_url(url)
        if not in_window(day, since, until) or (
            since and listed.modified and listed.modified < since
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

    def source_failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self.count(f"source_failed/{reason}")
        logger.warning("source failed (%s): %s", reason, first_url(failure))

    def source_unreadable(self, url: str, error: Exception) -> None:
        """A source that was fetched but cannot be read: counted, named once, and discovery
        goes on with the next one."""
        self.count("source_failed/unreadable")
        logger.warning("unreadable source (%s): %s", error, url)
