"""DEBUG records are not built when the crawl logs at a higher level, and no crawl loses the
lines it asked for."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.log import configure_logging
from scrapy.utils.test import get_crawler

from newscrawl.extensions import LogLevelGate

SCRAPY = logging.getLogger("scrapy")


@pytest.fixture(autouse=True)
def restore_level() -> Iterator[None]:
    before = SCRAPY.level
    SCRAPY.setLevel(logging.NOTSET)
    yield
    SCRAPY.setLevel(before)


GATES: list[LogLevelGate] = []


@pytest.fixture(autouse=True)
def end_crawls() -> Iterator[None]:
    yield
    while GATES:
        GATES.pop().crawl_ended()


def gate(**settings: object) -> LogLevelGate:
    made = LogLevelGate.from_crawler(get_crawler(settings_dict=settings))
    GATES.append(made)
    return made


def test_debug_lines_are_not_built_at_info() -> None:
    gate(LOG_LEVEL="INFO")
    engine = logging.getLogger("scrapy.core.engine")
    assert not engine.isEnabledFor(logging.DEBUG)
    assert engine.isEnabledFor(logging.INFO)


def test_debug_lines_are_not_built_after_scrapys_logging_setup() -> None:
    """Scrapy's own setup (as `scrapy crawl` runs it) puts the "scrapy" logger at DEBUG."""
    configure_logging({"LOG_LEVEL": "INFO", "LOG_INSTALL_ROOT_HANDLER": False})
    assert SCRAPY.level == logging.DEBUG
    gate(LOG_LEVEL="INFO")
    assert not logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)


def test_a_crawl_that_ends_gives_its_level_back() -> None:
    gate(LOG_LEVEL="WARNING")
    gate(LOG_LEVEL="DEBUG")
    GATES.pop().crawl_ended()
    assert not SCRAPY.isEnabledFor(logging.INFO)
    assert SCRAPY.isEnabledFor(logging.WARNING)


def test_a_second_crawl_in_the_process_keeps_the_more_verbose_level() -> None:
    gate(LOG_LEVEL="WARNING")
    gate(LOG_LEVEL="DEBUG")
    gate(LOG_LEVEL="ERROR")
    assert logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)


def test_numeric_levels_and_disabled_logging() -> None:
    gate(LOG_LEVEL=logging.ERROR)
    assert not SCRAPY.isEnabledFor(logging.WARNING)
    with pytest.raises(NotConfigured):
        gate(LOG_ENABLED=False)
