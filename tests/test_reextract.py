"""`newscrawl reextract`: an archive cleaned again, without Scrapy, gives the crawl's articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.crawl import run_crawl

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "fixtures" / "replay" / "suara.warc.gz"


def test_reextract_gives_what_the_replayed_crawl_gives(tmp_path: Path) -> None:
    output = tmp_path / "again.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newscrawl.cli",
            "reextract",
            str(ARCHIVE),
            "-o",
            str(output),
            "--workers",
            "2",
        ],
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
        [
            sys.executable,
            "-m",
            "newscrawl.cli",
            "reextract",
            str(tmp_path / "none.warc.gz"),
            "-o",
            str(tmp_path / "out.jsonl"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "no such archive" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()
