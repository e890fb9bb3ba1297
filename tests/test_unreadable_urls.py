"""A URL urllib cannot read ("https://[www...", an unbalanced IPv6 bracket) in a sitemap or a
sitemap index costs only itself: the articles listed after it, and the sitemaps after that
one, are still crawled."""

from __future__ import annotations

from pathlib import Path

from newscrawl.archive import WarcWriter
from tests.support.corpus import ORIGIN, site_articles
from tests.support.crawl import run_crawl

BAD = "https://[www.suara.com/news/2019/11/22/235900/rusak"
BAD_SITEMAP = "https://[www.suara.com/sitemap-rusak.xml"
SITEMAPS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def write_site(path: Path) -> list[str]:
    """Two sitemaps of two articles each, a bad URL in the middle of the first and a bad
    sitemap between them in the index."""
    articles = list(site_articles(4))
    with path.open("wb") as stream:
        writer = WarcWriter(stream, path.name)

        def put(url: str, body: bytes, content_type: str) -> None:
            writer.write(url, 200, [("Content-Type", content_type)], body, [])

        for url, page in articles:
            put(url, page, "text/html; charset=utf-8")
        urls = [url for url, _ in articles]
        for number, listed in enumerate([[urls[0], BAD, urls[1]], urls[2:]]):
            entries = "".join(f"<url><loc>{url}</loc></url>" for url in listed)
            sitemap = f"<urlset {SITEMAPS}>{entries}</urlset>"
            put(f"{ORIGIN}/sitemap-{number}.xml", sitemap.encode(), "application/xml")
        children = "".join(
            f"<sitemap><loc>{loc}</loc></sitemap>"
            for loc in (f"{ORIGIN}/sitemap-0.xml", BAD_SITEMAP, f"{ORIGIN}/sitemap-1.xml")
        )
        index = f"<sitemapindex {SITEMAPS}>{children}</sitemapindex>"
        put(f"{ORIGIN}/sitemap.xml", index.encode(), "application/xml")
        put(f"{ORIGIN}/robots.txt", f"Sitemap: {ORIGIN}/sitemap.xml\n".encode(), "text/plain")
    return urls


def test_a_bad_url_in_a_sitemap_costs_only_itself(tmp_path: Path) -> None:
    archive = tmp_path / "site.warc.gz"
    urls = write_site(archive)
    done = run_crawl(
        "suara", tmp_path, "-a", "sources=sitemap", "-s", f"NEWSCRAWL_REPLAY={archive}"
    )
    assert done.returncode == 0, done.log[-3000:]
    assert sorted(item["url"] for item in done.items) == sorted(urls)
    assert done.stats["newscrawl/skipped/unreadable_url"] == 1
    assert "unreadable URL in a sitemap: 'https://[www.suara.com" in done.log
    assert "Spider error" not in done.log
