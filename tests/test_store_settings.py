"""The store's settings are checked before a crawl starts: a wrong one is named, with its value."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from newscrawl import settings as defaults
from newscrawl.crawl.storage import StoreSettings, store_settings
from newscrawl.store import StoreError


@pytest.mark.parametrize(
    ("name", "value", "wanted"),
    [
        ("NEWSCRAWL_STORE_BATCH", "0", "a whole number of at least 1"),
        ("NEWSCRAWL_STORE_BATCH", "lima puluh", "a whole number of at least 1"),
        ("NEWSCRAWL_STORE_BATCH", 2.5, "a whole number of at least 1"),
        ("NEWSCRAWL_NEAR_DUPLICATE_BITS", "3.5", "a whole number"),
        ("NEWSCRAWL_NEAR_DUPLICATE_BITS", True, "a whole number"),
        ("NEWSCRAWL_RECHECK_DAYS", "dua", "a number"),
        ("NEWSCRAWL_RECHECK_DAYS", "nan", "a number"),
        ("NEWSCRAWL_STORE_RETRIES", "-1", "a whole number of at least 0"),
        ("NEWSCRAWL_STORE_RETRY_DELAY", "-0.5", "a number of at least 0"),
        ("NEWSCRAWL_STORE_RETRY_DELAY", "inf", "a number of at least 0"),
        ("NEWSCRAWL_STORE_BUSY_TIMEOUT", "", "a number of at least 0"),
    ],
)
def test_a_wrong_store_setting_is_named_with_its_value(
    name: str, value: object, wanted: str
) -> None:
    with pytest.raises(StoreError) as refused:
        store_settings(Settings({name: value}))
    assert str(refused.value) == f"{name} must be {wanted}, not {value!r}"


def test_store_settings_as_numbers() -> None:
    assert store_settings(Settings()) == StoreSettings(
        batch=defaults.NEWSCRAWL_STORE_BATCH,
        near_bits=defaults.NEWSCRAWL_NEAR_DUPLICATE_BITS,
        recheck_days=defaults.NEWSCRAWL_RECHECK_DAYS,
        retries=defaults.NEWSCRAWL_STORE_RETRIES,
        retry_delay=defaults.NEWSCRAWL_STORE_RETRY_DELAY,
        busy_timeout=defaults.NEWSCRAWL_STORE_BUSY_TIMEOUT,
    )
    given = {"NEWSCRAWL_STORE_BATCH": "1", "NEWSCRAWL_NEAR_DUPLICATE_BITS": "-1"}
    given |= {"NEWSCRAWL_RECHECK_DAYS": "-1", "NEWSCRAWL_STORE_RETRIES": 0}
    given |= {"NEWSCRAWL_STORE_RETRY_DELAY": "0", "NEWSCRAWL_STORE_BUSY_TIMEOUT": "0.25"}
    assert store_settings(Settings(given)) == StoreSettings(1, -1, -1.0, 0, 0.0, 0.25)
