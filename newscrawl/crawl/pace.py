"""Politeness across a fleet (NEWSCRAWL_REDIS_URL): every worker's requests to one portal
share that portal's pace, its DOWNLOAD_DELAY, through Redis. Each request reserves the
portal's next free moment in one atomic step and waits for it without holding the event
loop, so N workers together send no faster than one would."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import redis.asyncio
from redis.exceptions import RedisError
from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from newscrawl import settings as defaults
from newscrawl.crawl.distributed import PACE_KEY
from newscrawl.crawl.targets import SLOT_KEY
from newscrawl.frontier import Keys, reserve_slot
from newscrawl.frontier.fleet import SOCKET_TIMEOUT
from newscrawl.portals import portal_for_url
from newscrawl.urls import host_of

logger = logging.getLogger(__name__)


class SharedPace:
    """Downloader middleware: wait for the request's slot (its portal) to be free fleet-wide.

    The slot is the request's download slot (a portal), or the portal of its URL (robots.txt
    is fetched outside the slots), or its host. Waits are counted in the stats
    (`newscrawl/pace/waited`, `newscrawl/pace/wait_seconds`). When Redis cannot be reached the
    request goes on at the slot's own pace, waiting one interval (counted as
    `newscrawl/pace/unreachable`)."""

    def __init__(
        self, client: Any, keys: Keys, paces: dict[str, float], default: float, stats: Any
    ) -> None:
        self.client = client
        self.keys = keys
        self.paces = paces
        self.default = default
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedPace:
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            raise NotConfigured
        client = redis.asyncio.Redis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
        )
        slots = settings.getdict("DOWNLOAD_SLOTS")
        paces = {
            name: float(slot.get(PACE_KEY, slot.get("delay", 0))) for name, slot in slots.items()
        }
        keys = Keys(settings.get("NEWSCRAWL_REDIS_PREFIX", defaults.NEWSCRAWL_REDIS_PREFIX))
        return cls(client, keys, paces, settings.getfloat("DOWNLOAD_DELAY"), crawler.stats)

    def slot_of(self, request: Request) -> str:
        if request.meta.get(SLOT_KEY):
            return str(request.meta[SLOT_KEY])
        portal = portal_for_url(request.url)
        return portal.name if portal else host_of(request.url)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        slot = self.slot_of(request)
        interval = self.paces.get(slot, self.default)
        if interval <= 0:
            return
        try:
            wait = await reserve_slot(self.client, self.keys.pace(slot), interval)
        except RedisError as error:
            self.stats.inc_value("newscrawl/pace/unreachable")
            logger.warning(
                "pace: Redis unreachable (%s): waiting %.2f s for %s", error, interval, slot
            )
            wait = interval
        if wait > 0:
            self.stats.inc_value("newscrawl/pace/waited")
            self.stats.inc_value("newscrawl/pace/wait_seconds", wait)
            await asyncio.sleep(wait)
