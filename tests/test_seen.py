"""Seen-sets at a few bytes a URL: the same answers as Python's set, and a JOBDIR that
remembers across a pause."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from scrapy import Request
from scrapy.utils.project import get_project_settings
from scrapy.utils.request import RequestFingerprinter

from newscrawl.crawl.seen import CompactDupeFilter, KeySet


def test_answers_as_a_set_does() -> None:
    rng = random.Random(7)
    keys = [rng.getrandbits(64) for _ in range(20_000)]
    # keys sharing their low bits land on the same slot and must probe past each other
    keys += [(n << 40) | 5 for n in range(1, 300)] + [0, 1, 2**64 - 1]
    ours, reference = KeySet(), set()
    for key in keys:
        assert ours.add(key) == (key not in reference)
        reference.add(key)
    for key in keys:
        assert not ours.add(key)
        assert key in ours
    absent = [rng.getrandbits(64) for _ in range(2_000)] + [(n << 40) | 5 for n in range(300, 400)]
    for key in absent:
        assert (key in ours) == (key in reference)
    assert len(ours) == len(reference)


def test_zero_is_a_key_like_any_other() -> None:
    keys = KeySet()
    assert 0 not in keys
    assert keys.add(0)
    assert not keys.add(0)
    assert 0 in keys
    assert len(keys) == 1


def test_takes_a_fraction_of_a_sets_memory() -> None:
    rng = random.Random(3)
    keys = [rng.getrandbits(64) for _ in range(100_000)]
    tracemalloc.start()
    ours = KeySet()
    for key in keys:
        ours.add(key)
    ours_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    tracemalloc.start()
    reference = set(keys)  # the ints already exist; only the table is counted here
    set_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(reference) == len(ours)
    assert ours_bytes / len(keys) <= 32
    assert ours_bytes < set_bytes


def dupe_filter(path: Path | None = None) -> CompactDupeFilter:
    return CompactDupeFilter(str(path) if path else None, fingerprinter=RequestFingerprinter())


def test_filters_repeated_requests_as_scrapy_does() -> None:
    seen = dupe_filter()
    other = "https://www.suara.com/news/2019/11/22/2/b"
    assert not seen.request_seen(Request("https://www.suara.com/news/2019/11/22/1/a?x=1&y=2"))
    # the same request after Scrapy's canonicalisation (query order) is a duplicate
    assert seen.request_seen(Request("https://www.suara.com/news/2019/11/22/1/a?y=2&x=1"))
    assert not seen.request_seen(Request(other))
    assert not seen.request_seen(Request(other, method="POST"))
    assert seen.request_seen(Request(other))


def test_a_resumed_job_remembers_what_it_saw(tmp_path: Path) -> None:
    urls = [f"https://www.suara.com/news/2019/11/22/{n}/artikel" for n in range(50)]
    first = dupe_filter(tmp_path)
    for url in urls[:30]:
        assert not first.request_seen(Request(url))
    first.close("shutdown")

    # a crash in the middle of writing a key leaves a partial one at the end
    with (tmp_path / CompactDupeFilter.FILE_NAME).open("ab") as keys_file:
        keys_file.write(b"\x01\x02\x03")
    second = dupe_filter(tmp_path)
    assert all(second.request_seen(Request(url)) for url in urls[:30])
    assert not any(second.request_seen(Request(url)) for url in urls[30:])
    second.close("finished")

    third = dupe_filter(tmp_path)
    assert all(third.request_seen(Request(url)) for url in urls)
    third.close("finished")
    assert (tmp_path / CompactDupeFilter.FILE_NAME).stat().st_size == 8 * len(urls)


def test_the_crawl_uses_it() -> None:
    assert (
        get_project_settings().get("DUPEFILTER_CLASS") == "newscrawl.crawl.seen.CompactDupeFilter"
    )
