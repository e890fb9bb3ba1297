"""A fleet on one machine, for the distributed-crawl test and the capacity benchmark: workers
as real `scrapy crawl` processes sharing a Redis frontier and a PostgreSQL store, and what
their logs say they fetched, and when."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from newscrawl.portals import portal_for_url
from tests.support.paths import ROOT

LOG_FORMAT = "%(created).6f [%(name)s] %(levelname)s: %(message)s"
"""Log lines stamped to the microsecond, so that the fleet's pace can be measured."""
_CRAWLED = re.compile(r"^(\d+\.\d+) \[scrapy\.core\.engine\] DEBUG: Crawled \((\d+)\) <GET (\S+)>")


@dataclass
class Worker:
    """One `scrapy crawl` process of the fleet, its log and stats file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    stats: Path

    def crawled(self) -> list[tuple[float, str]]:
        """(time, URL) of every response the worker received, from its log."""
        found: list[tuple[float, str]] = []
        if not self.log.exists():  # not started yet
            return found
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            match = _CRAWLED.match(line)
            if match:
                found.append((float(match[1]), match[3]))
        return found


def start_worker(
    workdir: Path, name: str, settings: dict[str, str], spider: str = "news", *args: str
) -> Worker:
    """Start `scrapy crawl SPIDER` as a worker (NEWSCRAWL_REDIS_URL among `settings`)."""
    workdir.mkdir(parents=True, exist_ok=True)
    log, stats = workdir / f"{name}.log", workdir / f"{name}-stats.json"
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *args]
    every = {
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": LOG_FORMAT,
        "LOG_FILE": str(log),
        "NEWSCRAWL_STATS_OUT": str(stats),
        "NEWSCRAWL_EXTRACT_WORKERS": "1",
        **settings,
    }
    for setting, value in every.items():
        command += ["-s", f"{setting}={value}"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with (workdir / f"{name}.out").open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    return Worker(name, process, log, stats)


def by_portal(crawled: list[tuple[float, str]]) -> dict[str, list[float]]:
    """The times of the responses of each portal, in order."""
    times: dict[str, list[float]] = {}
    for moment, url in crawled:
        portal = portal_for_url(url)
        times.setdefault(portal.name if portal else "other", []).append(moment)
    return {name: sorted(found) for name, found in times.items()}


def peak_count(times: list[float], window: float) -> int:
    """The most responses within any `window` seconds."""
    return max(
        (bisect_right(times, start + window) - i for i, start in enumerate(times)), default=0
    )


def mean_rate(times: list[float]) -> float:
    """Responses per second from the first to the last."""
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
