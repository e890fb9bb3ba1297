"""A process that opens a store and writes one article as soon as its siblings are ready: for
tests of a store opened by several processes at once (light to import, so they start fast)."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from typing import Any

from newscrawl.items import Article
from newscrawl.store import Store


def open_and_write(target: str, index: int, start: Any) -> None:
    """Wait at the barrier `start`, open the store `target` and write article number `index`."""
    start.wait()
    article = Article(
        url=f"https://www.suara.com/news/2019/11/22/10000{index}/berita-{index}",
        title=f"Berita {index}",
        body=f"Isi berita nomor {index} yang ditulis oleh proses ke-{index}. " * 20,
        portal="suara",
    )
    with Store(target) as store:
        store.write([article])


def story(index: int, edition: int) -> Article:
    """Article number `index` as it reads in `edition` (a later edition changes its body)."""
    return Article(
        url=f"https://www.suara.com/news/2019/11/22/{200000 + index}/berita-serentak-{index}",
        title=f"Berita serentak {index}",
        body=f"Edisi {edition}. " + f"Isi berita serentak nomor {index}, kalimat {edition}. " * 30,
        portal="suara",
    )


def write_edition(target: str, count: int, edition: int, start: Any, results: Any) -> None:
    """Wait at the barrier `start`, then store articles 0..count-1 as of `edition`, one
    transaction each (as many chances to collide as articles); put what the store said (new,
    updated, unchanged) on `results`."""
    said: Counter[str] = Counter()
    with Store(target) as store:
        start.wait()
        for index in range(count):
            said.update(store.write([story(index, edition)]))
    results.put(dict(said))


def at_once(function: Any, arguments: list[tuple[Any, ...]], timeout: float = 600) -> list[Any]:
    """Run `function(*args, start, results)` in a process for each of `arguments`, all
    released together by the barrier `start`; what each put on `results`."""
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(len(arguments)), spawn.Queue()
    processes = [spawn.Process(target=function, args=(*args, start, results)) for args in arguments]
    for process in processes:
        process.start()
    found = [results.get(timeout=timeout) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * len(processes)
    return found
