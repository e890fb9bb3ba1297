"""The distributed crawl's parts: the one setting that switches it on, the store it refuses,
`newscrawl enqueue` and `queue` against a real Redis, the frontier's atomic steps (a dead
worker's requests come back), and discovery from requests alone (a backfill's window)."""

from __future__ import annotations

import asyncio
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.crawl.discovery import MAX_SITEMAP_DEPTH
from newscrawl.crawl.distributed import DistributedError, PassOnWindow
from newscrawl.crawl.spiders import SuaraSpider
from newscrawl.crawl.targets import PORTAL_KEY, WINDOW_KEY
from newscrawl.frontier import Keys, add_request, reap_worker, take_request
from newscrawl.frontier.fleet import reap
from tests.support.crawl import run_crawl, run_newscrawl

PROJECT = {
    name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()
}
POSTGRES = "postgresql://newscrawl@127.0.0.1:1/news"


def crawler_settings(**given: Any) -> Any:
    return get_crawler(SuaraSpider, settings_dict={**PROJECT, **given}).settings


def test_without_the_setting_a_crawl_is_one_process_as_before() -> None:
    settings = crawler_settings(NEWSCRAWL_STORE="articles.db")
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "newscrawl.crawl.seen.CompactDupeFilter"
    assert settings.getdict("DOWNLOAD_SLOTS")["suara"] == {"delay": 0.5, "concurrency": 4}
    assert "newscrawl.crawl.pace.SharedPace" not in str(settings["DOWNLOADER_MIDDLEWARES"])


def test_one_setting_makes_a_worker_of_the_fleet() -> None:
    settings = crawler_settings(
        NEWSCRAWL_REDIS_URL="redis://127.0.0.1:1/0", NEWSCRAWL_STORE=POSTGRES
    )
    assert settings["SCHEDULER"] == "newscrawl.crawl.frontier.FrontierScheduler"
    assert settings["DUPEFILTER_CLASS"] == "newscrawl.crawl.frontier.PortalSeen"
    assert settings.getbool("SCHEDULER_PERSIST") and not settings.getbool("AUTOTHROTTLE_ENABLED")
    # the portal's delay is kept by the fleet, before replay answers (150), not by one slot
    assert settings.getdict("DOWNLOAD_SLOTS")["suara"] == {
        "delay": 0,
        "pace": 0.5,
        "concurrency": 4,
    }
    middlewares = {
        getattr(k, "__name__", k): v for k, v in settings["DOWNLOADER_MIDDLEWARES"].items()
    }
    assert middlewares["SharedPace"] == 140


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ("articles.db", "workers on several machines cannot share an SQLite file"),
        ("", "needs a store shared by every worker"),
    ],
)
def test_a_worker_refuses_a_store_the_fleet_cannot_share(store: str, message: str) -> None:
    with pytest.raises(DistributedError, match=message):
        crawler_settings(NEWSCRAWL_REDIS_URL="redis://127.0.0.1:1/0", NEWSCRAWL_STORE=store)


def test_scrapy_crawl_says_why_it_does_not_start_on_sqlite(tmp_path: Path) -> None:
    settings = {"NEWSCRAWL_REDIS_URL": "redis://127.0.0.1:1/0", "NEWSCRAWL_STORE": "x.db"}
    result = run_crawl("suara", tmp_path, settings=settings, timeout=120)
    assert result.returncode != 0 and result.items == []
    assert "cannot share an SQLite file" in result.log
    assert not (tmp_path / "x.db").exists()


# -- the frontier in a real Redis -------------------------------------------------------------


def fleet_args(fleet: tuple[str, str]) -> list[str]:
    return ["--redis", fleet[0], "--prefix", fleet[1]]


def test_enqueue_pushes_a_backfill_window_and_queue_shows_it(fleet_redis: tuple[str, str]) -> None:
    url, prefix = fleet_redis
    window = ["--since", "2019-11-01", "--until", "2019-11-30", "--sources", "sitemap,feed"]
    for _ in range(2):  # enqueued twice while waiting: each request is one entry
        done = run_newscrawl("enqueue", "suara", *window, *fleet_args(fleet_redis))
        assert done.returncode == 0, done.stderr
        assert "suara: 10 requests queued" in done.stderr  # robots.txt and 9 feeds
    client = redis.Redis.from_url(url)
    entries = [pickle.loads(data) for data in client.zrange(f"{prefix}:queue:suara", 0, -1)]
    assert len(entries) == 10
    assert {entry["meta"][WINDOW_KEY] for entry in entries} == {("2019-11-01", "2019-11-30")}
    assert {entry["dont_filter"] for entry in entries} == {True}  # read again by each pass
    assert {entry["url"] for entry in entries} >= {"https://www.suara.com/robots.txt"}

    shown = run_newscrawl("queue", "--json", *fleet_args(fleet_redis))
    report = json.loads(shown.stdout)
    assert report["portals"] == [{"portal": "suara", "queued": 10, "taken": 0, "seen": 0}]
    table = run_newscrawl("queue", *fleet_args(fleet_redis)).stdout
    assert table.splitlines()[1].split() == ["suara", "10", "0", "0"]

    flushed = run_newscrawl("queue", "--flush", "suara", "--json", *fleet_args(fleet_redis))
    assert json.loads(flushed.stdout)["portals"] == []


def test_enqueue_says_what_is_wrong(fleet_redis: tuple[str, str]) -> None:
    unknown = run_newscrawl("enqueue", "nosuch", *fleet_args(fleet_redis))
    assert unknown.returncode == 2 and "unknown portal(s) nosuch" in unknown.stderr
    no_redis = run_newscrawl("enqueue", "suara", "--redis", "redis://127.0.0.1:1/0")
    assert no_redis.returncode == 1 and "cannot be used" in no_redis.stderr
    assert "Traceback" not in unknown.stderr + no_redis.stderr


def test_a_dead_workers_requests_go_back_to_their_queue(fleet_redis: tuple[str, str]) -> None:
    url, prefix = fleet_redis
    client, keys = redis.Redis.from_url(url), Keys(prefix)
    queue, seen = keys.queue("suara"), keys.seen("suara")
    for number in range(3):
        assert add_request(client, queue, seen, b"fp%d" % number, -number, b"request %d" % number)
    assert not add_request(client, queue, seen, b"fp0", 0, b"request 0 again")  # seen
    assert add_request(client, queue, seen, b"", 0, b"request 0 again")  # never filtered
    taken, alive = keys.taken("w1"), keys.alive("w1")
    client.set(alive, 1)
    client.sadd(keys.workers, "w1")
    first = take_request(client, taken, [keys.queue("detik"), queue], 1)
    second = take_request(client, taken, [queue], 2)
    assert first and second and first[1] == b"request 2"  # highest priority first
    assert client.zcard(queue) == 2 and client.hlen(taken) == 2
    assert reap_worker(client, taken, alive) == -1  # alive: left alone
    client.delete(alive)  # its heartbeat expires
    assert reap(client, keys) == 2
    assert not client.exists(taken)
    back = client.zrange(queue, 0, -1, withscores=True)
    assert back[:2] == [(b"request 2", -2.0), (b"request 1", -1.0)]  # as they were


# -- discovery from requests alone --------------------------------------------------------------


def sitemap_response(body: str, **meta: Any) -> XmlResponse:
    url = "https://www.suara.com/sitemap-0.xml"
    request = Request(url, meta={PORTAL_KEY: "suara", **meta})
    return XmlResponse(url, body=body.encode(), request=request)


def distributed_spider() -> Any:
    crawler = get_crawler(SuaraSpider, settings_dict={"NEWSCRAWL_REDIS_URL": ""})
    spider = crawler._create_spider()
    spider.chained = False
    return spider


def test_a_request_carries_its_backfill_window() -> None:
    days = ("2019/11/20", "2019/11/22", "2019/11/25")
    urls = "".join(
        f"<url><loc>https://www.suara.com/news/{d}/120000/berita</loc></url>" for d in days
    )
    response = sitemap_response(
        f"<urlset>{urls}</urlset>", **{WINDOW_KEY: ("2019-11-21", "2019-11-23")}
    )
    found = [request.url for request in distributed_spider().parse_sitemap(response)]
    assert found == ["https://www.suara.com/news/2019/11/22/120000/berita"]


def test_sitemaps_are_requested_at_once_and_not_too_deep() -> None:
    children = "".join(
        f"<sitemap><loc>https://www.suara.com/sitemap-{n}.xml</loc></sitemap>" for n in (1, 2)
    )
    index = f"<sitemapindex>{children}</sitemapindex>"
    spider = distributed_spider()
    requests = list(spider.parse_sitemap(sitemap_response(index, depth=1)))
    assert [r.url.rsplit("/", 1)[1] for r in requests] == ["sitemap-1.xml", "sitemap-2.xml"]
    assert all(r.dont_filter and r.callback == spider.parse_sitemap for r in requests)
    assert list(spider.parse_sitemap(sitemap_response(index, depth=MAX_SITEMAP_DEPTH))) == []
    assert spider.crawler.stats.get_value("newscrawl/source_failed/unreadable") == 1


def test_requests_inherit_the_window_of_their_response() -> None:
    window = ("2019-01-01", "2019-12-31")
    response = sitemap_response("<urlset/>", **{WINDOW_KEY: window})
    own = ("2020-01-01", None)

    async def output() -> Any:
        yield Request("https://www.suara.com/sitemap-1.xml")
        yield Request("https://www.suara.com/sitemap-2.xml", meta={WINDOW_KEY: own})
        yield {"not": "a request"}

    async def passed_on() -> list[Any]:
        return [item async for item in PassOnWindow().process_spider_output(response, output())]

    first, second, item = asyncio.run(passed_on())
    assert first.meta[WINDOW_KEY] == window and second.meta[WINDOW_KEY] == own
    assert item == {"not": "a request"}
