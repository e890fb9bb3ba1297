"""The shared frontier's Scrapy side (NEWSCRAWL_REDIS_URL): scrapy-redis's scheduler, priority
queue and duplicate filter, subclassed where a fleet of workers needs more.

- One queue per portal (`prefix:queue:PORTAL`), so that `scrapy crawl news` and
  `scrapy crawl detik` workers share detik's requests, and `newscrawl queue` shows what waits
  for each portal. A worker takes from its portals' queues in turn, at most the portal's
  download-slot concurrency at a time, so that one portal cannot fill all its slots.
- Taking is acknowledged: a request moves, in one Redis step, from its queue to the worker's
  taken hash, and leaves it only once the engine has finished with it (its response parsed,
  the requests it yielded queued, its articles written to the store). A worker killed
  outright leaves its taken requests in Redis; once its heartbeat has expired, any worker
  (or `newscrawl enqueue`/`queue`) puts them back in their queues.
- A request is queued and its fingerprint marked seen in one Redis step; a request that
  cannot be serialised is counted and dropped, never half-queued.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import time
from datetime import datetime, timezone
from itertools import count
from typing import Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl import settings as defaults
from newscrawl.crawl.failures import ARTICLE_ABANDONED
from newscrawl.crawl.pipelines import StorePipeline
from newscrawl.crawl.targets import PORTAL_KEY
from newscrawl.frontier import Keys, add_request, reap_worker, take_request
from newscrawl.frontier.fleet import beat, connect, reap

logger = logging.getLogger(__name__)

TAKEN_KEY = "newscrawl_taken"
"""Request meta key: the entry of the worker's taken hash that holds the request."""
UNSERIALIZABLE = (ValueError, TypeError, AttributeError, pickle.PicklingError)
STORED_STATS = ("new", "updated", "unchanged", "duplicate")


class PortalSeen(RFPDupeFilter):
    """scrapy-redis's duplicate filter keyed per portal (`prefix:seen:PORTAL`), with Scrapy's
    request fingerprints (REQUEST_FINGERPRINTER_CLASS, not scrapy-redis's own) cut to their
    first 8 bytes, as the single-process filter keeps them."""

    def __init__(self, server: Any, keys: Keys, fingerprinter: Any, stats: Any) -> None:
        super().__init__(server, key="")
        self.keys = keys
        self.fingerprinter = fingerprinter
        self.stats = stats

    def request_fingerprint(self, request: Request) -> bytes:
        return self.fingerprinter.fingerprint(request)[:8]

    def key_of(self, request: Request) -> str:
        return self.keys.seen(portal_of(request))

    def request_seen(self, request: Request) -> bool:
        return self.server.sadd(self.key_of(request), self.request_fingerprint(request)) == 0

    def forget(self, request: Request) -> None:
        """Un-see a request (an article that failed for good: a later pass may try again)."""
        try:
            self.server.srem(self.key_of(request), self.request_fingerprint(request))
        except RedisError as error:
            logger.warning("frontier: %s not forgotten (%s)", request.url, error)

    def log(self, request: Request, spider: Any) -> None:
        self.stats.inc_value("dupefilter/filtered")
        super().log(request, spider)

    def close(self, reason: str = "") -> None:
        """Fingerprints stay (kept across runs); `newscrawl enqueue --flush` forgets them."""

    def clear(self) -> None:
        """Never called by a worker: see `close`."""


def portal_of(request: Request) -> str:
    return str(request.meta.get(PORTAL_KEY) or "unknown")


class FrontierScheduler(Scheduler):
    """scrapy-redis's Scheduler over one PriorityQueue per portal, with acknowledged taking,
    a heartbeat, and closing once the whole fleet is idle (see the module's docstring)."""

    def __init__(self, crawler: Any, server: Any, keys: Keys) -> None:
        settings = crawler.settings
        dupefilter = PortalSeen(server, keys, crawler.request_fingerprinter, crawler.stats)
        super().__init__(server, persist=True, dupefilter=dupefilter)
        self.crawler = crawler
        self.stats = crawler.stats
        self.keys = keys
        self.ttl = settings.getfloat(
            "NEWSCRAWL_REDIS_WORKER_TTL", defaults.NEWSCRAWL_REDIS_WORKER_TTL
        )
        self.idle_close = settings.getfloat(
            "NEWSCRAWL_REDIS_IDLE_CLOSE", defaults.NEWSCRAWL_REDIS_IDLE_CLOSE
        )
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"
        self.taken_key = keys.taken(self.worker)
        self.queues: dict[str, PriorityQueue] = {}
        self.caps: dict[str, int] = {}
        self.taken: dict[str, tuple[Request, str]] = {}
        """Requests this worker took and the engine still holds: entry -> (request, portal)."""
        self.finished: list[tuple[str, int]] = []
        """Entries the engine is done with, each with the store's article count it waits for."""
        self.numbers = count(1)
        self.turn = 0
        self.quiet_since: float | None = None
        self.started = _now()
        self.heartbeat = task.LoopingCall(self.beat)
        self.flushing: Any = None
        self.store: StorePipeline | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierScheduler:
        settings = crawler.settings
        keys = Keys(settings.get("NEWSCRAWL_REDIS_PREFIX", defaults.NEWSCRAWL_REDIS_PREFIX))
        return cls(crawler, connect(settings.get("NEWSCRAWL_REDIS_URL")), keys)

    # -- opening and closing ------------------------------------------------------------

    def open(self, spider: Any) -> None:
        self.spider = spider
        slots = self.crawler.settings.getdict("DOWNLOAD_SLOTS")
        concurrency = self.crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        for portal in spider.targets:
            self.queue_of(portal)
            self.caps[portal] = int(slots.get(portal, {}).get("concurrency", concurrency))
        self.store = self.crawler.get_item_pipeline(StorePipeline)
        self.crawler.signals.connect(self.idle, signal=signals.spider_idle)
        self.crawler.signals.connect(self.abandoned, signal=ARTICLE_ABANDONED)
        self.reap()
        logger.info(
            "frontier: worker %s on %s; %d requests waiting",
            self.worker,
            ", ".join(self.queues),
            len(self),
        )
        self.heartbeat.start(self.ttl / 3, now=True)

    def close(self, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        try:
            self.collect()
            self.acknowledge()
            given_back = reap_worker(
                self.server, self.taken_key, self.keys.alive(self.worker), force=True
            )
            if given_back:
                logger.warning("frontier: %d unfinished requests given back", given_back)
            beat(self.server, self.keys, self.worker, self.ttl, self.report(f"closed: {reason}"))
            self.server.delete(self.keys.alive(self.worker))
        except RedisError as error:
            logger.error("frontier: Redis unreachable while closing (%s)", error)

    def queue_of(self, portal: str) -> PriorityQueue:
        if portal not in self.queues:
            self.queues[portal] = PriorityQueue(self.server, self.spider, self.keys.queue(portal))
        return self.queues[portal]

    # -- the engine's side ----------------------------------------------------------------

    def __len__(self) -> int:
        pipe = self.server.pipeline(transaction=False)
        for queue in self.queues.values():
            pipe.zcard(queue.key)
        return sum(pipe.execute())

    def has_pending_requests(self) -> bool:
        try:
            return len(self) > 0
        except RedisError as error:
            logger.error("frontier: Redis unreachable (%s)", error)
            return False

    def enqueue_request(self, request: Request) -> bool:
        request.meta.pop(TAKEN_KEY, None)  # a retry or redirect: a request of its own
        portal = portal_of(request)
        queue = self.queue_of(portal)
        try:
            data = queue._encode_request(request)
        except UNSERIALIZABLE as error:
            self.stats.inc_value("newscrawl/frontier/unserializable")
            logger.error(
                "frontier: request not queued, cannot be serialised (%s): %s", error, request
            )
            return False
        fingerprint = b"" if request.dont_filter else self.df.request_fingerprint(request)
        try:
            queued = add_request(
                self.server, queue.key, self.keys.seen(portal), fingerprint, -request.priority, data
            )
        except RedisError as error:
            self.stats.inc_value("newscrawl/frontier/not_queued")
            logger.error("frontier: request not queued, Redis unreachable (%s): %s", error, request)
            return False
        if not queued:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self.collect()
        try:
            self.acknowledge()
        except RedisError as error:
            logger.error("frontier: Redis unreachable (%s)", error)
            return None
        portals = list(self.queues)
        self.turn = (self.turn + 1) % len(portals)
        held = self.held_by_portal()
        order = portals[self.turn :] + portals[: self.turn]
        queues = [self.queues[p].key for p in order if held.get(p, 0) < self.caps.get(p, 1)]
        while queues:
            try:
                found = take_request(self.server, self.taken_key, queues, next(self.numbers))
            except RedisError as error:
                logger.error("frontier: Redis unreachable (%s)", error)
                return None
            if found is None:
                return None
            entry, data = found
            portal = self.keys.portal_of_queue(entry.split("|", 2)[2])
            try:
                request = self.queue_of(portal)._decode_request(data)
            except Exception as error:  # an entry from older code (a callback renamed, ...)
                self.stats.inc_value("newscrawl/frontier/undecodable")
                logger.error(
                    "frontier: a queued request of %s cannot be read (%r): dropped", portal, error
                )
                self.server.hdel(self.taken_key, entry)
                continue
            request.meta[TAKEN_KEY] = entry
            self.taken[entry] = (request, portal)
            self.stats.inc_value("scheduler/dequeued/redis")
            return request
        return None

    def held_by_portal(self) -> dict[str, int]:
        held: dict[str, int] = {}
        for _, portal in self.taken.values():
            held[portal] = held.get(portal, 0) + 1
        return held

    # -- acknowledging ----------------------------------------------------------------------

    def collect(self) -> None:
        """Move the requests the engine has finished with to `finished`, each waiting for the
        articles the store had accepted by then to be written."""
        in_progress = engine_requests(self.crawler)
        accepted = self.store.accepted if self.store else 0
        for entry, (request, _) in list(self.taken.items()):
            if request not in in_progress:
                del self.taken[entry]
                self.finished.append((entry, accepted))

    def acknowledge(self) -> None:
        """Remove from the taken hash what is finished and whose articles are written."""
        written = self.store.written if self.store else 0
        done = [entry for entry, needed in self.finished if needed <= written]
        if done:
            self.server.hdel(self.taken_key, *done)
            kept = set(done)
            self.finished = [(e, n) for e, n in self.finished if e not in kept]

    def abandoned(self, request: Request) -> None:
        self.df.forget(request)

    # -- the fleet --------------------------------------------------------------------------

    def beat(self) -> None:
        """Renew the heartbeat, report the counters, acknowledge, give back dead workers'."""
        try:
            self.collect()
            self.acknowledge()
            beat(self.server, self.keys, self.worker, self.ttl, self.report("running"))
            self.reap()
        except RedisError as error:
            self.stats.inc_value("newscrawl/frontier/redis_errors")
            logger.error("frontier: Redis unreachable (%s); the crawl goes on", error)

    def reap(self) -> None:
        """Give back the requests of dead workers (counted in newscrawl/frontier/given_back)."""
        given_back = reap(self.server, self.keys)
        if given_back:
            self.stats.inc_value("newscrawl/frontier/given_back", given_back)
            logger.warning("frontier: %d requests of dead workers given back", given_back)

    def report(self, state: str) -> dict[str, Any]:
        stats = self.stats.get_stats()
        return {
            "spider": self.spider.name,
            "state": state,
            "started": self.started,
            "last_seen": _now(),
            "fetched": stats.get("response_received_count", 0),
            "emitted": stats.get("item_scraped_count", 0),
            "stored": sum(stats.get(f"newscrawl/store/{o}", 0) for o in STORED_STATS),
            "failed": sum(v for k, v in stats.items() if k.startswith("newscrawl/failed/")),
            "paced_seconds": round(stats.get("newscrawl/pace/wait_seconds", 0.0), 1),
            "taken": len(self.taken) + len(self.finished),
        }

    def idle(self) -> None:
        """Keep the worker open until its portals' queues and every worker's taken requests
        have been empty for NEWSCRAWL_REDIS_IDLE_CLOSE seconds (0: for ever)."""
        self.collect()
        unwritten = self.store is not None and self.store.accepted > self.store.written
        if self.finished and unwritten and (self.flushing is None or self.flushing.called):
            self.flushing = deferred_from_coro(self.store.flush())  # the last, short batch
        try:
            self.acknowledge()
            self.reap()
            busy = bool(self.finished) or len(self) > 0 or self.fleet_holds_requests()
        except RedisError as error:
            logger.error("frontier: Redis unreachable (%s)", error)
            busy = True
        now = time.monotonic()
        if busy:
            self.quiet_since = None
            raise DontCloseSpider
        if self.quiet_since is None:
            self.quiet_since = now
        if self.idle_close <= 0 or now - self.quiet_since < self.idle_close:
            raise DontCloseSpider

    def fleet_holds_requests(self) -> bool:
        workers = [raw.decode() for raw in self.server.smembers(self.keys.workers)]
        pipe = self.server.pipeline(transaction=False)
        for worker in workers:
            pipe.exists(self.keys.taken(worker))
        return any(pipe.execute())


def engine_requests(crawler: Any) -> set[Request]:
    """The requests the engine has taken and not finished with (downloading, or their
    response or failure still being handled: callbacks, requests they yield, item pipelines).
    Scrapy tells a scheduler nothing when a request is done; the engine's slot holds exactly
    this set, removing a request once its output is processed."""
    return crawler.engine._slot.inprogress


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
