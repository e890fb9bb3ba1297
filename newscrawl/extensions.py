"""Crawl-level extensions: the run's stats as a JSON file for monitoring, one log line per
failure, no log records built only to be thrown away, a cycle collector tuned for a crawl,
and stats counted at a plain dict's cost."""

from __future__ import annotations

import gc
import json
import logging
import os
from pathlib import Path
from typing import Any, ClassVar

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector

logger = logging.getLogger(__name__)


class StatsFile:
    """NEWSCRAWL_STATS_OUT=FILE: when the crawl ends, write its stats there as JSON
    (atomically: a monitor never reads half a file). `%(name)s` and `%(time)s` are filled in
    as in FEEDS URIs."""

    def __init__(self, crawler: Any, template: str) -> None:
        self.crawler = crawler
        self.template = template

    @classmethod
    def from_crawler(cls, crawler: Any) -> StatsFile:
        template = crawler.settings.get("NEWSCRAWL_STATS_OUT")
        if not template:
            raise NotConfigured
        extension = cls(crawler, template)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = {key: _plain(value) for key, value in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        start = stats.get("start_time", "")
        path = Path(self.template % {"name": spider.name, "time": str(start).replace(":", "-")})
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(stats, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(path)
        logger.info("crawl stats written to %s", path)


def _plain(value: Any) -> Any:
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# Scrapy's own words for failures the spider's errback reports again, with its reason.
_REPEATED_WARNINGS = (
    "Expected to receive",  # a Content-Length over DOWNLOAD_MAXSIZE (failed/too_large)
    "Received ",  # a body over DOWNLOAD_MAXSIZE while downloading (failed/too_large)
    "Ignored response",  # a compressed body inflating past DOWNLOAD_MAXSIZE (failed/too_large)
    "Got data loss",  # a cut transfer, retried (failed/truncated when retries run out)
)
_QUIETED_LOGGERS = (
    "scrapy.core.downloader.handlers.http11",
    "scrapy.downloadermiddlewares.httpcompression",
)


class _RepeatedWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.levelno >= logging.WARNING and message.startswith(_REPEATED_WARNINGS):
            return "warn size" in message  # a size warning, not a failure: keep it
        return True


class OneLinePerFailure:
    """Mutes Scrapy's warnings for download failures that the spider logs itself (once, with
    its reason), so that each failed URL is named once at WARNING. Scrapy's "gave up
    retrying" line is muted by RETRY_GIVE_UP_LOG_LEVEL in the settings."""

    def __init__(self) -> None:
        for name in _QUIETED_LOGGERS:
            target = logging.getLogger(name)
            if not any(isinstance(f, _RepeatedWarnings) for f in target.filters):
                target.addFilter(_RepeatedWarnings())

    @classmethod
    def from_crawler(cls, crawler: Any) -> OneLinePerFailure:
        return cls()


class LogLevelGate:
    """Sets the "scrapy" logger to LOG_LEVEL. Scrapy's logging setup puts that logger at
    DEBUG and filters at its log handler, after each record is built, so at the default INFO
    level two DEBUG lines per page ("Crawled", "Scraped from") were built and dropped, a cost
    the crawling process paid on every page. The DEBUG level Scrapy's setup gives the logger
    is not a crawl's wish and is overridden; crawls running together in one process keep the
    most verbose of their levels, and a crawl that ends gives its level back."""

    _running: ClassVar[list[int]] = []
    """LOG_LEVEL of each crawl running in this process."""

    def __init__(self, level: int) -> None:
        self.level = level
        self._running.append(level)
        logging.getLogger("scrapy").setLevel(min(self._running))

    @classmethod
    def from_crawler(cls, crawler: Any) -> LogLevelGate:
        level = crawler.settings.get("LOG_LEVEL", "DEBUG")
        if isinstance(level, str):
            level = logging.getLevelName(level.upper())
        if not isinstance(level, int) or not crawler.settings.getbool("LOG_ENABLED", True):
            raise NotConfigured
        gate = cls(level)
        crawler.signals.connect(gate.crawl_ended, signal=signals.engine_stopped)
        return gate

    def crawl_ended(self) -> None:
        self._running.remove(self.level)
        if self._running:
            logging.getLogger("scrapy").setLevel(min(self._running))


class CollectorThreshold:
    """NEWSCRAWL_GC_THRESHOLD: how many objects the crawling process allocates between two
    passes of Python's cycle collector over its youngest objects (Python's default: 700).

    Each page allocates a few hundred short-lived objects (requests, deferreds, tasks). At
    700, a request still in flight is caught by passes, survives them, and is promoted
    to the old generations, which then fill up and trigger full passes over everything the
    process holds (Scrapy, lxml, the portal tables). Those took 14% of the crawling process's
    CPU in a replayed crawl. At 20,000, in-flight objects are gone before the next pass.
    The thresholds in force before the first crawl are restored when the last one ends."""

    _running: ClassVar[int] = 0
    _before: ClassVar[tuple[int, int, int]] = gc.get_threshold()

    def __init__(self, threshold: int) -> None:
        if CollectorThreshold._running == 0:
            CollectorThreshold._before = gc.get_threshold()
        CollectorThreshold._running += 1
        gc.set_threshold(threshold, *CollectorThreshold._before[1:])

    @classmethod
    def from_crawler(cls, crawler: Any) -> CollectorThreshold:
        threshold = crawler.settings.getint("NEWSCRAWL_GC_THRESHOLD", 0)
        if threshold <= 0:
            raise NotConfigured
        extension = cls(threshold)
        crawler.signals.connect(extension.crawl_ended, signal=signals.engine_stopped)
        return extension

    def crawl_ended(self) -> None:
        CollectorThreshold._running -= 1
        if CollectorThreshold._running == 0:
            gc.set_threshold(*CollectorThreshold._before)


class DirectStatsCollector(MemoryStatsCollector):
    """Scrapy's in-memory stats, with plain attribute look-up. Scrapy 2.19's collector routes
    every attribute read through a Python `__getattribute__` that wraps the stats methods to
    warn about a deprecated `spider` argument, and raises and catches an AttributeError for
    each read of its own dict; a crawl counts a dozen stats per page. Our code and Scrapy's
    pass no `spider` argument, so nothing is lost but the time."""

    __getattribute__ = object.__getattribute__
