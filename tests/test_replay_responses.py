"""Replayed responses get the type, headers and body they were recorded with."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.archive import WarcWriter
from newscrawl.crawl.replay import REPLAYED, ReplayMiddleware

ORIGIN = "https://www.suara.com"
PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>isi</p></body></html>"
RECORDED = {
    "/typed": (200, [("Content-Type", "text/html; charset=utf-8"), ("X-Cache", "HIT")], PAGE),
    "/untyped": (200, [("Server", "nginx")], PAGE),
    "/feed": (200, [("Content-Type", "application/rss+xml")], b"<rss></rss>"),
    "/plain": (200, [("Content-Type", "text/plain")], b"teks"),
    "/file": (200, [("Content-Type", "application/pdf")], b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x01\x02"),
    "/gone": (404, [("Content-Type", "text/html"), ("Connection", "close")], b"<p>404</p>"),
}


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> ReplayMiddleware:
    path = tmp_path_factory.mktemp("replay") / "recorded.warc.gz"
    with path.open("wb") as stream:
        writer = WarcWriter(stream, path.name)
        for target, (status, headers, body) in RECORDED.items():
            length = ("Content-Length", str(len(body)))
            writer.write(ORIGIN + target, status, [*headers, length], body, [])

    crawler = get_crawler(settings_dict={"NEWSCRAWL_REPLAY": str(path)})
    return ReplayMiddleware.from_crawler(crawler)


def served(replay: ReplayMiddleware, target: str) -> Response:
    return replay.process_request(Request(ORIGIN + target))


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("/typed", HtmlResponse),
        ("/untyped", HtmlResponse),  # no Content-Type: the body is sniffed
        ("/feed", XmlResponse),
        ("/plain", TextResponse),
        ("/gone", HtmlResponse),
    ],
)
def test_response_class(replay: ReplayMiddleware, target: str, kind: type[Response]) -> None:
    assert type(served(replay, target)) is kind


def test_binary_stays_binary(replay: ReplayMiddleware) -> None:
    assert not isinstance(served(replay, "/file"), TextResponse)


def test_headers_status_and_body_as_recorded(replay: ReplayMiddleware) -> None:
    response = served(replay, "/typed")
    assert response.status == 200 and response.body == PAGE and REPLAYED in response.flags
    assert response.headers.get(b"X-Cache") == b"HIT"
    assert response.headers.get(b"Content-Type") == b"text/html; charset=utf-8"
    assert b"Content-Length" not in response.headers  # described the original transfer
    gone = served(replay, "/gone")
    assert gone.status == 404 and b"Connection" not in gone.headers


def test_an_unrecorded_url_answers_404(replay: ReplayMiddleware) -> None:
    response = served(replay, "/never")
    assert response.status == 404 and response.body == b""
