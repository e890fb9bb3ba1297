"""Layout drift in a crawl's stats: per portal, how many articles came out "profile" and how
many "generic" (their profile's layout markers no longer held), and the rules that flag a
portal, in one crawl (the Spidermon monitor) and across runs (`newscrawl stats`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

EXTRACTION_PREFIX = "newscrawl/extraction/"
"""`newscrawl/extraction/<portal>/profile|generic`: the portal's articles by `extraction`."""
MISSED_PREFIX = "newscrawl/layout_missed/"
"""`newscrawl/layout_missed/<portal>/<marker>`: the portal's articles that missed the marker."""
FLAGGED_PREFIX = "newscrawl/layout_drift/"
"""`newscrawl/layout_drift/<portal>`: 1 when the crawl's monitor flagged the portal."""
RECENT_RUNS = 5
"""How many of each portal's last runs `newscrawl stats` reads (its `--runs`)."""
RISE = 0.25
"""How far above the earlier runs' share the latest run's must be for `newscrawl stats` to
flag the portal."""
SHARE_TOLERANCE = 1e-9
"""Shares are fractions of counts: one exactly `RISE` above another is above it."""


def extraction_stats(portal: str, extraction: str | None, missed: Iterable[str]) -> list[str]:
    """The stats one emitted article of `portal` counts (each incremented by one)."""
    return [
        f"{EXTRACTION_PREFIX}{portal}/{extraction}",
        *(f"{MISSED_PREFIX}{portal}/{marker}" for marker in missed),
    ]


@dataclass
class PortalExtraction:
    """One portal's articles in one crawl, by how they were read."""

    profile: int = 0
    generic: int = 0
    missed: dict[str, int] = field(default_factory=dict)
    """Articles that missed each marker."""

    @property
    def articles(self) -> int:
        return self.profile + self.generic

    @property
    def share(self) -> float:
        """The share of the articles whose profile no longer matched (0 without articles)."""
        return self.generic / self.articles if self.articles else 0.0


def extraction_counts(stats: Mapping[str, Any]) -> dict[str, PortalExtraction]:
    """Each portal's PortalExtraction from a crawl's stats (portals without articles absent)."""
    counts: dict[str, PortalExtraction] = {}
    for key, value in stats.items():
        if key.startswith(EXTRACTION_PREFIX):
            portal, _, kind = key.removeprefix(EXTRACTION_PREFIX).rpartition("/")
            if kind in ("profile", "generic"):
                setattr(counts.setdefault(portal, PortalExtraction()), kind, int(value))
    for key, value in stats.items():
        if key.startswith(MISSED_PREFIX):
            portal, _, marker = key.removeprefix(MISSED_PREFIX).rpartition("/")
            if portal in counts:
                counts[portal].missed[marker] = int(value)
    return counts


def pooled(runs: Iterable[PortalExtraction]) -> PortalExtraction:
    """Several runs' articles together (their markers too)."""
    total = PortalExtraction()
    for run in runs:
        total.profile += run.profile
        total.generic += run.generic
        for marker, count in run.missed.items():
            total.missed[marker] = total.missed.get(marker, 0) + count
    return total


def drifted(count: PortalExtraction, share: float, min_articles: int) -> bool:
    """A portal's articles of one crawl: at least `min_articles` (and one), at least `share`
    of them generic (the Spidermon monitor's rule)."""
    return count.articles >= max(1, min_articles) and count.share >= share


def drifted_in_crawl(
    counts: Mapping[str, PortalExtraction], share: float, min_articles: int
) -> list[str]:
    """The portals of one crawl that drifted."""
    return sorted(portal for portal, count in counts.items() if drifted(count, share, min_articles))


def rose(
    runs: Sequence[PortalExtraction], share: float, min_articles: int, rise: float = RISE
) -> bool:
    """Whether a portal's share rose, from its runs, oldest first: the latest run drifted, and
    its share is at least `rise` above the share of the earlier runs (all their articles
    together). A portal with no earlier run is not flagged: there is nothing it rose from."""
    if len(runs) < 2:
        return False
    *earlier, latest = runs
    above = latest.share - pooled(earlier).share
    return drifted(latest, share, min_articles) and above >= rise - SHARE_TOLERANCE
