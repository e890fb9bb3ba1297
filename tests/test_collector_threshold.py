"""NEWSCRAWL_GC_THRESHOLD: the cycle collector's first threshold while crawls run, and the
process's own thresholds back when the last crawl ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl import settings
from newscrawl.extensions import CollectorThreshold

OWN = (900, 11, 12)


@pytest.fixture(autouse=True)
def own_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*OWN)
    yield
    gc.set_threshold(*before)


def start(threshold: int) -> CollectorThreshold:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLD": threshold})
    return CollectorThreshold.from_crawler(crawler)


def test_a_crawl_raises_the_first_threshold_only_while_it_runs() -> None:
    crawl = start(settings.NEWSCRAWL_GC_THRESHOLD)
    assert gc.get_threshold() == (settings.NEWSCRAWL_GC_THRESHOLD, 11, 12)
    crawl.crawl_ended()
    assert gc.get_threshold() == OWN


def test_the_process_thresholds_come_back_when_the_last_crawl_ends() -> None:
    first, second = start(20_000), start(30_000)
    first.crawl_ended()
    assert gc.get_threshold() == (30_000, 11, 12)
    second.crawl_ended()
    assert gc.get_threshold() == OWN


def test_zero_leaves_python_alone() -> None:
    with pytest.raises(NotConfigured):
        start(0)
    assert gc.get_threshold() == OWN
