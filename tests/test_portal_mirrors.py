"""End to end, for every registered portal: `scrapy crawl <portal>` against its mirror
(fixtures/sites/<portal>) on 127.0.0.1, and `scrapy crawl news` over all the mirrors at once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.portals import PORTALS
from tests.support.crawl import CrawlResult, run_crawl
from tests.support.paths import FIXTURES
from tests.support.siteserver import SiteServer

SITES = FIXTURES / "sites"
INLINE = {"NEWSCRAWL_EXTRACT_WORKERS": "0"}
"""Tiny mirrors: cleaning in the crawl process is quicker than starting a pool."""


def expected_of(portal: str) -> dict[str, Any]:
    return json.loads((SITES / portal / "expected.json").read_text(encoding="utf-8"))


def failures(result: CrawlResult) -> dict[str, int]:
    """Fetch failures, by stat, as the crawl counted them."""
    prefixes = ("newscrawl/failed/", "newscrawl/source_failed/", "newscrawl/pages/")
    return {k: v for k, v in result.stats.items() if k.startswith(prefixes)}


def check_articles(portal: str, items: list[dict[str, Any]]) -> None:
    """Every mirror article emitted once, whole (multi-page ones stitched), read with its
    profile (every layout marker held), and nothing else."""
    expected = expected_of(portal)["articles"]
    emitted = Counter(urlsplit(item["url"]).path for item in items)
    assert sorted(emitted) == sorted(expected)
    assert set(emitted.values()) == {1}
    for item in items:
        want = expected[urlsplit(item["url"]).path]
        assert item["portal"] == portal
        assert (item["extraction"], item["layout_missed"]) == ("profile", [])  # markers held
        assert item["title"] == want["title"]
        assert item["published_at"] == want["published_at"]
        assert item["pages"] == want["pages"]
        assert item["body"].split("\n\n") == want["body"]
        if "authors" in want:
            assert item["authors"] == want["authors"]


def test_every_portal_has_a_mirror() -> None:
    assert sorted(PORTALS) == sorted(p.name for p in SITES.iterdir() if p.name in PORTALS)


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_portal_mirror_crawl(portal: str, tmp_path: Path) -> None:
    expected = expected_of(portal)
    with SiteServer(SITES / portal) as server:
        result = run_crawl(portal, tmp_path, "-a", f"base_url={server.base_url}", settings=INLINE)
        requested = server.requested()
    assert result.returncode == 0, result.log[-3000:]
    check_articles(portal, result.items)
    assert failures(result) == expected.get("failures", {})
    paths = {urlsplit(target).path for target in requested}
    assert not {urlsplit(url).path for url in expected["never_requested"]} & paths
    sources = expected.get("sources", [])
    if isinstance(sources, dict):  # by kind of source (the suara mirror)
        sources = [path for paths in sources.values() for path in paths]
    assert set(sources) <= set(requested)  # every source the mirror serves is read


def test_news_crawls_every_mirror_at_once(tmp_path: Path) -> None:
    """One process, one feed, every portal at its own mirror: each mirror article once."""
    servers = {name: SiteServer(SITES / name).start() for name in sorted(PORTALS)}
    try:
        base_urls = ",".join(f"{name}={server.base_url}" for name, server in servers.items())
        result = run_crawl("news", tmp_path, "-a", f"base_urls={base_urls}", settings=INLINE)
    finally:
        for server in servers.values():
            server.stop()
    assert result.returncode == 0, result.log[-3000:]
    port_of = {server.port: name for name, server in servers.items()}
    by_portal: dict[str, list[dict[str, Any]]] = {name: [] for name in servers}
    for item in result.items:
        by_portal[port_of[urlsplit(item["url"]).port]].append(item)
    counts = {name: len(items) for name, items in by_portal.items()}
    print("articles per portal:", counts)
    print("failures by reason:", failures(result))
    for name, items in by_portal.items():
        check_articles(name, items)
        assert result.stats.get(f"newscrawl/emitted/{name}") == len(items)
        assert result.stats.get(f"newscrawl/extraction/{name}/profile") == len(items)
    assert not [key for key in result.stats if "/generic" in key or "layout_" in key]
    assert failures(result) == Counter(
        {k: v for name in servers for k, v in expected_of(name).get("failures", {}).items()}
    )


def test_news_takes_a_choice_of_portals(tmp_path: Path) -> None:
    with SiteServer(SITES / "detik") as detik, SiteServer(SITES / "kompas") as kompas:
        result = run_crawl(
            "news",
            tmp_path,
            "-a",
            "portals=detik,kompas",
            "-a",
            f"base_urls=detik={detik.base_url},kompas={kompas.base_url}",
            settings=INLINE,
        )
    assert sorted({item["portal"] for item in result.items}) == ["detik", "kompas"]
    assert len(result.items) == len(expected_of("detik")["articles"]) + len(
        expected_of("kompas")["articles"]
    )
