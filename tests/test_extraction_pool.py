"""The cleaning pool: pages cleaned in worker processes, a stuck page abandoned, none lost."""

from __future__ import annotations

import asyncio
import time
from functools import partial

from newscrawl.extraction import ExtractionPool, ExtractionTimeout, extract_page
from tests.conftest import FIXTURES

PAGE = (FIXTURES / "cases" / "suara" / "desktop-2019" / "page.html").read_bytes()


def stuck(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def test_pages_are_cleaned_in_workers() -> None:
    async def scenario() -> list[str | None]:
        pool = ExtractionPool(workers=2, timeout=60)
        try:
            calls = [partial(extract_page, PAGE, None, portal="suara") for _ in range(4)]
            results = await asyncio.gather(*(pool.run(call) for call in calls))
            return [result.article.title for result in results]
        finally:
            pool.close()

    titles = asyncio.run(scenario())
    assert len(set(titles)) == 1 and titles[0]


def test_a_stuck_page_times_out_and_the_pages_queued_behind_it_survive() -> None:
    async def scenario() -> tuple[BaseException | None, str, str, int]:
        pool = ExtractionPool(workers=1, timeout=1.0)
        try:
            slow = asyncio.ensure_future(pool.run(partial(stuck, 30)))
            await asyncio.sleep(0.2)
            queued = asyncio.ensure_future(pool.run(partial(stuck, 0)))
            results = await asyncio.gather(slow, queued, return_exceptions=True)
            after = await pool.run(partial(stuck, 0))
            error = results[0] if isinstance(results[0], BaseException) else None
            return error, str(results[1]), after, pool.replaced
        finally:
            pool.close()

    error, queued, after, replaced = asyncio.run(scenario())
    assert isinstance(error, ExtractionTimeout)
    assert queued == "finished" and after == "finished"
    assert replaced == 1
