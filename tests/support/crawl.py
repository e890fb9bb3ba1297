"""Run `scrapy crawl` and `newscrawl` as real subprocesses; read back a crawl's feed and stats."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.paths import ROOT

FAST = {
    # the mirror is local: no need to wait between requests or before retries
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_START_DELAY": "0.01",
    "NEWSCRAWL_RETRY_BASE_DELAY": "0.05",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlResult:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    returncode: int

    def by_path(self) -> dict[str, list[dict[str, Any]]]:
        from urllib.parse import urlsplit

        found: dict[str, list[dict[str, Any]]] = {}
        for item in self.items:
            found.setdefault(urlsplit(item["url"]).path, []).append(item)
        return found


def crawl_command(
    spider: str, workdir: Path, *args: str, settings: dict[str, str] | None = None
) -> list[str]:
    """`scrapy crawl SPIDER -O WORKDIR/feed.jsonl` with the stats in WORKDIR/stats.json, the
    FAST settings, `settings` and further arguments (a later `-s` of a name wins)."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-O",
        str(workdir / "feed.jsonl"),
        "-s",
        f"NEWSCRAWL_STATS_OUT={workdir / 'stats.json'}",
    ]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command + list(args)


def read_result(workdir: Path, log: str, returncode: int) -> CrawlResult:
    """The feed and stats a crawl of `crawl_command` left in `workdir`."""
    feed, stats = workdir / "feed.jsonl", workdir / "stats.json"
    items = []
    if feed.exists():
        for line in feed.read_text(encoding="utf-8").splitlines():
            items.append(json.loads(line))
    crawl_stats = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    return CrawlResult(items, crawl_stats, log, returncode)


def run_crawl(
    spider: str,
    workdir: Path,
    *args: str,
    settings: dict[str, str] | None = None,
    timeout: float = 300,
) -> CrawlResult:
    """`scrapy crawl SPIDER -O feed.jsonl` from the project root, with `-a`/`-s` arguments."""
    command = crawl_command(spider, workdir, *args, settings=settings)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env
    )
    return read_result(workdir, done.stderr, done.returncode)


def start_in_foreground(
    command: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.Popen[str]:
    """`command` started as from a terminal: in a process group of its own (a test sends
    Ctrl-C to it with os.killpg), SIGINT not ignored whatever the test runner's parent did;
    stderr captured as text."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def run_newscrawl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`newscrawl ARGS...` (as `python -m newscrawl.cli`) from the project root."""
    command = [sys.executable, "-m", "newscrawl.cli", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
