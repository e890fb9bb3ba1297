"""suara.com and its regional network ({region}.suara.com)."""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal

KANALS = ("news", "bisnis", "bola", "lifestyle", "entertainment", "otomotif", "tekno", "health")

PORTAL = Portal(
    name="suara",
    home="https://www.suara.com",
    domains=("suara.com",),
    article_paths=(
        # www.suara.com/{kanal}/YYYY/MM/DD/HHMMSS/slug ; HHMMSS is the publication time
        r"/(?P<kanal>[a-z0-9-]+)/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{6}/[^/]+",
        # {region}.suara.com/read/YYYY/MM/DD/HHMMSS/slug
        r"/read/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{6}/[^/]+",
    ),
    hints=PortalHints(
        name="suara",
        site_name="Suara.com",
        page_param="page",
        page_all_value="all",
        # the kanal is the first path segment of www articles; regional ones carry none
        section_pattern=r"^/(?P<section>[a-z0-9-]+)/\d{4}/\d{2}/\d{2}/\d{6}/",
    ),
    feeds=("/rss", *(f"/rss/{kanal}" for kanal in KANALS)),
    listing="/indeks?page={page}",
    spider_settings={"DOWNLOAD_DELAY": 0.5},
)
