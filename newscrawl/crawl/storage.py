"""The crawl's store (NEWSCRAWL_STORE): its settings checked, opened once per crawl, shared by
the store pipeline and the incremental middleware, closed when the engine stops."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals

from newscrawl import settings as defaults
from newscrawl.store import Store, StoreError


@dataclass(frozen=True)
class StoreSettings:
    """The NEWSCRAWL_* settings of the store, checked."""

    batch: int
    near_bits: int
    recheck_days: float
    retries: int
    retry_delay: float
    busy_timeout: float


_CRAWL_STORES: WeakKeyDictionary[Any, tuple[Store, StoreSettings]] = WeakKeyDictionary()


def store_for(crawler: Any) -> tuple[Store, StoreSettings]:
    """The crawl's store (NEWSCRAWL_STORE) and its settings, shared by the store pipeline and
    the incremental middleware; opened once, before the crawl starts, closed when the engine
    stops. A wrong setting or a store that cannot be used raises StoreError."""
    found = _CRAWL_STORES.get(crawler)
    if found is None:
        options = store_settings(crawler.settings)
        store = Store(
            crawler.settings.get("NEWSCRAWL_STORE"),
            near_bits=options.near_bits,
            busy_timeout=options.busy_timeout,
        )
        found = _CRAWL_STORES[crawler] = (store, options)
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return found


def store_settings(settings: Any) -> StoreSettings:
    """The store's settings as numbers; StoreError names the first wrong one and its value."""
    return StoreSettings(
        batch=int(_number(settings, "NEWSCRAWL_STORE_BATCH", whole=True, least=1)),
        near_bits=int(_number(settings, "NEWSCRAWL_NEAR_DUPLICATE_BITS", whole=True)),
        recheck_days=_number(settings, "NEWSCRAWL_RECHECK_DAYS"),
        retries=int(_number(settings, "NEWSCRAWL_STORE_RETRIES", whole=True, least=0)),
        retry_delay=_number(settings, "NEWSCRAWL_STORE_RETRY_DELAY", least=0),
        busy_timeout=_number(settings, "NEWSCRAWL_STORE_BUSY_TIMEOUT", least=0),
    )


def _number(settings: Any, name: str, *, whole: bool = False, least: float | None = None) -> float:
    value = settings.get(name, getattr(defaults, name))
    kind = "a whole number" if whole else "a number"
    wanted = kind if least is None else f"{kind} of at least {least}"
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if (
        not math.isfinite(number)
        or (whole and not number.is_integer())
        or (least is not None and number < least)
    ):
        raise StoreError(f"{name} must be {wanted}, not {value!r}")
    return number
