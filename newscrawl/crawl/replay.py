"""Scrapy's side of the archive: every fetched response written to a WARC file as received
(NEWSCRAWL_WARC_OUT), and a crawl answered from such a file instead of the network
(NEWSCRAWL_REPLAY)."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from newscrawl.archive import Archive, WarcWriter
from newscrawl.archive.warc import ArchiveError

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
        if archive.truncated_at is not None:
            stats.set_value("newscrawl/replay/truncated", 1)
            logger.warning(
                "%s ends inside a record at byte %d: read up to there, the pages after it are"
                " missing",
                archive.path,
                archive.truncated_at,
            )

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        path = crawler.settings.get("NEWSCRAWL_REPLAY")
        if not path:
            raise NotConfigured
        if not Path(path).is_file():
            raise FileNotFoundError(f"NEWSCRAWL_REPLAY: no such archive: {path}")
        try:
            archive = Archive(Path(path))
        except ArchiveError as error:
            raise ArchiveError(f"setting NEWSCRAWL_REPLAY: {error}") from None
        middleware = cls(archive, crawler.stats)
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
        flags = [REPLAYED]
        for name, value in headers:
            lowered = name.lower()
            if lowered not in _REPLAY_DROPPED:
                kept.setdefault(lowered, []).append(value)
            elif lowered == "content-length" and value.strip().isdigit() and int(value) > len(body):
                flags.append("dataloss")  # recorded from a transfer cut short, as Scrapy flags it
        response_class = responsetypes.from_args(headers=Headers(kept), url=request.url, body=body)
        return response_class(
            request.url, status=status, headers=kept, body=body, request=request, flags=flags
        )
