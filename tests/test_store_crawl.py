"""Scheduled crawls into a store, as subprocesses: repeated runs, edits, kill -9, JOBDIR resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.crawl.seen import CompactDupeFilter
from newscrawl.store import Store, engine_url
from newscrawl.store.schema import article_versions, articles, related_links, runs
from tests.support.archive_builder import write_archive
from tests.support.crawl import FAST, ROOT, CrawlResult, run_crawl
from tests.support.siteserver import Policy, Reply, Request, Site, SiteServer

SITE = ROOT / "fixtures" / "sites" / "suara"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ARTICLE_PATHS = set(EXPECTED["articles"])
ORIGIN = "https://www.suara.com"
QUICK = {"NEWSCRAWL_EXTRACT_WORKERS": "0"}  # no cleaning pool to start: quicker, fewer processes
EDITS = {
    "pemprov-dki-mulai-keruk-lumpur-kali-krukut-jelang-puncak-musim-hujan": [
        ("sepanjang 2,3 kilometer", "sepanjang 3,1 kilometer, diperpanjang pada Sabtu,"),
        ("2019-11-22T10:02:00+07:00", "2019-11-23T08:30:00+07:00"),  # article:modified_time
    ],
    "ratusan-sepeda-onthel-ramaikan-kirab-budaya-hari-jadi-kampung-kotagede": [
        ("sedikitnya 320 pesepeda terdaftar", "sedikitnya 350 pesepeda terdaftar"),
    ],
}
"""Two articles of the mirror (by slug) as edited later: a paragraph changed in each, one with
a new article:modified_time (the other's markup has none)."""
CHANGED = sorted(path for path in ARTICLE_PATHS if path.rsplit("/", 1)[1] in EDITS)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mirror as a replay archive, and a copy of it where two articles were edited."""
    folder = tmp_path_factory.mktemp("archives")
    write_archive(SITE, ORIGIN, folder / "suara.warc.gz")
    edited = folder / "edited-site"
    shutil.copytree(SITE, edited)
    for slug, replacements in EDITS.items():
        page = edited / "articles" / f"{slug}.html"
        html = page.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in html, (slug, old)
            html = html.replace(old, new)
        page.write_text(html, encoding="utf-8")
    write_archive(edited, ORIGIN, folder / "suara-edited.warc.gz")
    return {"original": folder / "suara.warc.gz", "edited": folder / "suara-edited.warc.gz"}


def replay(workdir: Path, archive: Path, store: str, **settings: str) -> CrawlResult:
    result = run_crawl(
        "suara",
        workdir,
        settings={"NEWSCRAWL_REPLAY": str(archive), "NEWSCRAWL_STORE": store, **QUICK, **settings},
    )
    assert result.returncode == 0 and "Traceback" not in result.log, result.log[-3000:]
    return result


def table(store: Store, which: object, *order: object) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(which).order_by(*order)).mappings()]


def fetched_articles(result: CrawlResult) -> set[str]:
    """Article first pages the crawl downloaded (Scrapy logs each response at DEBUG)."""
    found = set()
    for line in result.log.splitlines():
        if "Crawled (" in line and "<GET " in line:
            url = line.split("<GET ", 1)[1].split(">", 1)[0]
            if urlsplit(url).path in ARTICLE_PATHS and not urlsplit(url).query:
                found.add(urlsplit(url).path)
    return found


def test_repeated_runs_store_each_article_once_and_keep_versions(
    target: str, archives: dict[str, Path], tmp_path: Path
) -> None:
    first = replay(tmp_path / "1", archives["original"], target)
    assert first.stats["newscrawl/store/new"] == len(ARTICLE_PATHS) == len(first.items)

    second = replay(
        tmp_path / "2",
        archives["original"],
        target,
        NEWSCRAWL_RECHECK_DAYS="0",
        LOG_LEVEL="DEBUG",
    )
    assert second.items == []  # nothing new: the feed of this run is empty
    assert second.stats["newscrawl/skipped/already_stored"] == len(ARTICLE_PATHS)
    assert not any(key.startswith("newscrawl/store/") for key in second.stats)
    assert fetched_articles(second) == set()  # no stored article fetched again
    assert "newscrawl/failed/IgnoreRequest" not in second.stats

    third = replay(tmp_path / "3", archives["edited"], target, NEWSCRAWL_RECHECK_DAYS="-1")
    assert third.stats["newscrawl/store/updated"] == 2
    assert third.stats["newscrawl/store/unchanged"] == len(ARTICLE_PATHS) - 2

    with Store(target) as store:
        stored = table(store, articles, articles.c.url)
        versions = table(store, article_versions, article_versions.c.url)
        run_rows = table(store, runs, runs.c.id)
    assert sorted(urlsplit(a["url"]).path for a in stored) == sorted(ARTICLE_PATHS)
    assert [(r["new"], r["updated"], r["unchanged"], r["duplicates"]) for r in run_rows] == [
        (len(ARTICLE_PATHS), 0, 0, 0),
        (0, 0, 0, 0),
        (0, 2, len(ARTICLE_PATHS) - 2, 0),
    ]
    assert [r["finish_reason"] for r in run_rows] == ["finished"] * 3
    assert json.loads(run_rows[1]["stats"])["newscrawl/skipped/already_stored"] == len(
        ARTICLE_PATHS
    )
    assert sorted(urlsplit(v["url"]).path for v in versions) == sorted(CHANGED)
    by_url = {a["url"]: a for a in stored}
    for old in versions:
        current = by_url[old["url"]]
        assert old["version"] == 1 and current["version"] == 2
        assert old["body"] != current["body"] and old["body_hash"] != current["body_hash"]
        assert json.loads(old["related"])  # the old version's links, kept with it
    [pemprov] = [a for a in stored if "pemprov-dki" in a["url"]]
    assert pemprov["modified_at"] == "2019-11-23T08:30:00+07:00"
    assert "sepanjang 3,1 kilometer" in pemprov["body"]


# -- interrupted crawls against a slow live mirror -------------------------------------------------


class SlowArticles(Policy):
    """Serves the mirror; article first pages take a while, so a crawl can be caught midway."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def respond(
        self, request: Request, site: Site, base: str, handler: BaseHTTPRequestHandler
    ) -> Reply:
        if request.target in ARTICLE_PATHS:
            time.sleep(self.delay)
        return site.reply(request.target, base)


@pytest.fixture
def slow_site() -> Iterator[SiteServer]:
    with SiteServer(SITE, policy=SlowArticles(0.3)) as server:
        yield server


def crawl_command(workdir: Path, base_url: str, settings: dict[str, str]) -> list[str]:
    """The command `run_crawl` runs, for a crawl this test starts and stops itself."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "suara", "-a", f"base_url={base_url}"]
    command += ["-O", str(workdir / "feed.jsonl")]
    command += ["-s", f"NEWSCRAWL_STATS_OUT={workdir / 'stats.json'}"]
    for name, value in {**FAST, **QUICK, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def stored_count(target: str) -> int | None:
    """Articles committed so far, read as any other client would; None before the tables exist."""
    if "://" not in target and not Path(target).exists():
        return None
    engine = create_engine(engine_url(target))
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar_one()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def wait_until(
    condition: Callable[[], bool],
    process: subprocess.Popen,
    limit: float = 60,
    what: str = "the crawl stored nothing",
) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, "the crawl ended before it could be interrupted"
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_killed_crawl_loses_nothing(target: str, slow_site: SiteServer, tmp_path: Path) -> None:
    settings = {"NEWSCRAWL_STORE": target, "NEWSCRAWL_STORE_BATCH": "2"}
    settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = "1"
    command = crawl_command(tmp_path / "killed", slow_site.base_url, settings)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(lambda: (stored_count(target) or 0) >= 2, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the crawl and any process it started
        process.wait()
    if "://" not in target:
        with sqlite3.connect(target) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store(target) as store:
        kept = table(store, articles, articles.c.url)
        linked = {link["article_url"] for link in table(store, related_links)}
        [killed_run] = table(store, runs)
    assert 2 <= len(kept) < len(ARTICLE_PATHS)  # stopped midway, whole batches only
    assert all(article["url"] in linked for article in kept)  # each with its links
    assert killed_run["finished_at"] is None and killed_run["new"] == len(kept)

    again = run_crawl(
        "suara",
        tmp_path / "again",
        "-a",
        f"base_url={slow_site.base_url}",
        settings={"NEWSCRAWL_STORE": target, **QUICK},
    )
    assert again.returncode == 0, again.log[-3000:]
    assert again.stats["newscrawl/store/new"] == len(ARTICLE_PATHS) - len(kept)
    assert again.stats["newscrawl/skipped/already_stored"] == len(kept)
    with Store(target) as store:
        stored = [urlsplit(a["url"]).path for a in table(store, articles, articles.c.url)]
    assert sorted(stored) == sorted(ARTICLE_PATHS)  # each article of the mirror, once


def test_jobdir_pause_and_resume(slow_site: SiteServer, tmp_path: Path) -> None:
    target = str(tmp_path / "articles.db")
    settings = {"NEWSCRAWL_STORE": target, "NEWSCRAWL_STORE_BATCH": "1"}
    settings |= {"JOBDIR": str(tmp_path / "job"), "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    settings["LOG_LEVEL"] = "DEBUG"
    paused = tmp_path / "paused"
    process = subprocess.Popen(
        crawl_command(paused, slow_site.base_url, settings),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: (stored_count(target) or 0) >= 2, process)
        process.send_signal(signal.SIGINT)  # once: Scrapy stops gracefully
        assert process.wait(timeout=60) == 1  # paused: it did not finish (README)
    finally:
        if process.poll() is None:
            process.kill()
    first_stats = json.loads((paused / "stats.json").read_text(encoding="utf-8"))
    assert first_stats["finish_reason"] == "shutdown"
    assert first_stats["scheduler/enqueued/disk"] > 0
    first_items = [item["url"] for item in map(json.loads, (paused / "feed.jsonl").open())]
    assert 2 <= len(first_items) < len(ARTICLE_PATHS)

    resumed = run_crawl(  # the same command again
        "suara", tmp_path / "resumed", "-a", f"base_url={slow_site.base_url}", settings=settings
    )
    assert resumed.returncode == 0, resumed.log[-3000:]
    assert resumed.stats["finish_reason"] == "finished"
    assert resumed.stats["scheduler/dequeued/disk"] > 0  # it went on from the saved queue
    # the sitemap, read again, lists articles still in the saved queue: the seen-keys kept in
    # the JOBDIR filter them, so none is fetched twice
    crawled = [
        line.split("<GET ", 1)[1].split(">", 1)[0]
        for line in resumed.log.splitlines()
        if "Crawled (" in line and "<GET " in line
    ]
    crawled_articles = [url for url in crawled if "/2019/" in url]  # pages, not the sources
    assert crawled_articles and len(crawled_articles) == len(set(crawled_articles))
    assert (tmp_path / "job" / CompactDupeFilter.FILE_NAME).stat().st_size > 0
    for stats in (first_stats, resumed.stats):  # every request pickled (Article cb_kwargs too)
        assert "scheduler/unserializable" not in stats
        assert stats["scheduler/enqueued/disk"] == stats["scheduler/enqueued"]
    refetched = {slow_site.base_url + path for path in fetched_articles(resumed)}
    assert not refetched & set(first_items)  # nothing fetched twice
    all_items = first_items + [item["url"] for item in resumed.items]
    stitched = [i for i in resumed.items if i["pages"] > 1] + [
        i for i in map(json.loads, (paused / "feed.jsonl").open()) if i["pages"] > 1
    ]
    assert sorted(i["pages"] for i in stitched) == [2, 3]  # requests that carry an Article
    assert sorted(urlsplit(url).path for url in all_items) == sorted(ARTICLE_PATHS)
    with Store(target) as store:
        stored = [urlsplit(a["url"]).path for a in table(store, articles, articles.c.url)]
        run_rows = table(store, runs, runs.c.id)
    assert sorted(stored) == sorted(ARTICLE_PATHS)
    assert [r["finish_reason"] for r in run_rows] == ["shutdown", "finished"]


# -- a store that cannot be used or written ---------------------------------------------------


def unusable_store(kind: str, target: str) -> None:
    """Make `target` a database the crawl must not use: another application's, a store of an
    earlier newscrawl without a schema version, one newer than the code; "setting": none."""
    if kind == "setting":
        return
    if kind == "foreign":
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            db.execute("INSERT INTO notes (text) VALUES ('rapat jam 9')")
        db.close()
        return
    Store(target).close()
    with sqlite3.connect(target) as db:
        if kind == "older":
            db.execute("DROP TABLE IF EXISTS alembic_version")
        else:
            db.execute("UPDATE alembic_version SET version_num = 'newscrawl_9999'")
    db.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("foreign", "is not a newscrawl store (it holds notes)"),
        ("older", "has no schema version (this newscrawl needs"),
        ("newer", "has schema version newscrawl_9999, newer than this newscrawl knows"),
        ("setting", "NEWSCRAWL_STORE_BATCH must be a whole number of at least 1, not '0'"),
    ],
)
def test_a_crawl_does_not_start_on_a_store_it_cannot_use(
    kind: str, message: str, archives: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "articles.db"
    unusable_store(kind, str(target))
    before = target.read_bytes() if target.exists() else None
    settings = {"NEWSCRAWL_REPLAY": str(archives["original"]), "NEWSCRAWL_STORE": str(target)}
    if kind == "setting":
        settings["NEWSCRAWL_STORE_BATCH"] = "0"
    result = run_crawl("suara", tmp_path / "crawl", settings={**settings, **QUICK})
    assert message in result.log and "Traceback" not in result.log
    assert result.returncode == 2
    assert result.returncode != 0 and result.items == []
    assert (target.read_bytes() if target.exists() else None) == before  # left as it was


class GatedArticles(Policy):
    """Serves the mirror; article pages wait until the gate opens."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def respond(
        self, request: Request, site: Site, base: str, handler: BaseHTTPRequestHandler
    ) -> Reply:
        if request.target in ARTICLE_PATHS:
            self.gate.wait(timeout=120)
        return site.reply(request.target, base)


def rows_in_runs(target: str) -> int:
    try:
        with sqlite3.connect(target) as db:
            return db.execute("SELECT count(*) FROM runs").fetchone()[0]
    except sqlite3.Error:  # not made yet
        return 0
    finally:
        db.close()


LOCKED = {
    "NEWSCRAWL_STORE_BATCH": "2",
    "NEWSCRAWL_STORE_BUSY_TIMEOUT": "0.5",
    "NEWSCRAWL_STORE_RETRIES": "2",
    "NEWSCRAWL_STORE_RETRY_DELAY": "0.2",
}
"""A store write that waits half a second for the lock, and is retried twice."""


def test_a_store_locked_past_the_retries_stops_the_crawl_and_the_next_run_stores_all(
    tmp_path: Path,
) -> None:
    target = str(tmp_path / "articles.db")
    policy = GatedArticles()
    log = tmp_path / "first.log"
    with SiteServer(SITE, policy=policy) as site, log.open("w") as out:
        command = crawl_command(
            tmp_path / "first", site.base_url, {"NEWSCRAWL_STORE": target, **LOCKED}
        )
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        holder = sqlite3.connect(target, timeout=30, isolation_level=None)
        try:
            wait_until(lambda: rows_in_runs(target) == 1, process, what="no run started")
            holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock...
            policy.gate.set()  # ...when the articles come
            wait_until(
                lambda: "not written after 3 attempts" in log.read_text(encoding="utf-8"),
                process,
                what="the store's failure was not reported",
            )
            holder.execute("ROLLBACK")  # the run's row can be closed now
            assert process.wait(timeout=120) == 3  # store writes failed
        finally:
            holder.close()
            if process.poll() is None:
                process.kill()
                process.wait()
    text = log.read_text(encoding="utf-8")
    stats = json.loads((tmp_path / "first" / "stats.json").read_text(encoding="utf-8"))
    fed = (tmp_path / "first" / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    assert stats["finish_reason"] == "store_failed" and "Traceback" not in text
    assert 2 <= stats["newscrawl/store/failed"] == len(fed)  # every article of the feed
    assert not {"newscrawl/store/new", "newscrawl/store/duplicate"} & set(stats)
    # one batch tried three times, with growing pauses; none after it
    assert text.count("retry 1 of 2 in 0.2 s") == text.count("retry 2 of 2 in 0.4 s") == 1
    assert text.count("not written after 3 attempts (database is locked)") == 1
    with Store(target) as store:
        assert table(store, articles) == []
        [run] = table(store, runs)
    assert run["finish_reason"] == "store_failed" and run["finished_at"] is not None
    assert json.loads(run["stats"])["newscrawl/store/failed"] == len(fed)

    with SiteServer(SITE) as site:  # the lock released: the next run stores every article
        again = run_crawl(
            "suara",
            tmp_path / "second",
            "-a",
            f"base_url={site.base_url}",
            settings={"NEWSCRAWL_STORE": target, **QUICK},
        )
    assert again.returncode == 0 and again.stats["finish_reason"] == "finished", again.log[-3000:]
    assert again.stats["newscrawl/store/new"] == len(ARTICLE_PATHS)
    assert "newscrawl/skipped/already_stored" not in again.stats
    with Store(target) as store:
        stored = [urlsplit(a["url"]).path for a in table(store, articles, articles.c.url)]
    assert sorted(stored) == sorted(ARTICLE_PATHS)


def test_a_store_locked_from_the_start_stops_the_crawl_before_it_fetches(
    archives: dict[str, Path], tmp_path: Path
) -> None:
    target = str(tmp_path / "articles.db")
    Store(target).close()
    holder = sqlite3.connect(target, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = run_crawl(
            "suara",
            tmp_path / "crawl",
            settings={
                "NEWSCRAWL_REPLAY": str(archives["original"]),
                "NEWSCRAWL_STORE": target,
                **LOCKED,
                **QUICK,
            },
        )
    finally:
        holder.close()
    assert result.stats["finish_reason"] == "store_failed" and result.items == []
    assert "the run could not be recorded (database is locked)" in result.log
    assert "Traceback" not in result.log and "downloader/request_count" not in result.stats
