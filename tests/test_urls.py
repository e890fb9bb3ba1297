"""Canonical URLs and the suara article URL rule."""

from __future__ import annotations

from datetime import date

import pytest

from newscrawl.portals import portal_for_url
from newscrawl.portals.suara import PORTAL
from newscrawl.urls import absolute_url, canonical_url, host_of, on_domains

ARTICLE = "https://www.suara.com/news/2019/11/22/100500/kemensos-hadiri-pertemuan-asean"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ARTICLE, ARTICLE),
        (ARTICLE + "?utm_source=fb&utm_medium=social&fbclid=abc", ARTICLE),
        (ARTICLE + "?page=2", ARTICLE),
        (ARTICLE + "?page=all#komentar", ARTICLE),
        ("https://m.suara.com/news/2019/11/22/100500/kemensos-hadiri-pertemuan-asean", ARTICLE),
        (
            "https://WWW.Suara.com:443/news/2019/11/22/100500/kemensos-hadiri-pertemuan-asean",
            ARTICLE,
        ),
        (ARTICLE + "/amp", ARTICLE),
        (
            "https://www.liputan6.com/bisnis/read/4289456/x?source=search",
            "https://www.liputan6.com/bisnis/read/4289456/x",
        ),
        ("https://example.org/?id=7&b=2&a=1", "https://example.org/?a=1&b=2&id=7"),
        ("http://127.0.0.1:8080/news/a?page=3", "http://127.0.0.1:8080/news/a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "is_article", "day"),
    [
        (ARTICLE, True, date(2019, 11, 22)),
        (
            "https://jakarta.suara.com/read/2022/10/11/080000/terpopuler-hari-ini",
            True,
            date(2022, 10, 11),
        ),
        ("https://www.suara.com/bola/2024/02/29/235959/x", True, date(2024, 2, 29)),
        ("https://www.suara.com/tag/kemensos", False, None),
        ("https://www.suara.com/indeks/terkini/news/2024?page=2", False, None),
        ("https://www.suara.com/news/2019/11/22/kemensos", False, None),
        ("https://www.suara.com/", False, None),
    ],
)
def test_suara_article_rule(url: str, is_article: bool, day: date | None) -> None:
    assert PORTAL.is_article_url(url) is is_article
    assert PORTAL.date_in_url(url) == day


def test_portal_ownership() -> None:
    assert portal_for_url("https://jabar.suara.com/read/2022/01/01/000000/x") is PORTAL
    assert portal_for_url("https://notsuara.com/x") is None
    assert on_domains("https://suara.com/x", ("suara.com",))
    assert not on_domains("https://suara.com.evil.org/x", ("suara.com",))


def test_absolute_url_joins_and_refuses_what_urllib_cannot_read() -> None:
    page = "https://www.suara.com/news/2019/11/22/100500/x"
    assert absolute_url(page, "/bola/1/y") == "https://www.suara.com/bola/1/y"
    assert absolute_url(page, "https://m.suara.com/a") == "https://m.suara.com/a"
    assert absolute_url(None, "/bola/1/y") == "/bola/1/y"
    assert absolute_url(page, "https://[media.suara.com/a.jpg") is None
    assert absolute_url(None, "https://[media.suara.com/a.jpg") is None
    assert absolute_url(page, "//[::1]:8080/a") == "https://[::1]:8080/a"  # a real IPv6 host


def test_a_host_that_cannot_be_read_is_on_no_domain() -> None:
    assert host_of("https://[www.suara.com/sitemap.xml") == ""
    assert not on_domains("https://[www.suara.com/sitemap.xml", ("suara.com",))
    assert host_of("https://WWW.Suara.com/a") == "www.suara.com"
