"""PortalSpider: the articles of one or more portals, found by Discovery, cleaned (in the
worker pool), their pages stitched together, checked against the date window, counted in the
stats.

The spiders of `newscrawl.crawl.spiders` only say which portals they crawl (one, all, or an
unknown site); everything else is here and in `Portal` data.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from functools import partial
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl import settings as defaults
from newscrawl.cleaner import Extraction, Stitching
from newscrawl.crawl.arguments import (
    PORTAL_ARGUMENTS,
    CrawlArguments,
    check_urls_on,
    parse_arguments,
    web_url,
)
from newscrawl.crawl.discovery import Discovery, Window
from newscrawl.crawl.extraction import options_from_settings, pool_from_settings
from newscrawl.crawl.failures import ARTICLE_ABANDONED, failure_reason, first_url
from newscrawl.crawl.politeness import portal_slots
from newscrawl.crawl.sources import day_of, in_window
from newscrawl.crawl.targets import WINDOW_KEY, Target
from newscrawl.items import Article
from newscrawl.pool import ExtractionTimeout, run_limited
from newscrawl.portals import PORTALS, extract_page
from newscrawl.portals.base import Portal
from newscrawl.portals.drift import extraction_stats

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
PAGE_PRIORITY = 20
"""Further pages of an article go before new articles (see ARTICLE_PRIORITY)."""


class PortalSpider(Discovery, scrapy.Spider):
    """Crawl one portal's articles (a subclass names it as `portal`).

    Arguments (`-a name=value`, see `newscrawl.crawl.arguments`):
      since, until   date window, YYYY-MM-DD inclusive, in the portal's local time
      max_articles   stop after emitting this many articles
      url            article URL(s) to fetch instead of discovering (comma or space separated)
      base_url       crawl a mirror or staging copy of the portal at this origin
      sources        discovery sources to use: any of sitemap, feed, listing (comma separated)
      listing_pages  how many index pages to read (default: the portal's own setting)
    """

    portal: ClassVar[Portal | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = self.check_arguments(**kwargs)
        # a scheduler's own arguments ("_job") become attributes, as Scrapy makes them
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k.startswith("_")})
        self.targets = {target.key: target for target in self.make_targets()}
        self.allowed_domains = sorted({d for t in self.targets.values() for d in t.domains})
        self.emitted = 0
        self.pool = None

    @classmethod
    def check_arguments(cls, **given: Any) -> CrawlArguments:
        """The crawl's arguments; ArgumentError for one that is wrong (before any crawl)."""
        assert cls.portal is not None
        args = parse_arguments(PORTAL_ARGUMENTS, **given)
        origins = {}
        if given.get("base_url"):
            origins[cls.portal.name] = web_url("base_url", given["base_url"]).rstrip("/")
        origin = origins.get(cls.portal.name, cls.portal.home)
        check_urls_on(args.urls, Target(cls.portal, origin).domains)
        return CrawlArguments(**{**args.__dict__, "origins": origins})

    def make_targets(self) -> list[Target]:
        """The portals this crawl covers, each at its origin."""
        assert self.portal is not None
        origin = self.args.origins.get(self.portal.name, self.portal.home.rstrip("/"))
        return [Target(self.portal, origin)]

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """Each portal its own download slot, with its own politeness (see politeness.py);
        DOWNLOAD_SLOTS given on the command line replaces them."""
        super().update_settings(settings)
        settings.set("DOWNLOAD_SLOTS", portal_slots(PORTALS.values(), settings), priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.options = options_from_settings(crawler.settings)
        spider.pool = pool_from_settings(crawler.settings)
        spider.chained = not crawler.settings.get("NEWSCRAWL_REDIS_URL")
        spider.extract_timeout = crawler.settings.getfloat(
            "NEWSCRAWL_EXTRACT_TIMEOUT", defaults.NEWSCRAWL_EXTRACT_TIMEOUT
        )
        crawler.signals.connect(spider.close_pool, signal=scrapy.signals.spider_closed)
        return spider

    def close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()

    # -- articles -----------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        extraction = await self.extract(response)
        if extraction is not None:
            async for item in self.stitch(Stitching(extraction), response):
                yield item

    async def stitch(self, stitching: Stitching, came_from: Any) -> AsyncIterator[Any]:
        """The article's next page as a request, or the article once it is whole (checked
        against the window of the response or request it `came_from`)."""
        target = self.target_of(came_from)
        page = stitching.next_page()
        if page is None:
            async for item in self.emit(stitching.article(), self.window_of(came_from)):
                yield item
            return
        yield scrapy.Request(
            page.url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"stitching": stitching},
            meta={**target.meta(), **_window_meta(came_from)},
            dont_filter=True,
            priority=PAGE_PRIORITY,
        )

    async def parse_page(self, response: Response, stitching: Stitching) -> AsyncIterator[Any]:
        self.count_page(stitching.add(await self.extract(response, count_rejection=False)))
        async for item in self.stitch(stitching, response):
            yield item

    async def page_failed(self, failure: Failure) -> AsyncIterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        stitching: Stitching = request.cb_kwargs["stitching"]
        logger.warning(
            "page of a multi-page article failed (%s): %s",
            failure_reason(failure),
            first_url(failure),
        )
        self.count_page(stitching.add(None, fetched=False))
        async for item in self.stitch(stitching, request):
            yield item

    def count_page(self, problem: str | None) -> None:
        if problem:
            self.count(f"pages/{problem}")

    async def extract(self, response: Response, count_rejection: bool = True) -> Extraction | None:
        """Clean the page (in the worker pool when there is one); None if it is no article
        (with `count_rejection` False, a page the cleaner rejected comes back as it is)."""
        content_type = response.headers.get(b"Content-Type") or b""
        if not content_type.lower().startswith(HTML_TYPES) and response.body.lstrip()[:1] != b"<":
            self.reject(response.url, "not_html")
            return None
        target = self.target_of(response)
        call = partial(
            extract_page,
            response.body,
            response.url,
            portal=None if target.site_only else target.portal.name,
            generic=target.site_only,
            options=self.options,
            content_type=content_type.decode("latin-1"),
            # DOWNLOAD_FAIL_ON_DATALOSS off: Scrapy hands on a transfer cut short, flagged
            truncated="dataloss" in response.flags,
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
        if extraction.rejected and count_rejection:
            self.reject(response.url, extraction.rejected)
            return None
        return extraction

    async def emit(self, article: Article, window: Window) -> AsyncIterator[Article]:
        """Last checks before an article leaves the spider: window, limit, crawl time."""
        if not in_window(day_of(article.published_at), *window):
            self.reject(article.url or "", "outside_window")
            return
        if self.max_reached():
            self.count("skipped/max_articles")
            return
        article.crawled_at = article.crawled_at or datetime.now(timezone.utc).isoformat(
            timespec="seconds"
        )
        for warning in article.warnings:
            self.count(f"warnings/{warning}")
        if article.portal:
            self.count(f"emitted/{article.portal}")
            for key in extraction_stats(article.portal, article.extraction, article.layout_missed):
                self.crawler.stats.inc_value(key)
        self.emitted += 1
        yield article
        if self.max_reached():
            raise CloseSpider("max_articles")

    # -- failures and bookkeeping -------------------------------------------------------

    def article_failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self.count(f"failed/{reason}")
        self.crawler.signals.send_catch_log(ARTICLE_ABANDONED, request=failure.request)  # type: ignore[attr-defined]
        logger.warning("article failed (%s): %s", reason, first_url(failure))

    def reject(self, url: str, reason: str) -> None:
        self.count(f"rejected/{reason}")
        logger.info("not an article (%s): %s", reason, url)

    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}")

    def log(self, message: Any, level: int = logging.DEBUG, **kw: Any) -> None:
        """Spidermon logs its monitors' results through Spider.log, which Scrapy deprecates
        with a warning in every crawl's log: the same lines, without the warning."""
        self.logger.log(level, message, **kw)

    def max_reached(self) -> bool:
        return self.args.max_articles is not None and self.emitted >= self.args.max_articles


def _window_meta(came_from: Any) -> dict[str, Any]:
    """The window a request or response carries, for the next page's request."""
    window = came_from.meta.get(WINDOW_KEY)
    return {} if window is None else {WINDOW_KEY: window}
