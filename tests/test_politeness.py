"""Politeness per portal in one crawl: a download slot per portal with the portal's own delay
and concurrency, kept by AutoThrottle; what the command line says applies to all."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.core.downloader import Slot
from scrapy.http import Request, Response
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.crawl.politeness import PortalThrottle, portal_slots
from newscrawl.crawl.spiders import NewsSpider
from newscrawl.crawl.targets import PORTAL_KEY, SLOT_KEY
from newscrawl.portals import PORTALS


def settings(**command_line: object) -> Settings:
    values = Settings()
    values.setmodule(project_settings, priority="project")
    values.setdict(command_line, priority="cmdline")
    return values


def test_each_portal_its_own_delay_and_concurrency() -> None:
    slots = portal_slots(PORTALS.values(), settings())
    assert sorted(slots) == sorted(PORTALS)
    assert slots["suara"] == {"delay": 0.5, "concurrency": 4}
    assert slots["mediaindonesia"]["delay"] == 1.0
    assert slots["tempo"] == {"delay": 0.25, "concurrency": 1}
    assert slots["detik"] == {"delay": 0.25, "concurrency": 4}  # the project's defaults


def test_the_command_line_applies_to_every_portal() -> None:
    slots = portal_slots(
        PORTALS.values(), settings(DOWNLOAD_DELAY=2, CONCURRENT_REQUESTS_PER_DOMAIN=1)
    )
    assert {slot["delay"] for slot in slots.values()} == {2.0}
    assert {slot["concurrency"] for slot in slots.values()} == {1}


def test_news_requests_go_to_their_portals_slot() -> None:
    crawler = get_crawler(NewsSpider, settings_dict={})
    assert crawler.settings.getdict("DOWNLOAD_SLOTS")["suara"]["delay"] == 0.5
    spider = crawler._create_spider(portals="detik,kompas")
    for name, target in spider.targets.items():
        for request in spider.discover(target):
            assert request.meta[PORTAL_KEY] == request.meta[SLOT_KEY] == name


def test_download_slots_given_replace_the_portals() -> None:
    given = settings(DOWNLOAD_SLOTS={"detik": {"delay": 3}})
    NewsSpider.update_settings(given)
    assert given.getdict("DOWNLOAD_SLOTS") == {"detik": {"delay": 3}}


def test_autothrottle_keeps_a_slot_at_its_portals_delay_at_least() -> None:
    crawler = get_crawler(
        NewsSpider,
        settings_dict={
            "AUTOTHROTTLE_ENABLED": True,
            "DOWNLOAD_SLOTS": {"suara": {"delay": 0.5}},
            "DOWNLOAD_DELAY": 0,
        },
    )
    slots = {"suara": Slot(4, 0.5, 0), "other": Slot(4, 0.5, 0)}
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots=slots))
    throttle = PortalThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    for key in slots:  # a fast answer: AutoThrottle lowers the delay
        request = Request(
            "https://x.example/", meta={"download_slot": key, "download_latency": 0.01}
        )
        throttle._response_downloaded(Response(request.url, request=request), request, None)
    assert slots["suara"].delay == 0.5  # kept at the portal's own
    assert slots["other"].delay < 0.5  # a slot without one follows AutoThrottle
