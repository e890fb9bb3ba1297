"""sindonews.com: kanal hosts (nasional., ekbis., sports., ...) and www.

No real page was available: every fact is from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="sindonews",
    home="https://www.sindonews.com",
    domains=("sindonews.com",),
    hosts=tuple(
        f"{kanal}.sindonews.com"
        for kanal in (
            "www",
            "nasional",
            "daerah",
            "ekbis",
            "international",
            "sports",
            "kalam",
            "edukasi",
            "lifestyle",
            "otomotif",
            "tekno",
            "metro",
        )
    ),
    # /read/<id>/<desk id>/slug-<unix time of creation> (also /newsread/...); the time is
    # close to publication but not it: not used as the date
    article_paths=(r"/(?:read|newsread)/\d+/\d+/[a-z0-9-]+-\d{10}/?",),
    skip_hosts=(
        "hi-lite.sindonews.com",
        "scope.sindonews.com",
        "media.sindonews.com",
        "e.sindonews.com",
        "pict.sindonews.com",
        "sindikasi.sindonews.com",
    ),
    hints=PortalHints(
        site_name="SINDOnews",
        # nearly every article has page 2 at /2; ?showpage=all shows all
        page_param=None,
        page_in_path=True,
        all_pages_query="showpage=all",
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div#detail-desc",
            date="div.detail-date-artikel",
        ),
    ),
    sitemaps=("/sitemap.xml",),  # robots.txt not seen; an index of per-kanal sitemaps
    feeds=("/feed",),
    # the indeks /indeks/0/{offset} steps by 20: not a page number, so not used
    date_examples=(("Jum'at, 24 Juli 2026 - 13:39 WIB", "2026-07-24T13:39:00+07:00"),),
)
