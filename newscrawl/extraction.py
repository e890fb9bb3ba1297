"""Run the cleaner for a page of a known (or unknown) portal, in this process or in a pool.

Worker processes receive only picklable values (bytes, strings, options) and look the
portal's hints up by name, so the same call works inline and in a process pool.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from newscrawl.cleaner import GENERIC, CleanerOptions, Extraction, clean_html
from newscrawl.pool import ExtractionPool
from newscrawl.portals import PORTALS, portal_for_url


def extract_page(
    body: bytes | str,
    url: str | None,
    *,
    portal: str | None = None,
    options: CleanerOptions | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
) -> Extraction:
    """Clean one page with the hints of `portal` (by name), or of the portal owning `url`."""
    known = PORTALS.get(portal) if portal else (portal_for_url(url) if url else None)
    hints = known.hints if known else GENERIC
    return clean_html(body, url, hints=hints, options=options, now=now, content_type=content_type)


def options_from_settings(settings: Any) -> CleanerOptions:
    """The one place where Scrapy settings become cleaner options."""
    return CleanerOptions(
        min_words=settings.getint("NEWSCRAWL_MIN_WORDS", CleanerOptions.min_words),
        min_words_declared_article=settings.getint(
            "NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE", CleanerOptions.min_words_declared_article
        ),
        favor_precision=settings.getbool("NEWSCRAWL_FAVOR_PRECISION", False),
        fast=settings.getbool("NEWSCRAWL_FAST_EXTRACTION", True),
        max_html_bytes=settings.getint("NEWSCRAWL_MAX_HTML_BYTES", CleanerOptions.max_html_bytes),
    )


def pool_from_settings(settings: Any) -> ExtractionPool | None:
    """NEWSCRAWL_EXTRACT_WORKERS processes ("auto": one per core; 0: clean inline, no pool)."""
    value = settings.get("NEWSCRAWL_EXTRACT_WORKERS", "auto")
    workers = default_workers() if value in (None, "", "auto") else max(0, int(value))
    if workers == 0:
        return None
    return ExtractionPool(workers, settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 30.0))


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
