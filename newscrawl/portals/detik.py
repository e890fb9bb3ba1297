"""detik.com: kanal hosts (news., finance., sport., inet., ...) and regional desks on www.

Facts and where they come from (README, "Portals"): URL forms checked against the saved
home (2017, 2022) and news indeks (2024) pages; sources and multi-page form from public
scrapers; printed dates from real article pages.
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="detik",
    home="https://www.detik.com",
    domains=("detik.com",),
    hosts=(
        "www.detik.com",  # regional desks /jabar, /jatim, ... and /edu, /hikmah
        "news.detik.com",
        "finance.detik.com",
        "sport.detik.com",
        "inet.detik.com",
        "hot.detik.com",
        "health.detik.com",
        "oto.detik.com",
        "travel.detik.com",
        "food.detik.com",
        "wolipop.detik.com",
    ),
    article_paths=(
        # since 2017: 1-3 kanal segments, d-<id>, slug; no date [real pages]
        r"/(?:[a-z0-9-]+/){1,3}d-\d{6,8}/[a-z0-9-]+/?",
        # until 2017: /read/YYYY/MM/DD/HHMMSS/<id>/<kanal id>/slug [real home page 2017]
        r"/read/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/\d{6}/\d+/\d+/[a-z0-9-]+/?",
    ),
    # video, photo and user-content hosts [real home pages]
    skip_hosts=(
        "20.detik.com",
        "foto.detik.com",
        "pasangmata.detik.com",
        "adsmart.detik.com",
        "event.detik.com",
        "connect.detik.com",
        "karir.detik.com",
    ),
    # photo galleries and video pages with a d- id [real home and indeks pages]
    skip_paths=(r"^/(?:[a-z0-9-]+/)?(?:foto-[a-z0-9-]+|oto-galeri|fototravel|detiktv|foto)/",),
    hints=PortalHints(
        site_name="detikcom",
        # page N is /N after the article's path; ?single=1 shows every page [public scrapers]
        page_param=None,
        page_in_path=True,
        all_pages_query="single=1",
        # 2022 desktop (detail__*), detikTravel (read__*), the About the Game long read (jdl,
        # detail_text), the 2016 photo story (detail_profil, text_gal) [real pages]
        layout_markers=layout_markers(
            headline="article h1, div.detail_profil h1",
            body="div.itp_bodycontent, div.detail_text, div.text_gal",
            byline="div.detail__author, div.author, div.ugc__block__name,"
            " div.detail_profil > strong",
        ),
    ),
    # robots.txt names www's sitemap.xml; Google News sitemaps are per kanal host and cover
    # about a day [public scrapers]
    sitemaps=(
        "https://news.detik.com/berita/sitemap_news.xml",
        "https://finance.detik.com/sitemap_news.xml",
    ),
    feeds=("https://news.detik.com/berita/rss", "https://finance.detik.com/rss"),
    # /indeks/2 ... /indeks/500 on the real page; that /indeks/1 is page 1 is a guess
    listing="https://news.detik.com/indeks/{page}",
    date_examples=(
        ("Sabtu, 10 Des 2022 22:10 WIB", "2022-12-10T22:10:00+07:00"),  # article [real]
        ("Jumat, 04 Okt 2024 19:34 WIB", "2024-10-04T19:34:00+07:00"),  # indeks [real]
        ("Selasa, 23/02/2016 15:32 WIB", "2016-02-23T15:32:00+07:00"),  # 2016 [real]
    ),
)
