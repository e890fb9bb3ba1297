"""`scrapy crawl`'s exit status, as cron, systemd and Scrapyd see it: real crawls as
subprocesses, against the suara mirror on 127.0.0.1 or the shipped archive.

0 finished (or a limit the user set), 1 did not finish, 2 refused before crawling (nothing
fetched, nothing written), 3 store writes failed, 4 a feed or the stats file not written."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.store import Store
from tests.support.crawl import (
    ROOT,
    CrawlResult,
    crawl_command,
    read_result,
    run_crawl,
    start_in_foreground,
)
from tests.support.siteserver import Delayed, SiteServer

SITE = ROOT / "fixtures" / "sites" / "suara"
SHIPPED = ROOT / "fixtures" / "replay" / "suara.warc.gz"
ARTICLE_PAGE = next((SITE / "articles").glob("pemprov-dki-mulai-keruk-lumpur-kali-krukut-*.html"))
PREVIOUS = '{"from": "the previous run"}\n'
"""What feed.jsonl holds before a crawl that must not touch it."""


def _replay(*args: str, **settings: str) -> tuple[str, ...]:
    """Arguments for a crawl of the shipped archive (offline), plus `args`."""
    pairs = {"NEWSCRAWL_REPLAY": str(SHIPPED), **settings}
    return (*(part for name, value in pairs.items() for part in ("-s", f"{name}={value}")), *args)


@pytest.fixture(scope="module")
def mirror() -> Iterator[SiteServer]:
    with SiteServer(SITE) as server:
        yield server


# -- 2: refused before crawling ------------------------------------------------------------------

REFUSED = {
    # id: (arguments, what the message names)
    "url not a URL": (["-a", "url=not-a-url"], "-a url='not-a-url'"),
    "base_url not http": (["-a", "base_url=ftp://127.0.0.1/"], "-a base_url='ftp://127.0.0.1/'"),
    "max_articles 0": (["-a", "max_articles=0"], "-a max_articles='0'"),
    "no such date": (["-a", "since=2019-11-31"], "-a since='2019-11-31'"),
    "unknown argument": (["-a", "max_article=5"], "-a max_article"),
    "workers": (["-s", "NEWSCRAWL_EXTRACT_WORKERS=many"], "NEWSCRAWL_EXTRACT_WORKERS='many'"),
    "timeout": (["-s", "NEWSCRAWL_EXTRACT_TIMEOUT=-1"], "NEWSCRAWL_EXTRACT_TIMEOUT='-1'"),
    "min words": (["-s", "NEWSCRAWL_MIN_WORDS=few"], "NEWSCRAWL_MIN_WORDS='few'"),
    "misspelt setting": (["-s", "NEWSCRAWL_REPLAYS=x.warc"], "NEWSCRAWL_REPLAYS"),
    "replay missing": (["-s", "NEWSCRAWL_REPLAY={tmp}/none.warc.gz"], "NEWSCRAWL_REPLAY="),
    "replay HTML": (
        ["-s", f"NEWSCRAWL_REPLAY={ARTICLE_PAGE}", "-s", "NEWSCRAWL_STORE={tmp}/articles.db"],
        "setting NEWSCRAWL_REPLAY: ",  # and no store created
    ),
    "replay empty": (["-s", "NEWSCRAWL_REPLAY={tmp}/empty.warc"], "setting NEWSCRAWL_REPLAY: "),
    "WARC folder": (["-s", "NEWSCRAWL_WARC_OUT={tmp}/a-file/warc"], "NEWSCRAWL_WARC_OUT="),
    "stats folder": (["-s", "NEWSCRAWL_STATS_OUT={tmp}/a-file/s.json"], "NEWSCRAWL_STATS_OUT="),
    "feed folder": (["-O", "{tmp}/a-file/feed.jsonl"], "a-file/feed.jsonl"),
    "no such spider": ([], "no spider named 'antara_tv'"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_crawl_refused_exits_2_and_leaves_everything_as_it_was(
    case: str, tmp_path: Path, mirror: SiteServer
) -> None:
    arguments, named = REFUSED[case]
    (tmp_path / "feed.jsonl").write_text(PREVIOUS, encoding="utf-8")
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    given = [part.format(tmp=tmp_path) for part in arguments]
    if not any(part.startswith("base_url=") for part in given):
        given = ["-a", f"base_url={mirror.base_url}", *given]
    spider = "antara_tv" if case == "no such spider" else "suara"
    before = len(mirror.requests)

    result = run_crawl(spider, tmp_path, *given, timeout=120)

    assert result.returncode == 2, result.log[-3000:]
    assert named.format(tmp=tmp_path) in result.log
    assert "Traceback" not in result.log
    assert (tmp_path / "feed.jsonl").read_text(encoding="utf-8") == PREVIOUS  # not emptied
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "a-file",
        "empty.warc",
        "feed.jsonl",
    ]
    assert len(mirror.requests) == before  # nothing fetched


# -- 0: finished -----------------------------------------------------------------------------------


def test_a_crawl_that_finished_exits_0_despite_failed_pages(
    tmp_path: Path, mirror: SiteServer
) -> None:
    """The mirror answers 500 for one article and 404 for some feeds: counted, not a failure
    of the crawl."""
    result = run_crawl("suara", tmp_path, "-a", f"base_url={mirror.base_url}")
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "finished"
    assert result.stats["newscrawl/failed/http_500"] == 1
    assert "exit status 0" in result.log
    assert result.items


def test_a_crawl_that_reached_max_articles_exits_0(tmp_path: Path) -> None:
    result = run_crawl("suara", tmp_path, *_replay("-a", "max_articles=2"))
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "max_articles"
    assert len(result.items) == 2
    assert "exit status 0" in result.log


# -- 1: did not finish -----------------------------------------------------------------------------


def _is_article(target: str) -> bool:
    return target.count("/") >= 5  # /kanal/yyyy/mm/dd/hhmmss/slug


@pytest.mark.parametrize("presses", [1, 2], ids=["Ctrl-C once", "Ctrl-C twice"])
def test_an_interrupted_crawl_exits_1(presses: int, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) while the mirror is slow
    to answer articles: once stops the crawl cleanly (finish_reason shutdown), twice at once."""
    with SiteServer(SITE, policy=Delayed(_is_article, seconds=1.5, fast=1)) as server:
        crawl = start_in_foreground(
            crawl_command("suara", tmp_path, "-a", f"base_url={server.base_url}"),
            {**os.environ, "PYTHONUNBUFFERED": "1"},
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 120
            while not any(_is_article(path) for path in server.requested()):
                assert time.monotonic() < deadline and crawl.poll() is None, "no article fetched"
                time.sleep(0.05)
            for _ in range(presses):
                os.killpg(crawl.pid, signal.SIGINT)
                time.sleep(0.3)
            _, log = crawl.communicate(timeout=120)
        finally:
            if crawl.poll() is None:
                os.killpg(crawl.pid, signal.SIGKILL)
                crawl.wait()
    result = read_result(tmp_path, log, crawl.returncode)
    assert result.returncode == 1, log[-3000:]
    assert "exit status 1: the crawl did not finish" in log
    if presses == 1:
        assert result.stats["finish_reason"] == "shutdown"


# -- 3: store writes failed ------------------------------------------------------------------------


def test_store_writes_that_fail_exit_3(tmp_path: Path) -> None:
    """A store whose database refuses every new article (a trigger aborts the insert), as a
    full disk or a broken database would: the feed still gets the articles."""
    database = tmp_path / "articles.db"
    Store(str(database)).close()
    with sqlite3.connect(database) as db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END"
        )
    result = run_crawl("suara", tmp_path, *_replay(NEWSCRAWL_STORE=str(database)))
    assert result.returncode == 3, result.log[-3000:]
    assert result.stats["newscrawl/store/failed"] > 0
    assert "exit status 3: store writes failed" in result.log


# -- 4: an output not written ----------------------------------------------------------------------


def _assert_output_failed(result: CrawlResult) -> None:
    assert result.returncode == 4, result.log[-3000:]
    assert "exit status 4: an output was not written" in result.log


def test_a_feed_that_cannot_be_written_exits_4(tmp_path: Path) -> None:
    """A second feed on a full device: Scrapy's feed export fails for real (ENOSPC) and counts
    it; the first feed is complete, the crawl finished, the status says a feed is missing.
    (/dev/full is opened as it is, never replaced: Scrapy's file storage does not rename.)"""
    result = run_crawl("suara", tmp_path, *_replay("-O", "/dev/full:jsonlines"))
    _assert_output_failed(result)
    assert result.stats["feedexport/failed_count/CountedFileFeedStorage"] == 1
    assert result.stats["finish_reason"] == "finished"
    assert len(result.items) == result.stats["item_scraped_count"] > 0


def test_a_feed_that_cannot_be_opened_exits_4(tmp_path: Path) -> None:
    """A second feed whose name, once `%(name)s` is filled in, is a folder: Scrapy only logs
    that it cannot open it; the crawl counts it and says so in its status."""
    (tmp_path / "feed-suara.jsonl").mkdir()
    result = run_crawl("suara", tmp_path, *_replay("-O", f"{tmp_path}/feed-%(name)s.jsonl"))
    _assert_output_failed(result)
    assert result.stats["newscrawl/feed/open_failed"] == 1
    assert f"feed not written: {tmp_path}/feed-suara.jsonl cannot be opened" in result.log
    assert len(result.items) == result.stats["item_scraped_count"] > 0  # the other feed


def test_a_stats_file_that_cannot_be_written_exits_4(tmp_path: Path) -> None:
    """NEWSCRAWL_STATS_OUT names a folder once `%(name)s` is filled in: found when the file
    is written, at the end; logged in one line, counted, and the status says so."""
    (tmp_path / "stats-suara.json").mkdir()
    stats_out = f"{tmp_path}/stats-%(name)s.json"
    result = run_crawl("suara", tmp_path, *_replay(NEWSCRAWL_STATS_OUT=stats_out))
    _assert_output_failed(result)
    assert f"crawl stats not written to {tmp_path}/stats-suara.json" in result.log
    assert "newscrawl/stats_file/failed" in result.log  # in the reason of the status
    assert "Traceback" not in result.log
    assert result.items  # the feed is there
