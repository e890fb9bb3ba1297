"""merdeka.com (www, m. and video. hosts)."""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal

PORTAL = Portal(
    name="merdeka",
    home="https://www.merdeka.com",
    domains=("merdeka.com",),
    article_paths=(
        # /{kanal}/{slug}.html, /foto/{kanal}/{id}/{slug}.html, video.../{kanal}/{slug}.html
        r"/[a-z0-9-]+/[a-z0-9-]+\.html",
        r"/foto/[a-z0-9-]+/\d+/[a-z0-9-]+\.html",
        r"/video/[a-z0-9-]+/[a-z0-9-]+\.html",
    ),
    hints=PortalHints(
        name="merdeka",
        site_name="Merdeka.com",
        # the list of video stories under an article is headed by a link to /video/
        block_headings=("Video Merdeka",),
        promo_patterns=(
            r"banyak orang hebat di sekitar kita\..*sosok merdeka!?",
            r"daftarkan",
        ),
        # every page of a multi-page article is already in the first page's HTML (hidden
        # "paging-content" parts); fetching ?page=N would repeat them
        page_param=None,
    ),
    sitemaps=("/sitemap.xml",),
    feeds=("/feed/",),
    listing=None,
)
