"""`newscrawl reextract`: an archive cleaned again, without Scrapy, gives the crawl's articles."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.corpus import write_site_archive
from tests.support.crawl import run_crawl
from tests.support.paths import FIXTURES, ROOT

ARCHIVE = FIXTURES / "replay" / "suara.warc.gz"


def reextract_command(archive: Path, output: Path, *options: str) -> list[str]:
    command = [sys.executable, "-m", "newscrawl.cli", "reextract", str(archive)]
    return [*command, "-o", str(output), *options]


def test_reextract_gives_what_the_replayed_crawl_gives(tmp_path: Path) -> None:
    output = tmp_path / "again.jsonl"
    done = subprocess.run(
        reextract_command(ARCHIVE, output, "--workers", "2"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "11 articles" in done.stderr
    again = {item["url"]: item for item in map(json.loads, output.read_text().splitlines())}
    crawled = {
        item["url"]: item
        for item in run_crawl("suara", tmp_path, "-s", f"NEWSCRAWL_REPLAY={ARCHIVE}").items
    }
    assert sorted(again) == sorted(crawled)
    for url, item in crawled.items():
        for field in ("title", "body", "related", "published_at", "authors", "pages"):
            assert again[url][field] == item[field], (url, field)
    assert not list(tmp_path.glob(".again.jsonl*"))  # no partial file left


def test_missing_archive_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run(
        reextract_command(tmp_path / "none.warc.gz", tmp_path / "out.jsonl"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "no such archive" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_articles_over_the_time_limit_are_counted_and_the_run_goes_on(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    # no page can be cleaned in a tenth of a millisecond, however far the cleaner has got
    # when the time is up (a library's `except Exception` must not swallow the timeout)
    command = reextract_command(ARCHIVE, output, "--workers", "2", "--timeout", "0.0001")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # 14 first pages: 13 to clean, one not archived with status 200 (found out quickly, yet
    # even that may overrun so short a limit)
    assert "0 articles from 14 pages" in done.stderr
    reasons = dict(
        (reason, int(count))
        for reason, count in re.findall(r"(\w+) (\d+)", done.stderr.split("not articles: ")[1])
    )
    assert reasons["extraction_timeout"] >= 13
    named = re.findall(r"not cleaned \(extraction_timeout\): (https://\S+)", done.stderr)
    assert len(set(named)) == len(named) == reasons["extraction_timeout"]  # each named once
    assert sum(reasons.values()) == 14 and set(reasons) <= {"extraction_timeout", "not_archived_ok"}
    assert output.read_text() == ""


def _workers_of(pid: int) -> list[int]:
    """The cleaning workers of a reextract process: children of its fork server."""
    workers = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            grandchildren = Path(f"/proc/{child}/task/{child}/children").read_text().split()
        except OSError:
            continue
        if b"forkserver" in command:
            workers += [int(grandchild) for grandchild in grandchildren]
    return workers


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_worker_killed_mid_run_loses_no_article(tmp_path: Path) -> None:
    archive = tmp_path / "site.warc.gz"
    count = 1000
    write_site_archive(archive, count)
    output = tmp_path / "out.jsonl"
    command = reextract_command(archive, output, "--workers", "2")
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(_workers_of(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # both at work
        victim = _workers_of(process.pid)[0]
        os.kill(victim, signal.SIGKILL)
        assert process.poll() is None  # the kill landed mid-run
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert f"{count} articles from {count} pages" in stderr
    urls = [json.loads(line)["url"] for line in output.read_text().splitlines()]
    assert len(urls) == len(set(urls)) == count
