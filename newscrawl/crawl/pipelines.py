"""Item pipelines: validate and count drop reasons, drop repeats within a run, store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy import signals
from scrapy.exceptions import CloseSpider, DropItem, NotConfigured
from scrapy.utils.asyncio import run_in_thread, sleep
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred, DeferredLock

from newscrawl.crawl.seen import KeySet
from newscrawl.crawl.storage import StoreSettings, store_for
from newscrawl.items import Article
from newscrawl.store import Store, failure_reason
from newscrawl.urls import url_key

logger = logging.getLogger(__name__)
T = TypeVar("T")
STORE_FAILED = "store_failed"
"""The finish reason of a crawl stopped because the store refused its writes."""


class ValidatePipeline:
    """Only complete articles go on: a URL, a title and a body. Each drop is counted."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        for field_name in ("url", "title", "body"):
            if not getattr(item, field_name):
                self.stats.inc_value(f"newscrawl/dropped/missing_{field_name}")
                raise DropItem(f"article without {field_name}: {item.fetched_url}")
        return item


class DedupePipeline:
    """One item per canonical URL per run (several sources list the same article)."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.seen = KeySet()
        """Keys of the URLs emitted (64-bit, in a flat table: a long run stays small)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        assert item.url is not None
        key = url_key(item.url)
        if not self.seen.add(key):
            self.stats.inc_value("newscrawl/dropped/duplicate_in_run")
            raise DropItem(f"already emitted in this run: {item.url}")
        return item


class StorePipeline:
    """NEWSCRAWL_STORE: write articles to the store in batches of NEWSCRAWL_STORE_BATCH (one
    transaction each, and one at close), and record the crawl in the `runs` table. Items go
    on unchanged, so feeds still get every one of them.

    Writes run in a thread, one batch at a time, so the crawl goes on while one waits for the
    store. A write the store refuses is tried again NEWSCRAWL_STORE_RETRIES times, after
    NEWSCRAWL_STORE_RETRY_DELAY seconds and then twice as long each time. When the retries
    are used up the crawl stops with the finish reason `store_failed` (also the run's in the
    `runs` table): that batch and every article after it count as newscrawl/store/failed and
    are not stored, so the next run fetches them again.
    """

    def __init__(self, crawler: Any, store: Store, options: StoreSettings) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.options = options
        self.buffer: list[Article] = []
        self.run_id: int | None = None
        self.writing = DeferredLock()
        """Held while a batch is written: batches go one at a time, in order."""
        self.failed = False
        """The store refused a write past its retries: nothing more is written."""
        self.closing: Deferred[None] | None = None
        """The engine's closing, asked for by a failed write (kept: it must not be collected)."""
        self.accepted = 0
        """Articles taken into the buffer so far."""
        self.written = 0
        """Articles written so far: batches are written in order, so the first `written` of
        the `accepted` are in the store (the shared frontier acknowledges by this)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        if not crawler.settings.get("NEWSCRAWL_STORE"):
            raise NotConfigured
        pipeline = cls(crawler, *store_for(crawler))
        crawler.signals.connect(pipeline.finish_run, signal=signals.spider_closed)
        return pipeline

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        portal = getattr(getattr(spider, "portal", None), "name", None) or spider.name
        try:
            self.run_id = await self._retried(
                "the run's row", self.store.start_run, portal, spider.name
            )
        except SQLAlchemyError as error:
            self.failed = True
            logger.error(
                "store: the run could not be recorded (%s): the crawl stops (%s)",
                failure_reason(error),
                STORE_FAILED,
            )
            raise CloseSpider(STORE_FAILED) from None

    async def process_item(self, item: Article) -> Article:
        if self.failed:
            self.stats.inc_value("newscrawl/store/failed")
            return item
        self.buffer.append(item if isinstance(item, Article) else Article.from_dict(dict(item)))
        self.accepted += 1
        if len(self.buffer) >= self.options.batch:
            await self.flush()
        return item

    async def close_spider(self) -> None:
        await self.flush()  # before spider_closed: the stats written then include this batch

    async def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        await maybe_deferred_to_future(self.writing.acquire())
        try:
            await self._write(batch)
        finally:
            self.writing.release()

    async def _write(self, batch: list[Article]) -> None:
        if self.failed:
            self.stats.inc_value("newscrawl/store/failed", len(batch))
            return
        what = f"a batch of {len(batch)} articles"
        try:
            counts = await self._retried(what, self.store.write, batch, run_id=self.run_id)
        except SQLAlchemyError as error:
            self.failed = True
            self.stats.inc_value("newscrawl/store/failed", len(batch))
            logger.error(
                "store: %s not written after %d attempts (%s): the crawl stops (%s); the "
                "articles not stored are fetched again by the next run",
                what,
                self.options.retries + 1,
                failure_reason(error),
                STORE_FAILED,
            )
            self.closing = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=STORE_FAILED)
            )
            return
        self.written += len(batch)
        for outcome, count in counts.items():
            self.stats.inc_value(f"newscrawl/store/{outcome}", count)

    async def _retried(self, what: str, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`write(*args, **kwargs)` in a thread, tried again with growing pauses while the
        store refuses it; its last error when the retries are used up."""
        attempt = 0
        while True:
            try:
                return await run_in_thread(write, *args, **kwargs)
            except SQLAlchemyError as error:
                if attempt == self.options.retries:
                    raise
                attempt += 1
                pause = self.options.retry_delay * 2 ** (attempt - 1)
                logger.warning(
                    "store: %s not written (%s); retry %d of %d in %.1f s",
                    what,
                    failure_reason(error),
                    attempt,
                    self.options.retries,
                    pause,
                )
                await sleep(pause)

    async def finish_run(self, reason: str) -> None:
        if self.run_id is None:
            return
        if self.failed:
            reason = STORE_FAILED  # also when the last batch failed as the crawl was ending
        stats = {
            key: value
            for key, value in self.stats.get_stats().items()
            if key.startswith("newscrawl/")
        }
        try:
            await self._retried("the run's row", self.store.finish_run, self.run_id, reason, stats)
        except SQLAlchemyError as error:
            logger.error(
                "store: the end of the run (%s) was not recorded: %s", reason, failure_reason(error)
            )
