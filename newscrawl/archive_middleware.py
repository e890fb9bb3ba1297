"""Scrapy's side of the archive: every fetched response written to a WARC file as received
(NEWSCRAWL_WARC_OUT), and a crawl answered from such a file instead of the network
(NEWSCRAWL_REPLAY)."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.spidermiddlewares.referer import RefererMiddleware

from newscrawl.archive import Archive, WarcWriter

logger = logging.getLogger(__name__)

REPLAYED = "replayed"
"""Flag on responses served from an archive."""
_HOP_BY_HOP = {b"transfer-encoding", b"connection", b"keep-alive"}
_REPLAY_DROPPED = {name.decode() for name in _HOP_BY_HOP} | {"content-length"}
"""Headers a replayed response leaves out: they described the original transfer."""


def _text_headers(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        if name.lower() in _HOP_BY_HOP:
            continue
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


class WarcWriterMiddleware:
    """NEWSCRAWL_WARC_OUT=DIR: write every response the crawl receives, as received."""

    def __init__(self, folder: Path, spider_name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.path = folder / f"newscrawl-{spider_name}-{stamp}-{os.getpid()}.warc.gz"
        self.stream: IO[bytes] = self.path.open("xb")
        self.writer = WarcWriter(self.stream, self.path.name)
        logger.info("writing WARC archive %s", self.path)

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcWriterMiddleware:
        folder = crawler.settings.get("NEWSCRAWL_WARC_OUT")
        if not folder:
            raise NotConfigured
        spider_name = getattr(crawler.spidercls, "name", "crawl")
        middleware = cls(Path(folder), spider_name)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if REPLAYED not in response.flags:
            self.writer.write(
                response.url,
                response.status,
                _text_headers(response.headers),
                response.body,
                _text_headers(request.headers),
            )
        return response

    def close(self) -> None:
        self.stream.close()


class ReplayMiddleware:
    """NEWSCRAWL_REPLAY=FILE: answer every request from a WARC archive; 404 when absent."""

    def __init__(self, archive: Archive, stats: Any) -> None:
        self.archive = archive
        self.stats = stats
        logger.info("replaying %d URLs from %s", len(archive), archive.path)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        path = crawler.settings.get("NEWSCRAWL_REPLAY")
        if not path:
            raise NotConfigured
        if not Path(path).is_file():
            raise FileNotFoundError(f"NEWSCRAWL_REPLAY: no such archive: {path}")
        middleware = cls(Archive(Path(path)), crawler.stats)
        crawler.signals.connect(middleware.archive.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request, spider: Any = None) -> Response:
        found = self.archive.get(request.url)
        if found is None:
            self.stats.inc_value("newscrawl/replay/missing")
            return Response(request.url, status=404, request=request, flags=[REPLAYED])
        status, headers, body = found
        self.stats.inc_value("newscrawl/replay/served")
        kept: dict[str, list[str]] = {}
        for name, value in headers:
            lowered = name.lower()
            if lowered not in _REPLAY_DROPPED:
                kept.setdefault(lowered, []).append(value)
        if "content-type" in kept:
            response_class = _response_class(*(_last(kept, name) for name in _TYPE_HEADERS))
        else:  # only then is the body sniffed (sniffing is slow)
            response_class = responsetypes.from_args(
                headers=Headers(kept), url=request.url, body=body
            )
        return response_class(
            request.url,
            status=status,
            headers=kept,
            body=body,
            request=request,
            flags=[REPLAYED],
        )


class LiveRefererMiddleware(RefererMiddleware):
    """Scrapy's Referer header, for requests that go to the network. A replayed crawl
    (NEWSCRAWL_REPLAY) sends no request, so nobody would read the header: the requests go
    on untouched, without the referrer-policy work Scrapy does for each of them (about
    30 µs of the crawling process's CPU a page, 4% of it). The middleware stays installed
    all the same: Scrapy's redirect middlewares warn at start-up when they find none. What
    a replay shows of it: DEBUG lines say "(referer: None)"."""

    replaying = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> LiveRefererMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.replaying = bool(crawler.settings.get("NEWSCRAWL_REPLAY"))
        return middleware

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if self.replaying:
            return request
        return super().get_processed_request(request, response)


_TYPE_HEADERS = ("content-type", "content-encoding", "content-disposition")


def _last(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[-1] if values else None


@lru_cache(maxsize=64)
def _response_class(
    content_type: str, encoding: str | None, disposition: str | None
) -> type[Response]:
    """Scrapy's response class for these headers (an archive repeats a handful of them)."""
    values = zip(_TYPE_HEADERS, (content_type, encoding, disposition), strict=True)
    return responsetypes.from_args(
        headers=Headers({name: value for name, value in values if value is not None})
    )
