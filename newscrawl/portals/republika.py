"""republika.co.id: www, kanal hosts (news., ekonomi., khazanah., ...) and the bare domain.

The 2015-2017 URL form and printed dates checked against real article pages; the current
URL form, sitemap, feed and byline from public scrapers (README, "Portals"). Its robots.txt
reportedly shuts out crawlers that call themselves "Scrapy": keep our own USER_AGENT.
"""

from __future__ import annotations

from newscrawl.cleaner.hints import PortalHints
from newscrawl.portals.base import Portal, layout_markers

PORTAL = Portal(
    name="republika",
    home="https://www.republika.co.id",
    domains=("republika.co.id",),
    hosts=(
        "www.republika.co.id",
        "republika.co.id",
        "news.republika.co.id",
        "ekonomi.republika.co.id",
        "khazanah.republika.co.id",
        "internasional.republika.co.id",
        "sharia.republika.co.id",
        "nasional.republika.co.id",  # until 2019
    ),
    article_paths=(
        # now: /berita/<code>/slug, no date [scrapers]
        r"/+berita/+[a-z0-9]{6,14}/[a-z0-9-]+/?",
        # until 2019: /berita/<kanal>/<sub>/YY/MM/DD/<code>-slug [real pages]
        r"/berita/[a-z0-9-]+/[a-z0-9-]+/(?P<year>\d{2})/(?P<month>\d{2})/(?P<day>\d{2})"
        r"/[a-z0-9]{6,10}-[a-z0-9-]+/?",
    ),
    skip_hosts=("static.republika.co.id", "files.republika.co.id", "video.republika.co.id"),
    skip_paths=(r"^/berita/serial/",),  # the next-article feed of the article page
    hints=PortalHints(
        site_name="Republika Online",
        # no split articles seen (a "-partN" suffix is reported once, unconfirmed)
        page_param=None,
        # 2016-2017: article (wrap-title, teaser), photo story (jdl-pic, teaser-pic) and the
        # older detail page (jdl-detail, content-detail) [real pages]; the mirror's article
        layout_markers=layout_markers(
            headline="div.wrap-title, div.jdl-pic, div.jdl-detail h2, article h1",
            body="div.teaser, div.teaser-pic, div.content-detail, div.article-content",
            date="div.date-detail, div.date-pic, div.date-item__headline",
        ),
    ),
    # robots.txt names https://republika.co.id/files/xml/sitemap.xml (not a Google News one)
    feeds=("/rss",),
    # /index/{offset} steps by 50: not a page number, so not used
    date_examples=(
        ("Senin, 15 Februari 2016, 16:15 WIB", "2016-02-15T16:15:00+07:00"),  # [real]
        ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17T13:16:00+07:00"),  # [real]
    ),
)
