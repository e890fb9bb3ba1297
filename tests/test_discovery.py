"""Reading sitemaps (plain, index, Google News, gzipped) and feeds."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from newscrawl.crawl.sources import UnreadableSource, in_window, read_feed, read_sitemap

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc><![CDATA[ https://www.suara.com/news/2019/11/22/100500/satu ]]></loc>
    <news:news>
      <news:publication><news:name>Suara.com</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2019-11-22T10:05:00+07:00</news:publication_date>
      <news:title><![CDATA[Satu]]></news:title>
    </news:news>
  </url>
  <url><loc>https://www.suara.com/bisnis/2019/11/21/080000/dua</loc><lastmod>2019-11-21</lastmod></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.suara.com/sitemap/2019-11.xml</loc><lastmod>2019-11-30</lastmod></sitemap>
<sitemap><loc>https://www.suara.com/sitemap/2019-10.xml</loc></sitemap></sitemapindex>"""


def test_news_sitemap_with_spaces_in_cdata() -> None:
    children, listed = read_sitemap(NEWS_SITEMAP)
    assert children == []
    assert [(e.url, e.published, e.modified) for e in listed] == [
        ("https://www.suara.com/news/2019/11/22/100500/satu", date(2019, 11, 22), None),
        ("https://www.suara.com/bisnis/2019/11/21/080000/dua", None, date(2019, 11, 21)),
    ]


def test_sitemap_index_and_gzip() -> None:
    children, listed = read_sitemap(gzip.compress(INDEX))
    assert listed == []
    assert [c.url for c in children] == [
        "https://www.suara.com/sitemap/2019-11.xml",
        "https://www.suara.com/sitemap/2019-10.xml",
    ]
    assert children[0].modified == date(2019, 11, 30)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Maintenance</body></html>",
        b"\x00\x01garbage",
        b"",
        gzip.compress(b"<urlset><url><loc>https://www.suara.com/a</loc></url></urlset>")[:-20],
        b"\x1f\x8bnot gzip at all",
    ],
    ids=["html", "garbage", "empty", "cut gzip", "bad gzip"],
)
def test_an_unreadable_sitemap_or_feed_says_so(body: bytes) -> None:
    with pytest.raises(UnreadableSource):
        read_sitemap(body)
    with pytest.raises(UnreadableSource):
        read_feed(body)


def test_external_entities_are_not_read() -> None:
    entity = b'<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><urlset>&a;</urlset>'
    assert read_sitemap(entity) == ([], [])


def test_rss_and_atom() -> None:
    rss = b"""<rss version="2.0"><channel><item><title>A</title>
      <link>https://www.suara.com/news/2019/11/20/070000/a</link>
      <pubDate>Wed, 20 Nov 2019 07:00:00 +0700</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link href="https://www.suara.com/news/2019/11/19/070000/b"/>
      <published>2019-11-19T07:00:00+07:00</published></entry></feed>"""
    assert [(e.url, e.published) for e in read_feed(rss)] == [
        ("https://www.suara.com/news/2019/11/20/070000/a", date(2019, 11, 20))
    ]
    assert [(e.url, e.published) for e in read_feed(atom)] == [
        ("https://www.suara.com/news/2019/11/19/070000/b", date(2019, 11, 19))
    ]


def test_window() -> None:
    since, until = date(2019, 11, 18), date(2019, 11, 22)
    assert in_window(date(2019, 11, 18), since, until)
    assert in_window(date(2019, 11, 22), since, until)
    assert not in_window(date(2019, 11, 23), since, until)
    assert not in_window(date(2019, 10, 1), since, until)
    assert in_window(None, since, until)
