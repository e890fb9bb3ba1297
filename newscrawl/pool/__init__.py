"""Worker processes for the cleaner, driven from an event loop, with a time limit per call."""

from newscrawl.pool.pool import ExtractionPool, default_workers, worker_context
from newscrawl.pool.worker import ExtractionTimeout, run_limited

__all__ = [
    "ExtractionPool",
    "ExtractionTimeout",
    "default_workers",
    "run_limited",
    "worker_context",
]
