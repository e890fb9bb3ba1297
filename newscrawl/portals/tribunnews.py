"""tribunnews.com and its regional sites ({region}.tribunnews.com).

URL form, feed, multi-page links and the printed date checked against a real 2020 regional
page; the 2025 id form on www, the sitemap index and the index pages from public scrapers
(README, "Portals"). Its CDN is reported to refuse crawler-like user agents.
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

REGIONS = (
    "aceh",
    "ambon",
    "babel",
    "bali",
    "bangka",
    "banjarmasin",
    "banten",
    "banyumas",
    "batam",
    "belitung",
    "bogor",
    "cirebon",
    "jabar",
    "jakarta",
    "jambi",
    "jateng",
    "jatim",
    "jogja",
    "kaltara",
    "kaltim",
    "kupang",
    "lampung",
    "lombok",
    "madura",
    "makassar",
    "manado",
    "mataram",
    "medan",
    "padang",
    "palembang",
    "palu",
    "pantura",
    "papua",
    "pekanbaru",
    "pontianak",
    "solo",
    "sumsel",
    "surabaya",
    "suryamalang",
    "ternate",
    "wartakota",
)

PORTAL = Portal(
    name="tribunnews",
    home="https://www.tribunnews.com",
    domains=("tribunnews.com",),
    hosts=("www.tribunnews.com", *(f"{region}.tribunnews.com" for region in REGIONS)),
    article_paths=(
        # [/{section}]/YYYY/MM/DD/slug, on www (until 2025) and every regional host
        r"(?:/[a-z0-9-]+)?/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/[a-z0-9-]+/?",
        # www since September 2025: /{section}/<id>/slug, no date [scrapers]
        r"/[a-z0-9-]+/\d{5,}/[a-z0-9-]+/?",
    ),
    skip_hosts=("video.tribunnews.com",),
    skip_paths=(r"^/(?:tag|topic|penulis|editor|video|foto|amp)/",),
    hints=PortalHints(
        site_name="Tribunnews.com",
        # "Artikel ini telah tayang di ... dengan judul ..." closes syndicated copies
        credit_patterns=(r"artikel ini telah tayang di .{3,200}",),
        # long articles continue on ?page=2, ...; ?page=all shows every page
        page_param="page",
        all_pages_query="page=all",
        # the 2020 regional page [real page]; the same ids and classes on the mirror
        layout_markers=layout_markers(
            headline="h1#arttitle, article h1",
            body="div.txt-article",
            byline="div#penulis, div#editor",
            date="div#article time, article time",
        ),
    ),
    # robots.txt names /sitemap.xml: an index of {section}/sitemap-news.xml (regional sites:
    # sitemap_news.xml). www's RSS items reportedly all link the home page; regional feeds
    # (<link rel=alternate> on the real page) are sound.
    feeds=("/rss",),
    listing="/index-news?page={page}",
    date_examples=(
        ("Jumat, 9 Oktober 2020 13:52", "2020-10-09T13:52:00+07:00"),  # [real]
        ("Jumat, 24 Juli 2026 12:40 WIB", "2026-07-24T12:40:00+07:00"),  # [scrapers]
    ),
)
