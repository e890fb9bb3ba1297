"""The cleaning pool: pages cleaned in worker processes, a stuck page abandoned, none lost;
and a crawl whose pages all overrun the time limit."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from newscrawl.pool import ExtractionPool, ExtractionTimeout, run_limited
from newscrawl.pool.pool import CALLS_PER_WORKER
from newscrawl.portals import extract_page
from tests.support.crawl import run_crawl
from tests.support.paths import FIXTURES

PAGE = (FIXTURES / "cases" / "suara" / "desktop-2019" / "page.html").read_bytes()


def stuck(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def hung(seconds: float) -> str:
    """Stuck where the interval timer cannot reach (its signal blocked)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)
    return "finished"


def test_pages_are_cleaned_in_workers() -> None:
    async def scenario() -> list[str | None]:
        pool = ExtractionPool(workers=2, timeout=60)
        try:
            calls = [partial(extract_page, PAGE, None, portal="suara") for _ in range(6)]
            results = await asyncio.gather(*(pool.run(call) for call in calls))
            return [result.article.title for result in results]
        finally:
            pool.close()

    titles = asyncio.run(scenario())
    assert len(titles) == 6 and len(set(titles)) == 1 and titles[0]


def test_a_slow_page_times_out_in_its_worker_and_costs_only_itself() -> None:
    async def scenario() -> tuple[BaseException | None, str, int]:
        pool = ExtractionPool(workers=1, timeout=0.5)
        try:
            slow = asyncio.ensure_future(pool.run(partial(stuck, 30)))
            queued = asyncio.ensure_future(pool.run(partial(stuck, 0)))
            results = await asyncio.gather(slow, queued, return_exceptions=True)
            error = results[0] if isinstance(results[0], BaseException) else None
            return error, str(results[1]), pool.replaced
        finally:
            pool.close()

    error, queued, replaced = asyncio.run(scenario())
    assert isinstance(error, ExtractionTimeout)
    assert queued == "finished"
    assert replaced == 0  # the worker interrupted itself; no pool to rebuild


def test_a_hung_worker_is_replaced_and_the_pages_behind_it_survive() -> None:
    async def scenario() -> tuple[BaseException | None, list[str], str, int]:
        pool = ExtractionPool(workers=1, timeout=0.5, stuck_margin=0.5)
        try:
            frozen = asyncio.ensure_future(pool.run(partial(hung, 60)))
            await asyncio.sleep(0.2)
            behind = [asyncio.ensure_future(pool.run(partial(stuck, 0))) for _ in range(3)]
            results = await asyncio.gather(frozen, *behind, return_exceptions=True)
            after = await pool.run(partial(stuck, 0))
            error = results[0] if isinstance(results[0], BaseException) else None
            return error, [str(r) for r in results[1:]], after, pool.replaced
        finally:
            pool.close()

    error, behind, after, replaced = asyncio.run(scenario())
    assert isinstance(error, ExtractionTimeout)
    assert behind == ["finished"] * 3 and after == "finished"
    assert replaced == 1


def test_inline_time_limit() -> None:
    with pytest.raises(ExtractionTimeout):
        run_limited(partial(stuck, 30), 0.2)
    assert run_limited(partial(stuck, 0), 0.2) == "finished"


def shrugs_off_errors(seconds: float) -> str:
    """Works on through any Exception, as libraries' parsing fallbacks do."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            time.sleep(0.01)
    return "finished"


def test_the_time_limit_is_not_taken_for_an_error_by_the_code_it_interrupts() -> None:
    with pytest.raises(ExtractionTimeout):  # swallowed, the call would return "finished"
        run_limited(partial(shrugs_off_errors, 10), 0.2)


def swallows_everything(seconds: float) -> str:
    """A library with a bare `except:` around its work (warcio decodes headers that way)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:  # noqa: SIM105 (written as the library writes it)
            time.sleep(0.01)
        except:  # noqa: E722
            pass
    return "finished"


def test_an_overrun_call_that_swallowed_the_time_limit_still_times_out() -> None:
    with pytest.raises(ExtractionTimeout):
        run_limited(partial(swallows_everything, 0.5), 0.1)

    async def scenario() -> BaseException | None:
        pool = ExtractionPool(workers=1, timeout=0.1)
        try:
            results = await asyncio.gather(
                pool.run(partial(swallows_everything, 0.5)), return_exceptions=True
            )
            return results[0] if isinstance(results[0], BaseException) else None
        finally:
            pool.close()

    assert isinstance(asyncio.run(scenario()), ExtractionTimeout)


def dies() -> str:
    os._exit(3)


def fails() -> str:
    raise ValueError("a cleaner bug")


def echo_length(data: bytes) -> int:
    return len(data)


def test_a_dying_worker_is_replaced_and_only_its_page_is_lost() -> None:
    async def scenario() -> tuple[BaseException | None, list[str], int]:
        pool = ExtractionPool(workers=1, timeout=30)
        try:
            fatal = asyncio.ensure_future(pool.run(dies))
            behind = [asyncio.ensure_future(pool.run(partial(stuck, 0))) for _ in range(3)]
            results = await asyncio.gather(fatal, *behind, return_exceptions=True)
            error = results[0] if isinstance(results[0], BaseException) else None
            return error, [str(r) for r in results[1:]], pool.replaced
        finally:
            pool.close()

    error, behind, replaced = asyncio.run(scenario())
    assert isinstance(error, ExtractionTimeout)  # tried on 3 workers, then given up
    assert behind == ["finished"] * 3
    assert replaced == 3


def test_an_error_in_the_call_reaches_the_caller_and_the_worker_goes_on() -> None:
    async def scenario() -> tuple[BaseException | None, str, int]:
        pool = ExtractionPool(workers=1, timeout=30)
        try:
            results = await asyncio.gather(
                pool.run(fails), pool.run(partial(stuck, 0)), return_exceptions=True
            )
            error = results[0] if isinstance(results[0], BaseException) else None
            return error, str(results[1]), pool.replaced
        finally:
            pool.close()

    error, after, replaced = asyncio.run(scenario())
    assert isinstance(error, ValueError) and str(error) == "a cleaner bug"
    assert after == "finished" and replaced == 0


def test_pages_larger_than_the_pipe_buffer_go_through_whole() -> None:
    sizes = [20 * 1024 * 1024, 3, 5 * 1024 * 1024 + 7]

    async def scenario() -> list[int]:
        pool = ExtractionPool(workers=2, timeout=30)
        try:
            calls = [partial(echo_length, b"x" * size) for size in sizes * 2]
            return await asyncio.gather(*(pool.run(call) for call in calls))
        finally:
            pool.close()

    assert asyncio.run(scenario()) == sizes * 2


def test_a_pool_closed_with_calls_queued_stops_cleanly() -> None:
    """A pool closed while a worker still holds calls cancels what is left, and the event
    loop is not called back on a closed pipe."""
    errors: list[dict] = []

    async def scenario() -> list[bool]:
        asyncio.get_running_loop().set_exception_handler(lambda _, context: errors.append(context))
        pool = ExtractionPool(workers=1, timeout=30)
        calls = [
            asyncio.ensure_future(pool.run(partial(stuck, 0.05))) for _ in range(CALLS_PER_WORKER)
        ]
        assert await calls[0] == "finished"  # the others still queued
        pool.close()
        await asyncio.sleep(0.1)
        return [call.cancelled() for call in calls[1:]]

    assert asyncio.run(scenario()) == [True] * (CALLS_PER_WORKER - 1)
    assert errors == []


def filled(size: int, byte: int) -> bytes:
    return bytes([byte]) * size


def test_replies_longer_than_one_read_come_back_whole() -> None:
    """The crawling process reads a worker's pipe once each time the event loop finds it
    ready, at most 64 KiB a read: a reply many reads long must still arrive whole, and in
    order with the others."""
    sizes = [3 * 1024 * 1024 + 5, 1, 2 * 1024 * 1024]

    async def scenario() -> list[bytes]:
        pool = ExtractionPool(workers=2, timeout=30)
        try:
            calls = [partial(filled, size, n) for n, size in enumerate(sizes * 2)]
            return await asyncio.wait_for(asyncio.gather(*map(pool.run, calls)), 60)
        finally:
            pool.close()

    replies = asyncio.run(scenario())
    assert [len(reply) for reply in replies] == sizes * 2
    assert all(reply == bytes([n]) * len(reply) for n, reply in enumerate(replies))


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_crawl_over_the_time_limit_counts_each_page_and_finishes(
    tmp_path: Path, workers: str
) -> None:
    """A replayed crawl, cleaning inline (0) and in the pool (2): no page is cleaned in a
    tenth of a millisecond, each is counted and logged, the crawl ends normally."""
    done = run_crawl(
        "suara",
        tmp_path,
        "-s",
        f"NEWSCRAWL_REPLAY={FIXTURES / 'replay' / 'suara.warc.gz'}",
        "-s",
        "NEWSCRAWL_EXTRACT_TIMEOUT=0.0001",
        "-s",
        f"NEWSCRAWL_EXTRACT_WORKERS={workers}",
    )
    assert done.returncode == 0, done.log[-3000:]
    assert done.stats["finish_reason"] == "finished"
    assert done.items == []
    timeouts = done.stats["newscrawl/rejected/extraction_timeout"]
    assert timeouts >= 13
    assert done.log.count("page not cleaned (cleaning took over") == timeouts
