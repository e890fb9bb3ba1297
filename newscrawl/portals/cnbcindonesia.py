"""cnbcindonesia.com: one host, on the same publishing system as detik.

No real page was available: every fact is from public scrapers and copies of robots.txt
(README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="cnbcindonesia",
    home="https://www.cnbcindonesia.com",
    domains=("cnbcindonesia.com",),
    hosts=("www.cnbcindonesia.com",),
    # /{kanal}/<YYYYMMDDHHMMSS>-<subkanal id>-<id>/slug; the 14 digits are the creation
    # time, not the publication's: not used as the date
    article_paths=(r"/[a-z0-9-]+/\d{14}-\d+-\d+/[a-z0-9-]+/?",),
    hints=PortalHints(
        site_name="CNBC Indonesia",
        # page N is /N after the article's path; ?page=all on the first page shows all
        page_param=None,
        page_in_path=True,
        all_pages_query="page=all",
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div.detail-text",
        ),
    ),
    # robots.txt names /sitemap.xml: an index of /{kanal}/sitemap_news.xml
    feeds=("/news/rss",),
    # the indeks needs a date whose form sources disagree on: not used
    date_examples=(("31 July 2025 11:01", "2025-07-31T11:01:00+07:00"),),  # English months
)
