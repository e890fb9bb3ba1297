"""Run the cleaner for a page of a known (or unknown) portal, in this process or in a pool.

Worker processes receive only picklable values (bytes, strings, options) and look the
portal's hints up by name, so the same call works inline and in a process pool.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import partial
from typing import Any

from newscrawl.cleaner import GENERIC, CleanerOptions, Extraction, clean_html
from newscrawl.portals import PORTALS, portal_for_url

logger = logging.getLogger(__name__)

RESUBMISSIONS = 2
"""How often a page is handed to a fresh pool after the pool it was on had to be replaced."""
STUCK_MARGIN = 10.0
"""Seconds beyond two time limits after which a worker is taken for hung and its pool replaced."""


def extract_page(
    body: bytes | str,
    url: str | None,
    *,
    portal: str | None = None,
    options: CleanerOptions | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
) -> Extraction:
    """Clean one page with the hints of `portal` (by name), or of the portal owning `url`."""
    known = PORTALS.get(portal) if portal else (portal_for_url(url) if url else None)
    hints = known.hints if known else GENERIC
    return clean_html(body, url, hints=hints, options=options, now=now, content_type=content_type)


class ExtractionTimeout(Exception):
    """A page took longer than the time limit to clean."""


class ExtractionPool:
    """Cleans pages in worker processes, off the crawling thread, with a time limit per page.

    The limit is kept inside the worker (an interval timer interrupts the cleaning), so a
    page that overruns costs only itself. A worker stuck where the timer cannot reach (deep
    in C code) is caught by a wider limit here: then the whole pool is replaced, and the
    pages that were in flight on it are handed to the new pool, so none of them is lost.
    Two pages per worker are handed over at a time (one working, one ready), the others wait
    in the crawl's own bounded queues.
    """

    def __init__(self, workers: int, timeout: float, stuck_margin: float = STUCK_MARGIN) -> None:
        self.workers = workers
        self.timeout = timeout
        self.stuck_margin = stuck_margin
        self.executor = self._new_executor()
        self.replaced = 0
        self._slots: asyncio.Semaphore | None = None

    def _new_executor(self) -> ProcessPoolExecutor:
        # a fork server starts workers: they inherit neither the reactor nor its threads
        method = (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        context = multiprocessing.get_context(method)
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_ignore_interrupts
        )

    async def run(self, call: Callable[[], Extraction]) -> Extraction:
        """The call's result; ExtractionTimeout when it overran the time limit."""
        if self._slots is None:  # created here: it belongs to the running event loop
            self._slots = asyncio.Semaphore(2 * self.workers)
        async with self._slots:
            return await self._run(partial(run_limited, call, self.timeout))

    async def _run(self, call: Callable[[], Extraction]) -> Extraction:
        # the wide limit: two pages' worth (this one may wait for one ahead of it) and a margin
        backstop = 2 * self.timeout + self.stuck_margin
        for _attempt in range(RESUBMISSIONS + 1):
            executor = self.executor
            future = executor.submit(call)
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), backstop)
            except asyncio.TimeoutError:
                self._replace(executor)
                raise ExtractionTimeout(f"a worker hung for over {backstop:g} s") from None
            except BrokenProcessPool:
                self._replace(executor)  # a worker died (killed with its pool, or crashed)
        raise ExtractionTimeout("the worker pool kept failing on this page")

    def _replace(self, executor: ProcessPoolExecutor) -> None:
        if executor is not self.executor:
            return  # another page already replaced it
        self.executor = self._new_executor()
        self.replaced += 1
        processes = list(getattr(executor, "_processes", {}).values())
        for process in processes:
            process.kill()
        executor.shutdown(wait=False)
        logger.warning("replaced the cleaning pool (%d workers) after a stuck page", self.workers)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def run_limited(call: Callable[[], Extraction], seconds: float) -> Extraction:
    """Run the cleaner, interrupted with ExtractionTimeout after `seconds` (where an interval
    timer can reach this process's main thread; elsewhere the call runs unlimited)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return call()

    def expire(_signum: int, _frame: object) -> None:
        raise ExtractionTimeout(f"cleaning took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the crawl, which stops (or pauses) them in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def options_from_settings(settings: Any) -> CleanerOptions:
    """The one place where Scrapy settings become cleaner options."""
    return CleanerOptions(
        min_words=settings.getint("NEWSCRAWL_MIN_WORDS", CleanerOptions.min_words),
        min_words_declared_article=settings.getint(
            "NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE", CleanerOptions.min_words_declared_article
        ),
        favor_precision=settings.getbool("NEWSCRAWL_FAVOR_PRECISION", False),
        fast=settings.getbool("NEWSCRAWL_FAST_EXTRACTION", True),
        max_html_bytes=settings.getint("NEWSCRAWL_MAX_HTML_BYTES", CleanerOptions.max_html_bytes),
    )


def pool_from_settings(settings: Any) -> ExtractionPool | None:
    """NEWSCRAWL_EXTRACT_WORKERS processes ("auto": one per core; 0: clean inline, no pool)."""
    value = settings.get("NEWSCRAWL_EXTRACT_WORKERS", "auto")
    workers = default_workers() if value in (None, "", "auto") else max(0, int(value))
    if workers == 0:
        return None
    return ExtractionPool(workers, settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 30.0))


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
