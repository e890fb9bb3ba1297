"""The fleet as Redis sees it: workers' heartbeats and counters, dead workers' requests given
back, what waits per portal and what each worker did (`newscrawl queue`), a portal's
frontier emptied (`newscrawl enqueue --flush`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import redis

from newscrawl.frontier.keys import Keys
from newscrawl.frontier.scripts import reap_worker

REPORT_DAYS = 7
"""A worker's report stays this long after its last heartbeat (then the worker is forgotten)."""
SOCKET_TIMEOUT = 10.0
"""Seconds a Redis call may take before it fails (the crawl counts and logs it, and goes on)."""


def connect(url: str) -> redis.Redis:
    """A client for the fleet's Redis; ConnectionError (a RedisError) when it cannot answer."""
    client = redis.Redis.from_url(
        url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
    )
    client.ping()
    return client


def beat(client: Any, keys: Keys, worker: str, ttl: float, report: dict[str, Any]) -> None:
    """A worker's heartbeat (alive for `ttl` seconds more) and its counters, in one trip."""
    info = keys.worker(worker)
    pipe = client.pipeline(transaction=True)
    pipe.set(keys.alive(worker), 1, px=max(1, round(ttl * 1000)))
    pipe.hset(info, mapping={name: str(value) for name, value in report.items()})
    pipe.expire(info, REPORT_DAYS * 86400)
    pipe.sadd(keys.workers, worker)
    pipe.execute()


def reap(client: Any, keys: Keys) -> int:
    """Give back the requests of every worker whose heartbeat expired; how many. Workers whose
    report expired are forgotten."""
    given_back = 0
    for raw in client.smembers(keys.workers):
        worker = raw.decode()
        count = reap_worker(client, keys.taken(worker), keys.alive(worker))
        if count < 0:  # alive
            continue
        given_back += count
        info = keys.worker(worker)
        if not client.exists(info):
            client.srem(keys.workers, worker)
        elif client.hget(info, "state") == b"running":  # it never said it closed
            client.hset(info, mapping={"state": "dead", "given_back": count})
    return given_back


def taken_by_portal(client: Any, keys: Keys, worker: str) -> Counter[str]:
    """How many requests of each portal a worker has taken and not finished."""
    counts: Counter[str] = Counter()
    for entry in client.hkeys(keys.taken(worker)):
        queue = entry.decode().split("|", 2)[2]
        counts[keys.portal_of_queue(queue)] += 1
    return counts


def portals_in_redis(client: Any, keys: Keys) -> set[str]:
    """Portals that have a queue or seen fingerprints."""
    found = set()
    for pattern in (keys.queue("*"), keys.seen("*")):
        for key in client.scan_iter(match=pattern, count=1000):
            found.add(keys.portal_of_queue(key.decode()))
    return found


def fleet_report(client: Any, keys: Keys) -> dict[str, Any]:
    """Per portal: requests queued, taken by a worker, fingerprints seen; per worker: its
    report, whether it is alive and what it holds; Redis's memory."""
    workers = []
    taken: Counter[str] = Counter()
    for raw in sorted(client.smembers(keys.workers)):
        worker = raw.decode()
        held = taken_by_portal(client, keys, worker)
        taken.update(held)
        info = {k.decode(): v.decode() for k, v in client.hgetall(keys.worker(worker)).items()}
        alive = bool(client.exists(keys.alive(worker)))
        workers.append({"worker": worker, "alive": alive, "taken": sum(held.values()), **info})
    portals = sorted(portals_in_redis(client, keys) | set(taken))
    queues = [
        {
            "portal": portal,
            "queued": client.zcard(keys.queue(portal)),
            "taken": taken[portal],
            "seen": client.scard(keys.seen(portal)),
        }
        for portal in portals
    ]
    memory = client.info("memory")
    return {"portals": queues, "workers": workers, "redis_used_memory": memory["used_memory"]}


def flush_portal(client: Any, keys: Keys, portal: str) -> int:
    """Forget a portal's frontier: its queue and seen fingerprints (not what workers hold)."""
    return int(client.delete(keys.queue(portal), keys.seen(portal)))
