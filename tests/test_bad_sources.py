"""A sitemap or feed that cannot be read (a cut or corrupt .xml.gz, an HTML error page served
as a feed) costs only itself: it is counted as source_failed/unreadable, named once in the
log, and discovery goes on with the next source."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newscrawl.archive import WarcWriter
from tests.support.corpus import ORIGIN, site_articles
from tests.support.crawl import run_crawl

SITEMAPS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
BROKEN = {
    "cut": lambda data: data[: len(data) // 2],
    "corrupt": lambda data: data[:20] + bytes(b ^ 0x5A for b in data[20:60]) + data[60:],
    "not gzip": lambda data: b"\x1f\x8b" + b"<html>502 Bad Gateway</html>",
}


def write_site(path: Path, broken: str) -> list[str]:
    """Four gzipped sitemaps of ten articles each, the first one broken; a feed listing the
    first sitemap's articles, and a second feed that is an HTML error page."""
    articles = list(site_articles(40))
    urls = [url for url, _ in articles]
    with path.open("wb") as stream:
        writer = WarcWriter(stream, path.name)

        def put(url: str, body: bytes, content_type: str) -> None:
            writer.write(url, 200, [("Content-Type", content_type)], body, [])

        for url, page in articles:
            put(url, page, "text/html; charset=utf-8")
        children = []
        for number in range(4):
            entries = "".join(
                f"<url><loc>{url}</loc></url>" for url in urls[10 * number : 10 * number + 10]
            )
            packed = gzip.compress(f"<urlset {SITEMAPS}>{entries}</urlset>".encode())
            if number == 0:
                packed = BROKEN[broken](packed)
            child = f"{ORIGIN}/sitemap-{number}.xml.gz"
            put(child, packed, "application/x-gzip")
            children.append(f"<sitemap><loc>{child}</loc></sitemap>")
        index = f"<sitemapindex {SITEMAPS}>{''.join(children)}</sitemapindex>"
        put(f"{ORIGIN}/sitemap.xml", index.encode(), "application/xml")
        put(f"{ORIGIN}/robots.txt", f"Sitemap: {ORIGIN}/sitemap.xml\n".encode(), "text/plain")
        items = "".join(f"<item><link>{url}</link></item>" for url in urls[:10])
        put(f"{ORIGIN}/rss", f"<rss><channel>{items}</channel></rss>".encode(), "application/xml")
        put(f"{ORIGIN}/rss/news", b"<html><body>Maintenance</body></html>", "text/html")
    return urls


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_sitemap_costs_only_itself(tmp_path: Path, broken: str) -> None:
    archive = tmp_path / "site.warc.gz"
    urls = write_site(archive, broken)
    done = run_crawl(
        "suara", tmp_path, "-a", "sources=sitemap", "-s", f"NEWSCRAWL_REPLAY={archive}"
    )
    assert done.returncode == 0, done.log[-3000:]
    assert sorted(item["url"] for item in done.items) == sorted(urls[10:])
    assert done.stats["newscrawl/source_failed/unreadable"] == 1
    assert (
        done.log.count("unreadable source (cannot decompress")
        + done.log.count("unreadable source (not XML")
        == 1
    )
    assert f"{ORIGIN}/sitemap-0.xml.gz" in done.log
    assert "Traceback" not in done.log and "Spider error" not in done.log


def test_an_unreadable_feed_costs_only_itself(tmp_path: Path) -> None:
    """The first sitemap's articles come from the readable feed; the error page served as
    /rss/news is counted and named."""
    archive = tmp_path / "site.warc.gz"
    urls = write_site(archive, "cut")
    done = run_crawl("suara", tmp_path, "-s", f"NEWSCRAWL_REPLAY={archive}")
    assert done.returncode == 0, done.log[-3000:]
    assert sorted(item["url"] for item in done.items) == sorted(urls)
    assert done.stats["newscrawl/source_failed/unreadable"] == 2
    assert f"unreadable source (not a feed (root element <html>)): {ORIGIN}/rss/news" in done.log
    assert "Traceback" not in done.log and "Spider error" not in done.log
