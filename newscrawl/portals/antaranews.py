"""antaranews.com, the national news agency: www and regional desks ({region}.antaranews.com).

URL form and feeds checked against 2015-2016 article pages; the latest-news listing and
the all-pages view from public scrapers; page N as ?page=N is a guess (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="antaranews",
    home="https://www.antaranews.com",
    domains=("antaranews.com",),
    hosts=(
        "www.antaranews.com",
        "jabar.antaranews.com",
        "jogja.antaranews.com",
        "sumut.antaranews.com",
        "sumbar.antaranews.com",
        "sumsel.antaranews.com",
        "lampung.antaranews.com",
        "babel.antaranews.com",
        "ambon.antaranews.com",
        "jambi.antaranews.com",
        "manado.antaranews.com",
    ),
    # /berita/<id>/slug; no date [real pages]
    article_paths=(r"/berita/\d+/[a-z0-9-]+/?",),
    skip_hosts=("img.antaranews.com",),
    hints=PortalHints(
        site_name="ANTARA News",
        page_param="page",
        all_pages_query="page=all",
        # the 2015-2016 template [real pages]; post-content as on the mirror
        layout_markers=layout_markers(
            headline="h1[itemprop=headline], article h1",
            body="div#content_news, div.post-content",
            date="time[itemprop=datePublished], span.article-date",
        ),
    ),
    # robots.txt names no sitemap and none was verified; feeds from <link rel=alternate>
    feeds=("/rss/terkini",),
    listing="/terkini/{page}",
    date_examples=(
        ("Selasa, 23 Februari 2016 14:39 WIB", "2016-02-23T14:39:00+07:00"),  # [real]
        ("Rabu, 5 Agustus 2020 10:15 WIB", "2020-08-05T10:15:00+07:00"),  # [scrapers]
    ),
)
