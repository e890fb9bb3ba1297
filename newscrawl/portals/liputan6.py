"""liputan6.com (www and m. hosts)."""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal

PORTAL = Portal(
    name="liputan6",
    home="https://www.liputan6.com",
    domains=("liputan6.com",),
    # /{kanal}/read/{id}/{slug}
    article_paths=(r"/[a-z0-9-]+/read/\d+/[a-z0-9-]+",),
    hints=PortalHints(
        name="liputan6",
        site_name="Liputan6.com",
        # sections of one article are all on the page ("2 dari 3 halaman" separators)
        page_param=None,
    ),
    feeds=("/rss",),
)
