"""What `newscrawl stats` shows: articles per portal, each portal's last run, and layout drift
over each portal's recent runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newscrawl import settings as defaults
from newscrawl.portals.drift import (
    EXTRACTION_PREFIX,
    RECENT_RUNS,
    RISE,
    PortalExtraction,
    extraction_counts,
    pooled,
    rose,
)
from newscrawl.store.store import Store

FAILURE_KEYS = ("failed/", "source_failed/", "rejected/", "dropped/", "store/failed")
"""Stats (after "newscrawl/") listed as a run's failures and rejections."""


def store_report(
    store: Store, portals: Sequence[str] = (), runs: int = RECENT_RUNS
) -> dict[str, Any]:
    """{"portals": per-portal counts, "last_runs": each portal's latest run, with its
    failures and rejections by reason, "layout_drift": for each of `portals` (the registered
    ones) that a run counted, its share of articles whose profile no longer matched over its
    last `runs` runs, and whether it rose}."""
    last_runs = store.last_runs()
    for run in last_runs:
        stats = run.pop("stats")
        run["failures"] = {
            key.removeprefix("newscrawl/"): value
            for key, value in sorted(stats.items())
            if key.removeprefix("newscrawl/").startswith(FAILURE_KEYS)
        }
    return {
        "portals": store.portal_counts(),
        "last_runs": last_runs,
        "layout_drift": layout_drift(store, portals, runs),
    }


def layout_drift(store: Store, portals: Sequence[str], runs: int) -> dict[str, Any]:
    """Per portal, over its last `runs` runs that counted its articles' extraction (oldest
    first): each run's share of "generic" articles, the share over all of them, the latest
    and the earlier runs' shares, the markers the latest run missed, and `flagged` (the rule
    of `newscrawl.portals.drift.rose`, with NEWSCRAWL_LAYOUT_DRIFT_SHARE and _MIN_ARTICLES)."""
    share = defaults.NEWSCRAWL_LAYOUT_DRIFT_SHARE
    minimum = defaults.NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES
    rows = []
    for portal in portals:
        found = store.finished_runs_with(f'"{EXTRACTION_PREFIX}{portal}/', runs)
        counts = [extraction_counts(run["stats"]).get(portal, PortalExtraction()) for run in found]
        if not counts:
            continue
        total, latest = pooled(counts), counts[-1]
        rows.append(
            {
                "portal": portal,
                "runs": [
                    {"id": run["id"], "started_at": run["started_at"], **_shares(count)}
                    for run, count in zip(found, counts, strict=True)
                ],
                **_shares(total),
                "latest_share": round(latest.share, 4),
                "earlier_share": round(pooled(counts[:-1]).share, 4) if len(counts) > 1 else None,
                "latest_missed": dict(sorted(latest.missed.items())),
                "flagged": rose(counts, share, minimum),
            }
        )
    return {"runs": runs, "share": share, "rise": RISE, "min_articles": minimum, "portals": rows}


def _shares(count: PortalExtraction) -> dict[str, Any]:
    return {"articles": count.articles, "generic": count.generic, "share": round(count.share, 4)}


def report_lines(report: dict[str, Any]) -> list[str]:
    """The report as the lines `newscrawl stats` prints."""
    lines = [f"{'portal':<16} {'articles':>9} {'duplicates':>11} {'updated':>8}"]
    for row in report["portals"]:
        name = row["portal"] or "-"
        lines.append(f"{name:<16} {row['articles']:>9} {row['duplicates']:>11} {row['updated']:>8}")
    for run in report["last_runs"]:
        lines.append(f"\nlast run of {run['portal']}: #{run['id']}, started {run['started_at']}")
        if run["finished_at"]:
            lines.append(f"  finished {run['finished_at']} ({run['finish_reason']})")
        else:
            lines.append("  not finished: still running, or killed")
        counts = ", ".join(f"{k} {run[k]}" for k in ("new", "updated", "unchanged", "duplicates"))
        lines.append(f"  {counts}")
        lines.append("  failures and rejections:" + ("" if run["failures"] else " none"))
        lines.extend(f"    {key:<40} {value:>6}" for key, value in run["failures"].items())
    return lines + drift_lines(report["layout_drift"])


def drift_lines(drift: dict[str, Any]) -> list[str]:
    """The layout drift table: one line per portal, FLAGGED where its share rose."""
    lines = [
        f"\nlayout drift over each portal's last {drift['runs']} runs: the share of its "
        "articles whose profile no longer matched (extraction generic)",
        f"{'portal':<16} {'runs':>5} {'articles':>9} {'generic':>8} {'share':>6} "
        f"{'earlier':>8} {'latest':>7}",
    ]
    if not drift["portals"]:
        lines.append("  no run has counted its articles' extraction yet")
    for row in drift["portals"]:
        earlier = "-" if row["earlier_share"] is None else f"{row['earlier_share']:.0%}"
        line = (
            f"{row['portal']:<16} {len(row['runs']):>5} {row['articles']:>9} "
            f"{row['generic']:>8} {row['share']:>6.0%} {earlier:>8} {row['latest_share']:>7.0%}"
        )
        if row["flagged"]:
            missed = ", ".join(f"{k} {v}" for k, v in row["latest_missed"].items())
            line += f"  FLAGGED (latest run missed: {missed})"
        lines.append(line)
    if any(row["flagged"] for row in drift["portals"]):
        lines.append(
            f"FLAGGED: its latest run has at least {drift['min_articles']} of its articles, at "
            f"least {drift['share']:.0%} of them generic, {drift['rise'] * 100:.0f} points or "
            "more above its earlier runs. Check its new pages and update its layout markers "
            "and hints (README, 'Layout drift')."
        )
    return lines
