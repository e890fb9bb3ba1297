"""Tunable behaviour of the cleaner, built from Scrapy settings in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanerOptions:
    """Knobs of the cleaner. Defaults suit news articles; see `newscrawl/settings.py`."""

    min_words: int = 40
    """A page whose cleaned body has fewer words is not an article ("too_short")..."""
    min_words_declared_article: int = 10
    """...unless the page declares itself an article (a photo story with a short text is one);
    then this many words suffice."""
    favor_precision: bool = False
    """Ask trafilatura to prefer less text over doubtful text."""
    fast: bool = True
    """Skip trafilatura's second-opinion extractors (readability, jusText). With link blocks
    already cut out they rarely change the result, and they cost about half the time."""
    max_html_bytes: int = 10_000_000
    """Larger documents are cut to this many bytes before parsing."""
