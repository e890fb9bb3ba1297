"""tempo.co: one site at www.tempo.co since late 2024; kanal hosts with /read/ URLs before.

No real page was available: every fact is from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="tempo",
    home="https://www.tempo.co",
    domains=("tempo.co",),
    hosts=(
        "www.tempo.co",
        "nasional.tempo.co",  # the kanal hosts: until late 2024, still linked
        "bisnis.tempo.co",
        "metro.tempo.co",
        "dunia.tempo.co",
        "seleb.tempo.co",
        "otomotif.tempo.co",
        "gaya.tempo.co",
        "travel.tempo.co",
        "cekfakta.tempo.co",
        "en.tempo.co",
        "majalah.tempo.co",
    ),
    article_paths=(
        # now: /{rubrik}/slug-<id>; no date. Author pages /penulis/name-<id> look the same
        r"/(?!(?:penulis|tag|video|foto|infografik|data|play)/)[a-z0-9-]+/[a-z0-9-]+-\d{5,}/?",
        # before: {kanal}.tempo.co/read/<id>/slug; majalah: /read/{rubrik}/<id>/slug
        r"/read/(?:[a-z0-9-]+/)?\d+/[a-z0-9-]+/?",
    ),
    skip_hosts=("statik.tempo.co", "koran.tempo.co", "store.tempo.co"),
    hints=PortalHints(
        site_name="Tempo.co",
        # the /read/ articles were split with ?page_num=N, without an all-pages view; the
        # current site splits none
        page_param="page_num",
        # unverified: the hand-written case and mirror pages
        layout_markers=layout_markers(
            headline="article.detail h1.title",
            body="div#isi",
            byline="article div.author",
            date="article p.date",
        ),
    ),
    # robots.txt names no sitemap; /sitemap.xml is what scrapers read (contents unverified)
    sitemaps=("/sitemap.xml",),
    feeds=("https://rss.tempo.co/nasional",),  # the kanal feeds; alive after 2024: unknown
    # the article:published_time meta holds a display string [scrapers]
    date_examples=(("24 Juli 2026 | 11.32 WIB", "2026-07-24T11:32:00+07:00"),),
    spider_settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1},  # behind Cloudflare
)
