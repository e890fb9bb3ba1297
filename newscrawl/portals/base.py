"""What a portal is, as data: domains, discovery sources, article URL rule and cleaner hints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from newscrawl.cleaner.hints import PortalHints
from newscrawl.urls import on_domains


@dataclass(frozen=True)
class Portal:
    """One news portal. Spiders, cleaner and store read it; none of them knows a portal else."""

    name: str
    """Short name used for the spider and in items ("suara")."""
    home: str
    """Root URL of the live site ("https://www.suara.com")."""
    domains: tuple[str, ...]
    """Registrable domains whose hosts (and subdomains) belong to the portal."""
    article_paths: tuple[str, ...]
    """Regular expressions a URL path must match to be an article; named groups `year`,
    `month`, `day` give the article's date when the path carries it."""
    hints: PortalHints = field(default_factory=PortalHints)
    """What the cleaner should know about the portal's pages."""
    robots_sitemaps: bool = True
    """Discover sitemaps (including Google News sitemaps) from robots.txt."""
    sitemaps: tuple[str, ...] = ()
    """Sitemap paths to read besides those robots.txt names."""
    feeds: tuple[str, ...] = ()
    """RSS/Atom paths ("/rss", "/rss/news")."""
    listing: str | None = None
    """Paginated index path with a `{page}` placeholder ("/indeks?page={page}")."""
    listing_pages: int = 5
    """How many index pages a crawl reads at most."""
    spider_settings: dict[str, Any] = field(default_factory=dict)
    """Per-portal politeness (Scrapy settings applied to this portal's spider only)."""

    @cached_property
    def _article_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern) for pattern in self.article_paths)

    def article_match(self, url: str) -> re.Match[str] | None:
        """The article rule's match on the URL's path, or None for a non-article URL."""
        path = urlsplit(url).path
        for pattern in self._article_patterns:
            match = pattern.fullmatch(path)
            if match:
                return match
        return None

    def is_article_url(self, url: str) -> bool:
        return self.article_match(url) is not None

    def date_in_url(self, url: str) -> date | None:
        """The publication date the URL carries, when the article rule captures it."""
        match = self.article_match(url)
        if match is None or "year" not in match.groupdict():
            return None
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except (TypeError, ValueError):
            return None

    def owns(self, url: str) -> bool:
        """Whether the URL is on one of the portal's domains."""
        return on_domains(url, self.domains)
