"""Benchmark inputs: fixture and real pages varied into thousands, and a synthetic suara site
written straight into a WARC archive for replayed crawls."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from lxml import html

from newscrawl.archive import WarcWriter
from tests.support.paths import ROOT, SHARED

ORIGIN = "https://www.suara.com"
PLACEHOLDER = "{{BASE}}"
_TEXT_TAGS = ("p", "li", "h2", "h3")


def base_pages() -> list[tuple[str, bytes]]:
    """(name, page) for every fixture page, mirror article and real page available."""
    pages = [
        (str(p.relative_to(ROOT)), p.read_bytes())
        for p in sorted((ROOT / "fixtures" / "cases").glob("*/*/page.html"))
    ]
    for page in sorted((ROOT / "fixtures" / "sites" / "suara" / "articles").glob("*.html")):
        body = page.read_bytes().replace(PLACEHOLDER.encode(), ORIGIN.encode())
        pages.append((str(page.relative_to(ROOT)), body))
    for page in sorted((SHARED / "realpages").glob("*/*.html")):
        pages.append((str(page.relative_to(SHARED)), page.read_bytes()))
    return pages


def vary(page: bytes, seed: int) -> bytes:
    """The same markup with its paragraphs' words shuffled and numbers changed, so that no
    two copies are byte-identical while each keeps its size and structure."""
    rng = random.Random(seed)
    root = html.document_fromstring(page)
    for element in root.iter(*_TEXT_TAGS):
        if element.text and len(element.text.split()) > 3:
            words = element.text.split()
            rng.shuffle(words)
            element.text = " ".join(str(rng.randint(1, 999)) if w.isdigit() else w for w in words)
    return html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")


def varied_pages(count: int) -> list[bytes]:
    """`count` pages cycling over the base pages, each varied differently."""
    bases = [page for _, page in base_pages()]
    return [vary(bases[i % len(bases)], seed=i) for i in range(count)]


def _article_templates() -> list[bytes]:
    folder = ROOT / "fixtures" / "sites" / "suara" / "articles"
    pages = [
        p.read_bytes().replace(PLACEHOLDER.encode(), ORIGIN.encode())
        for p in sorted(folder.glob("*.html"))
    ]
    return [page for page in pages if b"page=" not in page]  # one-page articles only


def site_articles(count: int) -> Iterator[tuple[str, bytes]]:
    """(url, page) of `count` distinct suara-like articles, one a minute from 2019-11-22."""
    templates = _article_templates()
    start = datetime(2019, 11, 22, 23, 59)
    for number in range(count):
        when = start - timedelta(minutes=number)
        url = f"{ORIGIN}/news/{when:%Y/%m/%d}/{when:%H%M%S}/artikel-uji-beban-nomor-{number}"
        page = vary(templates[number % len(templates)], seed=number)
        page = page.replace(b"<head>", f'<head><link rel="canonical" href="{url}">'.encode(), 1)
        yield url, page


DETIK_ORIGIN = "https://www.detik.com"
DETIK_ARTICLE = (
    "/berita/d-7412345/warga-cilincing-gotong-royong-bersihkan-saluran-air-jelang-musim-hujan"
)


def detik_articles(count: int) -> Iterator[tuple[str, bytes]]:
    """(url, page) of `count` distinct detik-like articles on news.detik.com."""
    folder = ROOT / "fixtures" / "sites" / "detik" / "articles"
    template = (folder / (DETIK_ARTICLE.rsplit("/", 1)[1] + ".html")).read_bytes()
    for number in range(count):
        url = f"https://news.detik.com/berita/d-{7000000 + number}/artikel-uji-detik-nomor-{number}"
        page = template.replace(f"{PLACEHOLDER}{DETIK_ARTICLE}".encode(), url.encode())
        page = page.replace(PLACEHOLDER.encode(), b"https://news.detik.com")
        yield url, vary(page, seed=100_000 + number)


class _ArchiveSite:
    """Responses of one or more sites written into a WARC archive."""

    def __init__(self, writer: WarcWriter) -> None:
        self.writer = writer
        self.written = 0

    def put(self, url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.writer.write(url, 200, [("Content-Type", content_type)], body, [])
        self.written += 1

    def urlset(self, url: str, urls: list[str]) -> None:
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        body = f'<urlset xmlns="{SITEMAP_NS}">{entries}</urlset>'
        self.put(url, body.encode(), "application/xml")

    def site(
        self, origin: str, articles: Iterator[tuple[str, bytes]], per_sitemap: int
    ) -> list[str]:
        """The articles, found through robots.txt, a sitemap index and its sitemaps."""
        urls: list[str] = []
        for url, page in articles:
            self.put(url, page)
            urls.append(url)
        chunks = [urls[i : i + per_sitemap] for i in range(0, len(urls), per_sitemap)]
        for index, chunk in enumerate(chunks):
            self.urlset(f"{origin}/sitemap-{index}.xml", chunk)
        children = "".join(
            f"<sitemap><loc>{origin}/sitemap-{i}.xml</loc></sitemap>" for i in range(len(chunks))
        )
        index_body = f'<sitemapindex xmlns="{SITEMAP_NS}">{children}</sitemapindex>'
        self.put(f"{origin}/sitemap.xml", index_body.encode(), "application/xml")
        robots = f"User-agent: *\nSitemap: {origin}/sitemap.xml\n"
        self.put(f"{origin}/robots.txt", robots.encode(), "text/plain")
        return urls


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_site_archive(path: Path, count: int, per_sitemap: int = 1000) -> int:
    """A WARC archive of a suara-like site with `count` articles found through robots.txt
    and a sitemap index, as the crawl discovers them live. Returns the responses written."""
    with path.open("wb") as stream:
        archive = _ArchiveSite(WarcWriter(stream, path.name))
        archive.site(ORIGIN, site_articles(count), per_sitemap)
    return archive.written


def write_two_portals_archive(
    path: Path, suara: int, detik: int, per_sitemap: int = 100
) -> dict[str, list[str]]:
    """A WARC archive of a suara-like and a detik-like site (robots.txt, sitemap index,
    sitemaps; detik's news sitemap also lists its 50 newest articles, as a second source);
    the article URLs of each."""
    with path.open("wb") as stream:
        archive = _ArchiveSite(WarcWriter(stream, path.name))
        found = {
            "suara": archive.site(ORIGIN, site_articles(suara), per_sitemap),
            "detik": archive.site(DETIK_ORIGIN, detik_articles(detik), per_sitemap),
        }
        archive.urlset("https://news.detik.com/berita/sitemap_news.xml", found["detik"][:50])
    return found
