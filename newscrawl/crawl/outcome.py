"""A crawl's exit status, from how it ended (its stats), for cron, systemd and Scrapyd.

0  finished: every source was read (finish_reason `finished`), or a limit the user set was
   reached (`max_articles`, CLOSESPIDER_ITEMCOUNT, _PAGECOUNT or _TIMEOUT)
1  did not finish: stopped by Ctrl-C or SIGTERM (once or twice), by another close reason or
   by an error, or it never started for another reason than those of 2
2  a usage or configuration error, found before anything was fetched or written
3  store writes failed (finish_reason `store_failed`, or `newscrawl/store/failed` > 0)
4  a feed or the stats file (NEWSCRAWL_STATS_OUT) could not be written (or opened)

When several apply, the most specific wins: 2, then 3, then 4, then 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FINISHED = 0
NOT_FINISHED = 1
USAGE = 2
STORE_FAILED = 3
OUTPUT_FAILED = 4

COMPLETE = frozenset(
    {
        "finished",
        "max_articles",  # the spider's own limit (-a max_articles)
        "closespider_itemcount",
        "closespider_pagecount",
        "closespider_timeout",
    }
)
"""Close reasons of a crawl that did what it was asked. Not among them: `shutdown` (a
signal), `closespider_errorcount`, `closespider_*_no_item` (a crawl that stalled)."""
STATS_FILE_FAILED = "newscrawl/stats_file/failed"
"""Set by the StatsFile extension when NEWSCRAWL_STATS_OUT could not be written."""
FEED_OPEN_FAILED = "newscrawl/feed/open_failed"
"""Feeds in local files that could not be opened (newscrawl.crawl.feeds)."""
STORE_WRITES_FAILED = "newscrawl/store/failed"
FEED_FAILED_PREFIX = "feedexport/failed_count/"


@dataclass(frozen=True)
class Outcome:
    status: int
    why: str


def crawl_outcome(
    stats: Mapping[str, Any], error: BaseException | None = None, opened: bool = True
) -> Outcome:
    """The exit status of a crawl that ended with these stats, or with `error` raised
    (a ValueError raised before the spider `opened` is a usage or configuration error)."""
    if isinstance(error, ValueError) and not opened:
        return Outcome(USAGE, str(error))
    if error is not None:
        when = "failed" if opened else "could not start"
        return Outcome(NOT_FINISHED, f"the crawl {when}: {type(error).__name__}: {error}")
    reason = stats.get("finish_reason")
    if reason == "store_failed" or stats.get(STORE_WRITES_FAILED, 0) > 0:
        failed = stats.get(STORE_WRITES_FAILED, 0)
        return Outcome(STORE_FAILED, f"store writes failed ({failed} articles not stored)")
    outputs = [key for key, count in stats.items() if key.startswith(FEED_FAILED_PREFIX) and count]
    outputs += [key for key in (FEED_OPEN_FAILED, STATS_FILE_FAILED) if stats.get(key)]
    if outputs:
        return Outcome(OUTPUT_FAILED, f"an output was not written ({', '.join(sorted(outputs))})")
    if reason not in COMPLETE:
        return Outcome(NOT_FINISHED, f"the crawl did not finish ({reason or 'it never closed'})")
    return Outcome(FINISHED, f"the crawl finished ({reason})")
