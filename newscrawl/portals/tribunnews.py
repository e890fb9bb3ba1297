"""tribunnews.com and its regional sites ({region}.tribunnews.com)."""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal

PORTAL = Portal(
    name="tribunnews",
    home="https://www.tribunnews.com",
    domains=("tribunnews.com",),
    # /{YYYY}/{MM}/{DD}/{slug}, on www and on every regional host
    article_paths=(r"(?:/[a-z0-9-]+)?/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/[a-z0-9-]+",),
    hints=PortalHints(
        name="tribunnews",
        site_name="Tribunnews.com",
        # "Artikel ini telah tayang di ... dengan judul ..." closes syndicated copies
        credit_patterns=(r"artikel ini telah tayang di .{3,200}",),
        # long articles continue on ?page=2, ...
        page_param="page",
    ),
    feeds=("/rss",),
)
