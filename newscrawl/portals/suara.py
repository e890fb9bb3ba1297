"""suara.com and its regional network ({region}.suara.com).

No served suara.com page was available: URL forms, sources and the multi-page form are from
public scrapers and configs (README, "Portals"); the mirror in fixtures/sites/suara imitates
them.
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

KANALS = ("news", "bisnis", "bola", "lifestyle", "entertainment", "otomotif", "tekno", "health")
REGIONS = (
    "jakarta",
    "bogor",
    "bekaci",
    "jabar",
    "jogja",
    "jateng",
    "malang",
    "jatim",
    "bali",
    "lampung",
    "banten",
    "surakarta",
    "kaltim",
    "kalbar",
    "sulsel",
    "sumut",
    "sumbar",
    "sumsel",
    "batam",
    "riau",
)

PORTAL = Portal(
    name="suara",
    home="https://www.suara.com",
    domains=("suara.com",),
    hosts=("www.suara.com", *(f"{region}.suara.com" for region in REGIONS)),
    article_paths=(
        # www.suara.com/{kanal}/YYYY/MM/DD/HHMMSS/slug ; HHMMSS is the publication time
        r"/(?P<kanal>[a-z0-9-]+)/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{6}/[^/]+",
        # {region}.suara.com/read/YYYY/MM/DD/HHMMSS/slug
        r"/read/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{6}/[^/]+",
    ),
    skip_hosts=("media.suara.com", "assets.suara.com"),
    hints=PortalHints(
        site_name="Suara.com",
        page_param="page",
        all_pages_query="page=all",
        # the kanal is the first path segment of www articles; regional ones carry none
        section_pattern=r"^/(?P<section>[a-z0-9-]+)/\d{4}/\d{2}/\d{2}/\d{6}/",
        # unverified: the forms of the mirror's four layouts (desktop 2019, meta-only,
        # byline-only, regional mobile) and of the cases (2021, 2023, 2025, ...), all
        # hand-written
        layout_markers=layout_markers(
            headline="h1.title-detail, h1.detail-title, h1.headline, h1.c-2xk9__h,"
            " div.detail-head h1, h1.artikel__judul, h1.x9f-title, h1.c-1hh, div.read__header h1,"
            " h1.article__title",
            body="div.content-article, div#detail-body, div.article-body, div.m-7q__b,"
            " div#detail-content, div.artikel__teks, div.x9f-body, div.read__content,"
            " div.article-body__content",
        ),
    ),
    # robots.txt names /sitemap.xml (per-kanal Google News sitemaps); the regional sites'
    # /static/news/{region}-sitemap.xml are not read yet
    feeds=("/rss", *(f"/rss/{kanal}" for kanal in KANALS)),
    listing="/indeks?page={page}",
    date_examples=(
        ("Selasa, 11 Oktober 2022 | 08:00 WIB", "2022-10-11T08:00:00+07:00"),
        ("Jum'at, 24 Juli 2026 | 07:08 WIB", "2026-07-24T07:08:00+07:00"),
    ),
    spider_settings={"DOWNLOAD_DELAY": 0.5},
)
