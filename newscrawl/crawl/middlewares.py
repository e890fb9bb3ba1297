"""Downloader middlewares: retries that wait (exponential backoff on 429/5xx and network
errors, Retry-After honoured), redirects that loop or leave the portal stopped early."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from newscrawl import settings as defaults
from newscrawl.crawl.failures import OffsiteRedirect, RedirectLoop
from newscrawl.crawl.replay import REPLAYED
from newscrawl.urls import on_domains

logger = logging.getLogger(__name__)

_DELAY_KEY = "newscrawl_retry_delay"


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy, with a wait before each retry instead of an immediate one."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat(
            "NEWSCRAWL_RETRY_BASE_DELAY", defaults.NEWSCRAWL_RETRY_BASE_DELAY
        )
        self.max_delay = settings.getfloat(
            "NEWSCRAWL_RETRY_MAX_DELAY", defaults.NEWSCRAWL_RETRY_MAX_DELAY
        )

    async def process_request(self, request: Request, spider: Any = None) -> None:
        delay = request.meta.pop(_DELAY_KEY, 0)
        if delay > 0:
            from twisted.internet import reactor  # the one Scrapy installed, not a default

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if REPLAYED in response.flags:
            return response  # an archive answers the same every time: nothing to wait for
        retry = super().process_response(request, response)
        if isinstance(retry, Request):
            asked = _retry_after_seconds(response.headers.get(b"Retry-After"))
            self._schedule(retry, asked)
        return retry

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            self._schedule(retry, None)
        return retry

    def _schedule(self, retry: Request, asked: float | None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        delay = asked if asked is not None else self.base_delay * 2 ** (attempt - 1)
        retry.meta[_DELAY_KEY] = min(max(delay, 0.0), self.max_delay)


def _retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return (when - datetime.now(timezone.utc)).total_seconds()


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectGuardMiddleware:
    """Looks at a redirect before Scrapy follows it: a loop or a hop off the portal ends the
    request with its own reason, so the spider's errback counts and logs it once (otherwise
    the scheduler or the offsite filter drops the next hop without a word)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        seen = {*request.meta.get("redirect_urls", ()), request.url}
        if target in seen:
            raise RedirectLoop(f"redirect loop back to {target}")
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        if domains and not on_domains(target, tuple(domains)):
            raise OffsiteRedirect(f"redirect off the portal to {target}")
        return response
