"""Discovery: the requests a spider makes to find each target portal's articles, from the
portal's own sources (robots.txt sitemaps, sitemaps, feeds, index pages), one source after
another.

A mixin of PortalSpider: Scrapy needs callbacks to be spider methods (JOBDIR stores requests
by callback name). Every request carries its target's name in its meta, so one spider can
crawl several portals (`scrapy crawl news`), each with its own sources and state.

In a distributed crawl (NEWSCRAWL_REDIS_URL) discovery works from requests alone: its
requests go to whichever worker is free, so nothing is chained through one process's state.
`newscrawl enqueue` makes the first requests (a worker's `start` makes none); every sitemap
is requested as soon as it is named, no deeper than MAX_SITEMAP_DEPTH; sources are never
dropped as duplicates (each pass reads them again); a request may carry its own date window
(WINDOW_KEY)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from newscrawl.cleaner.pages import first_page_url
from newscrawl.crawl.arguments import CrawlArguments
from newscrawl.crawl.failures import failure_reason, first_url
from newscrawl.crawl.sources import Listed, UnreadableSource, in_window, read_feed, read_sitemap
from newscrawl.crawl.targets import PORTAL_KEY, WINDOW_KEY, Target
from newscrawl.urls import absolute_url, canonical_url, on_site

logger = logging.getLogger(__name__)
Window = tuple[date | None, date | None]
"""A date window: since, until (inclusive; None: open)."""

ARTICLE_PRIORITY = 10
"""Articles go before sources: the next sitemap or index page is only fetched once the
articles already listed are done, so the queue (and memory) holds about one source's worth
of requests, however long the crawl."""
MAX_SITEMAP_DEPTH = 4
"""Distributed crawl: a sitemap this many requests away from its seed (robots.txt, index,
index, sitemap) names no further sitemaps (a loop of indexes cannot go on for ever)."""
ARTICLE_REQUEST = "newscrawl_article"
"""Request meta key marking the request of an article's first page (not a source, not page 2)."""


class Discovery:
    """Finding the targets' articles; the spider provides `targets`, `args`, `count`,
    `max_reached`, `parse_article` and `article_failed`."""

    targets: dict[str, Target]
    args: CrawlArguments
    count: Callable[[str], None]
    max_reached: Callable[[], bool]
    parse_article: Callable[..., Any]
    article_failed: Callable[[Failure], None]
    chained: bool = True
    """Sitemaps read one after another through the targets' state (one process); False in a
    distributed crawl, where requests alone carry discovery on."""

    def target_of(self, response_or_request: Any) -> Target:
        """The target a response (or request) belongs to."""
        return self.targets[response_or_request.meta[PORTAL_KEY]]

    def window_of(self, response_or_request: Any) -> Window:
        """The date window a response (or request) is crawled for: its own, else the crawl's."""
        given = response_or_request.meta.get(WINDOW_KEY)
        if given is None:
            return self.args.since, self.args.until
        since, until = given
        return (
            date.fromisoformat(since) if since else None,
            date.fromisoformat(until) if until else None,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests_of_arguments():
            yield request
        if self.args.urls or not self.chained:
            return
        for target in self.targets.values():
            for request in self.discover(target):
                yield request

    def start_requests_of_arguments(self) -> Iterator[scrapy.Request]:
        """The article URLs given as `-a url`, each with the target it is on."""
        for url in self.args.urls:
            target = next(t for t in self.targets.values() if on_site(url, t.domains))
            window = (self.args.since, self.args.until)
            request = self.article_request(target, Listed(url), "argument", window)
            if request is not None:
                yield request

    def discover(self, target: Target) -> Iterator[scrapy.Request]:
        """The first requests of a target's sources, as far as the crawl uses them."""
        portal, sources = target.portal, self.args.sources
        if "sitemap" in sources:
            if portal.robots_sitemaps:
                yield self.source_request(target, "/robots.txt", self.parse_robots)
            paths = [target.source_url(path) for path in portal.sitemaps]
            yield from self.queue_sitemaps(target, paths)
        if "feed" in sources:
            for path in portal.feeds:
                yield self.source_request(target, path, self.parse_feed)
        if "listing" in sources and portal.listing and self.listing_pages(target):
            yield self.listing_request(target, 1)

    def listing_pages(self, target: Target) -> int:
        given = self.args.listing_pages
        return target.portal.listing_pages if given is None else given

    def source_request(
        self, target: Target, path_or_url: str, callback: Any, **kwargs: Any
    ) -> scrapy.Request:
        return scrapy.Request(
            target.source_url(path_or_url),
            callback=callback,
            errback=self.source_failed,
            # a distributed crawl keeps seen fingerprints across runs: each pass reads its
            # sources again
            dont_filter=path_or_url.endswith("robots.txt") or not self.chained,
            meta=target.meta(),
            **kwargs,
        )

    def listing_request(self, target: Target, page: int) -> scrapy.Request:
        assert target.portal.listing is not None
        return self.source_request(
            target,
            target.portal.listing.format(page=page),
            self.parse_listing,
            cb_kwargs={"page": page},
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        target = self.target_of(response)
        yield from self.queue_sitemaps(
            target, sitemap_urls_from_robots(response.body, base_url=response.url)
        )

    def queue_sitemaps(self, target: Target, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        """A target's sitemaps are read one after another: the next is requested once the
        current one is read, and its articles (higher priority) go first. The queue then holds
        about one sitemap's worth of requests, however many sitemaps the portal has."""
        if not self.chained:
            for url in urls:
                if on_site(url, target.domains):
                    yield self.sitemap_request(target, url)
            return
        for url in urls:
            if on_site(url, target.domains) and url not in target.sitemaps_seen:
                target.sitemaps_seen.add(url)
                target.sitemaps.append(url)
        if not target.sitemap_in_flight:
            yield from self.next_sitemap(target)

    def next_sitemap(self, target: Target) -> Iterator[scrapy.Request]:
        target.sitemap_in_flight = bool(target.sitemaps)
        if target.sitemaps:
            # never dropped as a duplicate: the chain of sitemaps goes on from each answer (a
            # resumed crawl reads its sitemaps again; sitemaps_seen stops loops)
            yield self.sitemap_request(target, target.sitemaps.popleft())

    def sitemap_request(self, target: Target, url: str) -> scrapy.Request:
        request = self.source_request(target, url, self.parse_sitemap)
        return request.replace(errback=self.sitemap_failed, dont_filter=True)

    def sitemap_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.source_failed(failure)
        yield from self.next_sitemap(self.target_of(failure.request))  # type: ignore[attr-defined]

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        target = self.target_of(response)
        try:
            children, listed = read_sitemap(response.body)
        except UnreadableSource as error:
            self.source_unreadable(response.url, error)
            children, listed = [], []
        window = self.window_of(response)
        since = window[0]
        fresh = [
            child.url
            for child in children
            if on_site(child.url, target.domains)
            # a child sitemap not modified since the window opened lists nothing in it
            and not (since and child.modified and child.modified < since)
        ]
        yield from self.article_requests(target, listed, "sitemap", window)
        if not self.chained:
            if fresh and response.meta.get("depth", 0) >= MAX_SITEMAP_DEPTH:
                self.source_unreadable(response.url, UnreadableSource("sitemaps nested too deep"))
                return
            for url in fresh:
                yield self.sitemap_request(target, url)
            return
        target.sitemaps.extendleft(reversed([u for u in fresh if u not in target.sitemaps_seen]))
        target.sitemaps_seen.update(fresh)
        yield from self.next_sitemap(target)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            listed = read_feed(response.body)
        except UnreadableSource as error:
            self.source_unreadable(response.url, error)
            return
        yield from self.article_requests(
            self.target_of(response), listed, "feed", self.window_of(response)
        )

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.source_unreadable(response.url, UnreadableSource("not a text page"))
            return
        target = self.target_of(response)
        links = {
            absolute_url(response.url, href.strip())
            for href in response.css("a::attr(href)").getall()
        }
        articles = [Listed(link) for link in sorted(filter(None, links)) if target.accepts(link)]
        window = self.window_of(response)
        yield from self.article_requests(target, articles, "listing", window)
        since = window[0]
        days = [target.portal.date_in_url(listed.url) for listed in articles]
        all_older = bool(days) and since is not None and all(d and d < since for d in days)
        if articles and not all_older and page < self.listing_pages(target):
            yield self.listing_request(target, page + 1)

    def article_requests(
        self, target: Target, listed: list[Listed], source: str, window: Window
    ) -> Iterator[scrapy.Request]:
        for entry in listed:
            request = self.article_request(target, entry, source, window)
            if request is not None:
                yield request

    def article_request(
        self, target: Target, listed: Listed, source: str, window: Window
    ) -> scrapy.Request | None:
        try:
            url = first_page_url(canonical_url(listed.url), target.portal.hints)
        except ValueError:  # e.g. "https://[www...": the rest of the source still counts
            self.count("skipped/unreadable_url")
            logger.warning("unreadable URL in a %s: %r", source, listed.url)
            return None
        if not on_site(url, target.domains):
            self.count("skipped/offsite")
            return None
        if not target.accepts(url):
            self.count("skipped/not_article_url")
            return None
        since, until = window
        day = listed.published or target.portal.date_in_url(url)
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
            meta={**target.meta(), "newscrawl_source": source, ARTICLE_REQUEST: True},
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
