"""`newscrawl enqueue`: a portal's discovery, or a backfill window's, pushed into the fleet's
frontier as the requests a crawl of the portal would start with (robots.txt, sitemaps,
feeds, index pages), for the workers to take. Only the workers fetch."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrapy_redis.queue import PriorityQueue

from newscrawl.crawl.spiders import PORTAL_SPIDERS
from newscrawl.crawl.targets import WINDOW_KEY
from newscrawl.frontier import Keys
from newscrawl.frontier.fleet import reap


def enqueue_portal(
    client: Any,
    keys: Keys,
    portal: str,
    *,
    since: date | None = None,
    until: date | None = None,
    sources: str | None = None,
    base_url: str | None = None,
) -> int:
    """Queue the first requests of `portal`'s discovery; how many. With a window, each
    carries it: the sitemaps and index pages that lead only to older articles are not read,
    and no article outside it is requested or emitted. Requests already waiting are not
    queued twice (the same request is one entry)."""
    given = {"since": since, "until": until, "sources": sources, "base_url": base_url}
    spider = PORTAL_SPIDERS[portal](**{k: str(v) for k, v in given.items() if v})
    spider.chained = False
    reap(client, keys)  # a dead worker's requests go back before new ones are added
    queue = PriorityQueue(client, spider, keys.queue(portal))
    window = None
    if since or until:
        window = (since.isoformat() if since else None, until.isoformat() if until else None)
    queued = 0
    for target in spider.targets.values():
        for request in spider.discover(target):
            if window:
                request.meta[WINDOW_KEY] = window
            queue.push(request)
            queued += 1
    return queued
