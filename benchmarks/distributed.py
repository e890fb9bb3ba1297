"""Capacity of a distributed crawl: pages per second of one and of two workers on a replayed
archive, Redis memory per queued request and per seen fingerprint, store writes per second on
PostgreSQL. Prints figures; asserts nothing. Needs a Redis and a PostgreSQL database of its
own (it creates and drops a schema and keys under a prefix of its own):

    python benchmarks/distributed.py --redis redis://127.0.0.1:6379/0 \\
        --store postgresql://user@127.0.0.1/news [--articles 1000] [--entries 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402
from scrapy_redis.queue import PriorityQueue  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from newscrawl.crawl.sources import Listed  # noqa: E402
from newscrawl.crawl.spiders import SuaraSpider  # noqa: E402
from newscrawl.items import Article, RelatedLink  # noqa: E402
from newscrawl.store import Store, engine_url  # noqa: E402
from tests.support.corpus import write_two_portals_archive  # noqa: E402
from tests.support.crawl import run_newscrawl  # noqa: E402
from tests.support.fleet import mean_rate, start_worker  # noqa: E402
from tests.support.store_process import at_once  # noqa: E402


def redis_bytes(client: Any, prefix: str, entries: int) -> dict[str, float]:
    """Bytes of Redis memory per queued article request and per seen fingerprint."""
    crawler = get_crawler(SuaraSpider, settings_dict={})
    spider = crawler._create_spider()
    target = spider.targets["suara"]
    queue = PriorityQueue(client, spider, f"{prefix}:queue:suara")
    fingerprinter = crawler.request_fingerprinter
    sitemap = "https://www.suara.com/sitemap-0.xml"
    before = client.info("memory")["used_memory"]
    seen = []
    for number in range(entries):
        url = f"https://www.suara.com/news/2024/01/02/{number:06d}/judul-berita-uji-kapasitas-{number}"
        request = spider.article_request(target, Listed(url), "sitemap", (None, None))
        request.headers["Referer"] = sitemap  # as Scrapy's RefererMiddleware adds it
        queue.push(request)
        seen.append(fingerprinter.fingerprint(request)[:8])
    queued = client.info("memory")["used_memory"]
    for start in range(0, entries, 10_000):
        client.sadd(f"{prefix}:seen:suara", *seen[start : start + 10_000])
    after = client.info("memory")["used_memory"]
    return {
        "queued request": (queued - before) / entries,
        "seen fingerprint": (after - queued) / entries,
    }


def stored_article(number: int, worker: int) -> Article:
    body = " ".join(
        f"Kalimat {i} dari berita nomor {number} yang cukup panjang." for i in range(60)
    )
    return Article(
        url=f"https://www.suara.com/news/2024/01/02/{number:06d}/berita-{worker}-{number}",
        title=f"Berita {number}",
        body=body,
        portal="suara",
        published_at="2024-01-02T10:00:00+07:00",
        related=[
            RelatedLink("baca_juga", f"Baca {i}", f"https://www.suara.com/x/{i}") for i in range(5)
        ],
    )


def write_articles(store_url: str, count: int, worker: int, start: Any, results: Any) -> None:
    with Store(store_url) as store:
        start.wait()
        began = time.perf_counter()
        for first in range(0, count, 50):
            store.write([stored_article(n, worker) for n in range(first, min(first + 50, count))])
        results.put(count / (time.perf_counter() - began))


def store_rate(store_url: str, count: int, writers: int) -> float:
    """Articles written per second by `writers` processes at once (batches of 50)."""
    return sum(at_once(write_articles, [(store_url, count, w) for w in range(writers)]))


def crawl_rate(
    fleet: tuple[str, str], store_url: str, archive: Path, workers: int, work: Path
) -> float:
    """Pages per second per worker while `workers` workers crawl the replayed archive (from
    each one's first response to its last)."""
    url, prefix = fleet
    done = run_newscrawl(
        "enqueue", "suara", "detik", "--sources", "sitemap", "--redis", url, "--prefix", prefix
    )
    assert done.returncode == 0, done.stderr
    settings = {
        "NEWSCRAWL_REDIS_URL": url,
        "NEWSCRAWL_REDIS_PREFIX": prefix,
        "NEWSCRAWL_STORE": store_url,
        "NEWSCRAWL_REPLAY": str(archive),
        "NEWSCRAWL_REDIS_IDLE_CLOSE": "2",
        "DOWNLOAD_DELAY": "0",
        "NEWSCRAWL_EXTRACT_WORKERS": "auto",
    }
    started = [
        start_worker(
            work / f"{workers}-{n}", f"w{n}", settings, "news", "-a", "portals=suara,detik"
        )
        for n in range(workers)
    ]
    rates = []
    for worker in started:
        worker.process.wait()
        rates.append(mean_rate([moment for moment, _ in worker.crawled()]))
    return sum(rates) / len(rates)


def schema_url(base: str, name: str) -> str:
    url = make_url(engine_url(base)).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", required=True)
    parser.add_argument("--store", required=True, help="a postgresql:// URL")
    parser.add_argument("--articles", type=int, default=1000, help="articles per portal replayed")
    parser.add_argument("--entries", type=int, default=100_000, help="Redis entries measured")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    admin = create_engine(engine_url(args.store))
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    schemas: list[str] = []

    def fresh_store() -> str:
        name = f"{prefix}_{len(schemas)}"
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {name}"))
        schemas.append(name)
        return schema_url(args.store, name)

    try:
        for what, size in redis_bytes(client, prefix, args.entries).items():
            print(f"Redis bytes per {what}: {size:.0f}")
        for writers in (1, 2):
            rate = store_rate(fresh_store(), 2000, writers)
            print(f"store writes per second, {writers} writer(s) at once: {rate:.0f} articles")
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            archive = work / "two.warc.gz"
            write_two_portals_archive(archive, args.articles, args.articles, per_sitemap=500)
            for workers in (1, 2):
                fleet = (args.redis, f"{prefix}w{workers}")
                rate = crawl_rate(fleet, fresh_store(), archive, workers, work)
                print(f"pages per second per worker, {workers} worker(s), replayed: {rate:.1f}")
    finally:
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            client.delete(key)
        with admin.begin() as conn:
            for name in schemas:
                conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
