"""The crawl's stats collector counts as Scrapy's does, at a plain dict's cost."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawl.extensions import DirectStatsCollector
from newscrawl.spiders.suara import SuaraSpider


def exercise(stats: MemoryStatsCollector) -> dict:
    stats.open_spider()
    stats.inc_value("pages")
    stats.inc_value("pages", 2)
    stats.inc_value("bytes", 10, start=100)
    stats.max_value("largest", 5)
    stats.max_value("largest", 3)
    stats.min_value("smallest", 5)
    stats.min_value("smallest", 3)
    stats.set_value("reason", "finished")
    assert stats.get_value("pages") == 3
    assert stats.get_value("absent", "none") == "none"
    return dict(stats.get_stats())


def test_counts_as_scrapys_collector_does() -> None:
    crawler = get_crawler(SuaraSpider)
    ours = exercise(DirectStatsCollector(crawler))
    assert ours == exercise(MemoryStatsCollector(crawler))
    assert ours == {"pages": 3, "bytes": 110, "largest": 5, "smallest": 3, "reason": "finished"}


def test_stats_survive_the_crawl_in_spider_stats() -> None:
    crawler = get_crawler(SuaraSpider)
    crawler.spider = SuaraSpider.from_crawler(crawler)
    stats = DirectStatsCollector(crawler)
    stats.inc_value("pages")
    stats.close_spider(reason="finished")
    assert stats.spider_stats["suara"] == {"pages": 1}


def test_the_project_uses_it() -> None:
    path = get_project_settings().get("STATS_CLASS")
    assert path == "newscrawl.extensions.DirectStatsCollector"
    crawler = get_crawler(SuaraSpider, settings_dict={"STATS_CLASS": path})
    assert type(crawler.stats) is DirectStatsCollector
