"""Politeness per portal in a crawl of several: one download slot per portal, with the
portal's own delay and concurrency (Scrapy's DOWNLOAD_SLOTS), kept by AutoThrottle too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.extensions.throttle import AutoThrottle
from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.portals.base import Portal


def portal_slots(portals: Iterable[Portal], settings: Any) -> dict[str, dict[str, float]]:
    """DOWNLOAD_SLOTS entries, one per portal: its own DOWNLOAD_DELAY and
    CONCURRENT_REQUESTS_PER_DOMAIN, else the crawl's. A value given on the command line
    (`-s DOWNLOAD_DELAY=2`) applies to every portal."""
    delay = settings.getfloat("DOWNLOAD_DELAY")
    concurrency = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    command_line = SETTINGS_PRIORITIES["cmdline"]
    delay_given = (settings.getpriority("DOWNLOAD_DELAY") or 0) >= command_line
    concurrency_given = (
        settings.getpriority("CONCURRENT_REQUESTS_PER_DOMAIN") or 0
    ) >= command_line
    return {
        portal.name: {
            "delay": delay if delay_given else portal.politeness("DOWNLOAD_DELAY", delay),
            "concurrency": concurrency
            if concurrency_given
            else int(portal.politeness("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency)),
        }
        for portal in portals
    }


def _on_command_line(settings: Any, name: str) -> bool:
    return (settings.getpriority(name) or 0) >= SETTINGS_PRIORITIES["cmdline"]


class PortalThrottle(AutoThrottle):
    """AutoThrottle that never brings a slot below the delay DOWNLOAD_SLOTS gives it (Scrapy's
    own keeps only the crawl-wide DOWNLOAD_DELAY as the floor)."""

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if key is None or slot is None:
            return
        floor = self.crawler.settings.getdict("DOWNLOAD_SLOTS").get(key, {}).get("delay")
        if floor is not None and slot.delay < floor:
            slot.delay = float(floor)
