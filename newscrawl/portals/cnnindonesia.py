"""cnnindonesia.com: one host, on the same publishing system as detik.

No real page was available: every fact is from public scrapers and copies of robots.txt
(README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="cnnindonesia",
    home="https://www.cnnindonesia.com",
    domains=("cnnindonesia.com",),
    hosts=("www.cnnindonesia.com",),
    # /{kanal}/<YYYYMMDDHHMMSS>-<subkanal id>-<id>/slug; the 14 digits are when the story
    # was created, often an hour before it was published: not used as its date
    article_paths=(r"/[a-z0-9-]+/\d{14}-\d+-\d+/[a-z0-9-]+/?",),
    skip_paths=(r"^/tv/",),  # video pages on the article form
    hints=PortalHints(
        site_name="CNN Indonesia",
        # page N is /N after the article's path; no all-pages view
        page_param=None,
        page_in_path=True,
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div.detail-text",
        ),
    ),
    # robots.txt names /sitemap.xml: an index of /{kanal}/sitemap_news.xml
    feeds=("/rss",),
    listing="/indeks?page={page}",
    date_examples=(
        ("Selasa, 29 Jul 2025 07:05 WIB", "2025-07-29T07:05:00+07:00"),
        ("Selasa, 24/03/2020 10:51 WIB", "2020-03-24T10:51:00+07:00"),  # until 2020
    ),
)
