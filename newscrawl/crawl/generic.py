"""`scrapy crawl generic -a url=...`: any other site, from an article URL, a sitemap, a feed or
its home page (then its sitemaps from robots.txt and its feeds from `<link rel="alternate">`).

No portal rules: a URL the site's sitemaps or feeds list on its host is a candidate article,
and the cleaner rejects what is not one. Items carry no portal."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.crawl.arguments import (
    GENERIC_ARGUMENTS,
    ArgumentError,
    CrawlArguments,
    parse_arguments,
)
from newscrawl.crawl.sources import UnreadableSource, sniff_document
from newscrawl.crawl.targets import Target, site_target
from newscrawl.urls import absolute_url, on_site

logger = logging.getLogger(__name__)

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class SiteDiscovery:
    """What `generic` does besides a portal spider: sniff the URL it was given. A mixin of
    the generic spider (callbacks must be spider methods)."""

    args: CrawlArguments
    targets: dict[str, Target]
    source_request: Callable[..., scrapy.Request]
    source_failed: Callable[[Failure], None]
    source_unreadable: Callable[[str, Exception], None]
    parse_sitemap: Callable[[Response], Iterator[scrapy.Request]]
    parse_feed: Callable[[Response], Iterator[scrapy.Request]]
    parse_robots: Callable[[Response], Iterator[scrapy.Request]]
    parse_article: Callable[[Response], AsyncIterator[Any]]

    @classmethod
    def check_arguments(cls, **given: Any) -> CrawlArguments:
        args = parse_arguments(GENERIC_ARGUMENTS, **given)
        if len(args.urls) != 1:
            raise ArgumentError(
                "-a url=URL is required (one URL: an article, a sitemap, a feed or a home page)"
            )
        return args

    def make_targets(self) -> list[Target]:
        return [site_target(self.args.urls[0])]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        [target] = self.targets.values()
        yield self.source_request(target, self.args.urls[0], self.parse_start)

    async def parse_start(self, response: Response) -> AsyncIterator[Any]:
        """The given URL, by what it turns out to be."""
        try:
            kind = sniff_document(response.body)
        except UnreadableSource as error:
            self.source_unreadable(response.url, error)
            return
        if kind == "sitemap":
            for request in self.parse_sitemap(response):
                yield request
        elif kind == "feed":
            for request in self.parse_feed(response):
                yield request
        elif urlsplit(self.args.urls[0]).path in ("", "/"):  # as given, before any redirect
            for request in self.parse_home(response):
                yield request
        else:
            async for item in self.parse_article(response):
                yield item

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        """A home page: the feeds it announces, and the sitemaps robots.txt names."""
        [target] = self.targets.values()
        if isinstance(response, TextResponse):
            for link in response.xpath("//link[@href]"):
                rel = (link.attrib.get("rel") or "").lower().split()
                kind = (link.attrib.get("type") or "").lower()
                url = absolute_url(response.url, link.attrib["href"].strip())
                if (
                    "alternate" in rel
                    and kind in FEED_TYPES
                    and url
                    and on_site(url, target.domains)
                ):
                    yield self.source_request(target, url, self.parse_feed)
        yield self.source_request(target, "/robots.txt", self.parse_robots)
