"""Local feed files (Scrapy's file storage) whose failure to open is counted: Scrapy counts a
feed that failed when it was stored (`feedexport/failed_count/*`), not one that could not be
opened at all (a name that turned out to be a folder, a file that may not be written), which
it only logs at each item. The exit status reads both."""

from __future__ import annotations

import logging
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.crawl.outcome import FEED_OPEN_FAILED

logger = logging.getLogger(__name__)


class CountedFileFeedStorage(FileFeedStorage):
    """FEED_STORAGES for "" and "file": Scrapy's, with `FEED_OPEN_FAILED` counted once per
    feed that cannot be opened."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, stats: Any) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.stats = stats
        self.failed = False

    @classmethod
    def from_crawler(
        cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> CountedFileFeedStorage:
        return cls(uri, feed_options=feed_options, stats=crawler.stats)

    def open(self, spider: Any) -> IO[bytes]:
        try:
            return super().open(spider)
        except OSError as error:
            if not self.failed:  # Scrapy tries again at each item
                self.failed = True
                self.stats.inc_value(FEED_OPEN_FAILED)
                logger.error("feed not written: %s cannot be opened: %s", self.path, error)
            raise
