"""viva.co.id: www (regional sites such as jabar.viva.co.id have their own ids).

No real page was available: every fact is from public scrapers and a copy of robots.txt
(README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="viva",
    home="https://www.viva.co.id",
    domains=("viva.co.id",),
    hosts=("www.viva.co.id", "jabar.viva.co.id"),
    # /{kanal}[/{sub}]/<id>-slug (an /amp/ prefix is the same article); no date
    article_paths=(r"/(?:[a-z0-9-]+/){1,2}\d+-[a-z0-9-]+/?",),
    skip_paths=(r"^/(?:indeks|tag|search|foto|video)(?:/|$)",),
    skip_hosts=("thumb.viva.co.id",),
    hints=PortalHints(
        site_name="VIVA",
        page_param="page",
        all_pages_query="page=all",
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div.main-content-detail",
            byline="div.main-content-author",
            date="div.main-content-date",
        ),
    ),
    # robots.txt names /sitemap.xml: an index whose news children are /sitemap/news/*.xml
    feeds=("/get/all",),
    listing="/indeks?page={page}",  # paged so by one scraper; another says it is not
    date_examples=(
        ("Selasa, 22 Juli 2025 - 17:20 WIB", "2025-07-22T17:20:00+07:00"),
        ("Sabtu, 8 Agustus 2020 | 09:21 WIB", "2020-08-08T09:21:00+07:00"),  # until 2020
    ),
)
