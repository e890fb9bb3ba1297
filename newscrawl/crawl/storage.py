"""The crawl's store (NEWSCRAWL_STORE): opened once per crawl, shared by the store pipeline and
the incremental middleware, closed when the engine stops."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals

from newscrawl import settings as defaults
from newscrawl.store import Store

_CRAWL_STORES: WeakKeyDictionary[Any, Store] = WeakKeyDictionary()


def store_for(crawler: Any) -> Store:
    """The crawl's store (NEWSCRAWL_STORE), shared by the store pipeline and the incremental
    middleware; opened once, closed when the engine stops."""
    store = _CRAWL_STORES.get(crawler)
    if store is None:
        settings = crawler.settings
        store = Store(
            settings.get("NEWSCRAWL_STORE"),
            near_bits=settings.getint(
                "NEWSCRAWL_NEAR_DUPLICATE_BITS", defaults.NEWSCRAWL_NEAR_DUPLICATE_BITS
            ),
        )
        _CRAWL_STORES[crawler] = store
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return store
