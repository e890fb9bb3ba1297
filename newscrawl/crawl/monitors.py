"""The crawl's Spidermon monitors, run when it ends: did a portal's pages stop looking as its
profile knows them (layout drift)?"""

from __future__ import annotations

from typing import Any, ClassVar

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from newscrawl import settings as defaults
from newscrawl.portals.drift import (
    FLAGGED_PREFIX,
    PortalExtraction,
    drifted_in_crawl,
    extraction_counts,
)

__unittest = True
"""unittest (which Spidermon's monitors are) leaves this module's frames out of a failed
monitor's report: the log gets the failure's message, not a traceback."""


def drifted_portals(data: Any) -> tuple[list[str], dict[str, PortalExtraction]]:
    """The portals this crawl's stats show drifted (NEWSCRAWL_LAYOUT_DRIFT_*), and the counts."""
    settings = data.crawler.settings
    share = settings.getfloat("NEWSCRAWL_LAYOUT_DRIFT_SHARE", defaults.NEWSCRAWL_LAYOUT_DRIFT_SHARE)
    minimum = settings.getint(
        "NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES", defaults.NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES
    )
    counts = extraction_counts(data.stats)
    return drifted_in_crawl(counts, share, minimum), counts


def describe(portal: str, count: PortalExtraction) -> str:
    """One line for the log: suara: 9 of 11 articles generic (82%), missed body 9, headline 9."""
    missed = ", ".join(f"{marker} {n}" for marker, n in sorted(count.missed.items()))
    return (
        f"{portal}: {count.generic} of {count.articles} articles generic "
        f"({count.share:.0%}), missed {missed or 'nothing'}"
    )


@monitors.name("Layout drift")
class LayoutDriftMonitor(Monitor):
    """Each portal's articles mostly still match its profile's layout markers."""

    @monitors.name("portals whose articles no longer match their profile's layout")
    def test_portals_keep_their_layout(self) -> None:
        drifted, counts = drifted_portals(self.data)
        if drifted:
            self.fail(
                "layout drift: "
                + "; ".join(describe(portal, counts[portal]) for portal in drifted)
                + ". Check these portals' pages and update their layout markers and hints "
                "(README, 'Layout drift')."
            )


class CountDrift(Action):
    """Counts each drifted portal as newscrawl/layout_drift/<portal> = 1, so the stats file
    and the store's run row say it too."""

    def run_action(self) -> None:
        drifted, _ = drifted_portals(self.data)
        for portal in drifted:
            self.data.crawler.stats.set_value(f"{FLAGGED_PREFIX}{portal}", 1)


class LayoutDriftSuite(MonitorSuite):
    """SPIDERMON_SPIDER_CLOSE_MONITORS: layout drift, and its count when a portal drifted."""

    monitors: ClassVar[list[Any]] = [LayoutDriftMonitor]
    monitors_failed_actions: ClassVar[list[Any]] = [CountDrift]
