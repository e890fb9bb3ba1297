"""liputan6.com: www and m. hosts (/{kanal}/read/...), and kanal hosts (hot., and until 2016
tekno., bisnis., ...) with /read/... .

URL forms, dates and the in-page multi-page form checked against real 2016-2021 pages;
feeds and sitemaps from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="liputan6",
    home="https://www.liputan6.com",
    domains=("liputan6.com",),
    hosts=(
        "www.liputan6.com",
        "m.liputan6.com",
        "hot.liputan6.com",
        "tekno.liputan6.com",  # kanal hosts until 2016
        "bisnis.liputan6.com",
        "news.liputan6.com",
        "bola.liputan6.com",
        "showbiz.liputan6.com",
    ),
    article_paths=(
        # /{kanal}/read/<id>/slug on www and m. [real pages]
        r"/[a-z0-9-]+/read/\d{6,8}/[a-z0-9-]+/?",
        # /read/<id>/slug on kanal hosts [real pages]
        r"/read/\d{6,8}/[a-z0-9-]+/?",
    ),
    # photo and video stories are captions and players [real pages]
    skip_hosts=("photo.liputan6.com", "video.liputan6.com"),
    hints=PortalHints(
        site_name="Liputan6.com",
        # sections of one article are all on the page ("Scroll down untuk melanjutkan")
        page_param=None,
        # 2019-2021 (article-header__*, article-content-body, the photo page's gallery) and
        # 2016 (read-page--*) [real pages]; the mirror's read-page--header--* forms
        layout_markers=layout_markers(
            headline="h1.article-header__title, h1.read-page--header__title, article h1",
            body="div.article-content-body, div.read-page__content-body,"
            " div.read-page--photo-gallery, div.article-short-desc, div.article-gallery-slider",
            byline="span.article-header__authors, span.read-page--header__author,"
            " div.read-page--header--author",
            date="span.article-header__datetime, time.read-page--header__datetime,"
            " time.read-page--header--author__datetime",
        ),
    ),
    sitemaps=("/sitemap-news.xml",),
    feeds=("https://feed.liputan6.com/rss/news",),
    # /indeks/YYYY/MM/DD?page=N needs a date: not used
    date_examples=(
        ("20 Des 2021, 09:59 WIB", "2021-12-20T09:59:00+07:00"),  # [real]
        ("16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),  # [real]
    ),
)
