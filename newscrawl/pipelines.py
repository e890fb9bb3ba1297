"""Item pipelines: validate and count drop reasons, drop repeats within a run."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from newscrawl.items import Article

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


class PlainItemPipeline:
    """Last stage: the article as plain JSON-ready data for the feed exporters, which would
    otherwise inspect every nested dataclass (most of a replayed crawl's time)."""

    def process_item(self, item: Article) -> dict[str, Any]:
        return item.to_dict()


class DedupePipeline:
    """One item per canonical URL per run (several sources list the same article)."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        assert item.url is not None
        if item.url in self.seen:
            self.stats.inc_value("newscrawl/dropped/duplicate_in_run")
            raise DropItem(f"already emitted in this run: {item.url}")
        self.seen.add(item.url)
        return item
