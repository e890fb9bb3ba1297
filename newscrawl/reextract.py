"""Re-run the cleaner over a WARC archive on every core: the fix for old crawls after the
cleaner improved (`newscrawl reextract ARCHIVE.warc.gz -o articles.jsonl`)."""

from __future__ import annotations

import json
import os
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlsplit

from newscrawl.archive import Archive
from newscrawl.cleaner import CleanerOptions, Extraction, adopt_all_pages_view, merge_pages
from newscrawl.extraction import default_workers, extract_page
from newscrawl.items import Article
from newscrawl.pool import worker_context
from newscrawl.portals import portal_for_url

CHUNK = 16
"""Articles handed to a worker at a time (fewer round trips; order is kept)."""
_ARCHIVE: Archive | None = None
_OPTIONS: CleanerOptions | None = None


@dataclass
class Summary:
    """What a re-extraction did."""

    pages: int = 0
    articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def decoded_body(headers: list[tuple[str, str]], body: bytes) -> bytes:
    """A body as the server sent it, without its Content-Encoding (gzip, deflate, br)."""
    encoding = next((v for k, v in headers if k.lower() == "content-encoding"), "").lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    if encoding == "br":
        import brotli  # installed with Scrapy's brotli support

        return brotli.decompress(body)
    return body


def first_pages(archive: Archive) -> Iterator[str]:
    """URLs of the archive's article pages that start an article (not ?page=2, not ?page=all)."""
    for url in archive.urls():
        portal = portal_for_url(url)
        if portal is None or not portal.is_article_url(url):
            continue
        param = portal.hints.page_param
        if param and param in dict(parse_qsl(urlsplit(url).query)):
            continue
        yield url


def _start_worker(archive_path: str, index: Any, options: CleanerOptions) -> None:
    global _ARCHIVE, _OPTIONS
    _ARCHIVE, _OPTIONS = Archive(Path(archive_path), index=index), options


def _page(url: str) -> Extraction | None:
    assert _ARCHIVE is not None
    found = _ARCHIVE.get(url)
    if found is None or not 200 <= found[0] < 300:
        return None
    _status, headers, body = found
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    return extract_page(
        decoded_body(headers, body), url, options=_OPTIONS, content_type=content_type
    )


def _article(url: str) -> tuple[str | None, str | None]:
    """(article as a JSON line, None) or (None, reason it is not one), for one first page."""
    try:
        first = _page(url)
        if first is None:
            return None, "not_archived_ok"
        if first.rejected:
            return None, first.rejected
        links = first.pages
        if links.all_pages_url and links.numbered:
            view = _page(links.all_pages_url)
            whole = adopt_all_pages_view(first.article, view, pages=1 + len(links.numbered))
            if whole is not None:
                return json.dumps(whole.to_dict(), ensure_ascii=False), None
        others: list[Article] = []
        for number in sorted(links.numbered):
            page = _page(links.numbered[number])
            if page is None or page.rejected:
                first.article.warnings.append("pages:incomplete")
                break
            others.append(page.article)
        article = merge_pages(first.article, others) if others else first.article
        return json.dumps(article.to_dict(), ensure_ascii=False), None
    except Exception as error:  # one broken record must not stop a run over a whole archive
        return None, f"error:{type(error).__name__}"


def reextract(
    archive_path: Path,
    output: Path,
    workers: int | None = None,
    options: CleanerOptions | None = None,
    progress: IO[str] | None = None,
) -> Summary:
    """Clean every article of the archive into `output` (JSON lines, written atomically)."""
    started = time.monotonic()
    workers = workers or default_workers()
    options = options or CleanerOptions()
    context = worker_context(__name__)  # the cleaner is imported while the index is built
    archive = Archive(archive_path, keep_urls=True)
    urls = list(first_pages(archive))
    index = archive.index
    archive.close()
    summary = Summary()
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with (
            partial.open("w", encoding="utf-8") as out,
            context.Pool(
                workers, initializer=_start_worker, initargs=(str(archive_path), index, options)
            ) as pool,
        ):
            for line, reason in pool.imap(_article, urls, chunksize=CHUNK):
                summary.pages += 1
                if line is not None:
                    out.write(line + "\n")
                    summary.articles += 1
                else:
                    summary.rejected[reason or "unknown"] += 1
                if progress is not None:
                    _show_progress(progress, summary.pages, len(urls), started)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    summary.seconds = time.monotonic() - started
    if progress is not None:
        progress.write("\n")
    return summary


def _show_progress(stream: IO[str], done: int, total: int, started: float) -> None:
    if done % 25 and done != total:
        return
    width = 30
    filled = width * done // max(total, 1)
    rate = done / max(time.monotonic() - started, 1e-9)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages {rate:6.1f}/s")
    stream.flush()
