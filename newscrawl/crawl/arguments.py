"""A portal crawl's arguments (`-a name=value`), read and checked before anything is fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from newscrawl.urls import host_of, on_domains

SOURCES = ("sitemap", "feed", "listing")
"""Discovery sources a crawl may use."""
ARGUMENTS = ("since", "until", "max_articles", "url", "base_url", "sources", "listing_pages")
"""What a user may pass; names starting with "_" are a scheduler's own (Scrapyd's `_job`)."""


class ArgumentError(ValueError):
    """A spider argument a user gave is wrong; the message names it and its value."""


@dataclass(frozen=True)
class CrawlArguments:
    """What a crawl was asked to do."""

    since: date | None = None
    until: date | None = None
    max_articles: int | None = None
    urls: tuple[str, ...] = ()
    """Article URLs to fetch instead of discovering."""
    origin: str = ""
    """Where the portal is crawled: its home, or the mirror given as base_url."""
    sources: frozenset[str] = frozenset(SOURCES)
    listing_pages: int | None = None


def parse_arguments(
    home: str, domains: tuple[str, ...], default_listing_pages: int, **given: Any
) -> CrawlArguments:
    """Read `-a` arguments for a portal at `home` with `domains`; ArgumentError names the
    first one that is wrong."""
    unknown = sorted(name for name in set(given) - set(ARGUMENTS) if not name.startswith("_"))
    if unknown:
        raise ArgumentError(
            f"unknown argument(s) {', '.join(f'-a {name}' for name in unknown)}; "
            f"known: {', '.join(ARGUMENTS)}"
        )
    since = _date("since", given.get("since"))
    until = _date("until", given.get("until"))
    if since and until and since > until:
        raise ArgumentError(f"-a since={since} is after -a until={until}")
    base_url = given.get("base_url")
    origin = (_web_url("base_url", base_url) if base_url else home).rstrip("/")
    allowed = (*domains, host_of(origin))
    urls = tuple(u for u in str(given.get("url") or "").replace(",", " ").split() if u)
    for url in urls:
        _web_url("url", url)
        if not on_domains(url, allowed):
            raise ArgumentError(f"-a url={url!r}: not on the portal ({', '.join(allowed)})")
    sources = frozenset(str(given.get("sources") or ",".join(SOURCES)).replace(" ", "").split(","))
    if not sources or sources - set(SOURCES):
        raise ArgumentError(
            f"-a sources={given.get('sources')!r}: use any of {', '.join(SOURCES)}, comma separated"
        )
    listing_pages = _count("listing_pages", given.get("listing_pages"))
    return CrawlArguments(
        since=since,
        until=until,
        max_articles=_count("max_articles", given.get("max_articles"), minimum=1),
        urls=urls,
        origin=origin,
        sources=sources,
        listing_pages=default_listing_pages if listing_pages is None else listing_pages,
    )


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


def _web_url(name: str, value: Any) -> str:
    """An http(s) URL with a host name; ArgumentError otherwise."""
    text = str(value).strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in ("http", "https") or not host_of(text):
        raise ArgumentError(f"-a {name}={value!r}: expected an http:// or https:// URL")
    return text
