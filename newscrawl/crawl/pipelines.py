"""Item pipelines: validate and count drop reasons, drop repeats within a run, store."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from sqlalchemy.exc import SQLAlchemyError

from newscrawl import settings as defaults
from newscrawl.crawl.seen import KeySet
from newscrawl.crawl.storage import store_for
from newscrawl.items import Article
from newscrawl.urls import url_key

logger = logging.getLogger(__name__)


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
    on unchanged, so feeds still get every one of them."""

    def __init__(self, crawler: Any, batch_size: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store_for(crawler)
        self.batch_size = max(1, batch_size)
        self.buffer: list[Article] = []
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        if not crawler.settings.get("NEWSCRAWL_STORE"):
            raise NotConfigured
        pipeline = cls(
            crawler,
            crawler.settings.getint("NEWSCRAWL_STORE_BATCH", defaults.NEWSCRAWL_STORE_BATCH),
        )
        crawler.signals.connect(pipeline.finish_run, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        portal = getattr(getattr(spider, "portal", None), "name", None) or spider.name
        self.run_id = self.store.start_run(portal, spider.name)

    def process_item(self, item: Article) -> Article:
        self.buffer.append(item if isinstance(item, Article) else Article.from_dict(dict(item)))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()  # before spider_closed: the stats written then include this batch

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        try:
            counts = self.store.write(batch, run_id=self.run_id)
        except SQLAlchemyError as error:
            # not stored, so not skipped next time: the next run stores them
            self.stats.inc_value("newscrawl/store/failed", len(batch))
            logger.error("store: a batch of %d articles was not written: %s", len(batch), error)
            return
        for outcome, count in counts.items():
            self.stats.inc_value(f"newscrawl/store/{outcome}", count)

    def finish_run(self, reason: str) -> None:
        if self.run_id is None:
            return
        stats = {
            key: value
            for key, value in self.stats.get_stats().items()
            if key.startswith("newscrawl/")
        }
        self.store.finish_run(self.run_id, reason, stats)
