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


def write_site_archive(path: Path, count: int, per_sitemap: int = 1000) -> int:
    """A WARC archive of a suara-like site with `count` articles found through robots.txt
    and a sitemap index, as the crawl discovers them live. Returns the responses written."""
    urls: list[str] = []
    written = 0
    with path.open("wb") as stream:
        writer = WarcWriter(stream, path.name)

        def put(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
            nonlocal written
            writer.write(url, 200, [("Content-Type", content_type)], body, [])
            written += 1

        for url, page in site_articles(count):
            put(url, page)
            urls.append(url)
        chunks = [urls[i : i + per_sitemap] for i in range(0, len(urls), per_sitemap)]
        for index, chunk in enumerate(chunks):
            entries = "".join(f"<url><loc>{u}</loc></url>" for u in chunk)
            put(
                f"{ORIGIN}/sitemap-{index}.xml",
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode(),
                "application/xml",
            )
        children = "".join(
            f"<sitemap><loc>{ORIGIN}/sitemap-{i}.xml</loc></sitemap>" for i in range(len(chunks))
        )
        put(
            f"{ORIGIN}/sitemap.xml",
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}'
            "</sitemapindex>".encode(),
            "application/xml",
        )
        put(
            f"{ORIGIN}/robots.txt",
            f"User-agent: *\nSitemap: {ORIGIN}/sitemap.xml\n".encode(),
            "text/plain",
        )
    return written
