"""What `newscrawl stats` shows: articles per portal and each portal's last run."""

from __future__ import annotations

from typing import Any

from newscrawl.store.store import Store

FAILURE_KEYS = ("failed/", "source_failed/", "rejected/", "dropped/", "store/failed")
"""Stats (after "newscrawl/") listed as a run's failures and rejections."""


def store_report(store: Store) -> dict[str, Any]:
    """{"portals": per-portal counts, "last_runs": each portal's latest run, with its
    failures and rejections by reason}."""
    last_runs = store.last_runs()
    for run in last_runs:
        stats = run.pop("stats")
        run["failures"] = {
            key.removeprefix("newscrawl/"): value
            for key, value in sorted(stats.items())
            if key.removeprefix("newscrawl/").startswith(FAILURE_KEYS)
        }
    return {"portals": store.portal_counts(), "last_runs": last_runs}


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
    return lines
