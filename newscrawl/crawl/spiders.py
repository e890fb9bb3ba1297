"""`scrapy crawl suara`: suara.com and its regional sites."""

from __future__ import annotations

from newscrawl.crawl.spider import PortalSpider
from newscrawl.portals.suara import PORTAL


class SuaraSpider(PortalSpider):
    name = PORTAL.name
    portal = PORTAL
    custom_settings = PORTAL.spider_settings
