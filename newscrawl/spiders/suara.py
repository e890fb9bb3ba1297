"""`scrapy crawl suara`: suara.com and its regional sites."""

from __future__ import annotations

from newscrawl.portals.suara import PORTAL
from newscrawl.spiders.base import PortalSpider


class SuaraSpider(PortalSpider):
    name = PORTAL.name
    portal = PORTAL
    custom_settings = PORTAL.spider_settings
