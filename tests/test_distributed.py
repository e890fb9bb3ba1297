"""A distributed crawl (NEWSCRAWL_REDIS_URL): workers as real `scrapy crawl` processes sharing
one Redis frontier and one PostgreSQL store, a worker killed outright, the fleet's pace per
portal. Redis tests skip without NEWSCRAWL_TEST_REDIS, store tests without
NEWSCRAWL_TEST_POSTGRES (.ci/run starts both)."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import func, select

from newscrawl.store import Store
from newscrawl.store.schema import article_versions, articles
from tests.support.corpus import write_two_portals_archive
from tests.support.crawl import run_newscrawl
from tests.support.fleet import Worker, by_portal, mean_rate, peak_count, start_worker

SUARA, DETIK = 300, 260
PACE = 0.1
"""DOWNLOAD_DELAY of every portal: the fleet may send one request per portal every PACE s."""
KILL_AFTER = 100
"""Articles the first worker fetches before it is killed."""


def fleet_settings(fleet: tuple[str, str], store: str, archive: Path) -> dict[str, str]:
    url, prefix = fleet
    return {
        "NEWSCRAWL_REDIS_URL": url,
        "NEWSCRAWL_REDIS_PREFIX": prefix,
        "NEWSCRAWL_STORE": store,
        "NEWSCRAWL_REPLAY": str(archive),
        "NEWSCRAWL_REDIS_IDLE_CLOSE": "4",
        "NEWSCRAWL_REDIS_WORKER_TTL": "4",
        "DOWNLOAD_DELAY": str(PACE),
    }


def enqueue(fleet: tuple[str, str], *portals: str) -> None:
    url, prefix = fleet
    done = run_newscrawl(
        "enqueue", *portals, "--sources", "sitemap", "--redis", url, "--prefix", prefix
    )
    assert done.returncode == 0, done.stderr


def articles_of(worker: Worker) -> list[str]:
    return [url for _, url in worker.crawled() if "/sitemap" not in url and "robots" not in url]


def wait_for_articles(worker: Worker, count: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while len(articles_of(worker)) < count:
        assert worker.process.poll() is None, worker.log.read_text()[-3000:]
        assert time.monotonic() < deadline, "the worker fetched too little"
        time.sleep(0.2)


def held_by(fleet: tuple[str, str], pid: int) -> int:
    """Requests the worker with that process id holds in Redis (taken, not finished)."""
    url, prefix = fleet
    client = redis.Redis.from_url(url)
    for raw in client.smembers(f"{prefix}:workers"):
        worker = raw.decode()
        if worker.startswith(f"{socket.gethostname()}:{pid}:"):
            return int(client.hlen(f"{prefix}:taken:{worker}"))
    raise AssertionError(f"no worker of process {pid} in Redis")


def json_stats(worker: Worker) -> dict[str, Any]:
    return json.loads(worker.stats.read_text(encoding="utf-8"))


def finish(worker: Worker, timeout: float = 300) -> None:
    assert worker.process.wait(timeout=timeout) == 0, worker.log.read_text()[-3000:]


def test_two_workers_one_killed_then_a_scheduled_run_store_every_article_once(
    fleet_redis: tuple[str, str], postgres_schema: str, tmp_path: Path
) -> None:
    archive = tmp_path / "two-portals.warc.gz"
    served = write_two_portals_archive(archive, SUARA, DETIK, per_sitemap=50)
    settings = fleet_settings(fleet_redis, postgres_schema, archive)
    enqueue(fleet_redis, "suara", "detik")
    portals = ("-a", "portals=suara,detik")
    first = start_worker(tmp_path, "first", settings, "news", *portals)
    second = start_worker(tmp_path, "second", settings, "news", *portals)
    workers = [first, second]
    try:
        wait_for_articles(first, KILL_AFTER)
        first.process.kill()  # SIGKILL: no clean-up of any kind
        first.process.wait()
        in_flight = held_by(fleet_redis, first.process.pid)
        assert in_flight > 0  # it held requests when it died
        finish(second)
        enqueue(fleet_redis, "suara", "detik")  # the next scheduled run
        again = start_worker(tmp_path, "again", settings, "news", *portals)
        workers.append(again)
        finish(again)
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.process.kill()

    with Store(postgres_schema) as store, store.engine.connect() as conn:
        rows = conn.execute(select(articles.c.url, articles.c.version, articles.c.duplicate_of))
        stored = {row.url: row for row in rows}
        versions = conn.execute(select(func.count()).select_from(article_versions)).scalar_one()
    every = served["suara"] + served["detik"]
    assert sorted(stored) == sorted(every)  # lost 0, nothing else stored
    assert {(row.version, row.duplicate_of) for row in stored.values()} == {(1, None)}
    assert versions == 0  # no article stored twice as a change of itself

    second_stats = json_stats(second)
    assert second_stats["newscrawl/frontier/given_back"] == in_flight
    url, prefix = fleet_redis
    shown = run_newscrawl("queue", "--json", "--redis", url, "--prefix", prefix)
    report = json.loads(shown.stdout)
    assert {(p["portal"], p["queued"], p["taken"]) for p in report["portals"]} == {
        ("suara", 0, 0),
        ("detik", 0, 0),
    }
    states = {w["worker"].split(":")[1]: w for w in report["workers"]}
    assert states[str(first.process.pid)]["state"] == "dead"
    assert states[str(first.process.pid)]["given_back"] == str(in_flight)
    assert states[str(second.process.pid)]["state"] == "closed: finished"
    assert int(states[str(second.process.pid)]["stored"]) == second_stats["item_scraped_count"]
    fetched = {worker.name: articles_of(worker) for worker in workers}
    assert len(fetched["first"]) >= KILL_AFTER and fetched["second"]
    assert fetched["again"] == []  # the killed worker's requests came back within the run
    assert set(fetched["first"]) | set(fetched["second"]) == set(every)

    times = by_portal([moment for worker in workers for moment in worker.crawled()])
    limit = 1 / PACE
    for portal in ("suara", "detik"):
        # responses are logged a little after they are sent: a 5 s window absorbs that
        assert peak_count(times[portal], 5.0) <= 5 * limit + 3, portal
        assert mean_rate(times[portal]) <= limit * 1.05, portal
    refetched = len(fetched["first"]) + len(fetched["second"]) - len(every)
    print(
        f"\nserved {len(every)} articles; fetched: first {len(fetched['first'])} (killed holding "
        f"{in_flight} requests), second {len(fetched['second'])}, again {len(fetched['again'])}; "
        f"fetched twice {refetched}; stored {len(stored)}; lost {len(set(every) - set(stored))}; "
        f"duplicates {versions + sum(1 for row in stored.values() if row.duplicate_of)}; "
        + "; ".join(
            f"{portal}: {mean_rate(times[portal]):.1f} requests/s on average, "
            f"at most {peak_count(times[portal], 5.0)} in five seconds (limit {5 * limit:.0f})"
            for portal in ("suara", "detik")
        )
    )
