"""Retry waits: exponential backoff, Retry-After honoured and capped, none for archive replays."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from newscrawl.crawl.middlewares import BackoffRetryMiddleware, _retry_after_seconds
from newscrawl.crawl.replay import REPLAYED
from newscrawl.crawl.spiders import SuaraSpider


def middleware(**settings: object) -> BackoffRetryMiddleware:
    crawler = get_crawler(
        SuaraSpider,
        settings_dict={
            "NEWSCRAWL_RETRY_BASE_DELAY": 2.0,
            "NEWSCRAWL_RETRY_MAX_DELAY": 60.0,
            **settings,
        },
    )
    crawler.spider = crawler._create_spider()
    return BackoffRetryMiddleware.from_crawler(crawler)


def test_delays_double_and_are_capped() -> None:
    mw = middleware(RETRY_TIMES=10)
    request = Request("https://www.suara.com/x")
    delays = []
    for _ in range(7):
        retry = mw.process_response(request, Response(request.url, status=503, request=request))
        assert isinstance(retry, Request)
        delays.append(retry.meta["newscrawl_retry_delay"])
        request = retry
    assert delays == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_retry_after_is_honoured() -> None:
    mw = middleware()
    request = Request("https://www.suara.com/x")
    response = Response(request.url, status=429, request=request, headers={"Retry-After": "7"})
    retry = mw.process_response(request, response)
    assert isinstance(retry, Request) and retry.meta["newscrawl_retry_delay"] == 7.0


def test_retry_after_as_http_date() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    seconds = _retry_after_seconds(format_datetime(when, usegmt=True).encode())
    assert seconds is not None and 25 <= seconds <= 31
    assert _retry_after_seconds(b"soon") is None


def test_retries_are_bounded() -> None:
    mw = middleware(RETRY_TIMES=2)
    request = Request("https://www.suara.com/x")
    outcomes = []
    for _ in range(3):
        result = mw.process_response(request, Response(request.url, status=500, request=request))
        outcomes.append(type(result).__name__)
        request = result if isinstance(result, Request) else request
    assert outcomes == ["Request", "Request", "Response"]


def test_replayed_responses_are_not_retried() -> None:
    mw = middleware()
    request = Request("https://www.suara.com/x")
    response = Response(request.url, status=500, request=request, flags=[REPLAYED])
    assert mw.process_response(request, response) is response
