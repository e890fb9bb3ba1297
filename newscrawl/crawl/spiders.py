"""Every spider `scrapy list` shows: one per registered portal (`scrapy crawl detik`), `news`
(every portal, or `-a portals=detik,kompas`, in one process) and `generic` (any other site).

The portal spiders are made from the registry: a new portal needs no spider of its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newscrawl.crawl.arguments import (
    NEWS_ARGUMENTS,
    CrawlArguments,
    parse_arguments,
    read_base_urls,
    read_portals,
)
from newscrawl.crawl.generic import SiteDiscovery
from newscrawl.crawl.spider import PortalSpider
from newscrawl.crawl.targets import Target
from newscrawl.portals import PORTALS
from newscrawl.portals.base import Portal


def _portal_spider(portal: Portal) -> type[PortalSpider]:
    """`scrapy crawl <portal>`: the portal's class, named after it (SuaraSpider)."""
    return type(
        f"{portal.name.capitalize()}Spider",
        (PortalSpider,),
        {
            "name": portal.name,
            "portal": portal,
            "custom_settings": dict(portal.spider_settings),
            "__module__": __name__,
            "__doc__": f"`scrapy crawl {portal.name}`: {portal.home} (arguments: PortalSpider's).",
        },
    )


PORTAL_SPIDERS = {name: _portal_spider(portal) for name, portal in PORTALS.items()}
globals().update({spider.__name__: spider for spider in PORTAL_SPIDERS.values()})
SuaraSpider = PORTAL_SPIDERS["suara"]


class NewsSpider(PortalSpider):
    """`scrapy crawl news`: every registered portal in one crawl, one feed, one store; each
    portal's requests in its own download slot (its delay and concurrency) and robots.txt read
    per host.

    Arguments: since, until, max_articles, sources, listing_pages (as for a portal), and
      portals     the portals to crawl, comma separated (default: all)
      base_urls   mirrors: portal=origin pairs, comma separated
                  (detik=http://127.0.0.1:8001,kompas=http://127.0.0.1:8002)
    """

    name = "news"

    @classmethod
    def check_arguments(cls, **given: Any) -> CrawlArguments:
        args = parse_arguments(NEWS_ARGUMENTS, **given)
        portals = read_portals(given.get("portals"), tuple(PORTALS))
        return replace(
            args, portals=portals, origins=read_base_urls(given.get("base_urls"), portals)
        )

    def make_targets(self) -> list[Target]:
        return [
            Target(PORTALS[name], self.args.origins.get(name, PORTALS[name].home.rstrip("/")))
            for name in self.args.portals
        ]


class GenericSpider(SiteDiscovery, PortalSpider):
    """`scrapy crawl generic -a url=URL`: a site without a profile, from an article URL, a
    sitemap, a feed or its home page; polite by the crawl's defaults; items have no portal.

    Arguments: url (required), since, until, max_articles.
    """

    name = "generic"
