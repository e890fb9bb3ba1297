"""mediaindonesia.com (the bare domain is canonical; www. also answers).

No real page was available: every fact is from public scrapers and a text copy of one page
(README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="mediaindonesia",
    home="https://mediaindonesia.com",
    domains=("mediaindonesia.com",),
    hosts=("mediaindonesia.com", "www.mediaindonesia.com"),
    # /{kanal}/<id>/slug; the slug has a letter, unlike the index pages /indeks/20/40
    article_paths=(r"/[a-z0-9-]+/\d+/[a-z0-9-]*[a-z][a-z0-9-]*/?",),
    skip_paths=(r"^/(?:video|galleries|indeks|tag)/",),
    skip_hosts=("asset.mediaindonesia.com",),
    hints=PortalHints(
        site_name="Media Indonesia",
        page_param=None,  # no split article seen
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="article div.article",
            byline="div.author-2",
            date="div.datetime",
        ),
    ),
    sitemaps=("/sitemap.xml",),  # robots.txt not seen; the sitemap public scrapers read
    feeds=("/feed",),
    # printed without weekday or zone: D/M/YYYY HH:MM (WIB)
    date_examples=(("29/9/2025 15:32", "2025-09-29T15:32:00+07:00"),),
    spider_settings={"DOWNLOAD_DELAY": 1.0},  # a Cloudflare challenge was seen on listings
)
