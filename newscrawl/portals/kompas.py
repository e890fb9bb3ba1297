"""kompas.com: kanal hosts (nasional., regional., money., bola., ...) and www path sections.

URL form checked against the saved 2017 home page and 2015-2016 article pages; sources,
the 2019+ date form and the multi-page form from public scrapers (README, "Portals").
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="kompas",
    home="https://www.kompas.com",
    domains=("kompas.com",),
    hosts=(
        "www.kompas.com",  # /tren, /skola, /global, /food, /hype, ... before /read/
        "nasional.kompas.com",
        "megapolitan.kompas.com",
        "regional.kompas.com",
        "internasional.kompas.com",
        "money.kompas.com",
        "tekno.kompas.com",
        "otomotif.kompas.com",
        "bola.kompas.com",
        "health.kompas.com",
        "edukasi.kompas.com",
        "travel.kompas.com",
        "properti.kompas.com",
        "entertainment.kompas.com",
        "sains.kompas.com",
    ),
    article_paths=(
        # [section/]read/YYYY/MM/DD/<HHMM + serial>/slug; old slugs have dots and capitals
        r"/(?:[a-z0-9-]+/)?read/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{8,9}"
        r"/[A-Za-z0-9.-]+/?",
    ),
    skip_hosts=(
        "indeks.kompas.com",
        "search.kompas.com",
        "video.kompas.com",
        "inside.kompas.com",
        "assets.kompas.com",
        "asset.kompas.com",
    ),
    hints=PortalHints(
        site_name="Kompas.com",
        page_param="page",
        all_pages_query="page=all",
        # the 2015-2016 templates (kcm-read*) [real pages]; read__* as on the mirror
        layout_markers=layout_markers(
            headline="div.kcm-read-top h2, div.kcm-read-content-top h2, article h1",
            body="div.kcm-read-text, div.kcm-read-content-text, div.read__content",
        ),
    ),
    # robots.txt: www's sitemap.xml; Google News sitemaps per section [public scrapers]
    sitemaps=("https://nasional.kompas.com/news/sitemap.xml",),
    # RSS: public code disagrees on every address (rss.kompas.com needs a key): none used
    listing="https://indeks.kompas.com/?site=all&page={page}",
    date_examples=(
        ("Selasa, 23 Februari 2016 | 16:37 WIB", "2016-02-23T16:37:00+07:00"),  # [real]
        ("Kompas.com - 13/09/2022, 11:35 WIB", "2022-09-13T11:35:00+07:00"),  # [scrapers]
    ),
)
