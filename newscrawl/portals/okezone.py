"""okezone.com: every kanal on its own host (news., economy., celebrity., lifestyle., ...).

URL form and feeds checked against 2015 and 2017 article pages; robots.txt sitemaps, the
indeks and the multi-page form from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="okezone",
    home="https://www.okezone.com",
    domains=("okezone.com",),
    hosts=tuple(
        f"{kanal}.okezone.com"
        for kanal in (
            "news",
            "nasional",
            "megapolitan",
            "economy",
            "women",
            "celebrity",
            "sports",
            "bola",
            "ototekno",
            "muslim",
            "edukasi",
            "lifestyle",
            "health",
            "travel",
        )
    ),
    # /read/YYYY/MM/DD/<subkanal id>/<article id>/slug; /amp/... is the same article
    article_paths=(r"/read/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d+/\d+/[a-z0-9-]+/?",),
    # index, feed, image and search hosts; mpi. republishes another brand's stories
    skip_hosts=(
        "index.okezone.com",
        "sindikasi.okezone.com",
        "img.okezone.com",
        "cdn.okezone.com",
        "redaksi.okezone.com",
        "search.okezone.com",
        "mpi.okezone.com",
    ),
    hints=PortalHints(
        site_name="Okezone",
        page_param="page",
        all_pages_query="page=all",
        # the 2015 and 2017 templates [real pages]; #contentx also on the mirror
        layout_markers=layout_markers(
            headline="div.titles h1, div.title-detail h1, article h1",
            body="div#contentx, div.ctn-desc",
        ),
    ),
    # robots.txt names /sitemap.xml and /news/sitemap.xml [public robots.txt copies]
    feeds=("/feed",),  # <link rel=alternate> on the real pages
    # index.okezone.com/bydate/index/YYYY/MM/DD/{offset} needs a date: not used
    date_examples=(
        ("Kamis, 5 November 2015 - 15:56 wib", "2015-11-05T15:56:00+07:00"),  # [real]
        ("Jum'at, 17 Februari 2017 - 13:30 wib", "2017-02-17T13:30:00+07:00"),  # [real]
        ("Jum'at, 24 Juli 2026 15:18 WIB", "2026-07-24T15:18:00+07:00"),  # [scrapers]
    ),
)
