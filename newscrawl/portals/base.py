"""What a portal is, as data: hosts, discovery sources, article URL rules, dates and cleaner
hints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from cssselect import HTMLTranslator

from newscrawl.cleaner.hints import PortalHints
from newscrawl.urls import host_of, on_domains

_CSS = HTMLTranslator()


def layout_markers(**selectors: str) -> tuple[tuple[str, str], ...]:
    """A profile's layout markers (`PortalHints.layout_markers`) from CSS selectors, in the
    order given: `layout_markers(headline="h1.detail__title", body="#detikdetailtext")`.
    A selector list ("a, b") holds when any of its forms is on the page: one per template
    the portal's pages are known to use. Give a class its tag ("div.detail__body", not
    ".detail__body"): a bare class is tested on every element of every page."""
    return tuple((name, _CSS.css_to_xpath(css)) for name, css in selectors.items())


@dataclass(frozen=True)
class Portal:
    """One news portal. Spiders, cleaner and store read it; none of them knows a portal else.

    Source paths (`sitemaps`, `feeds`, `listing`) are paths on `home` or absolute URLs on
    another of the portal's hosts; a crawl of a mirror (`-a base_url`) asks the mirror for
    the same paths, whatever the host.
    """

    name: str
    """Short name used for the spider and in items ("suara")."""
    home: str
    """Root URL of the live site ("https://www.suara.com")."""
    domains: tuple[str, ...]
    """Registrable domains whose hosts (and subdomains) belong to the portal."""
    article_paths: tuple[str, ...]
    """Regular expressions a URL path must match (whole) to be an article's first page; named
    groups `year`, `month`, `day` give the article's date when the path carries it."""
    hosts: tuple[str, ...] = ()
    """Hosts known to carry the portal's articles (kanal and regional sites). Every host of
    `domains` is crawled; this list is what was seen, for people and the URL-rule tests."""
    skip_hosts: tuple[str, ...] = ()
    """Hosts of the portal that carry no text articles (video, photo, index hosts)."""
    skip_paths: tuple[str, ...] = ()
    """Regular expressions (searched in the path) of URLs shaped like articles that are not:
    galleries, video pages."""
    hints: PortalHints = field(default_factory=PortalHints)
    """What the cleaner should know about the portal's pages (its name is the portal's)."""
    robots_sitemaps: bool = True
    """Discover sitemaps (including Google News sitemaps) from robots.txt."""
    sitemaps: tuple[str, ...] = ()
    """Sitemaps to read besides those robots.txt names."""
    feeds: tuple[str, ...] = ()
    """RSS/Atom feeds ("/rss", "/rss/news")."""
    listing: str | None = None
    """Paginated index with a `{page}` placeholder ("/indeks?page={page}")."""
    listing_pages: int = 5
    """How many index pages a crawl reads at most."""
    date_examples: tuple[tuple[str, str], ...] = ()
    """Publication dates as the portal prints them, with the time each stands for (ISO), so a
    test holds the cleaner to every form the portal uses."""
    spider_settings: dict[str, Any] = field(default_factory=dict)
    """Per-portal politeness: DOWNLOAD_DELAY, CONCURRENT_REQUESTS_PER_DOMAIN (Scrapy settings
    of the portal's own spider, and its download slot's in `scrapy crawl news`)."""

    def __post_init__(self) -> None:
        if self.hints.name != self.name:  # items carry the portal's name
            object.__setattr__(self, "hints", replace(self.hints, name=self.name))

    @cached_property
    def _article_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern) for pattern in self.article_paths)

    @cached_property
    def _skip_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern) for pattern in self.skip_paths)

    def article_match(self, url: str) -> re.Match[str] | None:
        """The article rule's match on the URL's path, or None for a non-article URL."""
        if host_of(url) in self.skip_hosts:
            return None
        path = urlsplit(url).path
        if any(pattern.search(path) for pattern in self._skip_patterns):
            return None
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
        year = match["year"]
        try:
            full_year = int(year) + 2000 if len(year) == 2 else int(year)
            return date(full_year, int(match["month"]), int(match["day"]))
        except (TypeError, ValueError):
            return None

    def owns(self, url: str) -> bool:
        """Whether the URL is on one of the portal's domains."""
        return on_domains(url, self.domains)

    def politeness(self, key: str, default: float) -> float:
        """A politeness setting of the portal (DOWNLOAD_DELAY, ...), else the default."""
        return float(self.spider_settings.get(key, default))
