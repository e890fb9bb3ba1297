"""One setting turns a crawl into a worker of a fleet: with NEWSCRAWL_REDIS_URL set, this
Scrapy add-on swaps in the shared frontier (scrapy-redis, see `frontier.py`), the shared
pace per portal (`pace.py`), and checks that the store can be shared. Without it, nothing
changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.http import Request, Response
from scrapy.utils.misc import load_object

from newscrawl.crawl.targets import WINDOW_KEY
from newscrawl.store import engine_url

PACE_KEY = "pace"
"""DOWNLOAD_SLOTS entry of a distributed crawl: the slot's delay, kept by the whole fleet."""

FRONTIER_SETTINGS = {
    "SCHEDULER": "newscrawl.crawl.frontier.FrontierScheduler",
    "DUPEFILTER_CLASS": "newscrawl.crawl.frontier.PortalSeen",
    # scrapy-redis's own meaning, kept explicit: requests and fingerprints stay in Redis when a
    # worker closes (False would delete the fleet's frontier), nobody empties them on start,
    # and no call blocks the event loop waiting for a request
    "SCHEDULER_PERSIST": True,
    "SCHEDULER_FLUSH_ON_START": False,
    "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
    # the shared pace is the politeness limit (AutoThrottle and the slots' delays are one
    # process's view; with N workers they would allow N times the rate)
    "AUTOTHROTTLE_ENABLED": False,
}
MIDDLEWARES = {
    # before the replay middleware (150): a replayed crawl is paced as a live one
    ("DOWNLOADER_MIDDLEWARES", "newscrawl.crawl.pace.SharedPace"): 140,
    ("SPIDER_MIDDLEWARES", "newscrawl.crawl.distributed.PassOnWindow"): 50,
}


class DistributedError(ValueError):
    """A distributed crawl that cannot run as configured; the message says what to change."""


class Distributed:
    """ADDONS entry (newscrawl.settings): does nothing unless NEWSCRAWL_REDIS_URL is set."""

    def update_settings(self, settings: Any) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        check_store(settings.get("NEWSCRAWL_STORE"))
        try:
            import scrapy_redis  # noqa: F401
        except ModuleNotFoundError:
            raise DistributedError(
                "NEWSCRAWL_REDIS_URL needs scrapy-redis: pip install 'newscrawl[distributed]'"
            ) from None
        for name, value in FRONTIER_SETTINGS.items():
            settings.set(name, value, priority="project")
        for (setting, path), order in MIDDLEWARES.items():
            settings.set_in_component_priority_dict(setting, load_object(path), order)
        # each portal's delay becomes its shared pace; the slot itself waits no more
        slots = settings.getdict("DOWNLOAD_SLOTS")
        paced = {
            name: {**slot, "delay": 0, PACE_KEY: slot.get("delay", 0)}
            for name, slot in slots.items()
        }
        settings.set("DOWNLOAD_SLOTS", paced, priority=settings.getpriority("DOWNLOAD_SLOTS") or 0)


class PassOnWindow:
    """Spider middleware: requests inherit the date window of the response they come from,
    so that a backfill's window (`newscrawl enqueue --since --until`) holds for every
    request it leads to, whichever worker makes them."""

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        window = response.meta.get(WINDOW_KEY)
        async for output in result:
            if window is not None and isinstance(output, Request):
                output.meta.setdefault(WINDOW_KEY, window)
            yield output


def check_store(store: str | None) -> None:
    """A fleet's store must be a server every worker reaches: PostgreSQL, not an SQLite file."""
    if not store:
        raise DistributedError(
            "NEWSCRAWL_REDIS_URL needs a store shared by every worker: set NEWSCRAWL_STORE to "
            "a postgresql:// URL"
        )
    if engine_url(store).get_backend_name() != "postgresql":
        raise DistributedError(
            f"NEWSCRAWL_REDIS_URL needs a PostgreSQL store, not {store!r}: workers on several "
            "machines cannot share an SQLite file (set NEWSCRAWL_STORE to a postgresql:// URL)"
        )
