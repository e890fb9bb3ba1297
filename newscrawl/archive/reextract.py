"""Re-run the cleaner over a WARC archive on every core: the fix for old crawls after the
cleaner improved (`newscrawl reextract ARCHIVE.warc.gz -o articles.jsonl`).

The crawl's worker pool does the work, so a re-extraction holds what a crawl holds: a time
limit per article, a stuck worker replaced, a worker that dies costing only its article,
and only a few articles per worker in flight, however large the archive."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from newscrawl import settings
from newscrawl.archive import Archive
from newscrawl.cleaner import CleanerOptions, Extraction, Stitching
from newscrawl.cleaner.pages import names_a_page
from newscrawl.files import atomic_output
from newscrawl.pool import ExtractionPool, ExtractionTimeout, default_workers, worker_context
from newscrawl.portals import extract_page, portal_for_url

logger = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 8
"""Articles handed to the pool ahead of the one being written, per worker: enough to keep
every worker busy, few enough that memory does not grow with the archive."""
_ARCHIVE: Archive | None = None
_OPTIONS: CleanerOptions | None = None


@dataclass
class Summary:
    """What a re-extraction did."""

    pages: int = 0
    articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    truncated_at: int | None = None
    """Where the archive stops being whole records, if it does (read up to there)."""


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
    """URLs of the archive's article pages that start an article (not page 2, not the all view)."""
    for url in archive.urls():
        portal = portal_for_url(url)
        if portal is None or not portal.is_article_url(url):
            continue
        if not names_a_page(url, portal.hints):
            yield url


def _articles_and_index(archive_path: Path) -> tuple[list[str], Any, int | None]:
    """The URLs of the archive's first pages, its index for the workers (the list of every
    URL the archive holds is dropped once read), and where it is cut off, if it is."""
    archive = Archive(archive_path, keep_urls=True)
    try:
        return list(first_pages(archive)), archive.index, archive.truncated_at
    finally:
        archive.close()


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
        stitching = Stitching(first)
        while (page := stitching.next_page()) is not None:
            stitching.add(_page(page.url), fetched=False)  # None: not in the archive
        return json.dumps(stitching.article().to_dict(), ensure_ascii=False), None
    except Exception as error:  # one broken record must not stop a run over a whole archive
        return None, f"error:{type(error).__name__}"


def reextract(
    archive_path: Path,
    output: Path | str,
    workers: int | None = None,
    options: CleanerOptions | None = None,
    progress: IO[str] | None = None,
    timeout: float = settings.NEWSCRAWL_EXTRACT_TIMEOUT,
) -> Summary:
    """Clean every article of the archive into `output` (JSON lines in archive order, written
    atomically; `-` for standard output). An article whose cleaning takes over `timeout`
    seconds (0: no limit) is counted as `extraction_timeout` and the run goes on.
    ArchiveError (before anything is written) when the file is not a WARC archive."""
    started = time.monotonic()
    workers = workers or default_workers()
    options = options or CleanerOptions()
    worker_context(__name__)  # the fork server imports the cleaner while the index is built
    summary = Summary()
    urls, index, summary.truncated_at = _articles_and_index(archive_path)
    if summary.truncated_at is not None:
        logger.warning(
            "%s ends inside a record at byte %d: read up to there",
            archive_path,
            summary.truncated_at,
        )
    setup = partial(_start_worker, str(archive_path), index, options)
    pool = ExtractionPool(workers, timeout, preload=__name__, setup=setup)
    try:
        with atomic_output(output) as out:

            def record(url: str, outcome: tuple[str | None, str | None]) -> None:
                line, reason = outcome
                summary.pages += 1
                if line is not None:
                    out.write(line.encode("utf-8") + b"\n")
                    summary.articles += 1
                else:
                    summary.rejected[reason or "unknown"] += 1
                if reason == "extraction_timeout" or (reason or "").startswith("error:"):
                    logger.warning("not cleaned (%s): %s", reason, url)
                if progress is not None:
                    _show_progress(progress, summary.pages, len(urls), started)

            asyncio.run(_clean_in_order(pool, urls, IN_FLIGHT_PER_WORKER * workers, record))
    finally:
        pool.close()
    summary.seconds = time.monotonic() - started
    if progress is not None:
        progress.write("\n")
    return summary


async def _clean_in_order(
    pool: ExtractionPool,
    urls: Iterable[str],
    in_flight: int,
    record: Callable[[str, tuple[str | None, str | None]], None],
) -> None:
    """Each URL and its outcome to `record`, in the order of `urls`, with at most
    `in_flight` articles handed to the pool at a time."""
    pending: deque[tuple[str, asyncio.Future[Any]]] = deque()
    for url in urls:
        pending.append((url, asyncio.ensure_future(pool.run(partial(_article, url)))))
        if len(pending) >= in_flight:
            done_url, article = pending.popleft()
            record(done_url, await _outcome(article))
    while pending:
        done_url, article = pending.popleft()
        record(done_url, await _outcome(article))


async def _outcome(article: asyncio.Future[Any]) -> tuple[str | None, str | None]:
    try:
        return await article
    except ExtractionTimeout:
        return None, "extraction_timeout"
    except Exception as error:  # e.g. the archive could not be opened in the worker
        return None, f"error:{type(error).__name__}"


def _show_progress(stream: IO[str], done: int, total: int, started: float) -> None:
    if done % 25 and done != total:
        return
    width = 30
    filled = width * done // max(total, 1)
    rate = done / max(time.monotonic() - started, 1e-9)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages {rate:6.1f}/s")
    stream.flush()
