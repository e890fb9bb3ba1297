"""kumparan.com: one host; newsroom accounts (kumparannews, kumparanbisnis, ...) and user
accounts publish under /{account}/slug-<id>.

No real page was available: every fact is from public scrapers and copies of robots.txt
(README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="kumparan",
    home="https://kumparan.com",
    domains=("kumparan.com",),
    hosts=("kumparan.com",),
    # /{account}/slug-<11-character id> (a 19-digit id until 2018); no date
    article_paths=(
        r"/(?!(?:channel|topic|search|trending)/)[a-z0-9][a-z0-9-]*/[a-z0-9-]+"
        r"-(?:[0-9][0-9A-Za-z]{10}|\d{19})/?",
    ),
    skip_hosts=("lapi.kumparan.com", "blue.kumparan.com", "graphql-v4.kumparan.com"),
    hints=PortalHints(
        site_name="kumparan",
        # articles are not split now (until 2022: /N pages and a /full view)
        page_param=None,
        # unverified: the hand-written case and mirror pages (data-qa-id attributes)
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div[data-qa-id=story-body]",
            byline="span[data-qa-id=author-name]",
            date="time[data-qa-id=publish-date]",
        ),
    ),
    # robots.txt names /sitemap.xml and one sitemap_channel_{kanal}.xml per channel
    feeds=("https://lapi.kumparan.com/v2.0/rss/",),
    # no server-side index: channel pages are filled by scripts
    date_examples=(("24 Juli 2026 10:15 WIB", "2026-07-24T10:15:00+07:00"),),
)
