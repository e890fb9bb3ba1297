"""Crawl-level extensions: the run's stats as a JSON file for monitoring, one log line per
failure."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter

from newscrawl.crawl.outcome import STATS_FILE_FAILED
from newscrawl.files import OutputError, atomic_output

logger = logging.getLogger(__name__)


class StatsFile:
    """NEWSCRAWL_STATS_OUT=FILE: when the crawl ends, write its stats there as JSON
    (atomically: a monitor never reads half a file). `%(name)s` and `%(time)s` are filled in
    as in FEEDS URIs.

    Written once the spider has closed and Scrapy's feed export has stored its feeds (the two
    happen side by side), so that the file has the feeds' outcome (`feedexport/*`) too. A
    file that cannot be written is logged and counted in STATS_FILE_FAILED, which the exit
    status reads."""

    def __init__(self, crawler: Any, template: str) -> None:
        self.crawler = crawler
        self.template = template
        self.closed: tuple[str, str] | None = None
        """The spider's name and close reason, once it has closed."""
        self.feeds_stored = False
        self.written = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> StatsFile:
        template = crawler.settings.get("NEWSCRAWL_STATS_OUT")
        if not template:
            raise NotConfigured
        extension = cls(crawler, template)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.feed_exporter_closed, signal=signals.feed_exporter_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.closed = (spider.name, reason)
        if self.feeds_stored or self.crawler.get_extension(FeedExporter) is None:
            self.write()

    def feed_exporter_closed(self) -> None:
        self.feeds_stored = True
        if self.closed is not None:
            self.write()

    def write(self) -> None:
        if self.written or self.closed is None:
            return
        self.written = True
        name, reason = self.closed
        stats = {key: _plain(value) for key, value in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        start = stats.get("start_time", "")
        path = Path(self.template % {"name": name, "time": str(start).replace(":", "-")})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_output(path) as out:
                out.write(json.dumps(stats, indent=2, sort_keys=True).encode("utf-8"))
        except (OSError, OutputError) as error:
            self.crawler.stats.set_value(STATS_FILE_FAILED, 1)
            logger.error("crawl stats not written to %s: %s", path, error)
            return
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
