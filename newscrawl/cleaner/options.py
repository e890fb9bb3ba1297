"""Tunable behaviour of the cleaner; its defaults are the project settings' (settings.py)."""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl import settings as defaults


@dataclass(frozen=True)
class CleanerOptions:
    """Knobs of the cleaner, built from Scrapy settings in `newscrawl.crawl.extraction`."""

    min_words: int = defaults.NEWSCRAWL_MIN_WORDS
    """A page whose cleaned body has fewer words is not an article ("too_short")..."""
    min_words_declared_article: int = defaults.NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE
    """...unless the page declares itself an article (a photo story with a short text is one);
    then this many words suffice."""
    favor_precision: bool = defaults.NEWSCRAWL_FAVOR_PRECISION
    """Ask trafilatura to prefer less text over doubtful text."""
    fast: bool = defaults.NEWSCRAWL_FAST_EXTRACTION
    """Skip trafilatura's second-opinion extractors (readability, jusText)."""
    max_html_bytes: int = defaults.NEWSCRAWL_MAX_HTML_BYTES
    """Larger documents are cut to this many characters before parsing."""
