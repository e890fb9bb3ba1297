"""merdeka.com (www, m. and video. hosts; regional desks are paths: /jabar/, /jatim/, ...).

URL forms, the Atom feed, dates and the in-page multi-page form checked against real 2020-2021
pages; the 2023+ URL form and the sitemap index from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="merdeka",
    home="https://www.merdeka.com",
    domains=("merdeka.com",),
    hosts=("www.merdeka.com", "m.merdeka.com", "video.merdeka.com"),
    article_paths=(
        # until 2023: /{kanal}/{slug}.html, /foto/{kanal}/{id}/{YYYYMMDDHHMMSS}-{slug}.html,
        # video.../{kanal}/{slug}.html [real pages]
        r"/[a-z0-9-]+/[a-z0-9-]+\.html",
        r"/foto/[a-z0-9-]+/\d+/[a-z0-9-]+\.html",
        r"/video/[a-z0-9-]+/[a-z0-9-]+\.html",
        # since 2023: /{kanal}/read/<id>/slug [scrapers]
        r"/[a-z0-9-]+/read/\d+/[a-z0-9-]+/?",
    ),
    skip_paths=(r"^/(?:company|reporter|tag|cari)/",),
    hints=PortalHints(
        site_name="Merdeka.com",
        # the list of video stories under an article is headed by a link to /video/
        block_headings=("Video Merdeka",),
        promo_patterns=(
            r"banyak orang hebat di sekitar kita\..*sosok merdeka!?",
            r"daftarkan",
        ),
        # every page of a multi-page article is already in the first page's HTML (hidden
        # "paging-content" parts); ?page=N would repeat them, and robots.txt forbids it
        page_param=None,
        # the 2021 article and video templates (mdk-*, deskrip-hv) [real pages]
        layout_markers=layout_markers(
            headline="div.mdk-news-head h1, div.deskrip-hv h1, article h1",
            body="div.mdk-body-paragraph, div.body-paragpraph",
            date="div.mdk-date-reporter, div.kategori-date, div.date-post",
        ),
    ),
    # robots.txt names /sitemap.xml: an index of per-section Google News sitemaps
    sitemaps=("/sitemap.xml",),
    feeds=("/feed/",),  # Atom, <link rel=alternate> on the real home page
    # no global index now; kanal pages are paged with ?page=, which robots.txt forbids
    date_examples=(("JATENG | 10 Juni 2021 18:50", "2021-06-10T18:50:00+07:00"),),
)
