"""A crawl's arguments (`-a name=value`), read and checked before anything is fetched."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newscrawl.urls import host_of, on_domains

SOURCES = ("sitemap", "feed", "listing")
"""Discovery sources a crawl may use."""
COMMON = ("since", "until", "max_articles", "sources", "listing_pages")
"""Arguments every spider takes; names starting with "_" are a scheduler's own (Scrapyd's
`_job`)."""
PORTAL_ARGUMENTS = (*COMMON, "url", "base_url")
"""`scrapy crawl <portal>`."""
NEWS_ARGUMENTS = (*COMMON, "portals", "base_urls")
"""`scrapy crawl news`."""
GENERIC_ARGUMENTS = ("since", "until", "max_articles", "url")
"""`scrapy crawl generic`."""


class ArgumentError(ValueError):
    """A spider argument a user gave is wrong; the message names it and its value."""


@dataclass(frozen=True)
class CrawlArguments:
    """What a crawl was asked to do."""

    since: date | None = None
    until: date | None = None
    max_articles: int | None = None
    urls: tuple[str, ...] = ()
    """URLs to start from instead of the portals' sources (articles; for `generic`, also a
    sitemap, a feed or a home page)."""
    origins: dict[str, str] = field(default_factory=dict)
    """Mirror origin by portal name (`base_url`, `base_urls`); other portals are crawled live."""
    portals: tuple[str, ...] = ()
    """Portals a `news` crawl covers, in the registry's order."""
    sources: frozenset[str] = frozenset(SOURCES)
    listing_pages: int | None = None
    """Index pages to read; None: each portal's own number."""


def parse_arguments(known: tuple[str, ...], **given: Any) -> CrawlArguments:
    """The arguments every spider shares, read from `given`; ArgumentError names the first one
    that is wrong or not among `known`. The spider checks its own (url, base_url, ...)."""
    unknown = sorted(name for name in set(given) - set(known) if not name.startswith("_"))
    if unknown:
        raise ArgumentError(
            f"unknown argument(s) {', '.join(f'-a {name}' for name in unknown)}; "
            f"known: {', '.join(known)}"
        )
    since = _date("since", given.get("since"))
    until = _date("until", given.get("until"))
    if since and until and since > until:
        raise ArgumentError(f"-a since={since} is after -a until={until}")
    sources = frozenset(_names(given.get("sources")) or SOURCES)
    if sources - set(SOURCES):
        raise ArgumentError(
            f"-a sources={given.get('sources')!r}: use any of {', '.join(SOURCES)}, comma separated"
        )
    urls = tuple(_names(given.get("url")))
    for url in urls:
        web_url("url", url)
    return CrawlArguments(
        since=since,
        until=until,
        max_articles=_count("max_articles", given.get("max_articles"), minimum=1),
        urls=urls,
        sources=sources,
        listing_pages=_count("listing_pages", given.get("listing_pages")),
    )


def check_urls_on(urls: tuple[str, ...], domains: tuple[str, ...]) -> None:
    """ArgumentError for a `-a url` that is not on the domains."""
    for url in urls:
        if not on_domains(url, domains):
            raise ArgumentError(f"-a url={url!r}: not on the portal ({', '.join(domains)})")


def read_portals(value: Any, registered: tuple[str, ...]) -> tuple[str, ...]:
    """`-a portals=detik,kompas` as registered names in registry order; all when empty."""
    names = _names(value)
    unknown = sorted(set(names) - set(registered))
    if unknown:
        raise ArgumentError(
            f"-a portals: unknown portal(s) {', '.join(unknown)}; known: {', '.join(registered)}"
        )
    return tuple(name for name in registered if name in names) if names else registered


def read_base_urls(value: Any, portals: tuple[str, ...]) -> dict[str, str]:
    """`-a base_urls=detik=http://127.0.0.1:8001,kompas=...` as {portal: origin}."""
    origins = {}
    for pair in _names(value):
        name, _, url = pair.partition("=")
        if name not in portals or not url:
            raise ArgumentError(
                f"-a base_urls: {pair!r} is not PORTAL=URL for a portal of this crawl "
                f"({', '.join(portals)})"
            )
        origins[name] = web_url("base_urls", url).rstrip("/")
    return origins


def _names(value: Any) -> list[str]:
    """A comma or space separated argument as its parts."""
    return [part for part in str(value or "").replace(",", " ").split() if part]


def _date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ArgumentError(f"-a {name}={value!r}: expected a date as YYYY-MM-DD") from None


def _count(name: str, value: Any, minimum: int = 0) -> int | None:
    if value in (None, ""):
        return None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"-a {name}={value!r}: expected a whole number") from None
    if count < minimum:
        raise ArgumentError(f"-a {name}={value!r}: must be at least {minimum}")
    return count


def web_url(name: str, value: Any) -> str:
    """An http(s) URL with a host name; ArgumentError otherwise."""
    text = str(value).strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in ("http", "https") or not host_of(text):
        raise ArgumentError(f"-a {name}={value!r}: expected an http:// or https:// URL")
    return text
