"""A crawl target: one portal (or one unknown site) as a crawl sees it, where it is crawled
(the live site or a mirror) and its discovery state."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from newscrawl.portals.base import Portal
from newscrawl.urls import host_of

PORTAL_KEY = "newscrawl_portal"
"""Request meta key naming the target (portal) a request belongs to."""
WINDOW_KEY = "newscrawl_window"
"""Request meta key of a date window given with the request (since, until: ISO days or None)
rather than with the crawl: a backfill fed to a fleet (`newscrawl enqueue --since`)."""
SLOT_KEY = "download_slot"
"""Scrapy's request meta key of the download slot: one per portal, whatever its hosts, so
its politeness (delay, concurrency) covers all of them."""


@dataclass
class Target:
    """One portal in a crawl. The spider keeps one per portal it crawls."""

    portal: Portal
    origin: str
    """Where the portal is crawled: its home, or a mirror (`base_url`), without a final /."""
    site_only: bool = False
    """An unknown site (`scrapy crawl generic`): no portal rules, every URL its sitemaps and
    feeds list on its host is a candidate article, the cleaner decides; items have no portal."""
    sitemaps: deque[str] = field(default_factory=deque)
    """Sitemaps still to read, one after another."""
    sitemaps_seen: set[str] = field(default_factory=set)
    sitemap_in_flight: bool = False

    @property
    def key(self) -> str:
        return self.portal.name

    @property
    def domains(self) -> tuple[str, ...]:
        return (*self.portal.domains, host_of(self.origin))

    @property
    def mirrored(self) -> bool:
        return self.origin != self.portal.home.rstrip("/")

    def source_url(self, path_or_url: str) -> str:
        """A source's URL: a path on the origin; an absolute URL as it is, except on a mirror,
        which serves the same path for every host of the portal."""
        if self.mirrored and "://" in path_or_url:
            parts = urlsplit(path_or_url)
            path_or_url = parts.path + (f"?{parts.query}" if parts.query else "")
        return urljoin(self.origin + "/", path_or_url)

    def accepts(self, url: str) -> bool:
        """Whether a listed URL may be an article: the portal's rule, or any URL of an
        unknown site."""
        return self.site_only or self.portal.is_article_url(url)

    def meta(self) -> dict[str, str]:
        """Request meta for every request of this target."""
        return {PORTAL_KEY: self.key, SLOT_KEY: self.key}


def site_target(url: str) -> Target:
    """The target of an unknown site, from any URL on it: its host is the whole site."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    host = host_of(url)
    return Target(Portal(name=host, home=origin, domains=(host,), article_paths=()), origin, True)
