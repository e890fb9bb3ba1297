"""Scrapy settings to the cleaner's options and to the worker pool: the one place for both."""

from __future__ import annotations

from typing import Any

from newscrawl import settings as defaults
from newscrawl.cleaner import CleanerOptions
from newscrawl.pool import ExtractionPool, default_workers


def options_from_settings(settings: Any) -> CleanerOptions:
    """The one place where Scrapy settings become cleaner options."""
    return CleanerOptions(
        min_words=settings.getint("NEWSCRAWL_MIN_WORDS", defaults.NEWSCRAWL_MIN_WORDS),
        min_words_declared_article=settings.getint(
            "NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE", defaults.NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE
        ),
        favor_precision=settings.getbool(
            "NEWSCRAWL_FAVOR_PRECISION", defaults.NEWSCRAWL_FAVOR_PRECISION
        ),
        fast=settings.getbool("NEWSCRAWL_FAST_EXTRACTION", defaults.NEWSCRAWL_FAST_EXTRACTION),
        max_html_bytes=settings.getint(
            "NEWSCRAWL_MAX_HTML_BYTES", defaults.NEWSCRAWL_MAX_HTML_BYTES
        ),
    )


def pool_from_settings(settings: Any) -> ExtractionPool | None:
    """NEWSCRAWL_EXTRACT_WORKERS processes ("auto": one per core; 0: clean inline, no pool)."""
    value = settings.get("NEWSCRAWL_EXTRACT_WORKERS", defaults.NEWSCRAWL_EXTRACT_WORKERS)
    workers = default_workers() if value in (None, "", "auto") else max(0, int(value))
    if workers == 0:
        return None
    timeout = settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", defaults.NEWSCRAWL_EXTRACT_TIMEOUT)
    return ExtractionPool(workers, timeout)
