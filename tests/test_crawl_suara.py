"""End to end: `scrapy crawl suara` as a subprocess against the suara mirror on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.crawl import CrawlResult, run_crawl
from tests.support.siteserver import SiteServer

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "suara"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
WINDOW = EXPECTED["window"]


@pytest.fixture(scope="module")
def window_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, list[str]]:
    """One crawl of the whole mirror with the date window, shared by the checks below."""
    with SiteServer(SITE) as server:
        result = run_crawl(
            "suara",
            tmp_path_factory.mktemp("window"),
            "-a",
            f"base_url={server.base_url}",
            "-a",
            f"since={WINDOW['since']}",
            "-a",
            f"until={WINDOW['until']}",
        )
        requested = [request["path"] for request in server.requests]
    return result, requested


def expected_in_window() -> dict[str, dict]:
    return {path: a for path, a in EXPECTED["articles"].items() if not a.get("outside_window")}


def test_crawl_ends_cleanly(window_crawl: tuple[CrawlResult, list[str]]) -> None:
    result, _ = window_crawl
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "finished"
    assert "Traceback" not in result.log


def test_the_crawl_listens_on_no_control_port(window_crawl: tuple[CrawlResult, list[str]]) -> None:
    """Scrapy's remote-control server (code execution over HTTP) is off."""
    result, _ = window_crawl
    assert "remote_control" not in result.log


def test_every_article_once(window_crawl: tuple[CrawlResult, list[str]]) -> None:
    result, _ = window_crawl
    emitted = result.by_path()
    assert sorted(emitted) == sorted(expected_in_window())
    assert all(len(items) == 1 for items in emitted.values())


@pytest.mark.parametrize("path", sorted(expected_in_window()))
def test_article_line(window_crawl: tuple[CrawlResult, list[str]], path: str) -> None:
    result, _ = window_crawl
    [item] = result.by_path()[path]
    expected = EXPECTED["articles"][path]
    for field in ("title", "published_at", "authors", "section", "pages"):
        assert item[field] == expected[field], field
    assert item["body"].split("\n\n") == expected["body"]
    kinds: dict[str, int] = {}
    for link in item["related"]:
        kinds[link["kind"]] = kinds.get(link["kind"], 0) + 1
    for kind, count in expected["related_counts"].items():
        assert kinds.get(kind, 0) == count, kind
    assert item["portal"] == "suara"
    assert item["language"] == "id"
    assert item["crawled_at"]
    assert item["word_count"] == len(item["body"].split())


def test_non_articles_are_counted_not_emitted(window_crawl: tuple[CrawlResult, list[str]]) -> None:
    result, _ = window_crawl
    emitted = result.by_path()
    for path in EXPECTED["not_emitted"]:
        assert path not in emitted
    stats = result.stats
    assert stats.get("newscrawl/rejected/soft_404") == 1
    assert stats.get("newscrawl/rejected/too_short") == 1
    assert stats.get("newscrawl/failed/http_500") == 1


def test_robots_and_offsite_links_are_respected(
    window_crawl: tuple[CrawlResult, list[str]],
) -> None:
    _, requested = window_crawl
    paths = {urlsplit(r).path for r in requested}
    for target in EXPECTED["never_requested"]:
        assert urlsplit(target).path not in paths
    assert "/robots.txt" in requested
    assert not any(path.startswith("/tag/") for path in paths)  # not an article URL


def test_window_leaves_out_older_articles(window_crawl: tuple[CrawlResult, list[str]]) -> None:
    result, requested = window_crawl
    outside = [p for p, a in EXPECTED["articles"].items() if a.get("outside_window")]
    assert outside and not set(outside) & set(result.by_path())
    assert not set(outside) & set(requested)  # skipped before fetching


def test_without_window_and_with_a_limit(tmp_path: Path) -> None:
    with SiteServer(SITE) as server:
        everything = run_crawl("suara", tmp_path / "all", "-a", f"base_url={server.base_url}")
        limited = run_crawl(
            "suara",
            tmp_path / "limited",
            "-a",
            f"base_url={server.base_url}",
            "-a",
            "max_articles=3",
        )
    assert sorted(everything.by_path()) == sorted(EXPECTED["articles"])
    assert len(limited.items) == 3
    assert limited.stats["finish_reason"] == "max_articles"


def test_given_url_only(tmp_path: Path) -> None:
    path = next(p for p, a in EXPECTED["articles"].items() if a["pages"] == 2)
    with SiteServer(SITE) as server:
        result = run_crawl(
            "suara",
            tmp_path,
            "-a",
            f"url={server.base_url}{path}",
            "-a",
            f"base_url={server.base_url}",
        )
        requested = [request["path"] for request in server.requests]
    assert [item["url"] for item in result.items] == [server.base_url + path]
    assert result.items[0]["pages"] == 2
    assert not any(r.startswith(("/rss", "/sitemap", "/indeks")) for r in requested)


def test_article_forbidden_by_robots_is_counted_with_its_reason(tmp_path: Path) -> None:
    with SiteServer(SITE) as server:
        result = run_crawl(
            "suara",
            tmp_path,
            "-a",
            f"base_url={server.base_url}",
            "-a",
            f"url={server.base_url}/search/2019/11/22/100500/cari-sesuatu",
            "-s",
            "NEWSCRAWL_EXTRACT_WORKERS=0",
        )
        requested = [request["path"] for request in server.requests]
    assert result.items == []
    assert result.stats["newscrawl/failed/forbidden_by_robots"] == 1
    assert not any(path.startswith("/search") for path in requested)
