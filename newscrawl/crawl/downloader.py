"""The HTTP download handler, with retries left to the retry middleware alone."""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler


class CountedRetriesHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, but Twisted's connection pool no longer re-sends a request
    on its own when a kept-alive connection dies: such a retry is invisible to the retry
    middleware, so a server that resets every connection would be asked twice as often as
    RETRY_TIMES allows, and never counted."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._pool.retryAutomatically = False
