"""`scrapy list` names every registered portal, `news` and `generic`; their arguments are
checked before anything is fetched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newscrawl.crawl.arguments import ArgumentError
from newscrawl.crawl.spiders import PORTAL_SPIDERS, GenericSpider, NewsSpider
from newscrawl.portals import PORTALS
from tests.support.paths import ROOT

ISSUE_PORTALS = [
    "suara",
    "detik",
    "kompas",
    "tribunnews",
    "liputan6",
    "merdeka",
    "okezone",
    "antaranews",
    "republika",
    "tempo",
    "cnnindonesia",
    "cnbcindonesia",
    "kumparan",
    "sindonews",
    "viva",
    "mediaindonesia",
]


def test_scrapy_list_names_every_spider() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert sorted(done.stdout.split()) == sorted([*ISSUE_PORTALS, "news", "generic"])
    assert sorted(PORTALS) == sorted(ISSUE_PORTALS)


def test_a_portal_spider_is_its_portal() -> None:
    spider = PORTAL_SPIDERS["detik"]
    assert (spider.name, spider.portal) == ("detik", PORTALS["detik"])
    assert spider.custom_settings == PORTALS["detik"].spider_settings


def test_news_arguments() -> None:
    args = NewsSpider.check_arguments(portals="kompas,detik", base_urls="detik=http://127.0.0.1:9")
    assert args.portals == ("detik", "kompas")  # registry order
    assert args.origins == {"detik": "http://127.0.0.1:9"}
    assert NewsSpider.check_arguments().portals == tuple(PORTALS)
    with pytest.raises(ArgumentError, match="unknown portal"):
        NewsSpider.check_arguments(portals="detik,kompass")
    with pytest.raises(ArgumentError, match="not PORTAL=URL"):
        NewsSpider.check_arguments(portals="detik", base_urls="kompas=http://127.0.0.1:9")
    with pytest.raises(ArgumentError, match="unknown argument"):
        NewsSpider.check_arguments(url="https://news.detik.com/berita/d-1/x")


def test_generic_arguments() -> None:
    assert GenericSpider.check_arguments(url="https://example.org/").urls == (
        "https://example.org/",
    )
    with pytest.raises(ArgumentError, match="required"):
        GenericSpider.check_arguments()
    with pytest.raises(ArgumentError, match="required"):
        GenericSpider.check_arguments(url="https://a.example/ https://b.example/")
