"""Meta-refresh redirects are still followed behind the byte check that spares decoding."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.middlewares import QuickMetaRefreshMiddleware

URL = "https://www.suara.com/news/2019/11/22/091500/lama"
TARGET = "https://www.suara.com/news/2019/11/22/091500/baru"
FILLER = "<p>" + "kata " * 400 + "</p>"


def middleware() -> QuickMetaRefreshMiddleware:
    return QuickMetaRefreshMiddleware.from_crawler(get_crawler())


def respond(page: str, encoding: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(URL, body=page.encode(encoding), encoding=encoding, request=Request(URL))


@pytest.mark.parametrize(
    ("tag", "encoding"),
    [
        ('<meta http-equiv="refresh" content="0; url=/news/2019/11/22/091500/baru">', "utf-8"),
        ("<META HTTP-EQUIV=REFRESH CONTENT='0;URL=/news/2019/11/22/091500/baru'>", "utf-8"),
        ('<meta http-equiv="Refresh" content="0; url=/news/2019/11/22/091500/baru">', "utf-16"),
    ],
)
def test_a_meta_refresh_is_followed(tag: str, encoding: str) -> None:
    page = f"<html><head><title>x</title>{tag}</head><body>{FILLER}</body></html>"
    result = middleware().process_response(Request(URL), respond(page, encoding))
    assert isinstance(result, Request)
    # (Scrapy's own check appends the UTF-16 byte-order mark as a query: its behaviour, kept)
    assert result.url.split("?")[0] == TARGET


def test_a_page_without_one_passes_untouched() -> None:
    page = f"<html><head><title>refreshing news</title></head><body>{FILLER}</body></html>"
    response = respond(page)
    assert middleware().process_response(Request(URL), response) is response


def test_a_refresh_beyond_the_first_4096_characters_is_ignored_as_by_scrapy() -> None:
    late = '<meta http-equiv="refresh" content="0; url=/news/2019/11/22/091500/baru">'
    page = f"<html><head><title>x</title></head><body>{FILLER * 3}{late}</body></html>"
    response = respond(page)
    assert middleware().process_response(Request(URL), response) is response
