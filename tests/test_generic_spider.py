"""`scrapy crawl generic -a url=...` against a small site without a profile
(fixtures/sites/generic): an article URL, a sitemap, a feed, or the home page (robots.txt
sitemaps and the feed it announces), each emitting the site's articles once, with no portal."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.paths import FIXTURES
from tests.support.siteserver import SiteServer

SITE = FIXTURES / "sites" / "generic"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
INLINE = {"NEWSCRAWL_EXTRACT_WORKERS": "0"}


def crawl(tmp_path: Path, target: str) -> tuple[CrawlResult, list[str]]:
    with SiteServer(SITE) as server:
        result = run_crawl("generic", tmp_path, "-a", f"url={server.url(target)}", settings=INLINE)
        return result, server.requested()


def emitted(result: CrawlResult) -> list[str]:
    return sorted(urlsplit(item["url"]).path for item in result.items)


def check_items(result: CrawlResult) -> None:
    for item in result.items:
        want = EXPECTED["articles"][urlsplit(item["url"]).path]
        assert item["portal"] is None
        assert item["title"] == want["title"]
        assert item["published_at"] == want["published_at"]
        assert item["authors"] == want["authors"]
        assert item["body"].split("\n\n") == want["body"]


def test_an_article_url(tmp_path: Path) -> None:
    path = EXPECTED["in_feed"][-1]
    result, requested = crawl(tmp_path, path)
    assert result.returncode == 0, result.log[-2000:]
    assert emitted(result) == [path]
    check_items(result)
    assert set(requested) == {"/robots.txt", path}


@pytest.mark.parametrize(
    ("target", "listed"), [("/sitemap.xml", "in_sitemap"), ("/feed.xml", "in_feed")]
)
def test_a_sitemap_or_a_feed(tmp_path: Path, target: str, listed: str) -> None:
    result, requested = crawl(tmp_path, target)
    assert emitted(result) == sorted(EXPECTED[listed])
    check_items(result)
    assert "/" not in requested  # nothing but the document and what it lists


def test_the_home_page_finds_the_sitemaps_and_the_feed(tmp_path: Path) -> None:
    result, requested = crawl(tmp_path, "/")
    assert emitted(result) == sorted(EXPECTED["articles"])  # each once, from either source
    check_items(result)
    assert {"/sitemap.xml", "/feed.xml"} <= set(requested)
    assert result.stats["newscrawl/rejected/too_short"] == 1  # the about page in the sitemap
    assert result.stats["newscrawl/skipped/offsite"] == 1  # another site's URL in the sitemap
    # another site's feed and article are not fetched (nor tried: no failure of any kind)
    assert not [key for key in result.stats if "failed/" in key or key.startswith("offsite/")]


def test_a_url_is_required(tmp_path: Path) -> None:
    result = run_crawl("generic", tmp_path, settings=INLINE)
    assert result.returncode != 0
    assert "-a url=URL is required" in result.log
    assert result.items == []
