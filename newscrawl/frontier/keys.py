"""Every Redis key of a fleet, named in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    """The keys under one prefix (NEWSCRAWL_REDIS_PREFIX)."""

    prefix: str

    def queue(self, portal: str) -> str:
        """A portal's requests waiting: a sorted set (scrapy-redis's PriorityQueue)."""
        return f"{self.prefix}:queue:{portal}"

    def seen(self, portal: str) -> str:
        """Fingerprints of a portal's requests ever queued: a set, kept across runs."""
        return f"{self.prefix}:seen:{portal}"

    def taken(self, worker: str) -> str:
        """Requests a worker took and has not finished: a hash, entry -> request."""
        return f"{self.prefix}:taken:{worker}"

    def alive(self, worker: str) -> str:
        """A worker's heartbeat: a string that expires unless renewed."""
        return f"{self.prefix}:alive:{worker}"

    def worker(self, worker: str) -> str:
        """What a worker reports: a hash of its spider, host, state and counters."""
        return f"{self.prefix}:worker:{worker}"

    @property
    def workers(self) -> str:
        """Ids of the workers that reported: a set."""
        return f"{self.prefix}:workers"

    def pace(self, slot: str) -> str:
        """The next free moment of a download slot (a portal), in microseconds."""
        return f"{self.prefix}:pace:{slot}"

    def portal_of_queue(self, key: str) -> str:
        return key.rsplit(":", 1)[-1]
