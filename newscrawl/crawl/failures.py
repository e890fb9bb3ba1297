"""Why a request failed, as a short stable reason for the stats ("http_503", "timeout", ...)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

FAILURE_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "CannotResolveHostError": "dns_error",
    "DNSLookupError": "dns_error",
    "DownloadFailedError": "connection_lost",
    "ResponseDataLossError": "truncated",
    "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
}
"""Exception names as stat reasons; anything else keeps its class name."""


ARTICLE_ABANDONED = object()
"""Signal sent with the `request` of an article that failed for good (after its retries)."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL this request already went through."""


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host outside the portal's domains (never fetched)."""


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for the stats: "http_503", "timeout", "too_large", ..."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(RedirectLoop):
        return "redirect_loop"
    if failure.check(OffsiteRedirect):
        return "redirect_offsite"
    message = str(failure.value).lower()
    if "maxsize" in message or "max size" in message:
        return "too_large"
    if "robots.txt" in message:
        return "forbidden_by_robots"
    name = type(failure.value).__name__
    return FAILURE_REASONS.get(name, name)


def first_url(failure: Failure) -> str:
    """The URL the crawl asked for, before any redirect."""
    request = failure.request  # type: ignore[attr-defined]
    return request.meta.get("redirect_urls", [request.url])[0]
